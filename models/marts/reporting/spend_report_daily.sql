{#-
    spend_by_model_daily in the terms of LiteLLM's /global/spend/report: the team
    named as LiteLLM names it, and the customer, key and model as LiteLLM prints
    them. What `litellm-spend report` and dashboards read. A view over the
    published mart, so it shows what was published and the teams' names now.
-#}
{{ config(materialized='view') }}

with

facts as (

    select * from {{ ref('spend_by_model_daily') }}

),

team_names as (

    select * from {{ ref('int_team_names') }}

),

-- LiteLLM names teams from "LiteLLM_TeamTable" when it is there (a team missing
-- from it, deleted, or without an alias is 'Unassigned Team'); without the table,
-- the alias logged with the requests names them.
naming as (

    select count(*) > 0 as from_team_table
    from team_names

)

select
    facts.spend_date,
    facts.team_id,
    coalesce(
        case when naming.from_team_table then team_names.team_alias else facts.team_alias end,
        'Unassigned Team'
    ) as team_name,
    case when facts.customer_id <> 'unassigned' then facts.customer_id end as customer,
    case when facts.api_key <> 'unassigned' then facts.api_key else '' end as api_key,
    facts.user_id,
    coalesce(facts.model, '') as model,
    facts.is_byok,
    facts.spend,
    facts.prompt_tokens,
    facts.completion_tokens,
    facts.total_tokens,
    facts.request_count
from facts
cross join naming
left join team_names
    on naming.from_team_table
        and facts.team_id = team_names.team_id
