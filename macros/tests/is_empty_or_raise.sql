{#- Generic form of raise_if_rows: the model must be empty, or the build fails naming its rows. -#}
{% test is_empty_or_raise(model, message_column, headline) %}

{{ raise_if_rows('select * from ' ~ model, message_column, headline) }}

{% endtest %}
