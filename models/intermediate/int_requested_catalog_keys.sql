{#-
    The catalog is matched against these distinct keys rather than every request:
    the non-equi join stays small however many requests there are.
-#}
select distinct
    spend_date,
    catalog_model_name,
    model_id,
    team_id
from {{ ref('stg_litellm__spend_logs') }}
