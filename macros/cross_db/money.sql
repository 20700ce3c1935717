{#- The one exact type money has from staging on. -#}
{% macro money_type() %}decimal(38, 18){% endmacro %}

{#-
    A float amount as exact decimal. Going through text takes the shortest
    representation that round-trips the float (both engines print it the same),
    so DuckDB and Postgres agree to the last digit; a direct cast would keep
    binary noise on one engine and round to 15 digits on the other.
-#}
{% macro float_to_money(expression) %}
    cast(cast({{ expression }} as {{ dbt.type_string() }}) as {{ money_type() }})
{% endmacro %}
