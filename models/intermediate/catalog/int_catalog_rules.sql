with

-- Only the key columns: the others are the operator's, free and descriptive, and
-- may be absent. The seed loads every column as text, checked line by line by its
-- pre-hook (validate_model_catalog) before it is written; the casts to text keep
-- this model working on a catalog table loaded with other types.
catalog as (

    select
        cast(model_group as {{ dbt.type_string() }}) as model_group,
        cast(model_id as {{ dbt.type_string() }}) as model_id,
        cast(team_id as {{ dbt.type_string() }}) as team_id,
        lower({{ trim_blanks('cast(is_byok as ' ~ dbt.type_string() ~ ')') }}) as is_byok,
        cast(valid_from as {{ dbt.type_string() }}) as valid_from,
        cast(valid_to as {{ dbt.type_string() }}) as valid_to
    from {{ ref('model_catalog') }}

),

normalised as (

    select
        -- Every key column trimmed of its blanks (a stray space or a tab pasted from a
        -- spreadsheet must not stop a rule matching: macro trim_blanks),
        -- blank = empty; the model group is matched case-insensitively.
        lower(nullif({{ trim_blanks('model_group') }}, '')) as catalog_model_name,
        nullif({{ trim_blanks('model_id') }}, '') as model_id,
        nullif({{ trim_blanks('team_id') }}, '') as team_id,
        case
            when is_byok in ('true', 'yes', '1') then true
            when is_byok in ('false', 'no', '0') then false
        end as is_byok,
        cast(nullif({{ trim_blanks('valid_from') }}, '') as date) as valid_from,
        cast(nullif({{ trim_blanks('valid_to') }}, '') as date) as valid_to
    from catalog

),

ranked as (

    select
        *,
        -- The catalog's tiers of the BYOK precedence (catalog_verdicts): a rule
        -- naming a deployment is tier 1, one naming a team tier 3, one naming only
        -- a model group tier 4. Tier 2 is LiteLLM's own ownership of the deployment.
        case
            when model_id is not null then 1
            when team_id is not null then 3
            else 4
        end as tier,
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
