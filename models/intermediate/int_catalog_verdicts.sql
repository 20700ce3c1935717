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

)

select
    requests.spend_date,
    requests.catalog_model_name,
    requests.model_id,
    requests.team_id,
    deciding_rules.rule_label is not null as is_in_catalog,
    -- Conflicting rules fail the build (int_catalog_conflicts); no verdict is
    -- trusted past that, so which side this picks does not matter.
    coalesce(deciding_rules.any_byok = 1, false) as is_byok,
    deciding_rules.rule_label as deciding_rule_label,
    coalesce(deciding_rules.any_byok <> deciding_rules.all_byok, false) as has_conflict
from requests
left join deciding_rules
    on {{ catalog_key_join('requests', 'deciding_rules') }}
