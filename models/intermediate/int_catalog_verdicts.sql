{#-
    The BYOK verdict of each requested catalog key. Precedence:
    1. the catalog, when any of its rules applies (the operator has the last word);
    2. otherwise LiteLLM_ProxyModelTable: a deployment a team owned that day is BYOK;
    3. otherwise billable.
    Requests with an empty model_id can only be decided by the catalog.
-#}
with

requests as (

    select * from {{ ref('int_requested_catalog_keys') }}

),

deciding_rules as (

    select
        spend_date,
        catalog_model_name,
        model_id,
        team_id,
        max(case when is_byok then 1 else 0 end) as any_byok,
        min(case when is_byok then 1 else 0 end) as all_byok,
        min(rule_label) as rule_label
    from {{ ref('int_catalog_rule_matches') }}
    group by spend_date, catalog_model_name, model_id, team_id

),

team_owned as (

    select
        requests.spend_date,
        requests.model_id,
        min(ownership_days.owner_team_id) as owner_team_id
    from requests
    inner join {{ ref('int_deployment_ownership') }} as ownership_days
        on requests.model_id = ownership_days.model_id
            and (ownership_days.owned_from is null or requests.spend_date >= ownership_days.owned_from)
            and (ownership_days.owned_to is null or requests.spend_date < ownership_days.owned_to)
    group by requests.spend_date, requests.model_id

)

select
    requests.spend_date,
    requests.catalog_model_name,
    requests.model_id,
    requests.team_id,
    deciding_rules.rule_label is not null as is_in_catalog,
    case
        when deciding_rules.rule_label is not null then 'catalog'
        when team_owned.model_id is not null then 'proxy_model_table'
        else 'default'
    end as verdict_source,
    -- Conflicting rules fail the build (int_catalog_conflicts); no verdict is
    -- trusted past that, so which side this picks does not matter.
    case
        when deciding_rules.rule_label is not null then deciding_rules.any_byok = 1
        else team_owned.model_id is not null
    end as is_byok,
    coalesce(
        deciding_rules.rule_label,
        {{ dbt.concat(["'LiteLLM_ProxyModelTable: deployment of team '", "team_owned.owner_team_id"]) }}
    ) as deciding_rule_label,
    coalesce(deciding_rules.any_byok <> deciding_rules.all_byok, false) as has_conflict
from requests
left join deciding_rules
    on {{ catalog_key_join('requests', 'deciding_rules') }}
left join team_owned
    on requests.spend_date = team_owned.spend_date
        and requests.model_id = team_owned.model_id
