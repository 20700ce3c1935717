{#-
    The invoice lines the completed invoicing runs wrote, summed per month they bill
    or correct (corrected_month) and team: what this run's new lines must add up
    with to equal the billable mart (the audit on int_invoice_line_changes).
-#}
{%- set lines = previous_state('invoice_line_items') -%}
{%- set runs = previous_state('invoice_runs') -%}

{%- if lines is none or runs is none %}

select
    cast(null as date) as corrected_month,
    cast(null as {{ dbt.type_string() }}) as team_id,
    cast(null as {{ money_type() }}) as billable_spend,
    cast(null as {{ dbt.type_bigint() }}) as request_count
where 1 = 0

{%- else %}

select
    corrected_month,
    team_id,
    cast(sum(billable_spend) as {{ money_type() }}) as billable_spend,
    cast(sum(request_count) as {{ dbt.type_bigint() }}) as request_count
from {{ lines }} as lines
where {{ written_by_a_completed_invoicing_run('lines', runs) }}
group by corrected_month, team_id

{%- endif %}
