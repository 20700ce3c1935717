with

catalog as (

    select * from {{ ref('model_catalog') }}

),

normalised as (

    select
        lower(trim({{ blank_to_null('model_group') }})) as catalog_model_name,
        {{ blank_to_null('model_id') }} as model_id,
        {{ blank_to_null('team_id') }} as team_id,
        is_byok,
        valid_from,
        valid_to,
        provider,
        notes
    from catalog

),

ranked as (

    select
        *,
        -- The issue's precedence: a deployment rule beats a team rule, which
        -- beats a rule naming only the model group.
        case
            when model_id is not null then 3
            when team_id is not null then 2
            else 1
        end as precedence,
        {{ dbt.concat([
            "'model_group='", "coalesce(catalog_model_name, '*')",
            "' model_id='", "coalesce(model_id, '*')",
            "' team_id='", "coalesce(team_id, '*')",
            "' valid=['", "coalesce(cast(valid_from as " ~ dbt.type_string() ~ "), 'open')",
            "', '", "coalesce(cast(valid_to as " ~ dbt.type_string() ~ "), 'open')",
            "') is_byok='", "case when is_byok then 'true' else 'false' end",
        ]) }} as rule_label
    from normalised

)

select
    {{ dbt.hash('rule_label') }} as catalog_rule_id,
    *
from ranked
