{#-
    The history layer's change logs (budget_history, deployment_ownership_history):
    one version per change of a record, stamped with the run that first saw it.
    Called after the model's CTE `current` (the records LiteLLM holds now, with the
    `key` columns and the `tracked` ones, a dict of column -> type, in that order),
    it adds the CTEs and the final select. A version is written when a record is
    new, comes back after its removal, or has a tracked column that differs from its
    latest version (NULLs compare equal); a record that is gone gets one version
    with is_removed true, NULL tracked columns but those in `kept_when_removed`.
-#}
{% macro history_of_versions(current, key, tracked, kept_when_removed=[]) %}
    {%- set columns = key + (tracked.keys() | list) -%}
    {%- set matched = [] -%}
    {%- for column in key -%}
        {%- do matched.append(current ~ '.' ~ column ~ ' = latest_versions.' ~ column) -%}
    {%- endfor -%}

{%- if is_incremental() %}

latest_versions as (

    {{ latest_versions(this, key | join(', ')) }}

),
{%- endif %}

changes as (

    select
        {%- for column in columns %}
        {{ current }}.{{ column }},
        {%- endfor %}
        false as is_removed
    from {{ current }}
    {%- if is_incremental() %}
    left join latest_versions
        on {{ matched | join('\n        and ') }}
    where latest_versions.{{ key[-1] }} is null
        or latest_versions.is_removed
        {%- for column in tracked %}
        or {{ current }}.{{ column }} is distinct from latest_versions.{{ column }}
        {%- endfor %}
    union all
    select
        {%- for column in key %}
        latest_versions.{{ column }},
        {%- endfor %}
        {%- for column, type in tracked.items() %}
        {{ 'latest_versions.' ~ column if column in kept_when_removed else 'cast(null as ' ~ type ~ ') as ' ~ column }},
        {%- endfor %}
        true as is_removed
    from latest_versions
    left join {{ current }}
        on {{ matched | join('\n        and ') }}
    where {{ current }}.{{ key[-1] }} is null
        and not latest_versions.is_removed
    {%- endif %}

)

select
    {{ columns | join(',\n    ') }},
    is_removed,
    {{ this_run_started_at() }} as observed_at
from changes
{% endmacro %}
