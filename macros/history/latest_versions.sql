{#-
    The latest version of each record of a versioned relation (the history layer's
    change logs: one row per change, stamped observed_at), as a subquery body.
-#}
{% macro latest_versions(relation, partition_by) %}
    select *
    from (
        select
            *,
            row_number() over (partition by {{ partition_by }} order by observed_at desc) as version_rank
        from {{ relation }}
    ) as versions
    where version_rank = 1
{% endmacro %}
