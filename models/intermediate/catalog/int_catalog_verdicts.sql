{{ catalog_verdicts(ref('int_catalog_requested_keys')) }}
