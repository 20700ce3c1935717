{#-
    The BYOK verdict of each requested catalog key (spend_date, catalog_model_name,
    model_id, team_id) in `requested_keys`. The strongest tier that has a say decides:
    1. a catalog rule naming the request's model_id (the operator's word on one deployment);
    2. LiteLLM's ownership of that deployment on that day: a team-owned deployment is BYOK;
    3. catalog rules naming a team_id (with or without a model group);
    4. catalog rules naming a model group alone;
    5. otherwise billable.
    Rules of the deciding tier that disagree are a conflict (has_conflict), which
    fails the run before anything is published; rules of weaker tiers are not
    looked at, so their disagreements are no conflict. Requests with an empty
    model_id match no deployment, so tiers 1 and 2 cannot decide them.

    A macro because two models ask it: int_catalog_verdicts over this run's keys,
    and run/run_window over the keys the marts were built from, to find the days
    whose verdicts a catalog edit or an ownership change has changed (it passes the
    rules and ownership relations it took with ref(), so dbt sees what it reads).
-#}
{% macro catalog_verdicts(requested_keys, rules=none, ownership_days=none) %}
{%- set key_columns = ['spend_date', 'catalog_model_name', 'model_id', 'team_id'] -%}
with

requests as (

    select
        spend_date,
        catalog_model_name,
        model_id,
        team_id
    from {{ requested_keys }}

),

rules as (

    select * from {{ rules or ref('int_catalog_rules') }}

),

-- Everything that has a say on a request: the catalog rules that apply to it,
-- and the team that owned its deployment that day (tier 2, always BYOK).
evidence as (

    select
        requests.spend_date,
        requests.catalog_model_name,
        requests.model_id,
        requests.team_id,
        rules.tier,
        rules.is_byok,
        rules.rule_label
    from requests
    inner join rules
        on (rules.catalog_model_name is null or requests.catalog_model_name = rules.catalog_model_name)
            and (rules.model_id is null or requests.model_id = rules.model_id)
            and (rules.team_id is null or requests.team_id = rules.team_id)
            and (rules.valid_from is null or requests.spend_date >= rules.valid_from)
            and (rules.valid_to is null or requests.spend_date < rules.valid_to)

    union all

    select
        requests.spend_date,
        requests.catalog_model_name,
        requests.model_id,
        requests.team_id,
        2 as tier,
        true as is_byok,
        {{ dbt.concat([
            "'LiteLLM_ProxyModelTable: deployment '", "ownership_days.model_id",
            "' of team '", "ownership_days.owner_team_id",
        ]) }} as rule_label
    from requests
    inner join {{ ownership_days or ref('int_deployment_ownership_days') }} as ownership_days
        on requests.model_id = ownership_days.model_id
            and (ownership_days.owned_from is null or requests.spend_date >= ownership_days.owned_from)
            and (ownership_days.owned_to is null or requests.spend_date < ownership_days.owned_to)

),

ranked as (

    select
        *,
        min(tier) over (partition by {{ key_columns | join(', ') }}) as deciding_tier
    from evidence

),

deciding as (

    select
        spend_date,
        catalog_model_name,
        model_id,
        team_id,
        min(tier) as tier,
        max(case when is_byok then 1 else 0 end) as any_byok,
        min(case when is_byok then 1 else 0 end) as all_byok,
        min(rule_label) as rule_label,
        {{ dbt.listagg('rule_label', "' | '", 'order by rule_label') }} as rule_labels
    from ranked
    where tier = deciding_tier
    group by {{ key_columns | join(', ') }}

),

in_catalog as (

    select distinct {{ key_columns | join(', ') }}
    from evidence
    where tier <> 2

)

select
    requests.spend_date,
    requests.catalog_model_name,
    requests.model_id,
    requests.team_id,
    in_catalog.spend_date is not null as is_in_catalog,
    case
        when deciding.tier = 2 then 'proxy_model_table'
        when deciding.tier is not null then 'catalog'
        else 'default'
    end as verdict_source,
    coalesce(deciding.tier, 5) as deciding_tier,
    coalesce(deciding.any_byok = 1, false) as is_byok,
    deciding.rule_label as deciding_rule_label,
    -- Rules of the deciding tier that disagree: the audit fails the run on any
    -- such key, so which side is_byok took above never reaches the marts.
    coalesce(deciding.any_byok <> deciding.all_byok, false) as has_conflict,
    case when deciding.any_byok <> deciding.all_byok then deciding.rule_labels end as conflicting_rules
from requests
left join deciding
    on {{ catalog_key_join('requests', 'deciding') }}
left join in_catalog
    on {{ catalog_key_join('requests', 'in_catalog') }}
{% endmacro %}
