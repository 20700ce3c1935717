-- Reports the rows held back from billing, per reason: how many and how much
-- finite spend. Warn severity: they are safely out of the marts, but someone should
-- look (a negative or NaN spend usually means a pricing bug upstream).
{{ config(severity='warn') }}

select
    rejection_reason,
    sum(delivery_count) as rejected_rows,
    sum(
        case
            when raw_spend is not null and {{ is_finite_number('raw_spend') }}
                then {{ float_to_money('raw_spend') }} * delivery_count
            else 0
        end
    ) as finite_spend,
    min(started_at) as first_started_at,
    max(started_at) as last_started_at
from {{ ref('spend_log_rejections') }}
group by rejection_reason
