{#- The key of an invoice line besides its month, kind, corrected month and reason. -#}
{% macro invoice_line_customer(customer_column) -%}
    {%- if invoice_by_customer() | string | lower in ('true', '1', 'yes') -%}
        {{ customer_column }}
    {%- else -%}
        cast(null as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}

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
