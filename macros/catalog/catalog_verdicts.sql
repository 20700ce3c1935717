{#-
    The BYOK verdict of each requested catalog key (spend_date, catalog_model_name,
    model_id, team_id) in `requested_keys`. Precedence:
    1. the catalog, when any of its rules applies: the most specific applicable
       rules decide (model_id beats team_id beats model_group alone); equally
       specific rules that disagree are a conflict (has_conflict), which fails
       the run before anything is published;
    2. otherwise LiteLLM_ProxyModelTable: a deployment a team owned that day is BYOK;
    3. otherwise billable.
    Requests with an empty model_id can only be decided by the catalog.

    A macro because two models ask it: int_catalog_verdicts over this run's keys,
    and run/run_window over the keys the marts were built from, to find the days
    whose verdicts a catalog edit or an ownership change has changed (it passes the
    rules and ownership relations it took with ref(), so dbt sees what it reads).
-#}
{% macro catalog_verdicts(requested_keys, rules=none, ownership_days=none) %}
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

applicable as (

    select
        requests.spend_date,
        requests.catalog_model_name,
        requests.model_id,
        requests.team_id,
        rules.rule_label,
        rules.precedence,
        rules.is_byok,
        max(rules.precedence) over (
            partition by requests.spend_date, requests.catalog_model_name, requests.model_id, requests.team_id
        ) as top_precedence
    from requests
    inner join rules
        on (rules.catalog_model_name is null or requests.catalog_model_name = rules.catalog_model_name)
            and (rules.model_id is null or requests.model_id = rules.model_id)
            and (rules.team_id is null or requests.team_id = rules.team_id)
            and (rules.valid_from is null or requests.spend_date >= rules.valid_from)
            and (rules.valid_to is null or requests.spend_date < rules.valid_to)

),

deciding_rules as (

    select
        spend_date,
        catalog_model_name,
        model_id,
        team_id,
        max(case when is_byok then 1 else 0 end) as any_byok,
        min(case when is_byok then 1 else 0 end) as all_byok,
        min(rule_label) as rule_label,
        {{ dbt.listagg('rule_label', "' | '", 'order by rule_label') }} as rule_labels
    from applicable
    where precedence = top_precedence
    group by spend_date, catalog_model_name, model_id, team_id

),

team_owned as (

    select
        requests.spend_date,
        requests.model_id,
        min(ownership_days.owner_team_id) as owner_team_id
    from requests
    inner join {{ ownership_days or ref('int_deployment_ownership_days') }} as ownership_days
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
    case
        when deciding_rules.rule_label is not null then deciding_rules.any_byok = 1
        else team_owned.model_id is not null
    end as is_byok,
    coalesce(
        deciding_rules.rule_label,
        {{ dbt.concat(["'LiteLLM_ProxyModelTable: deployment of team '", "team_owned.owner_team_id"]) }}
    ) as deciding_rule_label,
    -- Equally specific rules that disagree: the audit fails the run on any such
    -- key, so which side is_byok took above never reaches the marts.
    coalesce(deciding_rules.any_byok <> deciding_rules.all_byok, false) as has_conflict,
    case when deciding_rules.any_byok <> deciding_rules.all_byok then deciding_rules.rule_labels end as conflicting_rules
from requests
left join deciding_rules
    on {{ catalog_key_join('requests', 'deciding_rules') }}
left join team_owned
    on requests.spend_date = team_owned.spend_date
        and requests.model_id = team_owned.model_id
{% endmacro %}

{#- One row per spend_date: a digest of every verdict of that day's requested keys. -#}
{% macro catalog_day_fingerprints(verdicts) %}
with

verdicts as (

    select
        spend_date,
        {{ dbt.concat([
            "coalesce(catalog_model_name, '')", "'/'", "coalesce(model_id, '')", "'/'", "team_id", "'='",
            "case when is_byok then 'byok' else 'billable' end",
        ]) }} as verdict
    from {{ verdicts }}

)

select
    spend_date,
    {{ dbt.hash(dbt.listagg('verdict', "'|'", 'order by verdict')) }} as catalog_fingerprint
from verdicts
group by spend_date
{% endmacro %}
