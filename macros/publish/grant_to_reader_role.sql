{#-
    BI reads the marts, and only the marts, through the read-only role named by
    var reader_role (Postgres; the role must exist). Each mart grants SELECT on
    itself in a post-hook; USAGE on the marts' schema is granted once at the end
    of the run (two concurrent GRANTs on one schema collide in Postgres).
-#}
{% macro grant_to_reader_role() %}
    {%- set role = reader_role() -%}
    {%- if role and target.type == 'postgres' -%}
        grant select on {{ this }} to {{ adapter.quote(role) }}
    {%- else -%}
        select 1
    {%- endif -%}
{% endmacro %}

{% macro grant_mart_schemas_to_reader_role() %}
    {%- set role = reader_role() -%}
    {%- if role and target.type == 'postgres' and execute -%}
        {%- set schemas = [] -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type == 'model' and 'marts' in node.fqn and node.schema not in schemas -%}
                {%- do schemas.append(node.schema) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- for schema in schemas %}
        grant usage on schema {{ adapter.quote(schema) }} to {{ adapter.quote(role) }};
        {%- endfor %}
    {%- endif -%}
    select 1
{% endmacro %}
