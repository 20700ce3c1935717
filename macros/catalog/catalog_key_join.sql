{#-
    Join condition on the catalog key (spend_date, catalog_model_name, model_id,
    team_id). Model name and deployment may be NULL: compare them through '' so the
    join stays an equi-join the planners can hash.
-#}
{% macro catalog_key_join(left, right) %}
    {{ left }}.spend_date = {{ right }}.spend_date
    and coalesce({{ left }}.catalog_model_name, '') = coalesce({{ right }}.catalog_model_name, '')
    and coalesce({{ left }}.model_id, '') = coalesce({{ right }}.model_id, '')
    and {{ left }}.team_id = {{ right }}.team_id
{% endmacro %}
