-- The spend of the days chosen, of one team (team_id) or of all (null), summed per group of
-- {group_keys}, with the latest team and key alias of each. Ranked: the most billable spend
-- first, then the most BYOK, then by the keys; unranked: by the keys. A null limit is none.
select
    {group_keys},
    max(team_alias) as team_alias,
    max(key_alias) as key_alias,
    sum(billable_spend) as billable_spend,
    sum(byok_spend) as byok_spend,
    sum(spend) as spend,
    sum(request_count) as request_count,
    sum(billable_request_count) as billable_request_count,
    sum(byok_request_count) as byok_request_count
from {marts}.budget_spend_daily
where spend_date between %(start)s and %(end)s and (%(team_id)s is null or team_id = %(team_id)s)
group by {group_keys}
order by
    case when %(ranked)s then sum(billable_spend) end desc,
    case when %(ranked)s then sum(byok_spend) end desc,
    {group_keys}
limit %(limit)s
