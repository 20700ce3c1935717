{#-
    How a seed's rows are written (dbt's load_csv_rows, dispatched here first): as
    escaped literals, in batches, by column name.

    DuckDB: dbt-duckdb's insert with bound parameters took 0.7 to 1.0 s for the
    20-row catalog (one placeholder per value), the slowest step at the head of
    every day run; literals take milliseconds. (Its COPY, `fast`, is positional:
    the catalog's columns may come in any order, so the project turns it off.)
    Spark: dbt-spark's session method formats bindings as '{value}' without
    escaping (SessionConnectionWrapper._fix_binding), so a value with a quote
    ("team's") broke the INSERT.
-#}
{% macro duckdb__load_csv_rows(model, agate_table) %}
    {{ return(load_csv_rows_as_literals(model, adapter.convert_datetimes_to_strs(agate_table), "''", by_name=true)) }}
{% endmacro %}

{% macro spark__load_csv_rows(model, agate_table) %}
    {{ return(load_csv_rows_as_literals(model, agate_table, "\\'", "\\", "\\\\")) }}
{% endmacro %}

{#-
    quote_as: how a quote is written inside a literal; escape, escaped_as: the engine's
    escape character, if any; by_name: name the columns (Spark's table has the file's order).
-#}
{% macro load_csv_rows_as_literals(model, agate_table, quote_as, escape=none, escaped_as=none, by_name=false) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set columns = ' (' ~ get_seed_column_quoted_csv(model, agate_table.column_names) ~ ')' if by_name else '' -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set sql -%}
            insert into {{ this.render() }}{{ columns }} values
            {% for row in chunk -%}
                ({%- for col_name in agate_table.column_names -%}
                    {%- set type = column_override.get(col_name, adapter.convert_type(agate_table, loop.index0)) -%}
                    {%- set value = row[loop.index0] -%}
                    {%- set text = value | string -%}
                    {%- if escape -%}{%- set text = text.replace(escape, escaped_as) -%}{%- endif -%}
                    cast({{ 'null' if value is none else "'" ~ text.replace("'", quote_as) ~ "'" }} as {{ type }})
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%})
                {%- if not loop.last %},{% endif %}
            {% endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.index0 == 0 -%}{%- do statements.append(sql) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}
