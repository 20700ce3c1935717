{#- The one exact type money has from staging on. -#}
{% macro money_type() %}decimal(38, 18){% endmacro %}

{#-
    The largest amount, exclusive, that is money here: 1e15 USD. decimal(38, 18)
    holds less than 1e20, and DuckDB's sum() over it wraps around silently when a
    total passes that (two amounts of 9e19 summed to -1.4e20), so one amount must
    stay far below: 100,000 amounts this size still add up inside the type.
    Requests above var max_request_spend (at most this) are quarantined anyway.
-#}
{% macro money_limit() %}1e15{% endmacro %}

{#-
    A float amount as exact decimal. Going through text takes the shortest
    representation that round-trips the float (both engines print it the same),
    so DuckDB and Postgres agree to the last digit; a direct cast would keep
    binary noise on one engine and round to 15 digits on the other. NULL for what
    is not money: NaN, infinities, and amounts of money_limit() or more, which the
    cast could not hold (1e20, 1e308), so a quarantined row's amount never fails
    a build.
-#}
{% macro float_to_money(expression) %}
    case
        when abs({{ expression }}) < cast({{ dbt.string_literal(money_limit()) }} as {{ float8_type() }})
            then cast(cast({{ expression }} as {{ dbt.type_string() }}) as {{ money_type() }})
    end
{% endmacro %}
