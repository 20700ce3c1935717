{#-
    One row per raw spend-log row now in the source, cleaned and typed, personal
    data left behind. No window functions here: a filter on started_at reaches the
    source's "startTime" index.
-#}
{%- set spend_logs = source('litellm', 'spend_logs') -%}
{#- Fixed per run (not now()), so every model and test of a run agrees on "the future". -#}
{%- set latest_valid_start = (run_started_at + modules.datetime.timedelta(hours=var('future_margin_hours', 24) | int)).strftime('%Y-%m-%d %H:%M:%S') -%}

with

source as (

    select * from {{ spend_logs }}

),

renamed as (

    select

        ---------- ids
        {{ blank_to_null('request_id') }} as request_id,
        {{ blank_to_null('call_type') }} as call_type,
        {{ blank_to_null('api_key') }} as raw_api_key,
        {{ blank_to_null('team_id') }} as raw_team_id,
        {{ blank_to_null('end_user') }} as raw_end_user,
        {{ blank_to_null('"user"') }} as user_id,
        {{ blank_to_null(source_column(spend_logs, 'organization_id', dbt.type_string())) }} as organization_id,
        {{ blank_to_null('model_id') }} as model_id,
        {{ blank_to_null('model_group') }} as model_group,
        {{ blank_to_null('model') }} as model,
        {{ blank_to_null('custom_llm_provider') }} as custom_llm_provider,

        ---------- aliases logged with the request
        {{ blank_to_null(json_text_field('metadata', 'user_api_key_alias')) }} as key_alias,
        {{ blank_to_null(json_text_field('metadata', 'user_api_key_team_alias')) }} as team_alias,

        ---------- numerics
        spend as raw_spend,
        prompt_tokens,
        completion_tokens,
        total_tokens,

        ---------- status
        lower(trim({{ source_column(spend_logs, 'status', dbt.type_string()) }})) as raw_status,
        lower(trim(cache_hit)) as raw_cache_hit,

        ---------- timestamps (UTC wall time)
        "startTime" as started_at,
        "endTime" as ended_at,
        {{ source_column(spend_logs, 'created_at', dbt.type_timestamp()) }} as source_created_at,
        {{ source_column(spend_logs, 'updated_at', dbt.type_timestamp()) }} as source_updated_at

    from source

),

cleaned as (

    select
        request_id,
        call_type,
        -- Very old rows hold the raw virtual key; hash it the way LiteLLM does so
        -- it matches "LiteLLM_VerificationToken".token and never leaves staging raw.
        coalesce(
            case
                when raw_api_key like 'sk-%' then {{ sha256_hex('raw_api_key') }}
                else raw_api_key
            end,
            'unassigned'
        ) as api_key,
        raw_api_key is not null and raw_api_key like 'sk-%' as is_api_key_hashed_in_staging,
        coalesce(raw_team_id, 'unassigned') as team_id,
        coalesce(raw_end_user, 'unassigned') as customer_id,
        user_id,
        organization_id,
        model,
        model_group,
        model_id,
        -- The catalog matches on the public model name, falling back to the model
        -- string on rows older than model_group.
        lower(trim(coalesce(model_group, model))) as catalog_model_name,
        custom_llm_provider,
        team_alias,
        key_alias,
        raw_spend,
        case
            when raw_spend is not null and {{ is_finite_number('raw_spend') }} and raw_spend >= 0
                then {{ float_to_money('raw_spend') }}
        end as spend,
        coalesce(prompt_tokens, 0) as prompt_tokens,
        coalesce(completion_tokens, 0) as completion_tokens,
        coalesce(total_tokens, 0) as total_tokens,
        -- Rows older than May 2025 have no status: they are successes.
        coalesce(raw_status = 'failure', false) as is_failure,
        coalesce(raw_cache_hit in ('true', '1', 'yes'), false) as is_cache_hit,
        started_at,
        ended_at,
        source_created_at,
        source_updated_at,
        case
            when request_id is null then 'missing request_id'
            when started_at is null then 'missing startTime'
            when raw_spend is null then 'missing spend'
            when not {{ is_finite_number('raw_spend') }} then 'spend is NaN or infinite'
            when raw_spend < 0 then 'negative spend'
            when coalesce(prompt_tokens, 0) < 0
                or coalesce(completion_tokens, 0) < 0
                or coalesce(total_tokens, 0) < 0
                then 'negative token count'
            when started_at < cast({{ dbt.string_literal(dbt.escape_single_quotes(var('earliest_valid_date', '2023-01-01') | string)) }} as {{ dbt.type_timestamp() }})
                then 'startTime before earliest_valid_date'
            when started_at > cast({{ dbt.string_literal(latest_valid_start) }} as {{ dbt.type_timestamp() }})
                then 'startTime too far in the future'
        end as rejection_reason
    from renamed

)

select
    *,
    -- Identifies a rejected row across runs (it may have no request_id). Accepted
    -- rows are identified by request_id, and hashing every one of them would cost
    -- the full build a digest per row.
    case when rejection_reason is not null then {{ dbt.hash(dbt.concat([
        "coalesce(request_id, '')",
        "'|'", "coalesce(cast(started_at as " ~ dbt.type_string() ~ "), '')",
        "'|'", "coalesce(cast(raw_spend as " ~ dbt.type_string() ~ "), '')",
        "'|'", "coalesce(cast(prompt_tokens as " ~ dbt.type_string() ~ "), '')",
        "'|'", "coalesce(cast(completion_tokens as " ~ dbt.type_string() ~ "), '')",
        "'|'", "api_key", "'|'", "team_id", "'|'", "customer_id",
    ])) }} end as row_fingerprint
from cleaned
