{#-
    Whether an optional LiteLLM table (a source relation) exists beside the spend
    logs. Staging models of optional tables build empty without it, so the project
    works on an older proxy or on a warehouse copy of the spend logs alone.
-#}
{% macro source_table_exists(relation) %}
    {{ return(execute and adapter.get_relation(relation.database, relation.schema, relation.identifier) is not none) }}
{% endmacro %}
