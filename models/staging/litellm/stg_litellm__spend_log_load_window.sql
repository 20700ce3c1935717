{#-
    One row: what this run reads and reprocesses, fixed before anything changes.
    - reprocess_from_date: the latest spend_date the history holds minus var
      lookback_days, or var reprocess_from when earlier; NULL = everything.
    - load_from: the earliest "startTime" read from the source, a day before
      reprocess_from_date so that no reporting time zone moves a row across it.
    The history is looked up without ref(): it is this model's successor in the
    run, and its state before the run is what counts.
    Source rows older than load_from that reach the source late are named, with
    their days, by the test assert_every_source_row_is_accounted_for.
-#}
{%- set history = adapter.get_relation(this.database, this.schema, 'stg_litellm__spend_log_history') -%}
{%- set reprocess_from = var('reprocess_from', none) -%}
{%- set reprocess_from_date = (
    'cast(' ~ dbt.string_literal(dbt.escape_single_quotes(reprocess_from | string)) ~ ' as date)' if reprocess_from else 'cast(null as date)'
) -%}

with

latest as (

    {%- if history is not none and not var('rebuild_history', false) %}
    select
        {{ dbt.dateadd(
            'day',
            -(var('lookback_days', 3) | int),
            local_date('max(started_at)', var('reporting_timezone', 'UTC')),
        ) }} as lookback_start
    from {{ history }}
    {%- else %}
    -- No history yet (or it is being rebuilt): everything is new.
    select cast(null as date) as lookback_start
    {%- endif %}

),

bounded as (

    -- reprocess_from only ever widens the window; no history means everything.
    select
        case
            when lookback_start is null then null
            when {{ reprocess_from_date }} < lookback_start then {{ reprocess_from_date }}
            else lookback_start
        end as reprocess_from_date
    from latest

)

select
    cast(reprocess_from_date as date) as reprocess_from_date,
    cast({{ dbt.dateadd('day', -1, 'reprocess_from_date') }} as {{ dbt.type_timestamp() }}) as load_from
from bounded
