{#-
    One row per accepted request (request_id) of the days this run invoices
    (invoicing/run/invoice_window): its state now, as invoicing keeps it.
-#}
with

classified as (

    select * from {{ ref('int_spend_logs_classified') }}
    where {{ in_invoice_window('spend_date', 'any', 'started_at') }}

)

select
    {%- for name, type in invoiced_request_columns().items() %}
    cast({{ name }} as {{ type }}) as {{ name }},
    {%- endfor %}
    {{ month_of('spend_date') }} as usage_month
from classified
