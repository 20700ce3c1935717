{#- One row per spend_date: a digest of every verdict of that day's requested keys. -#}
{% macro catalog_day_fingerprints(verdicts) %}
with

verdicts as (

    select
        spend_date,
        {{ dbt.concat([
            "coalesce(catalog_model_name, '')", "'/'", "coalesce(model_id, '')", "'/'", "team_id", "'='",
            "case when is_byok then 'byok' else 'billable' end",
        ]) }} as verdict
    from {{ verdicts }}

)

select
    spend_date,
    {{ dbt.hash(dbt.listagg('verdict', "'|'", 'order by verdict')) }} as catalog_fingerprint
from verdicts
group by spend_date
{% endmacro %}
