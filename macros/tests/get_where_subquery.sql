{#-
    dbt's hook for a generic test's `where` config, extended with one placeholder
    that scopes a test to what this run rewrote:

      where: rewritten_by_this_run(started_at)   rows of the load set (history layer)
      where: rewritten_by_this_run(spend_date)   rows of the rebuilt days

    It expands to the macro of the same name, which singular tests call directly.
    Rows outside were tested by the run that wrote them, so re-testing whole tables
    on every scheduled run would cost in proportion to the history, not to the new
    data. The where config is static YAML and cannot call macros, and a generic
    test cannot declare refs: run_window is looked up in the graph (every such test
    runs after its model, which runs after run_window).
-#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- if not where -%}
        {%- do return(relation) -%}
    {%- endif -%}
    {%- set placeholder = modules.re.fullmatch('rewritten_by_this_run\\((\\w+)\\)', where | trim) -%}
    {%- if placeholder and execute -%}
        {%- set window = project_relation('run_window') -%}
        {%- set where = rewritten_by_this_run(placeholder.group(1), window) -%}
        {%- set day_bound = spark_day_bound(relation, placeholder.group(1), window) -%}
        {%- set where = '(' ~ where ~ ')' ~ day_bound if day_bound else where -%}
    {%- endif -%}
    {%- do return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') as dbt_subquery') -%}
{%- endmacro %}
