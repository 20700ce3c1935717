{#-
    One row per spend_date: a digest of every catalog verdict that day's requests
    got. A catalog edit or an ownership change that changes a past verdict changes
    its day's digest; run/run_window compares the digests with the ones the marts
    were published with (published/run_published_days) and rebuilds those days.
-#}
{{ catalog_day_fingerprints(ref('int_catalog_verdicts')) }}
