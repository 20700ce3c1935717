-- Audit: no requested key is decided by catalog rules of one tier (the deciding one) that
-- disagree. The run fails naming the rules and the days, before anything is published.
{% set conflicts %}
    select
        {{ dbt.concat([
            "'requests of model '", "coalesce(catalog_model_name, '(none)')",
            "', deployment '", "coalesce(model_id, '(none)')",
            "', team '", "team_id",
            "' from '", "cast(min(spend_date) as " ~ dbt.type_string() ~ ")",
            "' to '", "cast(max(spend_date) as " ~ dbt.type_string() ~ ")",
            "' match catalog rows of the same tier that disagree: '", "conflicting_rules",
        ]) }} as conflict_message
    from {{ ref('int_catalog_verdicts') }}
    where has_conflict
    group by catalog_model_name, model_id, team_id, conflicting_rules
{% endset %}

{{ raise_if_rows(
    conflicts, 'conflict_message',
    'The model catalog (seeds/model_catalog.csv) has conflicting rows; nothing was published. '
    ~ 'Make one of them more specific (model_id beats team_id beats model_group alone) or give them disjoint validity windows, then run again'
) }}
