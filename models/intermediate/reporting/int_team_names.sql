{#-
    One row per team in "LiteLLM_TeamTable" as it is now, with its alias: what
    LiteLLM's spend report names a team by. A view, so a renamed or deleted team
    reads as LiteLLM would read it now. Empty without the table.
-#}
{{ config(materialized='view') }}

select
    team_id,
    team_alias
from {{ ref('stg_litellm__teams') }}
