{#-
    Who owned each deployment when, as this project saw it: one row per change of a
    deployment's owner team in "LiteLLM_ProxyModelTable" (model_info.team_id), its
    removal included, stamped with the run that first saw it. Append-only and
    protected like the history, so a deployment handed to a team later keeps its
    earlier days' verdicts (the flaw found in upstream PR #34677).
-#}
{{
    config(
        materialized='incremental',
        incremental_strategy='merge_records',
        full_refresh=var('rebuild_history', false),
    )
}}

with

current_owners as (

    select
        model_id,
        owner_team_id
    from {{ ref('stg_litellm__proxy_models') }}

),

{%- if is_incremental() %}

latest_versions as (

    {{ latest_versions(this, 'model_id') }}

),
{%- endif %}

changes as (

    select
        current_owners.model_id,
        current_owners.owner_team_id,
        false as is_removed
    from current_owners
    {%- if is_incremental() %}
    left join latest_versions
        on current_owners.model_id = latest_versions.model_id
    where latest_versions.model_id is null
        or latest_versions.is_removed
        or coalesce(latest_versions.owner_team_id, '') <> coalesce(current_owners.owner_team_id, '')
    union all
    select
        latest_versions.model_id,
        cast(null as {{ dbt.type_string() }}) as owner_team_id,
        true as is_removed
    from latest_versions
    left join current_owners
        on latest_versions.model_id = current_owners.model_id
    where current_owners.model_id is null
        and not latest_versions.is_removed
    {%- endif %}

)

select
    model_id,
    owner_team_id,
    is_removed,
    {{ this_run_started_at() }} as observed_at
from changes
