{#-
    Who owned each deployment when, as this project saw it: one row per change of a
    deployment's owner team in "LiteLLM_ProxyModelTable" (model_info.team_id), its
    removal included, stamped with the run that first saw it. Append-only and
    protected like the history, so a deployment handed to a team later keeps its
    earlier days' verdicts (the flaw found in upstream PR #34677).
-#}
{{ config(materialized='incremental', incremental_strategy='merge_records', full_refresh=rebuild_history()) }}

with

current_owners as (

    select
        model_id,
        owner_team_id
    from {{ ref('stg_litellm__proxy_models') }}

),

{{ history_of_versions(
    'current_owners',
    key=['model_id'],
    tracked={'owner_team_id': dbt.type_string()}
) }}
