{#-
    A one-off migration, kept until the first release after 2027-03-01
    (tests/pytest/test_upgrade.py tests it; DECISIONLOG says why).

    Upgrading from the layout before issue 11 must not lose the system of record:
    its history and rejections lived in <schema>_staging (stg_litellm__spend_log_history,
    stg_litellm__spend_log_rejections) and the ownership in a dbt snapshot
    (<schema>_snapshots.proxy_model_ownership_snapshot). The first run of this layout
    copies them into the history layer, once, before any model runs (on-run-start);
    the old tables are left in place, to be dropped by hand. Everything else is
    rebuilt: the recorded source days are missing, so that first run reads every
    source day again, and the marts are published anew. Once the history layer is
    built, a run finds its tables (in dbt's cache) and looks no further.
-#}
{% macro adopt_earlier_layout() %}
    {%- if not execute or flags.WHICH not in ('build', 'run') -%}
        {{ return('select 1') }}
    {%- endif -%}
    {%- set statements = [] -%}
    {%- set adopted = [] -%}
    {%- set timestamp = dbt.type_timestamp() -%}
    {%- set copies = [
        ('spend_log_history', '_staging', 'stg_litellm__spend_log_history',
         'select earlier.*, cast(null as ' ~ timestamp ~ ') as loaded_at from {old} as earlier order by started_at'),
        ('spend_log_rejections', '_staging', 'stg_litellm__spend_log_rejections', 'select * from {old}'),
        ('deployment_ownership_history', '_snapshots', 'proxy_model_ownership_snapshot',
         'select model_id, owner_team_id, false as is_removed, cast(dbt_valid_from as ' ~ timestamp ~ ') as observed_at'
         ~ ' from {old}'
         ~ ' union all'
         ~ ' select ended.model_id, cast(null as ' ~ dbt.type_string() ~ ') as owner_team_id, true as is_removed,'
         ~ ' cast(ended.dbt_valid_to as ' ~ timestamp ~ ') as observed_at from {old} as ended'
         ~ ' where ended.dbt_valid_to is not null and not exists (select 1 from {old} as later'
         ~ ' where later.model_id = ended.model_id and later.dbt_valid_from = ended.dbt_valid_to)'),
    ] -%}
    {%- for model_name, old_suffix, old_name, select in copies -%}
        {%- set node = graph.nodes.get('model.' ~ project_name ~ '.' ~ model_name) -%}
        {#- The history layer's schema is in dbt's cache: a held table answers without a
            query, and only a missing one costs a look at the earlier layout's schema. -#}
        {%- set missing = node is not none and adapter.get_relation(node.database, node.schema, node.alias) is none -%}
        {%- set old = adapter.get_relation(target.database, target.schema ~ old_suffix, old_name) if missing else none -%}
        {%- if old is not none -%}
            {%- set new = api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias, type='table') -%}
            {%- do adapter.create_schema(new) -%}
            {%- do adopted.append(new) -%}
            {%- do statements.append('create table ' ~ new ~ ' as ' ~ select.replace('{old}', old | string)) -%}
            {%- if model_name == 'spend_log_history' and target.type == 'postgres' -%}
                {%- do statements.append('create unique index on ' ~ new ~ ' (request_id)') -%}
                {%- do statements.append('create index on ' ~ new ~ ' (started_at)') -%}
            {%- endif -%}
            {{ log('Adopted ' ~ old ~ ' as ' ~ new ~ ' (the layout before issue 11); the old table is left in place.', info=true) }}
        {%- endif -%}
    {%- endfor -%}
    {%- for statement in statements -%}
        {%- do run_query(statement) -%}
    {%- endfor -%}
    {#- dbt listed the relations before this hook: tell it about the new ones. -#}
    {%- for relation in adopted -%}
        {%- do adapter.cache_added(relation) -%}
    {%- endfor -%}
    {{ return('select 1') }}
{% endmacro %}
