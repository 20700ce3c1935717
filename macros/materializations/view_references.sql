{#-
    A DuckDB view stores its query as written, and dbt writes every relation with the
    database, which DuckDB names after the file (litellm_spend.spend_run.…). A copy
    of the file under another name (a BI copy: docs/dashboard.md), or one attached
    under another alias, then had views naming a catalog that does not exist, and
    `invoice`, `report` and `export` failed on it. Inside a view, DuckDB resolves
    schema.table in the view's own catalog, so the views here name the relations of
    their own database without it (one attached under its own name keeps it).
    Tables and other engines keep dbt's names.
-#}
{% macro ref() %}
    {{ return(relative_inside_a_duckdb_view(builtins.ref(*varargs, **kwargs))) }}
{% endmacro %}

{% macro source() %}
    {{ return(relative_inside_a_duckdb_view(builtins.source(*varargs, **kwargs))) }}
{% endmacro %}

{% macro relative_inside_a_duckdb_view(relation) %}
    {%- if target.type == 'duckdb' and config.get('materialized') == 'view' and relation is not string
          and relation.database == target.database -%}
        {{ return(relation.include(database=false)) }}
    {%- endif -%}
    {{ return(relation) }}
{% endmacro %}
