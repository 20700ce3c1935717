-- One grouped read of the published rows serves every branch of the report: Python shapes it.
-- A filter given as null is not applied.
select
    {group_keys},
    sum(spend) as spend,
    sum(total_tokens) as total_tokens,
    sum(prompt_tokens) as prompt_tokens,
    sum(completion_tokens) as completion_tokens
from {marts}.spend_report_daily
where spend_date between %(start)s and %(end)s
    and (%(api_key)s is null or api_key = %(api_key)s)
    and (%(user_id)s is null or user_id = %(user_id)s)
    and (%(team_id)s is null or team_id = %(team_id)s)
    and (%(customer)s is null or customer = %(customer)s)
    and (not %(exclude_byok)s or not is_byok)
group by {group_keys}
