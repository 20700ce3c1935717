with

top_rules as (

    select * from {{ ref('int_catalog_rule_matches') }}

),

disagreeing as (

    select
        catalog_model_name,
        model_id,
        team_id,
        spend_date
    from top_rules
    group by catalog_model_name, model_id, team_id, spend_date
    having max(case when is_byok then 1 else 0 end) <> min(case when is_byok then 1 else 0 end)

),

conflicting_rules as (

    select distinct
        disagreeing.catalog_model_name,
        disagreeing.model_id,
        disagreeing.team_id,
        top_rules.rule_label
    from disagreeing
    inner join top_rules
        on {{ catalog_key_join('disagreeing', 'top_rules') }}

),

spans as (

    select
        catalog_model_name,
        model_id,
        team_id,
        min(spend_date) as first_spend_date,
        max(spend_date) as last_spend_date
    from disagreeing
    group by catalog_model_name, model_id, team_id

),

rule_lists as (

    select
        catalog_model_name,
        model_id,
        team_id,
        {{ dbt.listagg('rule_label', "' | '", 'order by rule_label') }} as rule_labels
    from conflicting_rules
    group by catalog_model_name, model_id, team_id

)

select
    spans.catalog_model_name,
    spans.model_id,
    spans.team_id,
    spans.first_spend_date,
    spans.last_spend_date,
    rule_lists.rule_labels,
    {{ dbt.concat([
        "'requests of model '", "coalesce(spans.catalog_model_name, '(none)')",
        "', deployment '", "coalesce(spans.model_id, '(none)')",
        "', team '", "spans.team_id",
        "' from '", "cast(spans.first_spend_date as " ~ dbt.type_string() ~ ")",
        "' to '", "cast(spans.last_spend_date as " ~ dbt.type_string() ~ ")",
        "' match equally specific catalog rows that disagree: '", "rule_lists.rule_labels",
    ]) }} as conflict_message
from spans
inner join rule_lists
    on coalesce(spans.catalog_model_name, '') = coalesce(rule_lists.catalog_model_name, '')
        and coalesce(spans.model_id, '') = coalesce(rule_lists.model_id, '')
        and spans.team_id = rule_lists.team_id
