{#-
    Index definitions for dbt's `indexes` config, on Postgres only: DuckDB prunes
    with zone maps instead, and its ART indexes would slow loads and reject a
    delete-then-insert of the same key in one transaction.
-#}
{% macro postgres_indexes(indexes) %}
    {{ return(indexes if target.type == 'postgres' else []) }}
{% endmacro %}
