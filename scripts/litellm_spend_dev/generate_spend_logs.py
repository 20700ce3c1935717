"""Deterministic synthetic LiteLLM spend logs, generated with SQL inside DuckDB.

Every column of a row is a pure function of (seed, row number), so the same arguments give
the same data at any size and in any chunking, and a re-delivered duplicate is simply the
same row number emitted twice. Python never loops over rows, which keeps 100M rows feasible.

    python -m litellm_spend_dev.generate_spend_logs --rows 1000000 --days 90
    SPEND_PG_HOST=... python -m litellm_spend_dev.generate_spend_logs --target postgres
    python -m litellm_spend_dev.generate_spend_logs --target parquet --parquet-dir spend-parquet

--target parquet writes LiteLLM's tables as Parquet files (the Spark target's source, loaded
by litellm_spend_dev.spark_source); rows are generated in an in-memory DuckDB first.
"""

import argparse
import dataclasses
import datetime as dt
import hashlib
import io
import time
from concurrent.futures import ThreadPoolExecutor

import duckdb

from litellm_spend.warehouse.settings import ENV_DUCKDB_PATH, Settings
from litellm_spend_dev.parquet_export import export_duckdb_tables
from litellm_spend_dev.proxy_model_table import deployment_row, save_deployments_duckdb, save_deployments_postgres
from litellm_spend_dev.spend_logs_layout import (
    COLUMN_NAMES, SPEND_LOG_COLUMNS, create_duckdb_spend_logs_table, q, table_ref,
)

# ---------------------------------------------------------------------------------------
# Catalog. Fixed (seed-independent) so seeds and docs can refer to these exact ids.
# ---------------------------------------------------------------------------------------
STATUS_COLUMN_SINCE = "2025-05-01"        # status is NULL on older rows
ORG_COLUMN_SINCE = "2025-11-22"           # organization_id column added (older rows NULL)
DURATION_COLUMN_SINCE = "2026-02-24"      # request_duration_ms added (older rows NULL)
INITECH_MODEL_GROUP = "model_name_team-initech_6f1c2a9e-3b7d-4e8a-9c51-2d4f8e7b1a30"
MASTER_KEY = "litellm_proxy_master_key"

# team_id, alias, organization_id ('' = unset), traffic share, number of keys
NAMED_TEAMS = [
    ("team-acme", "Acme Corp", "org-acme", 0.15, 10),
    ("team-globex", "Globex Corporation", "org-globex", 0.10, 10),
    ("team-initech", "Initech", "org-initech", 0.08, 10),
]
_DEPARTMENTS = [
    "Platform", "Search", "Data Science", "Support Bots", "Marketing", "Finance", "Legal",
    "Mobile", "Web", "Security", "Research", "Sales Ops", "HR Tools", "Analytics",
    "Infra", "Growth", "Payments", "Docs", "QA", "Design",
]
NUMBERED_TEAMS = [
    (f"team-{n:02d}", _DEPARTMENTS[n - 1], "org-internal" if n <= 10 else "",
     0.62 * (1 / (n + 2)) / sum(1 / (m + 2) for m in range(1, 21)), 6 if n <= 14 else 5)
    for n in range(1, 21)
]
TEAMS = NAMED_TEAMS + NUMBERED_TEAMS
TEAMLESS_SHARE, TEAMLESS_KEYS, MASTER_SHARE = 0.05, 6, 0.002
N_CUSTOMERS = 500

# model_id -> (model_group, model, custom_llm_provider, api_base, call_type, $/input token,
# $/output token). Images are priced per image instead (see _rows_sql).
_OPENAI, _ANTHROPIC = "https://api.openai.com/v1", "https://api.anthropic.com/v1/messages"
DEPLOYMENTS = {
    "dep-gpt-4o-1": ("gpt-4o", "gpt-4o", "openai", _OPENAI, "acompletion", 2.5e-6, 1e-5),
    "dep-gpt-4o-2": ("gpt-4o", "openai/gpt-4o-2024-08-06", "openai", "https://eu.api.openai.com/v1", "acompletion", 2.5e-6, 1e-5),
    "dep-gpt-4o-mini-1": ("gpt-4o-mini", "gpt-4o-mini", "openai", _OPENAI, "acompletion", 1.5e-7, 6e-7),
    "dep-gpt-4o-mini-2": ("gpt-4o-mini", "openai/gpt-4o-mini-2024-07-18", "openai", "https://eu.api.openai.com/v1", "acompletion", 1.5e-7, 6e-7),
    "dep-claude-sonnet-4-1": ("claude-sonnet-4", "anthropic/claude-sonnet-4-20250514", "anthropic", _ANTHROPIC, "acompletion", 3e-6, 1.5e-5),
    "dep-claude-sonnet-4-2": ("claude-sonnet-4", "anthropic/claude-sonnet-4-20250514", "anthropic", "https://anthropic-proxy.internal.example/v1/messages", "acompletion", 3e-6, 1.5e-5),
    "dep-claude-haiku-4-1": ("claude-haiku-4", "anthropic/claude-haiku-4-20250514", "anthropic", _ANTHROPIC, "acompletion", 8e-7, 4e-6),
    "dep-gemini-2.5-pro-1": ("gemini-2.5-pro", "vertex_ai/gemini-2.5-pro", "vertex_ai", "https://us-central1-aiplatform.googleapis.com/v1", "acompletion", 1.25e-6, 1e-5),
    "dep-llama-3.1-70b-1": ("llama-3.1-70b", "bedrock/meta.llama3-1-70b", "bedrock", "https://bedrock-runtime.us-east-1.amazonaws.com", "acompletion", 7.2e-7, 7.2e-7),
    "dep-mistral-large-1": ("mistral-large", "mistral/mistral-large-latest", "mistral", "https://api.mistral.ai/v1", "acompletion", 2e-6, 6e-6),
    "dep-text-embedding-3-small-1": ("text-embedding-3-small", "text-embedding-3-small", "openai", _OPENAI, "aembedding", 2e-8, 0.0),
    "dep-dall-e-3-1": ("dall-e-3", "dall-e-3", "openai", _OPENAI, "aimage_generation", 0.0, 0.0),
    # Team-owned (BYOK) deployments: only the owning team's keys route to them.
    "dep-acme-claude-sonnet": ("claude-sonnet-4", "anthropic/claude-sonnet-4-20250514", "anthropic", _ANTHROPIC, "acompletion", 3e-6, 1.5e-5),
    "dep-globex-gpt-4o": ("gpt-4o", "gpt-4o", "openai", _OPENAI, "acompletion", 2.5e-6, 1e-5),
    "dep-initech-azure": (INITECH_MODEL_GROUP, "azure/initech-gpt-4o", "azure", "https://initech.openai.azure.com/", "acompletion", 2.5e-6, 1e-5),
}
# Traffic share per model group, then per deployment within the group.
GROUP_MIX = {
    "gpt-4o": 0.24, "gpt-4o-mini": 0.24, "claude-sonnet-4": 0.18, "claude-haiku-4": 0.08,
    "gemini-2.5-pro": 0.07, "llama-3.1-70b": 0.04, "mistral-large": 0.03,
    "text-embedding-3-small": 0.10, "dall-e-3": 0.02,
}
SHARED_SPLIT = {"dep-gpt-4o-1": 0.6, "dep-gpt-4o-2": 0.4, "dep-gpt-4o-mini-1": 0.5,
                "dep-gpt-4o-mini-2": 0.5, "dep-claude-sonnet-4-1": 0.7, "dep-claude-sonnet-4-2": 0.3}
# team -> (group it favours, its share of that team's traffic, own deployment, share routed to it)
BYOK_TEAMS = {
    "team-acme": ("claude-sonnet-4", 0.35, "dep-acme-claude-sonnet", 0.8),
    "team-globex": ("gpt-4o", 0.35, "dep-globex-gpt-4o", 0.8),
    "team-initech": ("gpt-4o", 0.30, "dep-initech-azure", 0.7),
}
USER_AGENTS = ["OpenAI/Python 1.82.0", "OpenAI/JS 4.98.0", "claude-cli/1.0.51",
               "langchain/0.3.25", "curl/8.5.0", "litellm/1.74.3"]
PROJECTS = ["chatbot", "rag-search", "summarizer", "code-review", "batch-eval"]
TOPICS = ["quarterly report", "unit tests", "a refund request", "travel plans", "SQL tuning",
          "a product FAQ", "release notes", "an onboarding email"]

KEY_SLOTS, DEP_SLOTS = 100_000, 10_000  # resolution of the weighted lookups


def _keys():
    """One dict per virtual key (plus the master key) with its traffic weight."""
    keys = [dict(raw=MASTER_KEY, api_key=MASTER_KEY, alias=None, user="default_user_id",
                 team_id=None, team_alias=None, org="", team_class="default", weight=MASTER_SHARE)]
    groups = [(None, None, "", TEAMLESS_SHARE - MASTER_SHARE, TEAMLESS_KEYS)] + TEAMS
    for team_id, alias, org, share, n_keys in groups:
        short = team_id.removeprefix("team-") if team_id else "solo"
        harmonic = sum(1 / (j + 1) for j in range(n_keys))
        for j in range(n_keys):
            raw = "sk-" + hashlib.md5(f"demo-key/{short}/{j}".encode()).hexdigest()[:22]
            keys.append(dict(
                raw=raw, api_key=hashlib.sha256(raw.encode()).hexdigest(),
                alias=None if j == n_keys - 1 else f"{short}-{['prod', 'staging', 'ci', 'dev', 'notebook'][j % 5]}-{j + 1}",
                user="" if j == 3 else f"user-{short}-{j % 3 + 1}",
                team_id=team_id, team_alias=alias, org=org,
                team_class=team_id if team_id in BYOK_TEAMS else "default",
                weight=share / (j + 1) / harmonic))
    return keys


def _deployment_mix(team_class):
    mix = {}
    for group, share in GROUP_MIX.items():
        for dep in [d for d in SHARED_SPLIT if DEPLOYMENTS[d][0] == group] or [f"dep-{group}-1"]:
            mix[dep] = share * SHARED_SPLIT.get(dep, 1.0)
    if team_class in BYOK_TEAMS:
        group, group_share, own_dep, own_share = BYOK_TEAMS[team_class]
        shared = [d for d in mix if DEPLOYMENTS[d][0] == group]
        scale_rest = (1 - group_share) / (1 - sum(mix[d] for d in shared))
        mix = {d: w * scale_rest for d, w in mix.items() if d not in shared}
        for d in shared:
            mix[d] = group_share * (1 - own_share) * SHARED_SPLIT.get(d, 1.0)
        mix[own_dep] = group_share * own_share
    return mix


def _slot_bounds(weights, n_slots):
    """Cumulative integer slot ranges [lo, hi) proportional to weights."""
    total, acc, out = sum(weights), 0.0, []
    for w in weights:
        lo = round(acc / total * n_slots)
        acc += w
        out.append((lo, round(acc / total * n_slots)))
    return out


def _load_catalog(con):
    """Small weighted lookup tables, expanded to one row per slot so the big query joins on equality."""
    keys = _keys()
    con.execute("CREATE OR REPLACE TEMP TABLE _gen_keys (lo INT, hi INT, key_no INT, raw_key VARCHAR, "
                "api_key VARCHAR, key_alias VARCHAR, user_id VARCHAR, team_id VARCHAR, team_alias VARCHAR, "
                "org_id VARCHAR, team_class VARCHAR)")
    con.executemany("INSERT INTO _gen_keys VALUES (?,?,?,?,?,?,?,?,?,?,?)", [
        (lo, hi, n, k["raw"], k["api_key"], k["alias"], k["user"], k["team_id"], k["team_alias"],
         k["org"], k["team_class"])
        for n, (k, (lo, hi)) in enumerate(zip(keys, _slot_bounds([k["weight"] for k in keys], KEY_SLOTS)))])
    con.execute(f"CREATE OR REPLACE TEMP TABLE _gen_key_slots AS SELECT s.range::INT AS slot, k.* "
                f"FROM range({KEY_SLOTS}) s JOIN _gen_keys k ON s.range >= k.lo AND s.range < k.hi")

    con.execute("CREATE OR REPLACE TEMP TABLE _gen_deps (team_class VARCHAR, lo INT, hi INT, dep_id VARCHAR, "
                "model_group VARCHAR, model VARCHAR, provider VARCHAR, api_base VARCHAR, call_type VARCHAR, "
                "price_in DOUBLE, price_out DOUBLE)")
    rows = []
    for team_class in ["default", *BYOK_TEAMS]:
        mix = _deployment_mix(team_class)
        for dep, (lo, hi) in zip(mix, _slot_bounds(list(mix.values()), DEP_SLOTS)):
            rows.append((team_class, lo, hi, dep, *DEPLOYMENTS[dep]))
    con.executemany("INSERT INTO _gen_deps VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _gen_dep_slots AS SELECT s.range::INT AS slot, d.* "
                f"FROM range({DEP_SLOTS}) s JOIN _gen_deps d ON s.range >= d.lo AND s.range < d.hi")


def _lit(value):
    return "'" + str(value).replace("'", "''") + "'"


def _rows_sql(start, stop, seed, window_start, days, duplicate_rate, with_duplicates, time_ordered_ids=None):
    """SELECT producing rows for ids [start, stop) in SPEND_LOG_COLUMNS order, plus gi/is_dup.

    time_ordered_ids=(first, count): the start time grows with the id over ids [first, first + count)
    instead of being drawn, so rows come out in start-time order."""
    seed = int(seed)

    def u(k):  # independent uniform draw in [0, 1) per (row, purpose)
        return f"((hash(gi, {k}::BIGINT, {seed}::BIGINT) % 1000000007) / 1000000007.0)"

    dup_pick = f"((hash(range, 99::BIGINT, {seed}::BIGINT) % 1000000007) / 1000000007.0) < {float(duplicate_rate)!r}"
    dups = (f"UNION ALL SELECT range, true FROM range({start}, {stop}) WHERE {dup_pick}"
            if with_duplicates and duplicate_rate > 0 else "")
    span_ms = days * 86_400_000
    if time_ordered_ids:
        first, count = time_ordered_ids
        u_time = f"((gi - {int(first)}) + {u(3)}) / {max(int(count), 1)}.0"
    else:
        u_time = u(3)
    agents = "[" + ", ".join(_lit(a) for a in USER_AGENTS) + "]"
    projects = "[" + ", ".join(_lit(p) for p in PROJECTS) + "]"
    topics = "[" + ", ".join(_lit(t) for t in TOPICS) + "]"
    return f"""
WITH ids AS (
  SELECT range AS gi, false AS is_dup FROM range({start}, {stop}) {dups}
), draws AS (
  SELECT gi, is_dup,
    floor({u(1)} * {KEY_SLOTS})::INT AS key_slot,
    floor({u(2)} * {DEP_SLOTS})::INT AS dep_slot,
    {u_time} AS u_time, {u(4)} AS u_edge, {u(5)} AS u_outcome, {u(6)} AS u_prompt,
    {u(7)} AS u_completion, {u(8)} AS u_cache_read, {u(9)} AS u_dur, {u(10)} AS u_stream,
    {u(11)} AS u_raw, {u(12)} AS u_team_null, {u(13)} AS u_cust, {u(14)} AS u_group,
    {u(15)} AS u_model_id, {u(16)} AS u_cache_flag, {u(17)} AS u_tag, {u(18)} AS u_store,
    {u(19)} AS u_session, {u(20)} AS u_ip, {u(21)} AS u_lag,
    md5('req/{seed}/' || gi) AS h_req, md5('call/{seed}/' || gi) AS h_call
  FROM ids
), base AS (
  SELECT d.*, k.*, p.dep_id, p.model_group AS group_name, p.model AS model_name, p.provider,
    p.api_base AS dep_api_base, p.call_type AS dep_call_type, p.price_in, p.price_out,
    -- a few requests land exactly on day boundaries, the rest anywhere in the window
    epoch_ms({_epoch_ms(window_start)} + CASE
      WHEN u_edge < 0.0005 THEN floor(u_time * {days})::BIGINT * 86400000
      WHEN u_edge < 0.001 THEN floor(u_time * {days})::BIGINT * 86400000 + 86399999
      ELSE floor(u_time * {span_ms})::BIGINT END) AS start_ts,
    CASE WHEN u_outcome < 0.03 THEN 'failure' WHEN u_outcome < 0.08 THEN 'cache_hit' ELSE 'success' END AS outcome,
    substr(h_call, 1, 8) || '-' || substr(h_call, 9, 4) || '-4' || substr(h_call, 14, 3) || '-a'
      || substr(h_call, 18, 3) || '-' || substr(h_call, 21, 12) AS call_id
  FROM draws d
  JOIN _gen_key_slots k ON k.slot = d.key_slot
  JOIN _gen_dep_slots p ON p.team_class = k.team_class AND p.slot = d.dep_slot
), tokens AS (
  SELECT *,
    CASE dep_call_type
      WHEN 'aembedding' THEN 5 + floor(exp(2 + 5 * u_prompt))
      WHEN 'aimage_generation' THEN 10 + floor(60 * u_prompt)
      ELSE 20 + floor(exp(3 + 6 * u_prompt)) END::INTEGER AS prompt_tok,
    CASE WHEN dep_call_type <> 'acompletion' OR outcome = 'failure' THEN 0
      ELSE 5 + floor(exp(1.5 + 5.5 * u_completion)) END::INTEGER AS completion_tok
  FROM base
), priced AS (
  SELECT *,
    CASE WHEN provider = 'anthropic' AND u_cache_read < 0.2 AND outcome = 'success'
      THEN floor(prompt_tok * u_cache_read * 4)::INTEGER ELSE 0 END AS cache_read_tok,
    CASE outcome WHEN 'failure' THEN 100 + floor(2900 * u_dur) WHEN 'cache_hit' THEN 2 + floor(18 * u_dur)
      ELSE CASE dep_call_type WHEN 'aimage_generation' THEN 5000 + floor(10000 * u_dur)
        WHEN 'aembedding' THEN 40 + floor(260 * u_dur)
        ELSE 250 + completion_tok * 12 + floor(900 * u_dur) END END::INTEGER AS duration_ms
  FROM tokens
), costed AS (
  SELECT *,
    CASE WHEN outcome <> 'success' THEN 0.0
      WHEN dep_call_type = 'aimage_generation' THEN CASE WHEN u_completion < 0.2 THEN 0.08 ELSE 0.04 END
      ELSE (prompt_tok - cache_read_tok) * price_in + cache_read_tok * price_in * 0.1 + completion_tok * price_out
    END AS cost,
    CASE WHEN outcome <> 'success' THEN 0.0 ELSE (prompt_tok - cache_read_tok) * price_in + cache_read_tok * price_in * 0.1 END AS input_cost,
    start_ts + to_milliseconds(duration_ms) AS end_ts,
    CASE WHEN u_tag < 0.4 THEN {projects}[1 + floor(u_tag * 12.5)::INT] END AS project,
    CASE WHEN provider = 'openai' AND dep_call_type = 'acompletion' THEN 'chatcmpl-' || substr(h_req, 1, 29)
      WHEN provider = 'anthropic' THEN 'msg_01' || upper(substr(h_req, 1, 22))
      ELSE call_id END AS provider_id
  FROM priced
), shaped AS (
  SELECT *,
    CASE WHEN u_store < 0.3 THEN NULL
      ELSE json_array(json_object('role', 'user', 'content',
        'Synthetic prompt #' || gi || ' about ' || {topics}[1 + (gi % {len(TOPICS)})::INT])) END AS msgs,
    CASE WHEN start_ts < TIMESTAMP '{STATUS_COLUMN_SINCE}' THEN NULL
      WHEN outcome = 'failure' THEN 'failure' ELSE 'success' END AS status_col,
    -- customers are skewed: low numbers are the big ones
    CASE WHEN u_cust < 0.30 THEN '' WHEN u_cust < 0.35 THEN NULL
      ELSE 'cust-' || lpad((1 + floor({N_CUSTOMERS} * pow((u_cust - 0.35) / 0.65, 2)))::INT::VARCHAR, 4, '0')
    END AS customer
  FROM costed
)
SELECT
  CASE WHEN outcome = 'cache_hit' THEN provider_id || '_cache_hit' || epoch_ms(start_ts) ELSE provider_id END AS request_id,
  dep_call_type AS call_type,
  CASE WHEN api_key <> '{MASTER_KEY}' AND u_raw < 0.005 THEN raw_key ELSE api_key END AS api_key,
  cost AS spend,
  prompt_tok + completion_tok AS total_tokens,
  prompt_tok AS prompt_tokens,
  completion_tok AS completion_tokens,
  start_ts AS "startTime",
  end_ts AS "endTime",
  CASE WHEN start_ts >= TIMESTAMP '{DURATION_COLUMN_SINCE}' THEN duration_ms END AS request_duration_ms,
  CASE WHEN u_stream < 0.4 AND outcome = 'success' AND dep_call_type = 'acompletion'
    THEN start_ts + to_milliseconds(least(duration_ms - 1, 150 + floor(1200 * u_stream)::INT))
    ELSE end_ts END AS "completionStartTime",
  model_name AS model,
  CASE WHEN u_model_id < 0.01 THEN '' ELSE dep_id END AS model_id,
  CASE WHEN u_group < 0.02 THEN ''
    WHEN u_group < 0.021 THEN upper(group_name)
    WHEN u_group < 0.022 THEN ' ' || group_name || ' '
    WHEN u_group < 0.023 THEN group_name || ' '
    ELSE group_name END AS model_group,
  provider AS custom_llm_provider,
  dep_api_base AS api_base,
  user_id AS "user",
  json_object(
    'user_api_key_alias', key_alias, 'user_api_key_team_alias', team_alias,
    'user_api_key_team_id', team_id, 'user_api_key_user_id', user_id, 'user_api_key_org_id', org_id,
    'status', CASE outcome WHEN 'failure' THEN 'failure' ELSE 'success' END,
    'error_information', CASE WHEN outcome = 'failure' THEN json_object(
      'error_code', CASE WHEN u_dur < 0.6 THEN '429' ELSE '500' END,
      'error_class', CASE WHEN u_dur < 0.6 THEN 'RateLimitError' ELSE 'InternalServerError' END,
      'error_message', 'synthetic upstream error') END,
    'usage_object', json_object('prompt_tokens', prompt_tok, 'completion_tokens', completion_tok,
      'total_tokens', prompt_tok + completion_tok, 'cache_read_input_tokens', cache_read_tok,
      'cache_creation_input_tokens', 0),
    'additional_usage_values', json_object(),
    'cost_breakdown', json_object('input_cost', input_cost, 'output_cost', cost - input_cost, 'total_cost', cost),
    'spend_logs_metadata', CASE WHEN project IS NOT NULL THEN json_object('project', project) END
  ) AS metadata,
  CASE WHEN outcome = 'cache_hit' THEN 'True' WHEN u_cache_flag < 0.12 THEN '' ELSE 'False' END AS cache_hit,
  CASE WHEN outcome = 'cache_hit' OR u_cache_flag >= 0.12 THEN substr(md5('cache/' || model_name || '/' || (gi % 5000)), 1, 32) ELSE '' END AS cache_key,
  to_json(CASE WHEN project IS NULL THEN ['User-Agent: ' || {agents}[1 + floor(u_ip * {len(USER_AGENTS)})::INT]]
    ELSE ['User-Agent: ' || {agents}[1 + floor(u_ip * {len(USER_AGENTS)})::INT], 'project:' || project] END) AS request_tags,
  CASE WHEN team_id IS NOT NULL THEN team_id WHEN u_team_null < 0.2 THEN NULL ELSE '' END AS team_id,
  CASE WHEN start_ts >= TIMESTAMP '{ORG_COLUMN_SINCE}' THEN org_id END AS organization_id,
  customer AS end_user,
  '10.1.' || key_no || '.' || (1 + floor(u_ip * 250))::INT AS requester_ip_address,
  coalesce(msgs, '{{}}')::JSON AS messages,
  CASE WHEN msgs IS NULL OR outcome = 'failure' THEN '{{}}'::JSON ELSE json_object('id', provider_id, 'choices', json_array(
    json_object('message', json_object('role', 'assistant', 'content', 'Synthetic answer for request #' || gi)))) END AS response,
  CASE WHEN u_session < 0.25 THEN md5('session/{seed}/' || key_no || '/' || (epoch_ms(start_ts) // 1800000)) END AS session_id,
  status_col AS status,
  NULL::VARCHAR AS mcp_namespaced_tool_name,
  NULL::VARCHAR AS billing_agent_id,
  NULL::VARCHAR AS agent_id,
  CASE WHEN msgs IS NULL THEN '{{}}'::JSON ELSE json_object('model', group_name, 'messages', msgs, 'user', nullif(customer, ''))
    END AS proxy_server_request,
  call_id AS litellm_call_id,
  end_ts + to_milliseconds(5 + floor(1995 * u_lag)::INT) AS created_at,
  end_ts + to_milliseconds(5 + floor(1995 * u_lag)::INT) AS updated_at,
  gi, is_dup
FROM shaped
"""


def _epoch_ms(day):
    return int(dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc).timestamp() * 1000)


def _csv_line_sql(inner):
    """Wrap the row query so DuckDB renders each row as one Postgres CSV line (NULL = unquoted empty)."""
    parts = []
    for name, typ in SPEND_LOG_COLUMNS:
        col = q(name)
        if typ in ("VARCHAR", "JSON"):
            parts.append(f"CASE WHEN {col} IS NULL THEN '' ELSE '\"' || replace({col}::VARCHAR, '\"', '\"\"') || '\"' END")
        else:
            parts.append(f"coalesce({col}::VARCHAR, '')")
    line = " || ',' || ".join(parts)
    return f"SELECT {line} AS line FROM ({inner}) ORDER BY gi, is_dup"


def _is_psycopg2(obj):
    return hasattr(obj, "get_dsn_parameters")


def deployments():
    """The rows of "LiteLLM_ProxyModelTable" behind the generated traffic: each BYOK team's own
    deployment, owned by the team (Globex's serves the public name gpt-4o, beside the operator's),
    and the operator's deployments, owned by no team."""
    owners = {own_dep: team_id for team_id, (_, _, own_dep, _) in BYOK_TEAMS.items()}
    return [deployment_row(model_id, group, owners.get(model_id), provider_model)
            for model_id, (group, provider_model, *_) in DEPLOYMENTS.items()]


def generate(target, rows=20000, days=30, end_date=None, seed=42, schema="public",
             duplicate_rate=0.005, append=False, id_offset=0, chunk_rows=None, verbose=True,
             time_ordered=False, with_deployments=False):
    """Write synthetic rows into target (a DuckDB connection or a psycopg2 connection).

    with_deployments also stores the deployments behind them in "LiteLLM_ProxyModelTable"
    (created in DuckDB; on Postgres only where LiteLLM's migrations created it).

    Start times are drawn at random over the window, so every stretch of the table spans all days.
    time_ordered makes the start time grow with the row number instead, so the table is in
    "startTime" order as LiteLLM's append-only log is (Postgres gets the rows in row-number order);
    every other column is drawn as before.

    Returns {"rows_written", "distinct_request_ids", "duplicates", "duplicates_skipped",
    "spend_total", "seconds"}.
    """
    t0 = time.time()
    if isinstance(end_date, str):
        end_date = dt.date.fromisoformat(end_date)
    end_date = end_date or dt.datetime.now(dt.timezone.utc).date()
    window_start = end_date - dt.timedelta(days=days - 1)
    postgres = _is_psycopg2(target)
    duck = duckdb.connect() if postgres else target
    _load_catalog(duck)

    def sql(start, stop, with_dups):
        return _rows_sql(start + id_offset, stop + id_offset, seed, window_start, days, duplicate_rate, with_dups,
                         (id_offset, rows) if time_ordered else None)

    if postgres:
        with_dups = not _write_postgres(target, duck, rows, schema, append, sql, chunk_rows or 100_000)
    else:
        create_duckdb_spend_logs_table(duck, schema)
        # The query's joins do not keep row order, so time-ordered chunks are sorted: smaller
        # chunks keep that sort of whole rows in memory.
        _write_duckdb(duck, rows, schema, append, sql, chunk_rows or (1_000_000 if time_ordered else 10_000_000),
                      "gi, is_dup" if time_ordered else None)
        with_dups = True
    if with_deployments:
        if postgres and not save_deployments_postgres(target, deployments(), schema):
            print(f'{q(schema)}."LiteLLM_ProxyModelTable" does not exist: no deployments written')
        elif not postgres:
            save_deployments_duckdb(duck, deployments(), schema)
    # A second pass that reads only cheap columns (DuckDB prunes the JSON work) gives the stats.
    count, dups, spend, dup_spend = duck.execute(
        f"SELECT count(*), count(*) FILTER (is_dup), sum(spend), sum(spend) FILTER (is_dup) "
        f"FROM ({sql(0, rows, True)})").fetchone()
    if not with_dups:
        spend = (spend or 0.0) - (dup_spend or 0.0)
    stats = {
        "rows_written": count if with_dups else count - dups,
        "distinct_request_ids": count - dups,
        "duplicates": dups if with_dups else 0,
        "duplicates_skipped": 0 if with_dups else dups,
        "spend_total": float(spend or 0.0),
        "seconds": round(time.time() - t0, 2),
    }
    if postgres:
        duck.close()
    if verbose and stats["duplicates_skipped"]:
        print(f"{table_ref(schema)} has a primary key: left out {dups} re-delivered duplicates "
              "(as upstream's ON CONFLICT DO NOTHING would)")
    if verbose:
        print(f"rows={stats['rows_written']} distinct_request_ids={stats['distinct_request_ids']} "
              f"duplicates={stats['duplicates']} spend_total={stats['spend_total']:.2f} "
              f"seconds={stats['seconds']}")
    return stats


def _write_duckdb(con, rows, schema, append, sql, chunk_rows, order_by=None):
    cols = ", ".join(q(c) for c in COLUMN_NAMES)
    order = f" ORDER BY {order_by}" if order_by else ""
    con.execute("BEGIN")
    try:
        if not append:
            con.execute(f"DELETE FROM {table_ref(schema)}")
        for start in range(0, rows, chunk_rows):  # chunks bound memory; data does not depend on them
            stop = min(rows, start + chunk_rows)
            con.execute(f"INSERT INTO {table_ref(schema)} ({cols}) SELECT {cols} FROM ({sql(start, stop, True)}){order}")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _write_postgres(pg, duck, rows, schema, append, sql, chunk_rows):
    """COPY rows into the existing upstream table in one transaction; returns whether it has a PK."""
    ref = table_ref(schema)
    with pg.cursor() as cur:
        cur.execute("SELECT to_regclass(%s)", (ref,))
        if cur.fetchone()[0] is None:
            raise SystemExit(f"{ref} does not exist in Postgres: run LiteLLM's migrations first "
                             "(the generator never creates the upstream table there).")
        cur.execute("SELECT count(*) FROM pg_index WHERE indrelid = to_regclass(%s) AND indisprimary", (ref,))
        has_pk = cur.fetchone()[0] > 0
        if not append:
            cur.execute(f"TRUNCATE {ref}")
        copy = f"COPY {ref} ({', '.join(q(c) for c in COLUMN_NAMES)}) FROM STDIN WITH (FORMAT csv)"

        def csv_chunk(start):
            lines = duck.execute(_csv_line_sql(sql(start, min(rows, start + chunk_rows), not has_pk))).fetchall()
            return io.StringIO("\n".join(line for (line,) in lines) + "\n")

        # DuckDB renders the next chunk while Postgres ingests this one (two cores, two processes).
        try:
            with ThreadPoolExecutor(max_workers=1) as renderer:
                starts = iter(range(0, rows, chunk_rows))
                pending = renderer.submit(csv_chunk, next(starts)) if rows > 0 else None
                while pending is not None:
                    buf = pending.result()
                    start = next(starts, None)
                    pending = renderer.submit(csv_chunk, start) if start is not None else None
                    cur.copy_expert(copy, buf)
        except Exception as exc:
            pg.rollback()
            if getattr(exc, "pgcode", None) == "23505":
                raise SystemExit(f"request_id collision in {ref}: with --append use another --seed or "
                                 f"an --id-offset. ({exc.pgerror.strip()})") from exc
            raise
    pg.commit()
    return has_pk


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=20000, help="distinct requests to generate")
    p.add_argument("--days", type=int, default=30)
    p.add_argument("--end-date", type=dt.date.fromisoformat, help="last generated day (default: today UTC)")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--target", choices=["duckdb", "postgres", "parquet"], default="duckdb")
    p.add_argument("--parquet-dir", default="spend-parquet",
                   help="--target parquet: where LiteLLM_SpendLogs.parquet (and the deployments) go")
    p.add_argument("--duckdb-path", default=None, help=f"default: env {ENV_DUCKDB_PATH}, else litellm_spend.duckdb")
    p.add_argument("--schema", default="public")
    p.add_argument("--duplicate-rate", type=float, default=0.005)
    p.add_argument("--append", action="store_true", help="add rows instead of replacing the table's contents")
    p.add_argument("--id-offset", type=int, default=0, help="shift row numbers so appended request_ids differ")
    p.add_argument("--time-ordered", action="store_true",
                   help="DuckDB: start times grow with the row number, so the table is in startTime order "
                        "as LiteLLM's append-only log is")
    p.add_argument("--no-deployments", action="store_true",
                   help='leave "LiteLLM_ProxyModelTable" alone (by default the generated deployments are '
                        "stored there, the BYOK teams' own ones owned by their team)")
    a = p.parse_args(argv)
    if a.append and a.target == "parquet":
        p.error("--append is for the loader with Parquet: python -m litellm_spend_dev.spark_source DIR --append")
    if a.time_ordered and a.target == "postgres":
        p.error("--time-ordered is for --target duckdb")
    if a.rows < 0 or a.days < 1 or not 0 <= a.duplicate_rate <= 1:
        p.error("--rows >= 0, --days >= 1 and 0 <= --duplicate-rate <= 1 required")
    kwargs = dict(rows=a.rows, days=a.days, end_date=a.end_date, seed=a.seed, schema=a.schema,
                  duplicate_rate=a.duplicate_rate, append=a.append, id_offset=a.id_offset,
                  time_ordered=a.time_ordered, with_deployments=not a.no_deployments)
    if a.target == "parquet":
        conn = duckdb.connect()
        generate(conn, **kwargs)
        written = export_duckdb_tables(conn, a.parquet_dir, a.schema)
        print(", ".join(f"{a.parquet_dir}/{table}.parquet: {rows} rows" for table, rows in written.items()))
        return
    settings = Settings.from_env(target=a.target)
    if a.duckdb_path:
        settings = dataclasses.replace(settings, duckdb_path=a.duckdb_path)
    conn = settings.connect(create=True)  # Postgres: the SPEND_PG_* connection settings
    try:
        generate(conn, **kwargs)
    finally:
        conn.close()


if __name__ == "__main__":
    main()
