{#-
    One row per budget period the project can vouch for, or per budget whose period
    cannot be derived (period_end NULL, or the status says why). A period ends at a
    budget_reset_at LiteLLM held and starts one budget_duration before it; the current
    one is the latest version's, past ones keep the limit last seen while they ran.
    A budget changed or removed before its reset date was cut short: no figures.
-#}

with

versions as (

    select
        *,
        lead(observed_at) over (
            partition by budget_scope, budget_owner_id order by observed_at
        ) as next_version_at
    from {{ ref('budget_history') }}

),

latest_versions as (

    {{ latest_versions("versions", 'budget_scope, budget_owner_id') }}

),

-- One group per reset date held, described by its last version; when the next
-- version (another reset date, or the removal) came.
period_versions as (

    select
        *,
        row_number() over (
            partition by budget_scope, budget_owner_id, budget_reset_at order by observed_at desc
        ) as rank_in_period
    from versions
    where not is_removed
        and budget_reset_at is not null

),

periods as (

    select
        period_versions.budget_scope,
        period_versions.budget_owner_id,
        period_versions.team_id,
        period_versions.max_budget,
        period_versions.budget_duration,
        period_versions.budget_reset_at as period_end,
        period_versions.observed_at,
        period_versions.next_version_at as superseded_at
    from period_versions
    where period_versions.rank_in_period = 1

),

-- Budgets that never define a period: the latest version only (an earlier one
-- without a reset date left nothing to report).
undated_budgets as (

    select
        budget_scope,
        budget_owner_id,
        team_id,
        max_budget,
        budget_duration,
        cast(null as {{ dbt.type_timestamp() }}) as period_end,
        observed_at,
        cast(null as {{ dbt.type_timestamp() }}) as superseded_at
    from latest_versions
    where not is_removed
        and budget_reset_at is null

),

all_periods as (

    select * from periods
    union all
    select * from undated_budgets

),

earliest_history as (

    select min(started_at) as first_started_at
    from {{ ref('spend_log_history') }}

),

owner_names as (

    select
        'team' as budget_scope,
        team_id as budget_owner_id,
        team_alias as owner_name
    from {{ ref('stg_litellm__teams') }}
    union all
    select
        'key' as budget_scope,
        api_key as budget_owner_id,
        key_alias as owner_name
    from {{ ref('stg_litellm__keys') }}

),

dated as (

    select
        all_periods.*,
        {{ budget_period_start('all_periods.period_end', 'all_periods.budget_duration') }} as period_start,
        coalesce(
            not latest_versions.is_removed
            and all_periods.period_end is not distinct from latest_versions.budget_reset_at,
            false
        ) as is_current_period
    from all_periods
    left join latest_versions
        on all_periods.budget_scope = latest_versions.budget_scope
            and all_periods.budget_owner_id = latest_versions.budget_owner_id

)

select
    dated.budget_scope,
    dated.budget_owner_id,
    dated.team_id,
    owner_names.owner_name,
    dated.budget_duration,
    dated.period_start,
    dated.period_end,
    dated.is_current_period,
    dated.max_budget,
    case
        when dated.budget_duration is null then 'no_budget_duration'
        when not {{ budget_duration_is_valid('dated.budget_duration') }} then 'unparseable_duration'
        when dated.period_end is null then 'no_reset_date'
        when dated.superseded_at < dated.period_end then 'ended_before_reset'
        when dated.max_budget is null then 'no_max_budget'
        when earliest_history.first_started_at is null
            or earliest_history.first_started_at > dated.period_start then 'history_starts_after_period_start'
        else 'ok'
    end as status,
    dated.observed_at
from dated
cross join earliest_history
left join owner_names
    on dated.budget_scope = owner_names.budget_scope
        and dated.budget_owner_id = owner_names.budget_owner_id
