-- The FOCUS file's facts: one row per day, team, key, model and billing class (BYOK or not).
select
    spend_date,
    team_id,
    max(team_alias) as team_alias,
    api_key,
    max(key_alias) as key_alias,
    coalesce(model, '') as model,
    is_byok,
    sum(spend) as spend,
    sum(request_count) as request_count,
    sum(prompt_tokens) as prompt_tokens,
    sum(completion_tokens) as completion_tokens,
    sum(total_tokens) as total_tokens
from {marts}.spend_by_model_daily
where spend_date between %(start)s and %(end)s
    and (not %(exclude_byok)s or not is_byok)
group by spend_date, team_id, api_key, coalesce(model, ''), is_byok
order by spend_date, team_id, api_key, coalesce(model, ''), is_byok
