{#-
    The project's own copy of every request ever loaded: LiteLLM's retention job
    deletes source rows for good, so this table, not the source, is the system of
    record. Each run merges in the source rows of its load window
    (stg_litellm__spend_log_load_window); --full-refresh leaves it alone unless
    var rebuild_history is true.

    The merge (macros/incremental/merge_in_load_window.sql) replaces copies inside
    the load window only, so its cost follows the window, not the history.

    Rows are written in started_at order (the ranking below scatters them): every
    later read of a window then finds its rows together, in DuckDB's row groups
    skipped by zone maps and in a few Postgres pages, instead of on every page.
-#}
{{
    config(
        materialized='incremental',
        unique_key='request_id',
        incremental_strategy='merge_in_load_window',
        full_refresh=var('rebuild_history', false),
        on_schema_change='append_new_columns',
        indexes=postgres_indexes([
            {'columns': ['request_id'], 'unique': true},
            {'columns': ['started_at']},
        ]),
    )
}}

-- depends_on: {{ ref('stg_litellm__spend_log_load_window') }}

with

source_rows as (

    select * from {{ ref('stg_litellm__spend_log_rows') }}
    where rejection_reason is null
    {%- if is_incremental() %}
        and {{ started_in_load_window() }}
    {%- endif %}

),

{%- if is_incremental() %}

already_held as (

    -- Copies held from earlier runs compete with the new ones, so the winner is
    -- the one a single load of every delivery would pick.
    select * from {{ this }}
    where {{ started_in_load_window() }}
        and request_id in (select source_rows.request_id from source_rows)

),
{%- endif %}

candidates as (

    select {{ history_columns() | join(', ') }}
    from source_rows
    {%- if is_incremental() %}
    union all
    select {{ history_columns() | join(', ') }}
    from already_held
    {%- endif %}

),

ranked as (

    select
        *,
        -- Re-deliveries of one request keep the most recently written copy; the
        -- full tie-break makes both engines keep the same one.
        row_number() over (
            partition by request_id
            order by
                source_updated_at desc nulls last,
                ended_at desc nulls last,
                spend desc nulls last,
                total_tokens desc,
                api_key asc,
                team_id asc,
                customer_id asc,
                catalog_model_name asc,
                model_id asc
        ) as copy_rank
    from candidates

)

select {{ history_columns() | join(', ') }}
from ranked
where copy_rank = 1
order by started_at
