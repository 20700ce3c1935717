with

requests as (

    select * from {{ ref('int_requested_catalog_keys') }}

),

rules as (

    select * from {{ ref('int_model_catalog_rules') }}

),

applicable as (

    select
        requests.spend_date,
        requests.catalog_model_name,
        requests.model_id,
        requests.team_id,
        rules.catalog_rule_id,
        rules.rule_label,
        rules.precedence,
        rules.is_byok
    from requests
    inner join rules
        on (rules.catalog_model_name is null or requests.catalog_model_name = rules.catalog_model_name)
            and (rules.model_id is null or requests.model_id = rules.model_id)
            and (rules.team_id is null or requests.team_id = rules.team_id)
            and (rules.valid_from is null or requests.spend_date >= rules.valid_from)
            and (rules.valid_to is null or requests.spend_date < rules.valid_to)

),

with_top_precedence as (

    select
        *,
        max(precedence) over (
            partition by spend_date, catalog_model_name, model_id, team_id
        ) as top_precedence
    from applicable

)

select
    spend_date,
    catalog_model_name,
    model_id,
    team_id,
    catalog_rule_id,
    rule_label,
    precedence,
    is_byok
from with_top_precedence
where precedence = top_precedence
