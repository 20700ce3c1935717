"""LiteLLM's "LiteLLM_ProxyModelTable": the deployments stored in the proxy's database.

Shared by the generator (demo data) and the tests. On Postgres the table comes from LiteLLM's
own migrations; DuckDB gets the same columns (baseline migration, JSONB as JSON). Deployments
are written the way the proxy's UI writes them: a team's own deployment is stored under an
internal model name, with the team in model_info.team_id and the public name it serves in
model_info.team_public_model_name.
"""

import json
import uuid

from litellm_spend_dev.spend_logs_layout import q

TABLE = '"LiteLLM_ProxyModelTable"'


def table_ref(schema="public"):
    return f"{q(schema)}.{TABLE}"


def create_duckdb_proxy_model_table(con, schema="public"):
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {q(schema)}")
    con.execute(f"""CREATE TABLE IF NOT EXISTS {table_ref(schema)} (
        model_id VARCHAR PRIMARY KEY,
        model_name VARCHAR NOT NULL,
        litellm_params JSON NOT NULL,
        model_info JSON,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        created_by VARCHAR NOT NULL,
        updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        updated_by VARCHAR NOT NULL
    )""")


def deployment_row(model_id, public_name, owner_team_id=None, provider_model=None):
    """The row the proxy stores for one deployment; owner_team_id=None is the operator's own."""
    model_info = {"id": model_id}
    model_name = public_name
    if owner_team_id is not None:
        model_info.update(team_id=owner_team_id, team_public_model_name=public_name)
        model_name = f"model_name_{owner_team_id}_{uuid.uuid5(uuid.NAMESPACE_URL, model_id)}"
    return {
        "model_id": model_id,
        "model_name": model_name,
        # The proxy encrypts credentials in litellm_params; none are needed here.
        "litellm_params": json.dumps({"model": provider_model or public_name}),
        "model_info": json.dumps(model_info),
        "created_by": "admin",
        "updated_by": "admin",
    }


def _upsert_sql(schema, placeholder):
    columns = ["model_id", "model_name", "litellm_params", "model_info", "created_by", "updated_by"]
    updated = ["model_name", "litellm_params", "model_info", "updated_by"]
    return (f"INSERT INTO {table_ref(schema)} ({', '.join(columns)}) "
            f"VALUES ({', '.join(placeholder for _ in columns)}) "
            f"ON CONFLICT (model_id) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in updated)
            + ", updated_at = now()"), columns


def save_deployments_duckdb(con, rows, schema="public"):
    """Adds or replaces deployments (a reassignment to another team is a replacement)."""
    create_duckdb_proxy_model_table(con, schema)
    sql, columns = _upsert_sql(schema, "?")
    for row in rows:
        con.execute(sql, [row[c] for c in columns])


def save_deployments_postgres(pg_conn, rows, schema="public"):
    """Same as save_deployments_duckdb, into the table LiteLLM's migrations created (commits).
    Returns False, writing nothing, when that table does not exist in the schema."""
    with pg_conn.cursor() as cur:
        cur.execute("SELECT to_regclass(%s)", (table_ref(schema),))
        if cur.fetchone()[0] is None:
            return False
        sql, columns = _upsert_sql(schema, "%s")
        for row in rows:
            cur.execute(sql, [row[c] for c in columns])
    pg_conn.commit()
    return True
