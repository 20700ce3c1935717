{#-
    macros/spark/ holds what is Spark's alone, with no default to sit beside (spark__
    variants of cross-db macros are in cross_db/, the strategies' in incremental/).

    The steps of the versioned_days materialization (macros/materializations/).
-#}

{#- Whether the mart reads only the days this run rebuilds (candidate_days_to_publish):
    dbt's is_incremental() answers only for materialized='incremental'. -#}
{% macro publishes_rebuilt_days_only() %}
    {%- if config.get('materialized') == 'versioned_days' -%}
        {%- if not execute or should_full_refresh() -%}
            {{ return(false) }}
        {%- endif -%}
        {%- set data = this.incorporate(path={'identifier': this.identifier ~ '__days'}) -%}
        {%- set registry = this.incorporate(path={'identifier': this.identifier ~ '__published'}) -%}
        {%- set existing = load_relation(this) -%}
        {{ return((existing is none or existing.is_view) and load_relation(data) is not none and load_relation(registry) is not none) }}
    {%- endif -%}
    {{ return(is_incremental()) }}
{% endmacro %}

{#- The columns as on_schema_change compares them: names and types, in any order. -#}
{% macro versioned_days_signature(columns) %}
    {%- set named = [] -%}
    {%- for column in columns -%}
        {%- do named.append(column.name | lower ~ ' ' ~ column.data_type | lower) -%}
    {%- endfor -%}
    {{ return(named | sort | join(', ')) }}
{% endmacro %}

{#- The commit: one file of registry rows (COALESCE(1)), a single rename when Spark commits it. -#}
{% macro versioned_days_commit(data, registry, run_id, full_refresh) %}
    {%- set days = run_query(
        'select distinct spend_date from ' ~ data ~ ' where published_by = ' ~ dbt.string_literal(run_id)
        ~ ' union select spend_date from ' ~ (registry if full_refresh else ref('run_window') ~ " where window_part = 'rebuild'")
    ).columns[0].values() -%}
    {%- set rows = [] -%}
    {%- for day in days if day is not none -%}
        {%- do rows.append('(' ~ spark_date_literal(day) ~ ', ' ~ dbt.string_literal(run_id) ~ ')') -%}
    {%- endfor -%}
    {%- if rows -%}
        {%- do run_query('insert into table ' ~ registry ~ ' select /*+ COALESCE(1) */ * from values '
            ~ rows | join(', ') ~ ' as published(spend_date, published_by)') -%}
    {%- endif -%}
{% endmacro %}

{% macro versioned_days_view_sql(columns, data, registry) %}
    {%- set selected = [] -%}
    {%- for column in columns -%}
        {%- do selected.append('days.' ~ adapter.quote(column.name)) -%}
    {%- endfor -%}
    {{ return('select ' ~ selected | join(', ') ~ ' from ' ~ data ~ ' as days'
        ~ ' inner join (select spend_date, max(published_by) as published_by from ' ~ registry ~ ' group by spend_date) as live'
        ~ ' on days.spend_date = live.spend_date and days.published_by = live.published_by') }}
{% endmacro %}

{#- After the commit: every partition but each day's live one (superseded, or a killed run's). -#}
{% macro versioned_days_cleanup(data, registry) %}
    {%- set live = {} -%}
    {%- for row in run_query('select spend_date, max(published_by) from ' ~ registry ~ ' group by spend_date') -%}
        {%- do live.update({row[0].strftime('%Y-%m-%d'): row[1]}) -%}
    {%- endfor -%}
    {%- set dropped = [] -%}
    {%- for row in run_query('show partitions ' ~ data) -%}
        {%- set spec = {} -%}
        {%- for part in row[0].split('/') -%}
            {%- do spec.update({part.split('=', 1)[0]: part.split('=', 1)[1]}) -%}
        {%- endfor -%}
        {%- if live.get(spec['spend_date']) != spec['published_by'] -%}
            {%- do dropped.append("partition (spend_date = date'" ~ spec['spend_date'] ~ "', published_by = '" ~ spec['published_by'] ~ "')") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for chunk in dropped | batch(200) -%}
        {%- do run_query('alter table ' ~ data ~ ' drop if exists ' ~ chunk | join(', ')) -%}
    {%- endfor -%}
{% endmacro %}

{#- Once: a mart that is a plain table becomes the earliest publish, then the view replaces it. -#}
{% macro versioned_days_adopt(existing, data, registry, adopted_id) %}
    {%- do run_query('drop table if exists ' ~ registry) -%}
    {%- do run_query('drop table if exists ' ~ data) -%}
    {%- do run_query('create table ' ~ data ~ ' using parquet partitioned by (spend_date, published_by) as select held.*, '
        ~ dbt.string_literal(adopted_id) ~ ' as published_by from ' ~ existing ~ ' as held') -%}
    {%- do run_query('create table ' ~ registry ~ ' using parquet as select distinct spend_date, published_by from ' ~ data) -%}
    {%- set columns = adapter.get_columns_in_relation(existing) -%}
    {%- do run_query('drop table ' ~ existing) -%}
    {%- do run_query('create view ' ~ existing.incorporate(type='view') ~ ' as ' ~ versioned_days_view_sql(columns, data, registry)) -%}
    {{ log('Adopted ' ~ existing ~ ' as a view over ' ~ data ~ ' and ' ~ registry ~ ' (versioned_days).', info=true) }}
{% endmacro %}
