{#-
    One row per deployment and period in which a team owned it, as whole days of
    the reporting time zone: [owned_from, owned_to), NULL bounds open. A change
    takes effect from the spend_date on which the run that first saw it started;
    the first version of a deployment reaches back indefinitely, since nothing
    earlier is known.
-#}
with

versions as (

    select
        model_id,
        owner_team_id,
        {{ reporting_date('observed_at') }} as effective_from,
        row_number() over (partition by model_id order by observed_at) as version_number,
        lead({{ reporting_date('observed_at') }}) over (
            partition by model_id order by observed_at
        ) as next_effective_from
    from {{ ref('deployment_ownership_history') }}

)

select
    model_id,
    owner_team_id,
    case when version_number > 1 then effective_from end as owned_from,
    next_effective_from as owned_to
from versions
where owner_team_id is not null
