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

{#- A typed empty relation with the columns invoicing keeps of a request. -#}
{% macro no_invoiced_requests() %}
    {%- set columns = [] -%}
    {%- for name, type in invoiced_request_columns().items() -%}
        {%- do columns.append('cast(null as ' ~ type ~ ') as ' ~ name) -%}
    {%- endfor -%}
    select {{ columns | join(', ') }} where 1 = 0
{%- endmacro %}
