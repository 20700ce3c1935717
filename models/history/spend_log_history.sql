{#-
    The system of record: one row per request ever loaded, as its latest write.
    LiteLLM's retention job deletes source rows for good, so this table, not the
    source, is what the marts are rebuilt from. --full-refresh leaves it alone
    unless var rebuild_history is true.

    Each run reads the source rows of its load set (run/run_window) and every
    held copy of those requests: within the load set, and anywhere when run_window
    saw a request whose start time moved.
    The source as it is now wins: among the source's copies of a request, the one a
    single load of every delivery would keep; a held copy only says whether that copy
    is new. A request written again in place (re-priced, moved to another start time,
    with or without a newer updated_at) therefore takes its new values, as a build
    over the source would; a held copy beat a source copy that ranked lower (an
    earlier end), and a moved request kept its old day. A source copy identical to
    the held one writes nothing, so an exact re-delivery changes nothing. Only
    requests that are new or changed are written (macro merge_records), in
    started_at order, so later window reads find their rows together.
-#}
{{
    config(
        materialized='incremental',
        unique_key='request_id',
        incremental_strategy='merge_records',
        merge_bound='started_at',
        full_refresh=rebuild_history(),
        on_schema_change='append_new_columns',
        indexes=postgres_indexes([
            {'columns': ['request_id'], 'unique': true},
            {'columns': ['started_at']},
        ]),
    )
}}
{%- set read_by_this_run = in_load_set('started_at') %}
{%- set all_copies = 'rows between unbounded preceding and unbounded following' %}

with

source_rows as (

    select
        {{ history_columns() | join(',\n        ') }},
        0 as is_held
    from {{ ref('stg_litellm__spend_logs') }}
    where rejection_reason is null
    {%- if is_incremental() %}
        and {{ read_by_this_run }}
    {%- endif %}

),

{%- if is_incremental() %}

-- The same rows' ids, read again rather than taken from source_rows: DuckDB keeps a
-- CTE that is read twice in memory, every column of it (a day run's peak memory
-- doubled at 10M rows); each CTE here is read once, so every engine streams it.
source_request_ids as (

    select request_id
    from {{ ref('stg_litellm__spend_logs') }}
    where rejection_reason is null
        and {{ read_by_this_run }}

),

already_held as (

    select
        {{ history_columns() | join(',\n        ') }},
        1 as is_held
    from {{ held_where_this_run_reads(this) }} as held
    where request_id in (select source_request_ids.request_id from source_request_ids)

),
{%- endif %}

candidates as (

    select * from source_rows
    {%- if is_incremental() %}
    union all
    select * from already_held
    {%- endif %}

),

ranked as (

    {#- Re-deliveries of one request keep the most recently written copy; the full
        tie-break makes every engine keep the same one. A source copy first, so the
        held copy, when there is one, sorts last. -#}
    {%- set copies -%}
        partition by request_id
        order by
            is_held asc,
            source_updated_at desc nulls last,
            ended_at desc nulls last,
            spend desc nulls last,
            total_tokens desc,
            api_key asc,
            team_id asc,
            customer_id asc,
            catalog_model_name asc,
            model_id asc,
            started_at desc
    {%- endset %}
    select
        *,
        row_number() over ({{ copies }}) as copy_rank{% if is_incremental() %},
        -- The held copy, read from the last row of the same window (the history holds
        -- one per request): a source copy equal to it in every column is held already,
        -- nothing to write. One sort serves both (a window partitioned by every
        -- column cost a second sort of every row read).
        last_value(is_held) over ({{ copies }} {{ all_copies }}) as has_held_copy
        {%- for column in history_columns() if column != 'request_id' %},
        last_value({{ column }}) over ({{ copies }} {{ all_copies }}) as held_{{ column }}
        {%- endfor %}{% endif %}
    from candidates

)

select
    {{ history_columns() | join(',\n    ') }},
    {{ this_run_started_at() }} as loaded_at
from ranked
where
    copy_rank = 1
    and is_held = 0
{%- if is_incremental() %}
    and not (
        has_held_copy = 1
        {%- for column in history_columns() if column != 'request_id' %}
        and {{ column }} is not distinct from held_{{ column }}
        {%- endfor %}
    )
{%- endif %}
order by started_at
