"""The source of an output snapshot (litellm_spend_dev.output_snapshot): LiteLLM's tables, written
with the project's dev helpers (generator, fixtures' layout, deployments, budgets).

DuckDB: the tables in a file (the duckdb target's own, or the one Spark's Parquet copy is made
from). Postgres: LiteLLM's own database, its shipped migrations applied, request_id a primary key.
"""

from __future__ import annotations

import contextlib

import duckdb
import psycopg2

from litellm_spend_dev import budget_tables
from litellm_spend_dev.apply_litellm_migrations import apply_migrations
from litellm_spend_dev.generate_spend_logs import generate
from litellm_spend_dev.proxy_model_table import save_deployments_duckdb, save_deployments_postgres
from litellm_spend_dev.spend_logs_layout import create_duckdb_spend_logs_table, insert_rows_duckdb, insert_rows_postgres

SPEND_LOGS = '"LiteLLM_SpendLogs"'


class DuckDBSource:
    """LiteLLM's tables in a DuckDB file: the duckdb target's source, and Spark's before loading."""

    kind = "duckdb"

    def __init__(self, path: Path):
        self.path = path
        with duckdb.connect(str(path)) as con:
            create_duckdb_spend_logs_table(con, schema="public")

    def connect(self):
        return duckdb.connect(str(self.path))

    def generate(self, **kwargs) -> None:
        with self.connect() as con:
            generate(con, schema="public", append=True, verbose=False, **kwargs)

    def insert(self, rows: list[dict]) -> None:
        with self.connect() as con:
            insert_rows_duckdb(con, rows, schema="public")

    def save_deployments(self, rows: list[dict]) -> None:
        with self.connect() as con:
            save_deployments_duckdb(con, rows, schema="public")

    def execute(self, sql: str) -> None:
        with self.connect() as con:
            con.execute(sql)

    def budgets(self) -> None:
        """Team and key budgets sized from the spend logs now in the source (replacing earlier ones)."""
        with self.connect() as con:
            budget_tables.write(con, self.kind, "public")

    def redeliver(self, where: str) -> None:
        """The rows matching `where` arrive again, unchanged (a warehouse copy keeps both)."""
        self.execute(f"insert into public.{SPEND_LOGS} select * from public.{SPEND_LOGS} where {where}")


class PostgresSource(DuckDBSource):
    """LiteLLM's own database: the tables its migrations create, request_id its primary key."""

    kind = "postgres"

    def __init__(self, dsn: str):
        self.dsn = dsn
        apply_migrations(dsn)

    def connect(self):
        return contextlib.closing(psycopg2.connect(self.dsn))

    def insert(self, rows: list[dict]) -> None:
        with self.connect() as conn:
            insert_rows_postgres(conn, rows, schema="public")

    def save_deployments(self, rows: list[dict]) -> None:
        with self.connect() as conn:
            assert save_deployments_postgres(conn, rows, schema="public")

    def execute(self, sql: str) -> None:
        with self.connect() as conn, conn, conn.cursor() as cur:
            cur.execute(sql)

    def redeliver(self, where: str) -> None:
        """As LiteLLM stores a request delivered twice: the second copy is dropped."""
        self.execute(f"insert into public.{SPEND_LOGS} select * from public.{SPEND_LOGS} where {where}"
                     " on conflict do nothing")
