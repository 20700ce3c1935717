{#-
    The invoice calendar. A month M closes when the as-of date reaches the first
    day of M+1 plus var invoice_close_days (default 3); the first open month is the
    earliest month not closed then. The as-of date is var invoice_as_of, else the
    run's date in var reporting_timezone.
-#}
{% macro invoice_as_of() %}
    {%- set value = var('invoice_as_of', none) -%}
    {%- if value -%}
        {{ return(modules.datetime.date.fromisoformat(value | string)) }}
    {%- endif -%}
    {{ return(run_started_at.astimezone(modules.pytz.timezone(var('reporting_timezone', 'UTC'))).date()) }}
{% endmacro %}

{#- M is closed when as_of - close_days >= first day of M+1: the open months start at that date's month. -#}
{% macro first_open_month() %}
    {%- set closing_date = invoice_as_of() - modules.datetime.timedelta(days=var('invoice_close_days', 3) | int) -%}
    {{ return(closing_date.replace(day=1)) }}
{% endmacro %}

{#- The first day of the month of a date expression, as a date. -#}
{% macro month_of(date_expression) -%}
    cast({{ dbt.date_trunc('month', date_expression) }} as date)
{%- endmacro %}

{#-
    True for rows of the days this run invoices (run/invoice_window): part 'issue'
    (the months issued now), 'recheck' (days of issued months republished since the
    last invoicing run) or 'any'. Once the window is built its days are written as
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

{#- The rows of an invoicing table that a completed invoicing run wrote (invoicing/invoice_runs). -#}
{% macro written_by_a_completed_invoicing_run(relation_alias, runs) %}
    {{ relation_alias }}.run_started_at in (select completed.run_started_at from {{ runs }} as completed)
{% endmacro %}

{#- The key of an invoice line besides its month, kind, corrected month and reason. -#}
{% macro invoice_line_customer(customer_column) -%}
    {%- if var('invoice_by_customer', false) | string | lower in ('true', '1', 'yes') -%}
        {{ customer_column }}
    {%- else -%}
        cast(null as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}

{#- What invoicing keeps of a request: enough to say what it added to an invoice and why. -#}
{% macro invoiced_request_columns() %}
    {{ return({
        'request_id': dbt.type_string(),
        'spend_date': 'date',
        'team_id': dbt.type_string(),
        'customer_id': dbt.type_string(),
        'is_byok': dbt.type_boolean(),
        'deciding_tier': dbt.type_int(),
        'spend': money_type(),
        'prompt_tokens': dbt.type_bigint(),
        'completion_tokens': dbt.type_bigint(),
        'total_tokens': dbt.type_bigint(),
    }) }}
{% endmacro %}

{#-
    An invoice line's figures, summed from rows of spend with their verdict: billable
    spend, tokens and requests, with BYOK spend and requests beside them. `sign` is
    -1 for what leaves an invoice. request_count is the rows' request count ('1' for
    requests).
-#}
{% macro invoice_line_measures(sign='1', request_count='1') %}
    cast(sum({{ sign }} * case when not is_byok then spend else 0 end) as {{ money_type() }}) as billable_spend,
    cast(sum({{ sign }} * case when not is_byok then prompt_tokens else 0 end) as {{ dbt.type_bigint() }}) as prompt_tokens,
    cast(sum({{ sign }} * case when not is_byok then completion_tokens else 0 end) as {{ dbt.type_bigint() }}) as completion_tokens,
    cast(sum({{ sign }} * case when not is_byok then total_tokens else 0 end) as {{ dbt.type_bigint() }}) as total_tokens,
    cast(sum({{ sign }} * case when not is_byok then {{ request_count }} else 0 end) as {{ dbt.type_bigint() }}) as request_count,
    cast(sum({{ sign }} * case when is_byok then spend else 0 end) as {{ money_type() }}) as byok_spend,
    cast(sum({{ sign }} * case when is_byok then {{ request_count }} else 0 end) as {{ dbt.type_bigint() }}) as byok_request_count
{%- endmacro %}

{% macro invoice_line_measure_names() %}
    {{ return(['billable_spend', 'prompt_tokens', 'completion_tokens', 'total_tokens', 'request_count',
               'byok_spend', 'byok_request_count']) }}
{% endmacro %}

{#-
    An as-of date that leaves open a month an earlier run issued would bill
    adjustments in an invoice already sent: refuse, before anything changes.
-#}
{% macro refuse_an_invoice_as_of_before_an_issued_month(runs) %}
    {%- if runs is none or not execute or flags.WHICH not in ('build', 'run') -%}
        {{ return('') }}
    {%- endif -%}
    {%- set issued_through = run_query('select max(first_open_month) from ' ~ runs).columns[0].values()[0] -%}
    {%- set first_open = first_open_month() -%}
    {%- if issued_through is not none and first_open < issued_through -%}
        {{ exceptions.raise_compiler_error(
            'invoice_as_of ' ~ invoice_as_of() ~ ' with invoice_close_days ' ~ var('invoice_close_days', 3)
            ~ ' leaves ' ~ first_open.strftime('%Y-%m') ~ ' open, but the invoices up to '
            ~ (issued_through - modules.datetime.timedelta(days=1)).strftime('%Y-%m')
            ~ ' are issued already, so this run changed nothing. Run without invoice_as_of (today), or with a date on or after '
            ~ (issued_through + modules.datetime.timedelta(days=var('invoice_close_days', 3) | int)) ~ '.'
        ) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}

{#- The line figures summed again (adjustments of several requests, lines of several runs), typed. -#}
{% macro invoice_line_measure_sums(relation_alias=none) %}
    {%- set sums = [] -%}
    {%- for measure in invoice_line_measure_names() -%}
        {%- set column = (relation_alias ~ '.' if relation_alias else '') ~ measure -%}
        {%- set type = money_type() if measure.endswith('spend') else dbt.type_bigint() -%}
        {%- do sums.append('cast(sum(' ~ column ~ ') as ' ~ type ~ ') as ' ~ measure) -%}
    {%- endfor -%}
    {{ return(sums | join(',\n    ')) }}
{% endmacro %}

{#- A typed empty relation with the columns invoicing keeps of a request. -#}
{% macro no_invoiced_requests() %}
    {%- set columns = [] -%}
    {%- for name, type in invoiced_request_columns().items() -%}
        {%- do columns.append('cast(null as ' ~ type ~ ') as ' ~ name) -%}
    {%- endfor -%}
    select {{ columns | join(', ') }} where 1 = 0
{%- endmacro %}
