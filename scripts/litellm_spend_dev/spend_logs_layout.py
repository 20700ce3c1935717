"""Layout of LiteLLM's "LiteLLM_SpendLogs" table, shared by the generator and the tests.

Mirrors the Prisma schema shipped in litellm-proxy-extras (column order as in schema.prisma).
DuckDB has no TIMESTAMP(3): TIMESTAMP (microseconds) is used and callers round to milliseconds.
"""

import json

TABLE = '"LiteLLM_SpendLogs"'

# (name, duckdb_type) in the upstream Prisma order.
SPEND_LOG_COLUMNS = [
    ("request_id", "VARCHAR"),
    ("call_type", "VARCHAR"),
    ("api_key", "VARCHAR"),
    ("spend", "DOUBLE"),
    ("total_tokens", "INTEGER"),
    ("prompt_tokens", "INTEGER"),
    ("completion_tokens", "INTEGER"),
    ("startTime", "TIMESTAMP"),
    ("endTime", "TIMESTAMP"),
    ("request_duration_ms", "INTEGER"),
    ("completionStartTime", "TIMESTAMP"),
    ("model", "VARCHAR"),
    ("model_id", "VARCHAR"),
    ("model_group", "VARCHAR"),
    ("custom_llm_provider", "VARCHAR"),
    ("api_base", "VARCHAR"),
    ("user", "VARCHAR"),
    ("metadata", "JSON"),
    ("cache_hit", "VARCHAR"),
    ("cache_key", "VARCHAR"),
    ("request_tags", "JSON"),
    ("team_id", "VARCHAR"),
    ("organization_id", "VARCHAR"),
    ("end_user", "VARCHAR"),
    ("requester_ip_address", "VARCHAR"),
    ("messages", "JSON"),
    ("response", "JSON"),
    ("session_id", "VARCHAR"),
    ("status", "VARCHAR"),
    ("mcp_namespaced_tool_name", "VARCHAR"),
    ("billing_agent_id", "VARCHAR"),
    ("agent_id", "VARCHAR"),
    ("proxy_server_request", "JSON"),
    ("litellm_call_id", "VARCHAR"),
    ("created_at", "TIMESTAMP"),
    ("updated_at", "TIMESTAMP"),
]
COLUMN_NAMES = [name for name, _ in SPEND_LOG_COLUMNS]
JSON_COLUMNS = [name for name, typ in SPEND_LOG_COLUMNS if typ == "JSON"]

# SQL defaults as upstream declares them (columns absent here have no default).
SPEND_LOG_DEFAULTS = {
    "api_key": "''", "spend": "0", "total_tokens": "0", "prompt_tokens": "0",
    "completion_tokens": "0", "model": "''", "model_id": "''", "model_group": "''",
    "custom_llm_provider": "''", "api_base": "''", "user": "''", "metadata": "'{}'",
    "cache_hit": "''", "cache_key": "''", "request_tags": "'[]'", "messages": "'{}'",
    "response": "'{}'", "proxy_server_request": "'{}'",
    "created_at": "current_timestamp", "updated_at": "current_timestamp",
}
# NOT NULL exactly as in the upstream migrations (non-optional Prisma fields).
SPEND_LOG_NOT_NULL = {
    "request_id", "call_type", "api_key", "spend", "total_tokens", "prompt_tokens",
    "completion_tokens", "startTime", "endTime", "model", "created_at", "updated_at",
}


def q(ident):
    """Double-quote an identifier: upstream names are case-sensitive ("startTime", "user")."""
    return '"' + ident.replace('"', '""') + '"'


def table_ref(schema="public"):
    return f"{q(schema)}.{TABLE}"


def create_duckdb_spend_logs_table(con, schema="public", json_as_text=False, primary_key=False):
    """Create <schema>."LiteLLM_SpendLogs" in DuckDB if it does not exist yet."""
    lines = []
    for name, typ in SPEND_LOG_COLUMNS:
        if json_as_text and typ == "JSON":
            typ = "VARCHAR"  # CSV/Parquet exports carry JSON as plain text
        line = f"{q(name)} {typ}"
        if name in SPEND_LOG_NOT_NULL:
            line += " NOT NULL"
        if name in SPEND_LOG_DEFAULTS:
            line += f" DEFAULT {SPEND_LOG_DEFAULTS[name]}"
        lines.append(line)
    if primary_key:
        lines.append("PRIMARY KEY (request_id)")
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {q(schema)}")
    con.execute(f"CREATE TABLE IF NOT EXISTS {table_ref(schema)} (\n  " + ",\n  ".join(lines) + "\n)")


def _prepare(row):
    unknown = set(row) - set(COLUMN_NAMES)
    if unknown:
        raise ValueError(f"unknown LiteLLM_SpendLogs column(s): {sorted(unknown)}")
    cols, values = [], []
    for name in COLUMN_NAMES:  # stable column order, whatever order the dict has
        if name not in row:
            continue
        value = row[name]
        if name in JSON_COLUMNS and isinstance(value, (dict, list)):
            value = json.dumps(value)
        cols.append(name)
        values.append(value)
    return cols, values


def insert_rows_duckdb(con, rows, schema="public"):
    """Insert hand-written fixture rows; absent columns take the table default."""
    for row in rows:
        cols, values = _prepare(row)
        col_sql = ", ".join(q(c) for c in cols)
        marks = ", ".join("?" for _ in cols)
        con.execute(f"INSERT INTO {table_ref(schema)} ({col_sql}) VALUES ({marks})", values)


def insert_rows_postgres(pg_conn, rows, schema="public"):
    """Same as insert_rows_duckdb for a psycopg2 connection (commits)."""
    with pg_conn.cursor() as cur:
        for row in rows:
            cols, values = _prepare(row)
            # psycopg2 already adapts nan/inf floats to 'NaN'::float / 'Infinity'::float.
            col_sql = ", ".join(q(c) for c in cols)
            marks = ", ".join("%s" for _ in cols)
            cur.execute(f"INSERT INTO {table_ref(schema)} ({col_sql}) VALUES ({marks})", values)
    pg_conn.commit()

