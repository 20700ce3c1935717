{#-
    One row per spend_date: a digest of every catalog verdict that day's requests
    got. When an operator edits the catalog, the days whose verdicts change get a
    new digest, and int_days_to_reprocess sends them through the marts again.
-#}
with

verdicts as (

    select
        spend_date,
        {{ dbt.concat([
            "coalesce(catalog_model_name, '')", "'/'", "coalesce(model_id, '')", "'/'", "team_id", "'='",
            "case when is_byok then 'byok' else 'billable' end",
        ]) }} as verdict
    from {{ ref('int_catalog_verdicts') }}

)

select
    spend_date,
    {{ dbt.hash(dbt.listagg('verdict', "'|'", 'order by verdict')) }} as catalog_fingerprint
from verdicts
group by spend_date
