{#- The columns the request history keeps, in order (no personal data). -#}
{% macro history_columns() %}
    {{ return([
        'request_id', 'call_type', 'api_key', 'is_api_key_hashed_in_staging', 'team_id',
        'customer_id', 'user_id', 'organization_id', 'model', 'model_group', 'model_id',
        'catalog_model_name', 'custom_llm_provider', 'team_alias', 'key_alias', 'spend',
        'prompt_tokens', 'completion_tokens', 'total_tokens', 'is_failure', 'is_cache_hit',
        'started_at', 'ended_at', 'source_updated_at',
    ]) }}
{% endmacro %}
