-- Lists the models requested that neither a catalog rule nor LiteLLM's model table
-- decides. Their usage is billed (the safe default for the operator), but the
-- catalog probably lags reality.
{{ config(severity='warn') }}

select
    requests.catalog_model_name,
    requests.model_id,
    count(*) as request_count,
    sum(requests.spend) as spend,
    min(requests.spend_date) as first_spend_date,
    max(requests.spend_date) as last_spend_date
from {{ ref('int_spend_logs_classified') }} as requests
where requests.verdict_source = 'default'
group by requests.catalog_model_name, requests.model_id
