{#-
    Every var's default, written once: models and macros read a var through its
    accessor here, never through var() with a default of their own. The values
    match dbt_project.yml's vars, which hold the documented ones; the vars without
    an entry there (rebuild_history, reprocess_from, reader_role) get theirs here
    only. Two vars are read through accessors that also parse them:
    max_request_spend (max_request_spend.sql) and invoice_as_of (invoicing).
    A YAML property cannot call a macro, so the sources' schema keeps its own
    default (var litellm_schema in models/staging/litellm/_litellm__sources.yml),
    and so do the whole-table checks that only the deep check runs (deep_check).
-#}
{#- Checked here as well as in validate_vars: models read the zone while dbt parses them,
    before any hook runs, and an unknown zone then failed in pytz without naming the var. -#}
{% macro reporting_timezone() %}
    {%- set zone = var('reporting_timezone', 'UTC') -%}
    {%- if zone is not string or zone not in modules.pytz.all_timezones_set -%}
        {{ exceptions.raise_compiler_error('Invalid vars: ' ~ reporting_timezone_problem(zone)) }}
    {%- endif -%}
    {{ return(zone) }}
{% endmacro %}

{% macro reporting_timezone_problem(zone) %}
    {{ return('reporting_timezone must be an IANA time zone name such as UTC, Europe/Berlin or America/New_York, got: '
        ~ shown_value(zone)) }}
{% endmacro %}

{% macro litellm_schema() %}{{ return(var('litellm_schema', 'public')) }}{% endmacro %}

{% macro lookback_days() %}{{ return(var('lookback_days', 3)) }}{% endmacro %}

{% macro reprocess_from() %}{{ return(var('reprocess_from', none)) }}{% endmacro %}

{% macro rebuild_history() %}{{ return(var('rebuild_history', false)) }}{% endmacro %}

{#- The deep check (docs/scheduling.md): what a plain run leaves unread is read whole. -#}
{% macro deep_check() %}{{ return(var('deep_check', false)) }}{% endmacro %}

{% macro earliest_valid_date() %}{{ return(var('earliest_valid_date', '2023-01-01')) }}{% endmacro %}

{% macro future_margin_hours() %}{{ return(var('future_margin_hours', 24)) }}{% endmacro %}

{% macro reader_role() %}{{ return(var('reader_role', none)) }}{% endmacro %}

{#- true: this run may bill usage the published marts hold as BYOK (run_catalog_check.sql). -#}
{% macro confirm_byok_to_billable() %}{{ return(var('confirm_byok_to_billable', false)) }}{% endmacro %}

{% macro invoice_close_days() %}{{ return(var('invoice_close_days', 3)) }}{% endmacro %}

{% macro invoice_by_customer() %}{{ return(var('invoice_by_customer', false)) }}{% endmacro %}
