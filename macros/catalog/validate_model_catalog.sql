{#-
    The model catalog is edited by hand, so it is checked before it is loaded: the
    seed's pre-hook (seeds/_seeds.yml) runs this on the file as dbt read it, and a
    mistake fails the seed with a compilation error naming the file, the line and
    the fix. Nothing is written then, and everything built from the catalog is
    skipped, so the marts keep what they last published.

    Checked: the file is not empty and holds at least one rule (a catalog without
    rules would bill every BYOK model); the header names every key column (in any
    order; other columns are free); a key column holds no control or invisible
    character once its blanks around are trimmed (a tab inside a model group would
    silently match nothing); every row names a model_group or a model_id; is_byok is true/false,
    yes/no or 1/0 (any letter case, spaces around ignored); valid_from and valid_to
    are empty or YYYY-MM-DD dates; valid_from is before valid_to; no two rows share
    the same key columns and validity window. The key columns are compared as
    int_catalog_rules normalises them (the blanks of macro trim_blanks trimmed,
    model_group lowercased, blank = empty).

    Line numbers are the file's (the header is line 1): rows come in file order, and
    a quoted value spanning several lines moves the next rows down by its line breaks.
-#}
{% macro validate_model_catalog() %}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set table = load_agate_table() -%}
    {%- set problems = validate_model_catalog_table(table) -%}
    {%- if problems -%}
        {%- set shown = problems[:20] -%}
        {%- set more = problems | length - shown | length -%}
        {{ exceptions.raise_compiler_error(
            'The model catalog ' ~ model.original_file_path ~ ' has ' ~ (problems | length)
            ~ (' mistake' if problems | length == 1 else ' mistakes')
            ~ '; it was not loaded, nothing built from it ran, and the marts keep what they last published:\n  - '
            ~ (shown | join('\n  - '))
            ~ ('\n  - ... and ' ~ more ~ ' more' if more > 0 else '')
            ~ '\nFix ' ~ model.original_file_path ~ ' and run dbt build again.'
        ) }}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}


{#- The problems of a catalog read as an agate table, as messages in file order. -#}
{% macro validate_model_catalog_table(table) %}
    {%- set key_columns = ['model_group', 'model_id', 'team_id', 'is_byok', 'valid_from', 'valid_to'] -%}
    {%- set problems = [] -%}

    {#- The header: every key column, once, spelled exactly. -#}
    {%- set header = table.column_names | list -%}
    {%- set missing = [] -%}
    {%- for column in key_columns -%}
        {%- if column not in header -%}
            {%- set look_alikes = [] -%}
            {%- for name in header -%}
                {%- if modules.re.sub('[^a-z]', '', name | lower) == column | replace('_', '') -%}
                    {%- do look_alikes.append('"' ~ name ~ '"') -%}
                {%- endif -%}
            {%- endfor -%}
            {%- if look_alikes -%}
                {%- do problems.append('line 1: column ' ~ (look_alikes | join(', ')) ~ ' must be spelled exactly '
                    ~ column ~ ' (lowercase, with underscores, no spaces); rename it in the header') -%}
            {%- else -%}
                {%- do missing.append(column) -%}
            {%- endif -%}
        {%- endif -%}
        {%- for name in header -%}
            {%- if modules.re.fullmatch(column ~ '_[0-9]+', name) -%}
                {%- do problems.append('line 1: the header names column ' ~ column
                    ~ ' more than once; keep one and move its values there') -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- if missing -%}
        {%- do problems.append('line 1: the header has no column' ~ ('s ' if missing | length > 1 else ' ')
            ~ (missing | join(', ')) ~ ' (it has: ' ~ (header | join(', ')) ~ '); add or rename '
            ~ ('them' if missing | length > 1 else 'it') ~ ': the header must name '
            ~ (key_columns | join(', ')) ~ ', in any order, and may add any other column') -%}
    {%- endif -%}
    {%- if problems -%}
        {{ return(problems) }}
    {%- endif -%}

    {%- if table.rows | length == 0 -%}
        {{ return(['the file holds only its header, no rule: every request would be billed, BYOK models '
            ~ 'included; add a rule per BYOK model (is_byok true), or, when no team brings its own '
            ~ 'key, one billable rule (is_byok false) for a model you serve, which says so']) }}
    {%- endif -%}

    {#- The rows. -#}
    {%- set blanks = catalog_blank_characters() -%}
    {%- set state = namespace(line=2) -%}
    {%- set first_line_of_rule = {} -%}
    {%- for row in table.rows -%}
        {%- set line = state.line -%}
        {%- set values = row.values() | list -%}
        {%- set text = {} -%}
        {%- for column in key_columns -%}
            {%- do text.update({column: ((row[column] if row[column] is not none else '') | string).strip(blanks)}) -%}
        {%- endfor -%}

        {%- if values | reject('none') | list | length == 0 -%}
            {%- do problems.append('line ' ~ line ~ ': the line is empty; delete it') -%}
        {%- else -%}
            {%- for column in key_columns if not text[column].isprintable() -%}
                {%- do problems.append('line ' ~ line ~ ': ' ~ column ~ ' is ' ~ (text[column] | tojson)
                    ~ ', which holds a control or invisible character (a tab, a line break, a zero-width '
                    ~ 'or non-breaking space inside the text); retype the value') -%}
            {%- endfor -%}
            {%- if text.model_group == '' and text.model_id == '' and text.team_id == '' -%}
                {%- do problems.append('line ' ~ line ~ ': the rule names no model_group, model_id or team_id, '
                    ~ 'so it would apply to every request; fill in at least one of them') -%}
            {%- endif -%}

            {%- if text.is_byok == '' -%}
                {%- do problems.append('line ' ~ line ~ ': is_byok is empty; write true (the team pays the provider, '
                    ~ 'never billed) or false (billable)') -%}
            {%- elif text.is_byok | lower not in ['true', 'false', 'yes', 'no', '1', '0'] -%}
                {%- do problems.append('line ' ~ line ~ ': is_byok is "' ~ text.is_byok ~ '"; write true or false '
                    ~ '(yes/no and 1/0 are accepted too, in any letter case)') -%}
            {%- endif -%}

            {%- set dates_valid = [] -%}
            {%- for column, empty_means in [('valid_from', 'no start'), ('valid_to', 'no end')] -%}
                {%- if text[column] != '' and not is_calendar_date(text[column]) -%}
                    {%- do problems.append('line ' ~ line ~ ': ' ~ column ~ ' is "' ~ text[column]
                        ~ '", not a date; write it as YYYY-MM-DD (e.g. 2026-03-01), or leave it empty for '
                        ~ empty_means) -%}
                {%- else -%}
                    {%- do dates_valid.append(column) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- if dates_valid | length == 2 and text.valid_from != '' and text.valid_to != ''
                and text.valid_from >= text.valid_to -%}
                {%- do problems.append('line ' ~ line ~ ': valid_from ' ~ text.valid_from ~ ' is not before valid_to '
                    ~ text.valid_to ~ ', so the rule never applies; valid_to is the first day it no longer applies '
                    ~ '(exclusive): fix the dates or delete the line') -%}
            {%- endif -%}

            {%- set rule = [
                text.model_group | lower, text.model_id, text.team_id, text.valid_from, text.valid_to,
            ] -%}
            {%- set rule_key = tojson(rule) -%}
            {%- if rule_key in first_line_of_rule -%}
                {%- do problems.append('lines ' ~ first_line_of_rule[rule_key] ~ ' and ' ~ line
                    ~ ': the same rule twice (model_group=' ~ (rule[0] or '*') ~ ' model_id=' ~ (rule[1] or '*')
                    ~ ' team_id=' ~ (rule[2] or '*') ~ ' valid=[' ~ (rule[3] or 'open') ~ ', ' ~ (rule[4] or 'open')
                    ~ ')); delete one of them, or give them different validity windows') -%}
            {%- else -%}
                {%- do first_line_of_rule.update({rule_key: line}) -%}
            {%- endif -%}
        {%- endif -%}

        {%- set state.line = line + 1 -%}
        {%- for value in values -%}
            {%- if value is string -%}
                {%- set state.line = state.line + value.count('\n') -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(problems) }}
{% endmacro %}


{#- The blanks trimmed around a key column: trim_blanks' characters (macros/cross_db/trim_blanks.sql). -#}
{% macro catalog_blank_characters() %}
    {{ return(' %c%c%c%c%c%c' | format(9, 10, 11, 12, 13, 160)) }}
{% endmacro %}


{#-
    On-run-start: an empty file (not even its header) fails inside dbt's seed loader
    with "a callable raised a StopIteration exception"; this says what is wrong,
    before anything runs. Its checksum in the manifest is the sha256 of no bytes.
-#}
{% macro refuse_an_empty_model_catalog() %}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'seed' and node.name == 'model_catalog' -%}
        {%- if node.checksum.checksum == 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' -%}
            {{ exceptions.raise_compiler_error(
                'The model catalog ' ~ node.original_file_path ~ ' is empty, without even its header, so nothing '
                ~ 'was built and the marts keep what they last published. Write its header, '
                ~ 'model_group,model_id,team_id,is_byok,valid_from,valid_to, and a rule per BYOK model '
                ~ '(docs/catalog.md), then run dbt build again.'
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return('') }}
{% endmacro %}
