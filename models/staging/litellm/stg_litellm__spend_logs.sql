{#-
    One row per raw spend-log row now in the source, cleaned and typed, personal
    data left behind, secrets hashed. No window functions here: a filter on
    started_at reaches the source's "startTime" index.
-#}
{%- set spend_logs = source('litellm', 'spend_logs') -%}
{#- Older LiteLLM versions lack some columns (macro source_column): one catalog query. -#}
{%- set present = source_column_names(spend_logs) -%}
{#- JSON or JSONB is valid by construction (nothing to check); text is parsed per row. -#}
{%- set metadata_kind = json_column_kind(spend_logs, 'metadata') -%}
{%- set metadata = json_document('metadata', metadata_kind) -%}
{#- Fixed per run (not now()), so every model and test of a run agrees on "the future". -#}
{%- set latest_valid_start = (run_started_at + modules.datetime.timedelta(hours=future_margin_hours() | int)).strftime('%Y-%m-%d %H:%M:%S') -%}

with

source as (

    select * from {{ spend_logs }}

),

cleaned as (

    select
        -- Text: blank and NULL alike, and no value that looks like a virtual key: each
        -- becomes its sha256 digest (macro clean_text). For api_key that is what
        -- LiteLLM stores (very old rows hold the raw key), so it matches
        -- "LiteLLM_VerificationToken".token.
        ---------- ids
        {{ clean_text('source.request_id') }} as request_id,
        {{ clean_text('source.call_type') }} as call_type,
        coalesce({{ clean_text('source.api_key') }}, 'unassigned') as api_key,
        coalesce({{ looks_like_secret('source.api_key') }}, false) as is_api_key_hashed_in_staging,
        coalesce({{ clean_id('source.team_id') }}, 'unassigned') as team_id,
        coalesce({{ clean_id('source.end_user') }}, 'unassigned') as customer_id,
        {{ clean_id('source.' ~ adapter.quote('user')) }} as user_id,
        {{ clean_id(source_column(spend_logs, 'organization_id', dbt.type_string(), present)) }} as organization_id,
        {{ clean_text('source.model') }} as model,
        {{ clean_text('source.model_group') }} as model_group,
        {{ clean_id('source.model_id') }} as model_id,
        -- The catalog matches on the public model name, falling back to the model
        -- string on rows older than model_group.
        lower(trim(coalesce({{ clean_text('source.model_group') }}, {{ clean_text('source.model') }}))) as catalog_model_name,
        {{ clean_text('source.custom_llm_provider') }} as custom_llm_provider,

        ---------- aliases logged with the request
        {{ clean_text(json_text_field(metadata, 'user_api_key_team_alias')) }} as team_alias,
        {{ clean_text(json_text_field(metadata, 'user_api_key_alias')) }} as key_alias,

        ---------- money and tokens
        source.spend as raw_spend,
        case
            when source.spend >= 0 and source.spend <= {{ max_request_spend() }}
                then {{ float_to_money('source.spend') }}
        end as spend,
        coalesce(source.prompt_tokens, 0) as prompt_tokens,
        coalesce(source.completion_tokens, 0) as completion_tokens,
        coalesce(source.total_tokens, 0) as total_tokens,

        ---------- status: rows older than May 2025 have none, they are successes
        coalesce(lower(trim({{ source_column(spend_logs, 'status', dbt.type_string(), present) }})) = 'failure', false) as is_failure,
        coalesce(lower(trim(source.cache_hit)) in ('true', '1', 'yes'), false) as is_cache_hit,

        ---------- timestamps (UTC wall time)
        source.{{ adapter.quote('startTime') }} as started_at,
        source.{{ adapter.quote('endTime') }} as ended_at,
        {{ source_column(spend_logs, 'created_at', dbt.type_timestamp(), present) }} as source_created_at,
        {{ source_column(spend_logs, 'updated_at', dbt.type_timestamp(), present) }} as source_updated_at,

        -- The first reason that applies, in this order (DECISIONLOG, "Rejected rows (quarantine)").
        case
            when source.request_id is null or trim(source.request_id) = '' then 'missing request_id'
            when source.{{ adapter.quote('startTime') }} is null then 'missing startTime'
            when source.spend is null then 'missing spend'
            when not {{ is_finite_number('source.spend') }} then 'spend is NaN or infinite'
            when source.spend < 0 then 'negative spend'
            when source.spend > {{ max_request_spend() }} then 'spend above max_request_spend'
            when coalesce(source.prompt_tokens, 0) < 0
                or coalesce(source.completion_tokens, 0) < 0
                or coalesce(source.total_tokens, 0) < 0
                then 'negative token count'
            when {{ json_is_invalid('source.metadata', metadata, metadata_kind) }} then 'metadata is not valid JSON'
            when source.{{ adapter.quote('startTime') }} < cast({{ dbt.string_literal(dbt.escape_single_quotes(earliest_valid_date() | string)) }} as {{ dbt.type_timestamp() }})
                then 'startTime before earliest_valid_date'
            when source.{{ adapter.quote('startTime') }} > cast({{ dbt.string_literal(latest_valid_start) }} as {{ dbt.type_timestamp() }})
                then 'startTime too far in the future'
        end as rejection_reason
    from source
    {{ json_document_join('source', 'metadata', metadata_kind) }}

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
