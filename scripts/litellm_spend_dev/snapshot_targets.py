"""The warehouses of an output snapshot (litellm_spend_dev.output_snapshot): each one's source
(snapshot_sources), its dbt runs (in this process, as tests/pytest/conftest.py runs them) and its
relations read back as text, every value cast to text by the warehouse itself.

DuckDB: a file in the project copy. Postgres: a throwaway server (pg_sandbox) holding LiteLLM's
real schema (its shipped migrations). Spark: dbt-spark's session method in this process; the
source is written to a DuckDB file first, then loaded as Parquet (spark_source) before each build.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import duckdb
import psycopg2

from litellm_spend_dev.parquet_export import export_duckdb_tables
from litellm_spend_dev.pg_sandbox import PostgresSandbox
from litellm_spend_dev.snapshot_sources import DuckDBSource, PostgresSource
from litellm_spend_dev.spark_source import load_commands

SCHEMA = "spend"  # the profile's schema: the project's relations are in spend_<layer>


def run_dbt(args: list[str], project: Path, env: dict) -> str:
    """`dbt <args>` in the project copy with env, in this process (the Spark session outlives
    it); raises with dbt's log when it fails."""
    from dbt.cli.main import dbtRunner

    lines: list[str] = []
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        with contextlib.chdir(project):
            result = dbtRunner(callbacks=[lambda event: lines.append(str(event.info.msg))]).invoke(
                ["--quiet", *args, "--project-dir", str(project), "--profiles-dir", str(project)])
    finally:
        _release_duckdb_file()
        os.environ.clear()
        os.environ.update(saved)
    if not result.success:
        raise RuntimeError(f"dbt {' '.join(args[:1])} failed: {result.exception}\n" + "\n".join(lines[-60:]))
    return "\n".join(lines)


def _release_duckdb_file() -> None:
    """dbt-duckdb keeps its file open between invocations in a process: close it, as a dbt
    process ending would, so the commands (other processes) can open it."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    if DuckDBConnectionManager._ENV is not None:
        DuckDBConnectionManager._ENV.close()
        DuckDBConnectionManager._ENV = None


class Warehouse:
    """One target: its source, its dbt builds and its relations as text."""

    name = ""
    source_schema = "public"

    def __init__(self, project: Path, scratch: Path):
        self.project, self.scratch = project, scratch
        self.env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "SPEND_DBT_TARGET": self.name}

    threads: tuple[str, ...] = ()  # dbt's --threads, when the profile's would make a run differ

    def dbt(self, *args: str, dbt_vars: dict) -> str:
        return run_dbt([*args, *self.threads, "--target", self.name, "--vars",
                        json.dumps({"litellm_schema": self.source_schema, **dbt_vars})], self.project, self.env)

    def before_build(self, dbt_vars: dict) -> None:
        """Brings the source the builds read up to date (Spark's Parquet copy)."""

    def close(self) -> None:
        pass

    def quote(self, name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    def query(self, sql: str) -> list[tuple]:
        raise NotImplementedError

    def relations(self) -> list[tuple[str, str, str]]:
        """(schema, name, kind) of every relation in the project's schemas, from the warehouse."""
        return sorted(self.query("select table_schema, table_name, table_type from information_schema.tables"
                                 f" where table_schema like '{SCHEMA}\\_%' escape '\\'"))

    def rows(self, schema: str, name: str, columns: list[str]) -> list[tuple]:
        casts = ", ".join(f"cast({self.quote(c)} as {self.text_type}) " for c in columns)
        return self.query(f"select {casts} from {self.quote(schema)}.{self.quote(name)}")


class DuckDBWarehouse(Warehouse):
    name, text_type = "duckdb", "varchar"
    # With the profile's 2 threads, one run in six built stg_litellm__keys empty in its third build
    # (source_table_exists found no "LiteLLM_VerificationToken"): one thread, one catalog reader.
    threads = ("--threads", "1")

    def __init__(self, project: Path, scratch: Path):
        super().__init__(project, scratch)
        self.env["SPEND_DUCKDB_PATH"] = str(project / "spend.duckdb")
        self.source = DuckDBSource(project / "spend.duckdb")

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(self.env["SPEND_DUCKDB_PATH"], read_only=True) as con:
            return con.execute(sql).fetchall()

    def columns(self, schema: str, name: str) -> list[tuple[str, str]]:
        return self.query("select column_name, data_type from information_schema.columns where table_schema = "
                          f"'{schema}' and table_name = '{name}' order by ordinal_position")


class PostgresWarehouse(Warehouse):
    name, text_type = "postgres", "text"

    def __init__(self, project: Path, scratch: Path):
        super().__init__(project, scratch)
        self.server = PostgresSandbox().start()
        self.server.create_database("litellm")
        self.env.update(self.server.env("litellm"), SPEND_PG_SCHEMA=SCHEMA)
        self.source = PostgresSource(self.server.dsn("litellm"))

    def close(self) -> None:
        self.server.stop()

    def query(self, sql: str) -> list[tuple]:
        with contextlib.closing(psycopg2.connect(self.server.dsn("litellm"))) as conn, conn.cursor() as cur:
            cur.execute("set timezone = 'UTC'")
            cur.execute(sql)
            return cur.fetchall()

    def columns(self, schema: str, name: str) -> list[tuple[str, str]]:
        return self.query("select attname, format_type(atttypid, atttypmod) from pg_attribute where attrelid = "
                          f"'{self.quote(schema)}.{self.quote(name)}'::regclass and attnum > 0"
                          " and not attisdropped order by attnum")


class SparkWarehouse(Warehouse):
    name, text_type, source_schema = "spark", "string", f"source_{SCHEMA}"

    def __init__(self, project: Path, scratch: Path):
        super().__init__(project, scratch)
        # One task per shuffle for a few thousand rows, as the suite runs Spark.
        self.env.update(SPEND_SPARK_HOME=str(scratch / "spark-home"), SPEND_SPARK_SCHEMA=SCHEMA,
                        SPEND_SPARK_SHUFFLE_PARTITIONS="1")
        (scratch / "spark-home").mkdir()
        self.source = DuckDBSource(scratch / "source.duckdb")
        self.loads = 0

    def before_build(self, dbt_vars: dict) -> None:
        """The whole source, exported again and loaded in place of the last copy."""
        self.loads += 1
        with duckdb.connect(str(self.source.path), read_only=True) as con:
            export_duckdb_tables(con, self.scratch / f"parquet-{self.loads}", schema="public")
        for command in load_commands(self.scratch / f"parquet-{self.loads}"):
            self.dbt(*command, dbt_vars=dbt_vars)

    def quote(self, name: str) -> str:
        return "`" + name.replace("`", "``") + "`"

    def query(self, sql: str) -> list[tuple]:
        from pyspark.sql import SparkSession

        return [tuple(row) for row in SparkSession.builder.getOrCreate().sql(sql).collect()]

    def relations(self) -> list[tuple[str, str, str]]:
        from pyspark.sql import SparkSession

        catalog = SparkSession.builder.getOrCreate().catalog
        databases = [db for (db,) in self.query(f"show databases like '{SCHEMA}_*'")]
        return sorted((db, table.name, table.tableType) for db in databases
                      for table in catalog.listTables(db) if not table.isTemporary)

    def columns(self, schema: str, name: str) -> list[tuple[str, str]]:
        from pyspark.sql import SparkSession

        fields = SparkSession.builder.getOrCreate().table(f"{self.quote(schema)}.{self.quote(name)}").schema.fields
        return [(field.name, field.dataType.simpleString()) for field in fields]


WAREHOUSES = {"duckdb": DuckDBWarehouse, "postgres": PostgresWarehouse, "spark": SparkWarehouse}
