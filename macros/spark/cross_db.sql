{#- Spark (dbt-spark, session method): the cross-db macros of macros/cross_db. -#}

{% macro spark__is_finite_number(expression) %}
    (not (isnan({{ expression }}) or abs({{ expression }}) = cast('Infinity' as double)))
{% endmacro %}

{#- No JSON type: the document stays text, NULL when try_parse_json rejects it. -#}
{% macro spark__json_document(column, kind) %}
    {%- if kind == 'native' -%}
        {{ column }}
    {%- else -%}
        case when try_parse_json({{ column }}) is not null then {{ column }} end
    {%- endif -%}
{% endmacro %}

{% macro spark__json_document_join(relation_alias, column, kind) %}
{% endmacro %}

{% macro spark__create_json_parser() %}
    {{ return('select 1') }}
{% endmacro %}

{% macro spark__json_text_field(json_expression, key) %}
    get_json_object(cast({{ json_expression }} as string), {{ dbt.string_literal('$.' ~ key) }})
{% endmacro %}

{% macro spark__looks_like_secret(expression) %}
    ({{ expression }} ilike '%sk-%' and {{ expression }} rlike '(^|[^A-Za-z0-9])[sS][kK]-')
{% endmacro %}

{% macro spark__sha256_hex(expression) %}
    sha2({{ expression }}, 256)
{% endmacro %}

{#- dbt-spark's listagg drops the order by (it warns); Spark 4 has listagg ... within group. -#}
{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {%- if limit_num -%}
        {{ exceptions.raise_compiler_error('listagg: limit_num is not supported on Spark') }}
    {%- endif -%}
    listagg({{ measure }}, {{ delimiter_text }}) {%- if order_by_clause %} within group ({{ order_by_clause }}){%- endif %}
{%- endmacro %}

{#- Zone-less UTC wall time to the calendar date in `timezone`. -#}
{% macro spark__local_date(utc_timestamp, timezone) %}
    {%- if timezone | upper in ('UTC', 'ETC/UTC', 'Z') -%}
        cast({{ utc_timestamp }} as date)
    {%- else -%}
        cast(from_utc_timestamp({{ utc_timestamp }}, {{ dbt.string_literal(timezone) }}) as date)
    {%- endif -%}
{% endmacro %}

{#-
    dbt-spark's dateadd goes through to_unix_timestamp/to_timestamp(bigint): it
    drops fractions of a second and, with ANSI off, returned NULL for every
    budget period start here. timestampadd keeps the type and the microseconds,
    and clamps month ends as DuckDB and Postgres do.
-#}
{% macro spark__dateadd(datepart, interval, from_date_or_timestamp) %}
    timestampadd({{ datepart | upper }}, cast({{ interval }} as bigint), {{ from_date_or_timestamp }})
{% endmacro %}
