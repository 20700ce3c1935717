{#-
    A catalog edit that bills BYOK usage, a question of run/run_window. BYOK usage is
    paid by the team to its provider; billing it after all is a decision, not a
    spreadsheet slip (a wrong team id, a rule deleted by mistake). So an edit that
    makes a key the marts were built from (`held_keys`) billable, where the rules the
    marts were last published with (`published_rules`, run_published_catalog_rules)
    made it BYOK, is refused at compile time, before anything changes, naming the
    models, unless var confirm_byok_to_billable is true. Both verdicts use today's
    deployment owners (`ownership_days`): an owner's change in LiteLLM is LiteLLM's
    word, not an edit. Nothing is compared when the rules did not change.
-#}
{% macro refuse_byok_made_billable(held_keys, published_rules, catalog_rules, ownership_days) %}
    {%- if held_keys is none or published_rules is none or not execute or confirm_byok_to_billable()
          or flags.WHICH not in ('build', 'run') -%}
        {{ return('') }}
    {%- endif -%}
    {%- set rule_columns = 'catalog_model_name, model_id, team_id, is_byok, valid_from, valid_to' -%}
    {%- set edited = run_query(
        'select count(*) from ((select ' ~ rule_columns ~ ' from ' ~ catalog_rules ~ ' except select ' ~ rule_columns
        ~ ' from ' ~ published_rules ~ ') union all (select ' ~ rule_columns ~ ' from ' ~ published_rules
        ~ ' except select ' ~ rule_columns ~ ' from ' ~ catalog_rules ~ ')) as edits').columns[0].values()[0] -%}
    {%- if edited == 0 -%}
        {{ return('') }}
    {%- endif -%}
    {%- set sql -%}
        with

        published_verdicts as (

            {{ catalog_verdicts(held_keys, published_rules, ownership_days) }}

        ),

        verdicts_now as (

            {{ catalog_verdicts(held_keys, catalog_rules, ownership_days) }}

        )

        select
            verdicts_now.catalog_model_name,
            verdicts_now.model_id,
            verdicts_now.team_id,
            min(verdicts_now.spend_date) as first_day,
            max(verdicts_now.spend_date) as last_day
        from verdicts_now
        inner join published_verdicts
            on {{ catalog_key_join('verdicts_now', 'published_verdicts') }}
        where published_verdicts.is_byok and not verdicts_now.is_byok
        group by verdicts_now.catalog_model_name, verdicts_now.model_id, verdicts_now.team_id
        order by 1, 2, 3
    {%- endset -%}
    {%- set billed = run_query(sql).rows -%}
    {%- if billed | length == 0 -%}
        {{ return('') }}
    {%- endif -%}
    {%- set lines = [] -%}
    {%- for model, model_id, team_id, first_day, last_day in billed[:10] -%}
        {%- do lines.append('  - ' ~ printable_text(model or '(no model)') ~ ', deployment ' ~ printable_text(model_id or '(none)')
            ~ ', team ' ~ printable_text(team_id or '(none)') ~ ': ' ~ first_day ~ ' to ' ~ last_day) -%}
    {%- endfor -%}
    {%- if billed | length > 10 -%}
        {%- do lines.append('  - and ' ~ (billed | length - 10) ~ ' more') -%}
    {%- endif -%}
    {{ exceptions.raise_compiler_error(
        'This catalog edit bills usage that the published marts hold as BYOK (paid by the team to its own '
        ~ 'provider), so this run changed nothing:\n' ~ (lines | join('\n'))
        ~ '\nIf the edit is right, run once with --vars \'{confirm_byok_to_billable: true}\' (the days are '
        ~ 'rebuilt, and invoiced months get adjustments); otherwise fix seeds/model_catalog.csv.'
    ) }}
{% endmacro %}

{#- A value from the data as a message shows it: control characters escaped. -#}
{% macro printable_text(value) %}
    {{ return((value | string).encode('unicode_escape').decode('ascii')) }}
{% endmacro %}
