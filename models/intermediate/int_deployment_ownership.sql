{#-
    One row per deployment and period in which a team owned it, as whole days:
    [owned_from, owned_to), NULL bounds open. A snapshot version starts on the
    day the snapshot saw it; the first version of a deployment reaches back
    indefinitely, since nothing earlier is known.
-#}
with

versions as (

    select
        model_id,
        owner_team_id,
        dbt_valid_from,
        dbt_valid_to,
        row_number() over (partition by model_id order by dbt_valid_from) as version_number
    from {{ ref('proxy_model_ownership_snapshot') }}

)

select
    model_id,
    owner_team_id,
    case when version_number > 1 then cast(dbt_valid_from as date) end as owned_from,
    cast(dbt_valid_to as date) as owned_to
from versions
where owner_team_id is not null
