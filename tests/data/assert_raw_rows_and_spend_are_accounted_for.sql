-- Every raw row is accepted, a duplicate delivery or rejected, and the finite
-- spend of the three adds up to the raw table's finite spend.
with

raw_rows as (

    select
        count(*) as row_count,
        sum(case when spend is not null and {{ is_finite_number('spend') }} then {{ float_to_money('spend') }} else 0 end) as finite_spend
    from {{ source('litellm', 'spend_logs') }}

),

staged as (

    select
        count(*) as row_count,
        sum(case when raw_spend is not null and {{ is_finite_number('raw_spend') }} then {{ float_to_money('raw_spend') }} else 0 end) as finite_spend
    from {{ ref('stg_litellm__spend_log_deliveries') }}
    where delivery_status in ('accepted', 'duplicate', 'rejected')

)

select
    raw_rows.row_count as raw_row_count,
    staged.row_count as accounted_row_count,
    raw_rows.finite_spend as raw_finite_spend,
    staged.finite_spend as accounted_finite_spend
from raw_rows
cross join staged
where raw_rows.row_count <> staged.row_count
    or raw_rows.finite_spend <> staged.finite_spend
