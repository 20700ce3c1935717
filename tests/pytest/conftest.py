"""Fixtures that run the real dbt project on DuckDB and on a throwaway PostgreSQL.

Each test gets its own copy of the project (so it may edit the catalog) and its
own database: a DuckDB file, or a Postgres database holding LiteLLM's schema as
its shipped migrations create it.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import json
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import psycopg2
import pytest

from litellm_spend_dev.apply_litellm_migrations import apply_migrations, create_warehouse_copy
from litellm_spend_dev.proxy_model_table import save_deployments_duckdb, save_deployments_postgres
from litellm_spend_dev.pg_sandbox import PostgresSandbox
from litellm_spend_dev.spend_logs_layout import create_duckdb_spend_logs_table, insert_rows_duckdb, insert_rows_postgres

ROOT = Path(__file__).resolve().parents[2]
PROJECT_PARTS = ["dbt_project.yml", "selectors.yml", "profiles.example.yml", "models", "macros", "seeds", "tests/data", "tests/macros",
                 "config"]
DBT = str(Path(sys.executable).with_name("dbt"))
# The operator's command, installed into this venv by `make setup` (pyproject.toml).
LITELLM_SPEND = str(Path(sys.executable).with_name("litellm-spend"))
ADAPTERS = ["duckdb", "postgres"]
MART_KEYS = ["spend_date", "team_id", "customer_id", "api_key"]


def copy_project(destination: Path) -> Path:
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part)
        elif source.exists():
            destination.joinpath(part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / part)
    # The example profile must work unchanged once copied: tests use nothing else.
    shutil.copy2(ROOT / "profiles.example.yml", destination / "profiles.yml")
    return destination


@dataclass
class DbtResult:
    returncode: int
    output: str


# Commands whose files (target/manifest.json, catalog.json, ...) are what a test reads.
ARTIFACT_COMMANDS = {"docs", "parse", "compile", "ls", "list"}
# Every other invocation leaves out what no test reads: dbt's debug log file, its JSON artifacts
# and its console lines (the output comes from the events, which dbt sends regardless). A fifth
# of a small build's time, over hundreds of builds.
FILES_OFF = ["--no-write-json", "--log-level-file", "none"]
NO_FILES = [*FILES_OFF, "--log-level", "none"]


def run_dbt(command: list[str], cwd: Path, env: dict, artifacts: bool = False) -> DbtResult:
    """Runs dbt in this process, as `dbt <command>` run in cwd with env would.

    A new interpreter and dbt's imports cost each invocation seconds, and the suite
    makes hundreds of them. dbt's own runner is made for repeated use in one process;
    the environment (which the profile reads) and the working directory are swapped
    in for the call. The log lines dbt prints are returned as the output (every event's,
    debug ones with the SQL included). artifacts: write dbt's files as a plain `dbt` would."""
    from dbt.cli.main import dbtRunner

    if not (artifacts or command[0] in ARTIFACT_COMMANDS):
        command = [*NO_FILES, *command]

    lines: list[str] = []
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    try:
        result = dbtRunner(callbacks=[lambda event: lines.append(event.info.msg)]).invoke(command)
    finally:
        release_duckdb_file()
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    if result.exception is not None:
        lines.append(f"{type(result.exception).__name__}: {result.exception}")
    return DbtResult(0 if result.success else 1, "\n".join(str(line) for line in lines))


def release_duckdb_file() -> None:
    """dbt-duckdb keeps its database open in the process between invocations (its
    environment outlives a run); close it, as a dbt process ending would."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    if DuckDBConnectionManager._ENV is not None:
        DuckDBConnectionManager._ENV.close()
        DuckDBConnectionManager._ENV = None


@dataclass
class DbtProject:
    """A copy of the project bound to one adapter and one database."""

    path: Path
    adapter: str
    env: dict
    source_schema: str = "public"
    dbt_vars: dict = field(default_factory=dict)
    pg_dsn: str | None = None
    pg_server: PostgresSandbox | None = field(default=None, repr=False)

    # ---------- running dbt
    def dbt(self, *args: str, expect_success: bool = True, extra_vars: dict | None = None,
            artifacts: bool = False) -> DbtResult:
        dbt_vars = {"litellm_schema": self.source_schema, **self.dbt_vars, **(extra_vars or {})}
        command = [*args, "--project-dir", str(self.path), "--profiles-dir", str(self.path),
                   "--target", self.adapter, "--vars", json.dumps(dbt_vars)]
        env = self.dbt_env()
        with saved_manifests(self.path, parse_key(self.adapter, dbt_vars, env)):
            result = run_dbt(command, self.path, env, artifacts)
        if expect_success and result.returncode != 0:
            raise AssertionError(f"dbt {' '.join(args)} failed on {self.adapter}:\n{result.output[-8000:]}")
        if not expect_success and result.returncode == 0:
            raise AssertionError(f"dbt {' '.join(args)} unexpectedly succeeded on {self.adapter}:\n{result.output[-4000:]}")
        return result

    def dbt_env(self) -> dict:
        """The environment dbt runs with. A DuckDB file inside the project is named
        relative to it, so that every copy's profile reads alike and a manifest parsed
        once serves them all (dbt reparses everything when the profile changes)."""
        duckdb_file = Path(self.env.get("SPEND_DUCKDB_PATH", "/"))
        if self.adapter == "duckdb" and duckdb_file.parent == self.path:
            return {**self.env, "SPEND_DUCKDB_PATH": duckdb_file.name}
        return self.env

    @contextmanager
    def as_command(self):
        """The environment for dbt run as its own process in the copy (`dbt`, `litellm-spend run`)
        with the copy's vars, and the manifest saved for them put in place, as for dbt()."""
        env = self.dbt_env()
        with saved_manifests(self.path, parse_key(self.adapter, {"litellm_schema": self.source_schema,
                                                                 **self.dbt_vars}, env)):
            yield env

    def build(self, *args: str, unit_tests: bool = False, **kwargs) -> DbtResult:
        """`dbt build` as an operator runs it: dbt's unit tests left out (selectors.yml). They test
        the code, which no scenario's later builds change, so they run where a test asks for them
        (unit_tests=True: test_unit_tests, once per adapter; an old LiteLLM schema; Spark), not in
        each of the suite's hundreds of builds (a third of a small build)."""
        selection = ("--selector", "with_unit_tests") if unit_tests and (self.path / "selectors.yml").exists() else ()
        return self.dbt("build", "--warn-error-options", '{"error": ["Deprecations"]}', *selection, *args, **kwargs)

    def clone(self, destination: Path) -> "DbtProject":
        """An independent copy of this project and of its database as they are now (a built
        scenario several tests start from): the project's files and target/, and the DuckDB file
        or a Postgres database made from this one (a file copy, as for the template)."""
        assert self.path in _manifests, "a copy made by _make_project"
        path = destination / "project"
        shutil.copytree(self.path, path)
        _manifests[path] = _manifests[self.path]
        env = dict(self.env)
        if self.adapter == "duckdb":
            assert Path(env["SPEND_DUCKDB_PATH"]).parent == self.path
            env["SPEND_DUCKDB_PATH"] = str(path / Path(env["SPEND_DUCKDB_PATH"]).name)
            copy = dataclasses.replace(self, path=path, env=env, dbt_vars=dict(self.dbt_vars))
        else:
            database = _new_database(self.pg_server, template=env["SPEND_PG_DATABASE"])
            env.update(self.pg_server.env(database))
            copy = dataclasses.replace(self, path=path, env=env, dbt_vars=dict(self.dbt_vars),
                                       pg_dsn=self.pg_server.dsn(database))
        return copy

    # ---------- data in and out
    def load_rows(self, rows: list[dict]) -> None:
        if self.adapter == "duckdb":
            with duckdb.connect(self.env["SPEND_DUCKDB_PATH"]) as con:
                insert_rows_duckdb(con, rows, schema=self.source_schema)
        else:
            conn = psycopg2.connect(self.pg_dsn)
            try:
                with conn:
                    insert_rows_postgres(conn, rows, schema=self.source_schema)
            finally:
                conn.close()

    def save_deployments(self, rows: list[dict]) -> None:
        """Adds or replaces rows of "LiteLLM_ProxyModelTable" beside the spend logs, as the
        proxy does (proxy_model_table.deployment_row). On Postgres the source schema must be
        the one LiteLLM's migrations created it in (public)."""
        if self.adapter == "duckdb":
            with duckdb.connect(self.env["SPEND_DUCKDB_PATH"]) as con:
                save_deployments_duckdb(con, rows, schema=self.source_schema)
            return
        conn = psycopg2.connect(self.pg_dsn)
        try:
            assert save_deployments_postgres(conn, rows, schema=self.source_schema), "no LiteLLM_ProxyModelTable"
        finally:
            conn.close()

    def execute(self, sql: str) -> None:
        """Runs a statement against the project's database (to change the source)."""
        if self.adapter == "duckdb":
            with duckdb.connect(self.env["SPEND_DUCKDB_PATH"]) as con:
                con.execute(sql)
            return
        conn = psycopg2.connect(self.pg_dsn)
        try:
            with conn, conn.cursor() as cur:
                cur.execute(sql)
        finally:
            conn.close()

    def generate(self, **kwargs) -> dict:
        """Appends generated spend logs to the project's source table."""
        from litellm_spend_dev.generate_spend_logs import generate

        kwargs = {"schema": self.source_schema, "append": True, "verbose": False, **kwargs}
        if self.adapter == "duckdb":
            with duckdb.connect(self.env["SPEND_DUCKDB_PATH"]) as con:
                return generate(con, **kwargs)
        conn = psycopg2.connect(self.pg_dsn)
        try:
            return generate(conn, **kwargs)
        finally:
            conn.close()

    def spark_sql(self, sql: str) -> list[tuple]:
        """Runs a statement in the Spark session the spark target's builds run in (this process's)."""
        assert self.adapter == "spark"
        return [tuple(row) for row in spark_session().sql(sql).collect()]

    @property
    def source_table(self) -> str:
        return f'"{self.source_schema}"."LiteLLM_SpendLogs"'

    def query(self, sql: str, parameters: list | None = None) -> list[tuple]:
        """The rows of sql; parameters fill its %s placeholders (as psycopg2's, on both)."""
        if self.adapter == "duckdb":
            with duckdb.connect(self.env["SPEND_DUCKDB_PATH"], read_only=True) as con:
                return con.execute(sql.replace("%s", "?") if parameters else sql, parameters or []).fetchall()
        conn = psycopg2.connect(self.pg_dsn)
        try:
            with conn, conn.cursor() as cur:
                cur.execute(sql, parameters)
                return cur.fetchall()
        finally:
            conn.close()

    def source_rows(self, where: str) -> list[dict]:
        """Raw source rows as dicts (the columns the billing rules read), for the oracle."""
        columns = ["request_id", "spend", "startTime", "prompt_tokens", "completion_tokens", "total_tokens", "api_key",
                   "team_id", "end_user", "model", "model_group", "model_id", "status", "cache_hit", "updated_at"]
        selected = ", ".join(f'"{c}"' for c in columns)
        rows = self.query(f"select {selected} from {self.source_table} where {where}")
        return [dict(zip(columns, row)) for row in rows]

    def relation(self, name: str, layer: str = "marts") -> str:
        return f'"spend_{layer}"."{name}"'

    def mart(self, name: str) -> list[dict]:
        """The mart's rows as dicts, in grain order, dates as ISO text."""
        if self.adapter == "duckdb":
            with duckdb.connect(self.env["SPEND_DUCKDB_PATH"], read_only=True) as con:
                cursor = con.execute(f"select * from {self.relation(name)} order by {', '.join(MART_KEYS)}")
                columns = [d[0] for d in cursor.description]
                rows = cursor.fetchall()
        else:
            conn = psycopg2.connect(self.pg_dsn)
            try:
                with conn, conn.cursor() as cur:
                    cur.execute(f"select * from {self.relation(name)} order by {', '.join(MART_KEYS)}")
                    columns = [d[0] for d in cur.description]
                    rows = cur.fetchall()
            finally:
                conn.close()
        return [{c: (v.isoformat() if hasattr(v, "isoformat") else v) for c, v in zip(columns, row)} for row in rows]

    def write_catalog(self, rows: list[dict]) -> None:
        columns = ["model_group", "model_id", "team_id", "is_byok", "valid_from", "valid_to", "provider", "notes"]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
        (self.path / "seeds" / "model_catalog.csv").write_text(buffer.getvalue())


# ---------- servers and databases

LITELLM_TEMPLATE = "litellm_template"


@pytest.fixture(scope="session")
def pg_server():
    """One PostgreSQL 15 server per test process, holding a template database with
    LiteLLM's schema (its shipped migrations) and a warehouse copy of the spend logs;
    every test database is a copy of it."""
    with PostgresSandbox() as server:
        server.create_database(LITELLM_TEMPLATE)
        dsn = server.dsn(LITELLM_TEMPLATE)
        apply_migrations(dsn)
        # Hand-written fixtures include re-delivered duplicates, which only a warehouse
        # copy (no primary key) can hold; its columns are the real DDL's.
        create_warehouse_copy(dsn, source_schema="public", target_schema="warehouse")
        yield server


_parsed: dict[tuple, Path] = {}     # parse key -> dbt's saved manifest for it, kept in this process
_manifests: dict[Path, tuple] = {}  # project copy -> the parse key of the manifest in its target/


def parse_key(adapter: str, dbt_vars: dict, env: dict) -> tuple:
    """What dbt's saved manifest depends on besides the project's files: the target, the vars and
    the profile's settings (read from SPEND_ variables). dbt checks all of it again on every run."""
    settings = tuple(sorted((k, v) for k, v in env.items() if k.startswith(("SPEND_", "DBT_"))))
    return adapter, json.dumps(dbt_vars, sort_keys=True), settings


@contextmanager
def saved_manifests(path: Path, key: tuple):
    """Runs dbt in a copy of the project (made by _make_project) from the manifest this process
    saved last for the same target, vars and profile, when the copy's own is for others: dbt then
    reparses only the files that differ, where a change of vars or of database would otherwise
    cost a full parse (seconds). dbt checks the saved state itself (vars, profile, the checksum of
    every file) and parses in full when anything differs, as parsed_duckdb_manifest relies on:
    a manifest from another copy can cost time, never correctness. The manifest the run leaves
    is kept for the next."""
    if path not in _manifests:
        yield
        return
    manifest = path / "target" / "partial_parse.msgpack"
    if _manifests[path] != key and key in _parsed:
        manifest.parent.mkdir(exist_ok=True)
        shutil.copy2(_parsed[key], manifest)
        _manifests[path] = key
    written_before = manifest.stat().st_mtime_ns if manifest.exists() else None
    try:
        yield
    finally:
        if manifest.exists() and manifest.stat().st_mtime_ns != written_before:  # dbt parsed and saved
            _manifests[path] = key
            _parsed.setdefault(key, _manifest_dir() / f"{len(_parsed)}.msgpack")
            shutil.copy2(manifest, _parsed[key])


def _manifest_dir() -> Path:
    if not _manifest_home:
        _manifest_home.append(Path(tempfile.mkdtemp(prefix="parsed_manifests_")))
    return _manifest_home[0]


_manifest_home: list[Path] = []


def parsed_duckdb_manifest() -> Path:
    """dbt's saved manifest of an unchanged copy of the project on DuckDB, parsed once
    per test process: a copy that starts from it skips dbt's full parse (seconds each)."""
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "SPEND_DUCKDB_PATH": "spend.duckdb"}
    key = parse_key("duckdb", {"litellm_schema": "public"}, env)
    if key not in _parsed:
        template = copy_project(Path(tempfile.mkdtemp(prefix="parsed_project_")) / "project")
        result = run_dbt(["parse", "--project-dir", str(template), "--profiles-dir", str(template),
                          "--target", "duckdb", "--vars", json.dumps({"litellm_schema": "public"})], template, env)
        assert result.returncode == 0, result.output[-4000:]
        _parsed[key] = _manifest_dir() / f"{len(_parsed)}.msgpack"
        shutil.copy2(template / "target" / "partial_parse.msgpack", _parsed[key])
    return _parsed[key]


# Postgres databases are named by the lowest number no live project holds, so that the copies
# made one after another in a process share a database name, and so dbt's saved manifest (a
# database's name is part of the profile, and of every relation dbt parses): a finished
# project's database is dropped when its name is next handed out.
_live_databases: set[str] = set()


def _free_database_name() -> str:
    name = next(f"litellm_{n}" for n in itertools.count(1) if f"litellm_{n}" not in _live_databases)
    _live_databases.add(name)
    return name


def release_database(project: "DbtProject") -> None:
    """The project is done with: its database's name may be handed out again."""
    if project.adapter == "postgres":
        _live_databases.discard(project.env.get("SPEND_PG_DATABASE"))


def adopt(request, made: DbtProject) -> DbtProject:
    """Hands a copy a fixture made (by _make_project or clone) its database back when the fixture ends."""
    request.addfinalizer(lambda: release_database(made))
    return made


_spark_home: list[Path] = []


def spark_session():
    """The SparkSession of this process: dbt-spark's session method (the spark target) creates it
    on a copy's first run and every later run and query reuses it; its warehouse and metastore
    are fixed when it starts, one per test process (spark_project)."""
    from pyspark.sql import SparkSession

    assert _spark_home, "no spark project was made in this process"
    return SparkSession.builder.getOrCreate()


def spark_project(tmp_path: Path, schema: str) -> DbtProject:
    """A copy of the project on the spark target. The Spark session outlives it (it is the process's
    own, and Derby's metastore admits one process), so every copy in a process shares one
    SPEND_SPARK_HOME; each copy's tables live in schemas of its own: <schema>_marts, ... and the
    source in source_<schema>."""
    if not _spark_home:
        _spark_home.append(Path(tempfile.mkdtemp(prefix="spark_home_")))
    path = copy_project(tmp_path / "project")
    # A test's few thousand rows fit one task per shuffle: more only add scheduling.
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "SPEND_SPARK_HOME": str(_spark_home[0]),
           "SPEND_SPARK_SCHEMA": schema, "SPEND_SPARK_SHUFFLE_PARTITIONS": "1"}
    _manifests[path] = ()  # none yet
    return DbtProject(path=path, adapter="spark", env=env, source_schema=f"source_{schema}")


def _make_project(adapter: str, tmp_path: Path, pg_server_factory) -> DbtProject:
    path = copy_project(tmp_path / "project")
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    if adapter == "duckdb":
        env["SPEND_DUCKDB_PATH"] = str(path / "spend.duckdb")
        (path / "target").mkdir()
        shutil.copy2(parsed_duckdb_manifest(), path / "target" / "partial_parse.msgpack")
        _manifests[path] = parse_key("duckdb", {"litellm_schema": "public"}, {**env, "SPEND_DUCKDB_PATH": "spend.duckdb"})
        with duckdb.connect(env["SPEND_DUCKDB_PATH"]) as con:
            create_duckdb_spend_logs_table(con, schema="public")
        return DbtProject(path=path, adapter=adapter, env=env)
    server = pg_server_factory()
    database = _new_database(server, template=LITELLM_TEMPLATE)
    env.update(server.env(database))
    _manifests[path] = ()  # none yet
    return DbtProject(path=path, adapter=adapter, env=env, source_schema="warehouse", pg_dsn=server.dsn(database),
                      pg_server=server)


def _new_database(server: PostgresSandbox, template: str) -> str:
    """A database copied from the template, under the lowest free name (dropping a finished
    project's database of that name)."""
    database = _free_database_name()
    conn = psycopg2.connect(server.dsn())
    try:
        conn.autocommit = True  # DROP DATABASE cannot run in a transaction
        with conn.cursor() as cur:
            cur.execute(f'drop database if exists "{database}" with (force)')
    finally:
        conn.close()
    server.create_database(database, template=template)
    return database


@pytest.fixture(params=ADAPTERS)
def project(request, tmp_path) -> DbtProject:
    """The project on each adapter in turn, with an empty spend-log table."""
    return adopt(request, _make_project(request.param, tmp_path, lambda: request.getfixturevalue("pg_server")))


@pytest.fixture(scope="module", params=ADAPTERS)
def module_project(request, tmp_path_factory) -> DbtProject:
    """Like `project`, shared by a module's tests that only read what one build made."""
    path = tmp_path_factory.mktemp(request.param)
    return adopt(request, _make_project(request.param, path, lambda: request.getfixturevalue("pg_server")))


@pytest.fixture
def project_factory(tmp_path, request):
    """Builds projects on named adapters inside one test (for cross-adapter comparisons)."""
    numbers = itertools.count(1)

    def make(adapter: str) -> DbtProject:
        path = tmp_path / f"{adapter}_{next(numbers)}"
        return adopt(request, _make_project(adapter, path, lambda: request.getfixturevalue("pg_server")))
    return make


# The modules that take longest, longest first: `make test` hands whole modules to two
# workers in collection order (--dist loadscope --no-loadscope-reorder), and starting the
# long ones first keeps one worker from finishing minutes before the other.
LONGEST_MODULES = ["test_spark_kills", "test_spark", "test_incremental", "test_faults", "test_catalog_strict", "test_scheduled_run", "test_invoices",
                   "test_write_audit_publish", "test_properties", "test_hostile_rows", "test_dashboard",
                   "test_docs_and_exposures", "test_exports", "test_upgrade", "test_budget_burn",
                   "test_cross_adapter_parity"]


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        name = item.module.__name__
        return LONGEST_MODULES.index(name) if name in LONGEST_MODULES else len(LONGEST_MODULES)
    items.sort(key=rank)  # stable: every module keeps its own order


def pytest_sessionfinish(session, exitstatus):
    """A skipped test is a failed test here: the Postgres half must really run."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and reporter.stats.get("skipped") and exitstatus == 0:
        reporter.write_line("FAILED: tests were skipped; every test must run (see conftest.py).", red=True)
        session.exitstatus = 1
