{#-
    Secrets never leave staging. A value looks like a virtual key (LiteLLM and
    OpenAI keys start with "sk-") when "sk-", in any case, starts it or follows a
    character that is not a letter or a digit: leading spaces, "SK-...", "Bearer
    sk-...", a key pasted into an alias. "task-1" or "desk-2" do not match.
-#}
{% macro looks_like_secret(expression) %}
    {{ return(adapter.dispatch('looks_like_secret', 'litellm_spend')(expression)) }}
{% endmacro %}

{#- A cheap first pass, then the regex decides: a regex on every text column of every
    row cost a fifth of staging's CPU time on DuckDB and doubled it on Postgres, where
    two plain likes are the cheapest pass found (ilike took twice as long). -#}
{% macro default__looks_like_secret(expression) %}
    (({{ expression }} like '%k-%' or {{ expression }} like '%K-%') and {{ expression }} ~ '(^|[^A-Za-z0-9])[sS][kK]-')
{% endmacro %}

{% macro duckdb__looks_like_secret(expression) %}
    ({{ expression }} ilike '%sk-%' and regexp_matches({{ expression }}, '(^|[^A-Za-z0-9])[sS][kK]-'))
{% endmacro %}

{% macro spark__looks_like_secret(expression) %}
    ({{ expression }} ilike '%sk-%' and {{ expression }} rlike '(^|[^A-Za-z0-9])[sS][kK]-')
{% endmacro %}

{#-
    A text column as staging keeps it: blank (or NULL) becomes NULL, a value that
    looks like a secret becomes the sha256 hex digest of the secret (secret_text), the
    digest LiteLLM stores for a key (hash_token), so a raw key in api_key becomes the
    key's token and the same key always gives the same digest (groups stay groups).
    One CASE over the bare expression: Postgres evaluates a nested expression again
    at every mention, and only the rare secret reaches the second branch.
-#}
{% macro clean_text(expression) %}
    case
        when trim({{ expression }}) = '' then null
        when {{ looks_like_secret(expression) }} then {{ sha256_hex(secret_text(expression)) }}
        else {{ expression }}
    end
{% endmacro %}

{#-
    An id as staging keeps it (team, customer, user, organization, deployment): as
    clean_text, and without the blanks around it, its case kept. The catalog matches
    team_id and model_id trimmed and case-sensitively, so the data's ids are read
    the same way: 'team-01 ' (a padded CHAR column in a warehouse copy, a hand-typed
    id) is team-01, and 'TEAM-01' is another team, as in LiteLLM, whose team table
    keys on the exact id (DECISIONLOG, Cleaning and sources).
-#}
{% macro clean_id(expression) %}
    case
        when {{ trim_blanks(expression) }} = '' then null
        when {{ looks_like_secret(expression) }} then {{ sha256_hex(secret_text(expression)) }}
        else {{ trim_blanks(expression) }}
    end
{% endmacro %}

{#-
    The secret a pasted value holds, as LiteLLM hashes it: the blanks around it and
    an HTTP "Bearer " prefix (any letter case) removed, the key's own case kept. So
    " sk-abc", "Bearer sk-abc" and "sk-abc" give one digest, equal to LiteLLM's
    hash_token("sk-abc") in "LiteLLM_VerificationToken".token. A text around a key
    ("my key sk-abc") is hashed whole: only the text knows where the key ends.
-#}
{% macro secret_text(expression) %}
    {{ trim_blanks("regexp_replace(" ~ trim_blanks(expression) ~ ", '^[Bb][Ee][Aa][Rr][Ee][Rr] +', '')") }}
{% endmacro %}
