"""Benchmark: full build, scheduled incremental run, the hand-written floor and the
monthly team report, on DuckDB, on Postgres and on Spark. A benchmark, not a test.

    python -m litellm_spend_dev.benchmark --rows 1000000            # DuckDB and Postgres, 90 days
    python -m litellm_spend_dev.benchmark --rows 10000000 --adapters duckdb --record docs/benchmarks.md
    SPEND_SPARK_DRIVER_MEMORY=8g python -m litellm_spend_dev.benchmark --rows 10000000 --adapters spark

Run it in the repository (it copies the dbt project found as `litellm-spend run` finds it:
the current directory, else the checkout the package is installed from).

For each adapter it generates N rows over 90 days ending yesterday, then measures
  a  `dbt build --full-refresh` (models and tests) on them;
  b  one new day of rows (N/90) arrives, then `litellm-spend run` (the scheduled run);
  c  the floor: one CREATE TABLE AS SELECT computing budget_spend_daily's columns
     straight from the raw table, duplicates removed;
  d  one month's per-team billable report from the mart, and the same report from
     the raw logs the way LiteLLM's /global/spend/report computes it (median of 5);
  e  after a, `litellm-spend export lago` (by team) of all history to a loopback sink;
  f  after b, the export of that day's delta; g  the same export again (nothing new);
  h  `litellm-spend export focus` of the report's month to Parquet.
On Spark (the spark target: local[2] in the dbt process, a metastore and warehouse of
its own under WORKDIR/spark-home) the rows are generated to Parquet and loaded with
litellm_spend_dev.spark_source (b: the new day with --append; loading is not measured);
b is `dbt build` (`litellm-spend run` has no spark target); c and d run in one
`dbt run-operation`, each statement timed alone after the session started; e-h are
skipped (the exports read DuckDB or Postgres).
Peak memory is the largest resident memory of the dbt process tree (on Spark the JVM
is its child; on Postgres, with the server's processes) sampled every 50 ms, counting shared pages
once: each process's private resident set plus the largest shared one, since a
sum of resident sets counts Postgres' shared buffers once per backend. (Summing
proportional set sizes would be exact, but reading them walks every mapped page
and took a core away from the run being measured.)
A child with its parent's virtual and resident size (within 1%) is a fork or vfork
not yet exec'd and is not counted again: the JVM starts every chmod that way, and
each such child showed the whole JVM's resident set a second time.
CPU s is the user + system time those processes spent in a and b (as last sampled): on a
machine shared with other jobs it stretches far less than the wall time does.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb
import psutil

from litellm_spend.project import default_project_dir
from litellm_spend.warehouse.settings import ENV_DUCKDB_MEMORY_LIMIT, ENV_DUCKDB_PATH, Settings
from litellm_spend_dev.apply_litellm_migrations import apply_migrations
from litellm_spend_dev.billing_sink import BillingSink
from litellm_spend_dev.generate_spend_logs import generate
from litellm_spend_dev.parquet_export import export_duckdb_tables
from litellm_spend_dev.pg_sandbox import PostgresSandbox

DAYS = 90
# The dbt project (config: the spark profile's log4j2 file); the scheduled run is the installed
# `litellm-spend` of this venv, so no code is copied.
PROJECT_PARTS = ["dbt_project.yml", "selectors.yml", "models", "macros", "seeds", "tests/data", "tests/macros", "config"]
LITELLM_SPEND = str(Path(sys.executable).with_name("litellm-spend"))

FLOOR_SQL = """
create table bench_floor {using} as
with deduplicated as (
    select *, row_number() over (partition by request_id order by updated_at desc) as copy_rank
    from {raw}
),
catalog_by_deployment as (select model_id, max(case when lower(trim(is_byok)) in ('true', 'yes', '1') then 1 else 0 end) as byok
                          from {catalog} where trim(model_id) <> '' group by model_id),
catalog_by_group as (select lower(model_group) as model_group, max(case when lower(trim(is_byok)) in ('true', 'yes', '1') then 1 else 0 end) as byok
                     from {catalog} where coalesce(trim(model_id), '') = '' and coalesce(trim(team_id), '') = '' group by lower(model_group)),
classified as (
    select d.*, coalesce(dep.byok, grp.byok, 0) as byok
    from deduplicated as d
    left join catalog_by_deployment as dep on d.model_id = dep.model_id
    left join catalog_by_group as grp on lower(trim(coalesce(nullif(d.model_group, ''), d.model))) = grp.model_group
    where d.copy_rank = 1
)
select
    cast({start_time} as date) as spend_date,
    coalesce(nullif(team_id, ''), 'unassigned') as team_id,
    coalesce(nullif(end_user, ''), 'unassigned') as customer_id,
    coalesce(nullif(api_key, ''), 'unassigned') as api_key,
    max({team_alias}) as team_alias,
    max({key_alias}) as key_alias,
    sum(cast(cast(spend as {text}) as decimal(38, 18))) as spend,
    sum(case when byok = 1 then 0 else cast(cast(spend as {text}) as decimal(38, 18)) end) as billable_spend,
    sum(case when byok = 1 then cast(cast(spend as {text}) as decimal(38, 18)) else 0 end) as byok_spend,
    sum(prompt_tokens) as prompt_tokens,
    sum(completion_tokens) as completion_tokens,
    sum(total_tokens) as total_tokens,
    count(*) as request_count,
    sum(case when status = 'failure' then 1 else 0 end) as failed_request_count,
    sum(case when cache_hit = 'True' then 1 else 0 end) as cache_hit_count
from classified
group by 1, 2, 3, 4
"""

MART_REPORT_SQL = """
select team_id, max(team_alias) as team_alias, sum(spend) as billable_spend, sum(request_count) as requests
from {marts}.billable_spend_daily
where spend_date >= '{start}' and spend_date < '{end}'
group by team_id
order by billable_spend desc
"""

# LiteLLM's /global/spend/report, group_by=team: per UTC day and team name, with a
# per-model-and-key breakdown, over "startTime" BETWEEN start AND end.
RAW_REPORT_SQL = {
    "postgres": """
        with spend_by_model_key as (
            select date_trunc('day', sl."startTime") as group_by_day,
                   coalesce(tt.team_alias, 'Unassigned Team') as team_name,
                   sl.model, sl.api_key,
                   sum(sl.spend) as model_api_spend, sum(sl.total_tokens) as model_api_tokens
            from "LiteLLM_SpendLogs" as sl
            left join "LiteLLM_TeamTable" as tt on sl.team_id = tt.team_id
            where sl."startTime" between '{start}'::date and '{end}'::date
            group by 1, 2, 3, 4
        )
        select group_by_day, team_name, sum(model_api_spend) as total_spend,
               jsonb_agg(jsonb_build_object('model', model, 'api_key', api_key,
                                            'spend', model_api_spend, 'total_tokens', model_api_tokens))
        from spend_by_model_key group by 1, 2 order by 1, 2
    """,
    "duckdb": """
        with spend_by_model_key as (
            select date_trunc('day', sl."startTime") as group_by_day,
                   coalesce(nullif(sl.team_id, ''), 'Unassigned Team') as team_name,
                   sl.model, sl.api_key,
                   sum(sl.spend) as model_api_spend, sum(sl.total_tokens) as model_api_tokens
            from public."LiteLLM_SpendLogs" as sl
            where sl."startTime" between cast('{start}' as date) and cast('{end}' as date)
            group by 1, 2, 3, 4
        )
        select group_by_day, team_name, sum(model_api_spend) as total_spend,
               list(struct_pack(model := model, api_key := api_key,
                                spend := model_api_spend, total_tokens := model_api_tokens))
        from spend_by_model_key group by 1, 2 order by 1, 2
    """,
    "spark": """
        with spend_by_model_key as (
            select date_trunc('day', sl.`startTime`) as group_by_day,
                   coalesce(nullif(sl.team_id, ''), 'Unassigned Team') as team_name,
                   sl.model, sl.api_key,
                   sum(sl.spend) as model_api_spend, sum(sl.total_tokens) as model_api_tokens
            from public.`LiteLLM_SpendLogs` as sl
            where sl.`startTime` between cast('{start}' as date) and cast('{end}' as date)
            group by 1, 2, 3, 4
        )
        select group_by_day, team_name, sum(model_api_spend) as total_spend,
               collect_list(named_struct('model', model, 'api_key', api_key,
                                         'spend', model_api_spend, 'total_tokens', model_api_tokens))
        from spend_by_model_key group by 1, 2 order by 1, 2
    """,
}

# Spark: times each statement alone, after the session has started (written into the project copy).
SPARK_TIMINGS_MACRO = """
{% macro bench_timings(queries) %}
    {%- do run_query('select 1') -%}
    {%- for name, sql in queries -%}
        {%- set started = modules.datetime.datetime.now() -%}
        {%- do run_query(sql) -%}
        {{ log('bench-seconds ' ~ name ~ ' ' ~ (modules.datetime.datetime.now() - started).total_seconds(), info=true) }}
    {%- endfor -%}
{% endmacro %}
"""
# The exports read DuckDB or Postgres: not measured on Spark.
EXPORT_KEYS = ["export_first_s", "export_first_requests", "export_day_s", "export_day_requests",
               "export_rerun_s", "focus_month_s"]


def floor_sql(adapter: str, raw: str, catalog: str) -> str:
    spark = adapter == "spark"
    field = "get_json_object(metadata, '$.{}')" if spark else "metadata ->> '{}'"
    return FLOOR_SQL.format(raw=raw, catalog=catalog, using="using parquet" if spark else "",
                            start_time="`startTime`" if spark else '"startTime"', text="string" if spark else "varchar",
                            team_alias=field.format("user_api_key_team_alias"), key_alias=field.format("user_api_key_alias"))


def _same_pages(child, parent) -> bool:
    return abs(child.vms - parent.vms) <= parent.vms // 100 and abs(child.rss - parent.rss) <= parent.rss // 100


class PeakMemory:
    """Samples the resident memory of a process tree (and extra processes) until stopped, and
    the CPU time its processes spent meanwhile (user + system, as last sampled)."""

    def __init__(self, extra_pids: list[int] | None = None):
        self.extra_pids = extra_pids or []
        self.peak = 0
        self.root_pid = None
        self._cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def cpu_seconds(self) -> float:
        return sum(now - self._before.get(pid, 0) for pid, now in self._cpu.items())

    def _sample(self) -> dict:
        """{pid: (parent pid, memory, cpu seconds)} of the processes sampled."""
        pids = list(self.extra_pids)
        if self.root_pid:
            pids.append(self.root_pid)
        found = {}
        for pid in pids:
            try:
                proc = psutil.Process(pid)
                for p in [proc, *proc.children(recursive=True)]:
                    if p.pid not in found:
                        found[p.pid] = (p.ppid(), p.memory_info(), sum(p.cpu_times()[:2]))
            except psutil.Error:
                continue
        return found

    def _resident(self, found: dict) -> int:
        private, largest_shared = 0, 0
        for parent, memory, _ in found.values():
            if parent in found and _same_pages(memory, found[parent][1]):
                continue  # a fork or vfork not yet exec'd (the JVM spawns chmod this way): its parent's pages
            private += memory.rss - memory.shared
            largest_shared = max(largest_shared, memory.shared)
        return private + largest_shared

    def _run(self):
        while not self._stop.is_set():
            found = self._sample()
            self.peak = max(self.peak, self._resident(found))
            self._cpu.update((pid, cpu) for pid, (_, _, cpu) in found.items())
            time.sleep(0.05)

    def __enter__(self):
        # CPU the extra processes (a server) spent before the command is not its.
        self._before = {pid: cpu for pid, (_, _, cpu) in self._sample().items()}
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def run_command(command: list[str], cwd: Path, env: dict, extra_pids=None) -> tuple[float, int, str, float]:
    """Seconds, peak memory, output and CPU seconds of one command."""
    with PeakMemory(extra_pids) as memory:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        memory.root_pid = proc.pid
        output, _ = proc.communicate()
        seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:3])} failed:\n{output[-4000:]}")
    return seconds, memory.peak, output, memory.cpu_seconds


def timed_command(command: list[str], cwd: Path, env: dict, extra_pids=None) -> tuple[float, int]:
    return run_command(command, cwd, env, extra_pids)[:2]


def keep_node_timings(project: Path, destination: Path) -> None:
    """Writes the run's nodes, slowest first, from run_results.json (where the time went)."""
    results = json.loads((project / "target" / "run_results.json").read_text())
    nodes = sorted(results["results"], key=lambda node: -node["execution_time"])
    destination.write_text("".join(f"{node['execution_time']:8.2f}s  {node['unique_id']}\n" for node in nodes))


class Engine:
    """Connection helpers for one adapter's database: the one dbt gets with the same environment."""

    def __init__(self, adapter: str, env: dict):
        self.adapter, self.env = adapter, env
        self.settings = Settings.from_env(env, target=adapter)
        self.duckdb_path = self.settings.duckdb_path

    def connect(self):
        # The floor and the reports get the memory dbt gets.
        return self.settings.connect(memory_limit=True)

    def execute(self, sql: str) -> float:
        conn = self.connect()
        try:
            started = time.perf_counter()
            if self.adapter == "duckdb":
                conn.execute(sql).fetchall() if sql.lstrip().startswith(("select", "with")) else conn.execute(sql)
            else:
                conn.autocommit = True  # VACUUM refuses a transaction block
                with conn.cursor() as cur:
                    cur.execute(sql)
                    if cur.description:
                        cur.fetchall()
            return time.perf_counter() - started
        finally:
            conn.close()

    def generate(self, **kwargs) -> dict:
        conn = self.connect()
        try:
            return generate(conn, verbose=False, **kwargs)
        finally:
            conn.close()


def load_postgres_without_secondary_indexes(engine: "Engine", **generate_kwargs) -> dict:
    """Bulk-loads the way one restores a big table: LiteLLM's secondary indexes are
    dropped for the COPY and rebuilt after it (the primary key stays, so re-delivered
    duplicates are refused as upstream refuses them). The table ends up as LiteLLM has it."""
    conn = engine.connect()
    try:
        with conn.cursor() as cur:
            cur.execute("""
                select indexname, indexdef from pg_indexes
                where schemaname = 'public' and tablename = 'LiteLLM_SpendLogs'
                  and indexname not in (select conname from pg_constraint
                                        where conrelid = '"LiteLLM_SpendLogs"'::regclass)
            """)
            secondary = cur.fetchall()
            for name, _ in secondary:
                cur.execute(f'drop index "{name}"')
        conn.commit()
        stats = generate(conn, verbose=False, **generate_kwargs)
        with conn.cursor() as cur:
            for _, definition in secondary:
                cur.execute(definition)
        conn.commit()
    finally:
        conn.close()
    engine.execute('vacuum analyze "LiteLLM_SpendLogs"')
    return stats


def generated_rows(engine: "Engine") -> int | None:
    """Rows of a raw table generated earlier into --workdir (and nothing built on it), else None."""
    if engine.adapter != "duckdb" or not Path(engine.duckdb_path).exists():
        return None
    conn = engine.connect()
    try:
        schemas = {name for (name,) in conn.execute("select schema_name from duckdb_schemas()").fetchall()}
        if "spend_staging" in schemas:
            return None
        return conn.execute('select count(*) from public."LiteLLM_SpendLogs"').fetchone()[0]
    except duckdb.CatalogException:
        return None
    finally:
        conn.close()


def copy_project(adapter: str, workdir: Path) -> Path:
    root = default_project_dir()
    if root is None:
        raise SystemExit("no dbt_project.yml in the current directory or the package's checkout: run it in the repository")
    project = workdir / adapter
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = root / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, project / part)
    shutil.copy2(root / "profiles.example.yml", project / "profiles.yml")
    return project


def datasets(rows: int) -> tuple[dict, dict]:
    """The generator's arguments: N rows over the 90 days ending yesterday, and the new day (N/90 rows)."""
    last_day = dt.date.today() - dt.timedelta(days=1)
    return (dict(rows=rows, days=DAYS, end_date=last_day.isoformat(), seed=42),
            dict(rows=rows // DAYS, days=1, end_date=dt.date.today().isoformat(), seed=43, id_offset=rows * 10))


def report_month() -> tuple[dt.date, dt.date]:
    """The last whole month of the generated days: [start, end)."""
    month_end = (dt.date.today() - dt.timedelta(days=1)).replace(day=1)
    return (month_end - dt.timedelta(days=1)).replace(day=1), month_end


def run_adapter(adapter: str, rows: int, workdir: Path, memory_limit: str, source_order: str = "generated") -> dict:
    if adapter == "spark":
        return run_spark(rows, workdir, source_order)
    project = copy_project(adapter, workdir)
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", ENV_DUCKDB_MEMORY_LIMIT: memory_limit}
    server = None
    server_pids: list[int] = []
    exits = contextlib.ExitStack()
    if adapter == "duckdb":
        env[ENV_DUCKDB_PATH] = str(workdir / "bench.duckdb")
        engine = Engine(adapter, env)
        raw, catalog, marts = 'public."LiteLLM_SpendLogs"', "spend_reference.model_catalog", "spend_marts"
    else:
        server = PostgresSandbox(shared_buffers="2GB", work_mem="256MB").start()
        server.create_database("litellm")
        apply_migrations(server.dsn("litellm"))
        env.update(server.env("litellm"))
        engine = Engine(adapter, env)
        server_pids = [int((Path(server.datadir) / "postmaster.pid").read_text().split()[0])]
        raw, catalog, marts = '"LiteLLM_SpendLogs"', "spend_reference.model_catalog", "spend_marts"
    try:
        dataset, new_day = datasets(rows)
        started = time.perf_counter()
        time_ordered = adapter == "duckdb" and source_order == "start-time"
        # Only a file in generation order is reused: the order of one made elsewhere is unknown.
        held = None if time_ordered else generated_rows(engine)
        if adapter == "duckdb" and held is None:
            # A file an earlier benchmark built on holds the project's history, which
            # --full-refresh protects: measuring on it would not be a full build.
            for leftover in (Path(engine.duckdb_path), Path(engine.duckdb_path + ".wal")):
                leftover.unlink(missing_ok=True)
        if adapter == "postgres":
            load_postgres_without_secondary_indexes(engine, **dataset)
        elif held is not None and held >= rows:
            # The same arguments generate the same rows: a raw table generated into
            # --workdir beforehand (litellm_spend_dev.generate_spend_logs with these arguments) is reused.
            print(f"reusing the {held:,} raw rows already in {engine.duckdb_path}", flush=True)
        else:
            engine.generate(**dataset, time_ordered=time_ordered)
        generate_seconds = time.perf_counter() - started

        dbt = str(Path(sys.executable).with_name("dbt"))
        full_seconds, full_peak, _, full_cpu = run_command(
            [dbt, "build", "--full-refresh", "--target", adapter], project, env, server_pids)
        keep_node_timings(project, workdir / f"{adapter}-full-build-node-timings.txt")
        sink = exits.enter_context(BillingSink())
        export_env = {**env, "LAGO_API_BASE": sink.url, "LAGO_API_KEY": "benchmark"}
        export_lago = [LITELLM_SPEND, "export", "lago", "--event-code", "bench", "--charge-by", "team_id",
                       "--allow-negative", "--target", adapter]
        export_first_seconds, _ = timed_command(export_lago, project, export_env)
        export_events = sink.requests

        engine.generate(**new_day, append=True, time_ordered=time_ordered)
        incremental_seconds, incremental_peak, _, incremental_cpu = run_command(
            [LITELLM_SPEND, "run", "--target", adapter, "--project-dir", str(project)], project, env, server_pids)
        keep_node_timings(project, workdir / f"{adapter}-incremental-node-timings.txt")
        requests_before = sink.requests
        export_day_seconds, _ = timed_command(export_lago, project, export_env)
        export_day_requests = sink.requests - requests_before
        export_rerun_seconds, _ = timed_command(export_lago, project, export_env)

        engine.execute("drop table if exists bench_floor")
        floor_seconds = engine.execute(floor_sql(adapter, raw, catalog))

        month_start, month_end = report_month()
        mart_report = [engine.execute(MART_REPORT_SQL.format(marts=marts, start=month_start, end=month_end))
                       for _ in range(5)]
        raw_report = [engine.execute(RAW_REPORT_SQL[adapter].format(start=month_start, end=month_end))
                      for _ in range(5)]
        focus_seconds, _ = timed_command(
            [LITELLM_SPEND, "export", "focus", "--start-date", str(month_start),
             "--end-date", str(month_end - dt.timedelta(days=1)), "--out", str(workdir / f"{adapter}-focus.parquet"),
             "--target", adapter], project, env)
    finally:
        exits.close()
        if server:
            server.stop()
    return {
        "adapter": adapter, "rows": rows, "generate_s": generate_seconds,
        "full_build_s": full_seconds, "full_build_peak_mb": full_peak / 2**20, "full_build_cpu_s": full_cpu,
        "incremental_s": incremental_seconds, "incremental_peak_mb": incremental_peak / 2**20,
        "incremental_cpu_s": incremental_cpu, "floor_s": floor_seconds,
        "report_mart_s": statistics.median(mart_report), "report_raw_s": statistics.median(raw_report),
        "report_month": f"{month_start} .. {month_end}",
        "source_order": "start-time" if time_ordered else "generated",
        "export_first_s": export_first_seconds, "export_first_requests": export_events,
        "export_day_s": export_day_seconds, "export_day_requests": export_day_requests,
        "export_rerun_s": export_rerun_seconds, "focus_month_s": focus_seconds,
    }


def load_spark_source(directory: Path, project: Path, env: dict, dataset: dict, time_ordered: bool, append=False) -> None:
    """Generates rows to DIRECTORY/LiteLLM_SpendLogs.parquet (in a scratch DuckDB file, as the
    generator's --target parquet does in memory) and loads them with the loader, appending or not."""
    scratch = directory.with_suffix(".duckdb")
    scratch.unlink(missing_ok=True)
    conn = duckdb.connect(str(scratch))
    try:
        generate(conn, verbose=False, time_ordered=time_ordered, **dataset)
        export_duckdb_tables(conn, directory)
    finally:
        conn.close()
        scratch.unlink(missing_ok=True)
    run_command([sys.executable, "-m", "litellm_spend_dev.spark_source", str(directory / "LiteLLM_SpendLogs.parquet"),
                 *(["--append"] if append else [])], project, env)


def run_spark(rows: int, workdir: Path, source_order: str) -> dict:
    project = copy_project("spark", workdir)
    (project / "macros" / "bench_timings.sql").write_text(SPARK_TIMINGS_MACRO)
    home = workdir / "spark-home"  # this run's own metastore and warehouse (Derby admits one process)
    shutil.rmtree(home, ignore_errors=True)
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "SPEND_SPARK_HOME": str(home)}
    schema = env.get("SPEND_SPARK_SCHEMA", "spend")
    time_ordered = source_order == "start-time"
    dataset, new_day = datasets(rows)
    dbt = str(Path(sys.executable).with_name("dbt"))

    started = time.perf_counter()
    load_spark_source(workdir / "spark-source", project, env, dataset, time_ordered)
    generate_seconds = time.perf_counter() - started
    full_seconds, full_peak, _, full_cpu = run_command([dbt, "build", "--full-refresh", "--target", "spark"], project, env)
    keep_node_timings(project, workdir / "spark-full-build-node-timings.txt")

    load_spark_source(workdir / "spark-day", project, env, new_day, time_ordered, append=True)
    incremental_seconds, incremental_peak, _, incremental_cpu = run_command([dbt, "build", "--target", "spark"], project, env)
    keep_node_timings(project, workdir / "spark-incremental-node-timings.txt")

    month_start, month_end = report_month()
    raw = "public.`LiteLLM_SpendLogs`"
    queries = [["drop", "drop table if exists bench_floor"],
               ["floor", floor_sql("spark", raw, f"{schema}_reference.model_catalog")],
               *[["mart", MART_REPORT_SQL.format(marts=f"{schema}_marts", start=month_start, end=month_end)]] * 5,
               *[["raw", RAW_REPORT_SQL["spark"].format(start=month_start, end=month_end)]] * 5]
    output = run_command([dbt, "run-operation", "bench_timings", "--args", json.dumps({"queries": queries}),
                          "--target", "spark"], project, env)[2]
    seconds: dict[str, list[float]] = {}
    for line in output.splitlines():
        if "bench-seconds " in line:
            name, value = line.split("bench-seconds ", 1)[1].split()
            seconds.setdefault(name, []).append(float(value))
    return {
        "adapter": "spark", "rows": rows, "generate_s": generate_seconds,
        "full_build_s": full_seconds, "full_build_peak_mb": full_peak / 2**20, "full_build_cpu_s": full_cpu,
        "incremental_s": incremental_seconds, "incremental_peak_mb": incremental_peak / 2**20,
        "incremental_cpu_s": incremental_cpu, "floor_s": seconds["floor"][0],
        "report_mart_s": statistics.median(seconds["mart"]), "report_raw_s": statistics.median(seconds["raw"]),
        "report_month": f"{month_start} .. {month_end}",
        "source_order": source_order, **dict.fromkeys(EXPORT_KEYS),
        "spark": {name: env.get(f"SPEND_SPARK_{name.upper().replace(' ', '_')}", default) for name, default in
                  [("master", "local[2]"), ("driver memory", "4g"), ("shuffle partitions", "4"), ("threads", "4")]},
    }


def ratios(result: dict) -> dict:
    return {
        "full / floor": result["full_build_s"] / result["floor_s"],
        "incremental / full": result["incremental_s"] / result["full_build_s"],
        "report raw / mart": result["report_raw_s"] / result["report_mart_s"],
        "rows per second (full build)": result["rows"] / result["full_build_s"],
    }


def spark_versions() -> str:
    import importlib.metadata

    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.split('"')
    return (f"Spark {importlib.metadata.version('pyspark')}, dbt-spark {importlib.metadata.version('dbt-spark')}, "
            f"Java {java[1] if len(java) > 1 else 'unknown'}")


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{psutil.cpu_count()} cores ({cpu}), {psutil.virtual_memory().total / 2**30:.0f} GiB RAM, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
            f"duckdb {duckdb.__version__}, PostgreSQL 15")


def markdown(results: list[dict], memory_limit: str) -> str:
    spark_note = "".join(
        f" {spark_versions()}; " + ", ".join(f"{name} {value}" for name, value in r["spark"].items()) +
        "; b is `dbt build` (`litellm-spend run` has no spark target); no exports (they read DuckDB or Postgres)."
        for r in results if r["adapter"] == "spark")
    lines = [f"### {dt.date.today()}: {results[0]['rows']:,} rows over {DAYS} days", "",
             f"Machine: {machine()}. DuckDB memory_limit {memory_limit}.{spark_note}", "",
             "| adapter | source order | a full build | b incremental | c floor | a/c | b/a | d report mart | d report raw | "
             "raw/mart | rows/s (a) | peak MB (a) | peak MB (b) | CPU s (a) | CPU s (b) |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        q = ratios(r)
        lines.append(
            f"| {r['adapter']} | {r['source_order']} | {r['full_build_s']:.1f}s | {r['incremental_s']:.1f}s | {r['floor_s']:.1f}s | "
            f"{q['full / floor']:.2f}x | {q['incremental / full']:.0%} | {r['report_mart_s'] * 1000:.1f}ms | "
            f"{r['report_raw_s'] * 1000:.0f}ms | {q['report raw / mart']:.0f}x | {q['rows per second (full build)']:,.0f} | "
            f"{r['full_build_peak_mb']:,.0f} | {r['incremental_peak_mb']:,.0f} | {r['full_build_cpu_s']:,.0f} | "
            f"{r['incremental_cpu_s']:,.0f} |")
    exported = [r for r in results if r["export_first_s"] is not None]
    if exported:
        lines += ["", "Exports (`litellm-spend export`, Lago by team to a loopback sink; FOCUS Parquet of the report's month):",
                  "", "| adapter | e first export (all history) | requests | f a day's delta | requests | "
                  "g re-run (nothing new) | h FOCUS month |", "|---|---|---|---|---|---|---|"]
    for r in exported:
        lines.append(
            f"| {r['adapter']} | {r['export_first_s']:.1f}s | {r['export_first_requests']:,} | {r['export_day_s']:.1f}s | "
            f"{r['export_day_requests']:,} | {r['export_rerun_s']:.1f}s | {r['focus_month_s']:.1f}s |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--adapters", default="duckdb,postgres", help="comma-separated: duckdb, postgres, spark")
    parser.add_argument("--memory-limit", default=Settings.from_env().duckdb_memory_limit,
                        help="DuckDB memory_limit (it spills beyond); the profile's default")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="default: a temporary directory, removed after. A DuckDB file generated into "
                             "WORKDIR/bench.duckdb beforehand (same rows, 90 days ending yesterday, seed 42) is reused")
    parser.add_argument("--record", type=Path, default=None, help="append the results table to this markdown file")
    parser.add_argument("--source-order", choices=["generated", "start-time"], default="generated",
                        help="DuckDB and Spark: keep the generator's row order (each chunk spread over all days), or "
                             "write each 10M-row chunk in start-time order, as LiteLLM's append-only log has it")
    parser.add_argument("--held", default=None,
                        help="comma-separated held sizes, e.g. 1000000,10000000: the same day batch after each "
                             "(litellm_spend_dev.benchmark_day_batch), instead of the phases above")
    parser.add_argument("--baseline", default=None,
                        help="with --held, DuckDB and Postgres: also build and run this commit's project on the same rows")
    parser.add_argument("--deep-check", action="store_true",
                        help="with --held: after the day run, time a deep check (dbt build --vars '{deep_check: true}')")
    parser.add_argument("--baseline-held", default=None,
                        help="with --baseline: only at these held sizes (comma-separated; default: every size)")
    args = parser.parse_args(argv)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="spend-bench-"))
    try:
        table = held_sizes(args, workdir) if args.held else phases(args, workdir)
        print(table)
        if args.record:
            with open(args.record, "a") as out:
                out.write("\n" + table)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


def phases(args, workdir: Path) -> str:
    """Phases a-h on each adapter: the results table."""
    results = []
    for adapter in args.adapters.split(","):
        result = run_adapter(adapter, args.rows, workdir, args.memory_limit, args.source_order)
        print(json.dumps({**result, **ratios(result)}, default=str), flush=True)
        results.append(result)
    return markdown(results, args.memory_limit)


def held_sizes(args, workdir: Path) -> str:
    """The same day batch after each held size (--held): the results table."""
    from litellm_spend_dev import benchmark_day_batch

    sizes = [int(size) for size in args.held.split(",")]
    baseline_sizes = [int(size) for size in args.baseline_held.split(",")] if args.baseline_held else sizes
    benchmark_day_batch.PHASES["deep_check"] = args.deep_check
    results = benchmark_day_batch.run(args.adapters.split(","), sizes, workdir, args.memory_limit, args.baseline,
                                      args.source_order, baseline_sizes)
    return benchmark_day_batch.markdown(results, args.memory_limit)


if __name__ == "__main__":
    main()
