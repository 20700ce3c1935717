{#-
    Postgres: a view whose SQL has not changed is left alone. dbt replaces a view by
    renaming it, which needs an exclusive lock, and a BI session idle in a transaction
    after reading the marts holds a share lock on every view it read (and on the
    views and tables under them) until it ends: every scheduled run waited for it,
    and new BI queries queued behind the run. A plain run changes no view's SQL, so
    it now takes no lock a reader holds. The SQL's md5 is kept as the view's comment;
    --full-refresh, a changed SQL, or a relation that is not a view yet goes through
    dbt's own view materialization, then records the new md5.
-#}
{% materialization view, adapter='postgres' %}
    {%- set fingerprint = 'dbt view sql md5 ' ~ local_md5(sql) -%}
    {%- set existing = load_cached_relation(this) -%}
    {%- if existing is not none and existing.is_view and not should_full_refresh()
        and postgres_relation_comment(existing) == fingerprint -%}
        {{ run_hooks(pre_hooks, inside_transaction=False) }}
        {{ run_hooks(pre_hooks, inside_transaction=True) }}
        {%- call statement('main') -%}
            select 1
        {%- endcall -%}
        {{ run_hooks(post_hooks, inside_transaction=True) }}
        {{ adapter.commit() }}
        {{ run_hooks(post_hooks, inside_transaction=False) }}
        {{ return({'relations': [this.incorporate(type='view')]}) }}
    {%- endif -%}
    {%- set relations = context['materialization_view_default']() -%}
    {%- do run_query('comment on view ' ~ this ~ ' is ' ~ dbt.string_literal(fingerprint)) -%}
    {{ return(relations) }}
{% endmaterialization %}

{% macro postgres_relation_comment(relation) %}
    {%- set found = run_query(
        "select obj_description(" ~ dbt.string_literal(relation.render()) ~ "::regclass, 'pg_class')"
    ).columns[0].values() -%}
    {{ return(found[0] if found else none) }}
{% endmacro %}
