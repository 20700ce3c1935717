{#-
    True for rows of the days this run invoices (invoicing/run/invoice_window):
    part 'issue' (the months issued now), 'recheck' (days of issued months
    republished since the last invoicing run) or 'any'. Once the window is built its days are written as
    literals, so a run that invoices nothing reads nothing (1 = 0), and start_column,
    when given, bounds the start time for indexes and zone maps (a spend_date
    starts at most a day before its UTC date, and ends at most a day after).
-#}
{% macro in_invoice_window(date_column='spend_date', part='any', start_column=none, window=none) %}
    {%- set window = window or ref('invoice_window') -%}
    {%- if not run_window_is_built(window) -%}
        {%- set issued_now = '(' ~ date_column ~ " >= coalesce((select min(issue_from) from " ~ window ~ " where window_part = 'issue'), "
            ~ date_column ~ ') and ' ~ date_column ~ " < (select min(first_open_month) from " ~ window ~ " where window_part = 'issue'))" -%}
        {%- set rechecked = date_column ~ " in (select window_rows.spend_date from " ~ window
            ~ " as window_rows where window_rows.window_part = 'recheck')" -%}
        {{ return({'issue': issued_now, 'recheck': rechecked}.get(part, '(' ~ issued_now ~ ' or ' ~ rechecked ~ ')')) }}
    {%- endif -%}
    {%- set day = modules.datetime.timedelta(days=1) -%}
    {%- set ranges = [] -%}
    {%- if part in ('issue', 'any') -%}
        {%- set issue = run_query("select issue_from, first_open_month from " ~ window ~ " where window_part = 'issue'").rows -%}
        {%- for bounds in issue -%}
            {%- set clause = date_column ~ ' < ' ~ date_literal(bounds[1]) -%}
            {%- if start_column -%}
                {%- set clause = clause ~ ' and ' ~ start_column ~ ' < ' ~ timestamp_literal(bounds[1] + day) -%}
            {%- endif -%}
            {%- if bounds[0] is not none -%}
                {%- set clause = clause ~ ' and ' ~ date_column ~ ' >= ' ~ date_literal(bounds[0]) -%}
                {%- if start_column -%}
                    {%- set clause = clause ~ ' and ' ~ start_column ~ ' >= ' ~ timestamp_literal(bounds[0] - day) -%}
                {%- endif -%}
            {%- endif -%}
            {%- do ranges.append('(' ~ clause ~ ')') -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if part in ('recheck', 'any') -%}
        {%- set days = run_query("select spend_date from " ~ window ~ " where window_part = 'recheck' order by 1").columns[0].values() -%}
        {%- if days | length > 0 -%}
            {%- set literals = [] -%}
            {%- for value in days -%}
                {%- do literals.append(date_literal(value)) -%}
            {%- endfor -%}
            {%- set clause = date_column ~ ' in (' ~ (literals | join(', ')) ~ ')' -%}
            {%- if start_column -%}
                {%- set clause = clause ~ ' and ' ~ start_column ~ ' >= ' ~ timestamp_literal(days | min - day)
                    ~ ' and ' ~ start_column ~ ' < ' ~ timestamp_literal(days | max + day + day) -%}
            {%- endif -%}
            {%- do ranges.append('(' ~ clause ~ ')') -%}
        {%- endif -%}
    {%- endif -%}
    {{ return('(' ~ (ranges | join(' or ') if ranges else '1 = 0') ~ ')') }}
{% endmacro %}

{#- The rows of a ledger table that a completed invoicing run wrote (invoicing/ledger/invoice_runs). -#}
{% macro written_by_a_completed_invoicing_run(relation_alias, runs) %}
    {{ relation_alias }}.run_started_at in (select completed.run_started_at from {{ runs }} as completed)
{% endmacro %}
