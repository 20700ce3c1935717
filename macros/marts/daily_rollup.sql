{#-
    A daily mart, published from the audited candidate (int_spend_daily_candidate):
    the days this run rebuilds (candidate_days_to_publish), the rows `where` keeps,
    one row per value of `grain`. A grain coarser than the candidate's keeps the
    greatest team_alias, key_alias and user_id of each group and sums `measures`;
    at the candidate's own grain each row is copied as it is. Columns come in the
    marts' order: the keys with their labels, then `measures` as listed, each a
    candidate column or a billable/BYOK split of one (daily_rollup_measure).
-#}
{% macro daily_rollup(grain, measures, where=none) %}
    {%- set copies = grain == candidate_grain() -%}
    {%- set dimensions = ['spend_date', 'team_id', 'team_alias', 'customer_id', 'api_key', 'key_alias',
                          'user_id', 'model', 'is_byok'] -%}
    {%- set labels = ['team_alias', 'key_alias', 'user_id'] -%}
    {%- set columns = [] -%}
    {%- for column in dimensions -%}
        {%- if column in grain or (copies and column in labels) -%}
            {%- do columns.append(column) -%}
        {%- elif column in labels -%}
            {%- do columns.append('max(' ~ column ~ ') as ' ~ column) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for measure in measures -%}
        {%- set value = daily_rollup_measure(measure) if copies else 'sum(' ~ daily_rollup_measure(measure) ~ ')' -%}
        {%- set type = money_type() if measure.endswith('spend') else dbt.type_bigint() -%}
        {%- do columns.append('cast(' ~ value ~ ' as ' ~ type ~ ') as ' ~ measure) -%}
    {%- endfor %}

with

daily as (

    {{ candidate_days_to_publish() }}

)

select
    {{ columns | join(',\n    ') }}
from daily
{%- if where %}
where {{ where }}
{%- endif %}
{%- if not copies %}
group by {{ grain | join(', ') }}
{%- endif %}
{% endmacro %}

{#- What a measure adds up per candidate row: the column itself, or its billable or BYOK part. -#}
{% macro daily_rollup_measure(measure) %}
    {%- set splits = {
        'billable_spend': 'case when is_byok then 0 else spend end',
        'byok_spend': 'case when is_byok then spend else 0 end',
        'billable_request_count': 'case when is_byok then 0 else request_count end',
        'byok_request_count': 'case when is_byok then request_count else 0 end',
    } -%}
    {{ return(splits.get(measure, measure)) }}
{% endmacro %}

{#- Postgres indexes of a daily mart: by day, and by each of `leading_columns` then day. -#}
{% macro daily_mart_indexes(leading_columns) %}
    {%- set indexes = [{'columns': ['spend_date']}] -%}
    {%- for column in leading_columns -%}
        {%- do indexes.append({'columns': [column, 'spend_date']}) -%}
    {%- endfor -%}
    {{ return(postgres_indexes(indexes)) }}
{% endmacro %}
