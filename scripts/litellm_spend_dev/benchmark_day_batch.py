"""The benchmark's held-sizes mode (`benchmark --held 1000000,10000000`): the same day batch after
each number of held rows, on each engine, one engine and one size at a time.

For every engine and every held size H it generates H rows over the 90 days before today, then
  a  `dbt build --full-refresh` on a fresh database;
  c  the floor (benchmark.FLOOR_SQL: one query from the raw rows to budget_spend_daily's grain);
  b  the day batch arrives (DAY_BATCH: a new day, late rows and re-deliveries on the five days
     before it; the same rows whatever H is), then a plain `dbt build`: the day run.
  d  with --deep-check: then `dbt build --vars '{deep_check: true}'` (docs/scheduling.md).
It prints each one's wall time, peak memory and CPU time, and per engine the day run at the
largest size over the day run at the smallest. With --baseline COMMIT (DuckDB, Postgres) the
same rows are built and run again by that commit's project (git archive), side by side (on
Postgres in a copy of the loaded database).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import duckdb

from litellm_spend.warehouse.settings import ENV_DUCKDB_MEMORY_LIMIT, ENV_DUCKDB_PATH
from litellm_spend_dev import benchmark as bench
from litellm_spend_dev.apply_litellm_migrations import apply_migrations
from litellm_spend_dev.generate_spend_logs import generate
from litellm_spend_dev.parquet_export import export_duckdb_tables
from litellm_spend_dev.pg_sandbox import PostgresSandbox

# The day batch: a new day, requests that reach the source late on the five days before it (new
# ids), and re-delivered copies of requests already held on those days (not on Postgres, where
# LiteLLM's primary key refuses them, as upstream's ON CONFLICT DO NOTHING does).
NEW_DAY_ROWS, LATE_ROWS, LATE_DAYS, REDELIVERED_ROWS = 50_000, 5_000, 5, 1_000
NEW_DAY_SEED, LATE_SEED = 43, 44
NEW_DAY_IDS, LATE_IDS = 10 ** 12, 2 * 10 ** 12  # id offsets far beyond any held size's ids
SPEND_LOGS = 'public."LiteLLM_SpendLogs"'


def batch_day() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


# "generated" (each row's start time drawn at random over the days) or "start-time" (the order of
# LiteLLM's append-only log): benchmark --source-order. PHASES["deep_check"]: benchmark --deep-check.
SOURCE_ORDER = {"time_ordered": False}
PHASES = {"deep_check": False}


def held_dataset(rows: int) -> dict:
    """The generator's arguments for H held rows: the 90 days before the batch's day."""
    return dict(rows=rows, days=bench.DAYS, end_date=(batch_day() - dt.timedelta(days=1)).isoformat(), seed=42,
                **SOURCE_ORDER)


def redelivery_sql(source: str) -> str:
    """Held rows of the five late days, copied unchanged (a warehouse replica delivering them again)."""
    day = batch_day()
    return (f"select * from {source} where \"startTime\" >= timestamp '{day - dt.timedelta(days=LATE_DAYS)}'"
            f" and \"startTime\" < timestamp '{day}' order by request_id limit {REDELIVERED_ROWS}")


def append_day_batch(target, redeliveries_from: str | None) -> None:
    """Appends the day batch to a DuckDB or psycopg2 connection's source table."""
    day = batch_day()
    generate(target, rows=NEW_DAY_ROWS, days=1, end_date=day.isoformat(), seed=NEW_DAY_SEED,
             id_offset=NEW_DAY_IDS, append=True, verbose=False, **SOURCE_ORDER)
    generate(target, rows=LATE_ROWS, days=LATE_DAYS, end_date=(day - dt.timedelta(days=1)).isoformat(),
             seed=LATE_SEED, id_offset=LATE_IDS, append=True, verbose=False, **SOURCE_ORDER)
    if redeliveries_from is not None:
        target.execute(f"insert into {SPEND_LOGS} {redelivery_sql(redeliveries_from)}")


def baseline_project(commit: str, workdir: Path) -> Path:
    """COMMIT's dbt project (its own files: git archive), with the current profiles."""
    root = bench.default_project_dir()
    project = workdir / f"baseline-{commit}"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    with tempfile.TemporaryFile() as archive:
        subprocess.run(["git", "-C", str(root), "archive", "--format=tar", commit], stdout=archive, check=True)
        archive.seek(0)
        with tarfile.open(fileobj=archive) as tar:
            members = [m for m in tar.getmembers()
                       if any(m.name == part or m.name.startswith(part + "/") for part in bench.PROJECT_PARTS)]
            tar.extractall(project, members=members)
    shutil.copy2(root / "profiles.example.yml", project / "profiles.yml")
    return project


def measure(adapter: str, held: int, project: Path, env: dict, engine, append_batch, extra_pids=()) -> dict:
    """a, c and b on a database that holds H generated rows and nothing built."""
    dbt = str(Path(sys.executable).with_name("dbt"))
    full_s, full_peak, _, full_cpu = bench.run_command([dbt, "build", "--full-refresh", "--target", adapter],
                                                       project, env, list(extra_pids))
    bench.keep_node_timings(project, project.parent / f"{project.name}-{held}-full-build-node-timings.txt")
    floor_s = engine()
    append_batch()
    day_s, day_peak, _, day_cpu = bench.run_command([dbt, "build", "--target", adapter], project, env, list(extra_pids))
    bench.keep_node_timings(project, project.parent / f"{project.name}-{held}-day-run-node-timings.txt")
    result = {"adapter": adapter, "held": held, "project": project.name, "full_s": full_s,
              "full_peak_mb": full_peak / 2 ** 20, "full_cpu_s": full_cpu, "floor_s": floor_s,
              "day_s": day_s, "day_peak_mb": day_peak / 2 ** 20, "day_cpu_s": day_cpu}
    if PHASES["deep_check"]:
        deep_s, deep_peak, _, deep_cpu = bench.run_command(
            [dbt, "build", "--target", adapter, "--vars", '{"deep_check": true}'], project, env, list(extra_pids))
        bench.keep_node_timings(project, project.parent / f"{project.name}-{held}-deep-check-node-timings.txt")
        result.update(deep_s=deep_s, deep_peak_mb=deep_peak / 2 ** 20, deep_cpu_s=deep_cpu)
    return result


def run_duckdb(held: int, workdir: Path, memory_limit: str, baseline: str | None) -> list[dict]:
    raw = workdir / f"raw-{held}{'-time-ordered' if SOURCE_ORDER['time_ordered'] else ''}.duckdb"
    if not raw.exists():
        with duckdb.connect(str(raw)) as conn:
            generate(conn, verbose=False, **held_dataset(held))
    results = []
    projects = [bench.copy_project("duckdb", workdir)] + ([baseline_project(baseline, workdir)] if baseline else [])
    for project in projects:
        database = workdir / f"{project.name}.duckdb"
        shutil.copy2(raw, database)
        Path(str(database) + ".wal").unlink(missing_ok=True)
        env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", ENV_DUCKDB_MEMORY_LIMIT: memory_limit,
               ENV_DUCKDB_PATH: str(database)}
        engine = bench.Engine("duckdb", env)

        def floor():
            engine.execute("drop table if exists bench_floor")
            return engine.execute(bench.floor_sql("duckdb", SPEND_LOGS, "spend_reference.model_catalog"))

        def batch():
            with duckdb.connect(str(database)) as conn:
                append_day_batch(conn, SPEND_LOGS)

        results.append(measure("duckdb", held, project, env, floor, batch))
        database.unlink(missing_ok=True)
    raw.unlink(missing_ok=True)
    return results


def run_postgres(held: int, workdir: Path, baseline: str | None = None) -> list[dict]:
    projects = [bench.copy_project("postgres", workdir)] + ([baseline_project(baseline, workdir)] if baseline else [])
    server = PostgresSandbox(shared_buffers="2GB", work_mem="256MB").start()
    try:
        server.create_database("litellm")
        apply_migrations(server.dsn("litellm"))
        loaded = bench.Engine("postgres", {**os.environ, **server.env("litellm")})
        bench.load_postgres_without_secondary_indexes(loaded, **held_dataset(held))
        server_pid = int((Path(server.datadir) / "postmaster.pid").read_text().split()[0])
        results = []
        for number, project in enumerate(projects):
            # Each project builds in its own copy of the loaded database (a file copy).
            database = f"litellm_{number}"
            server.create_database(database, template="litellm", file_copy=True)
            env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", **server.env(database)}
            engine = bench.Engine("postgres", env)

            def floor(engine=engine):
                engine.execute("drop table if exists bench_floor")
                return engine.execute(bench.floor_sql("postgres", '"LiteLLM_SpendLogs"', "spend_reference.model_catalog"))

            def batch(engine=engine):
                conn = engine.connect()
                try:
                    append_day_batch(conn, None)
                    conn.commit()
                finally:
                    conn.close()
                engine.execute('analyze "LiteLLM_SpendLogs"')

            results.append(measure("postgres", held, project, env, floor, batch, [server_pid]))
            server.drop_database(database)
        return results
    finally:
        server.stop()


def run_spark(held: int, workdir: Path) -> list[dict]:
    project = bench.copy_project("spark", workdir)
    (project / "macros" / "bench_timings.sql").write_text(bench.SPARK_TIMINGS_MACRO)
    home = workdir / "spark-home"
    shutil.rmtree(home, ignore_errors=True)
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "SPEND_SPARK_HOME": str(home)}
    schema = env.get("SPEND_SPARK_SCHEMA", "spend")
    held_dir, batch_dir = workdir / "spark-held", workdir / "spark-batch"
    write_parquet(held_dir, lambda conn: generate(conn, verbose=False, **held_dataset(held)))
    load_parquet(held_dir, project, env)
    dbt = str(Path(sys.executable).with_name("dbt"))

    def floor():
        queries = [["drop", "drop table if exists bench_floor"],
                   ["floor", bench.floor_sql("spark", "public.`LiteLLM_SpendLogs`", f"{schema}_reference.model_catalog")]]
        output = bench.run_command([dbt, "run-operation", "bench_timings", "--args", json.dumps({"queries": queries}),
                                    "--target", "spark"], project, env)[2]
        return next(float(line.split("bench-seconds floor ", 1)[1].split()[0])
                    for line in output.splitlines() if "bench-seconds floor " in line)

    def batch():
        held_file = held_dir / "LiteLLM_SpendLogs.parquet"
        write_parquet(batch_dir, lambda conn: append_day_batch(conn, f"read_parquet('{held_file}')"))
        load_parquet(batch_dir, project, env, append=True)

    return [measure("spark", held, project, env, floor, batch)]


def write_parquet(directory: Path, fill) -> None:
    """Rows written by fill(conn) into a scratch DuckDB file, exported as LiteLLM_<Name>.parquet files."""
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    scratch = directory.with_suffix(".duckdb")
    scratch.unlink(missing_ok=True)
    with duckdb.connect(str(scratch)) as conn:
        conn.execute("create schema if not exists public")
        fill(conn)
        export_duckdb_tables(conn, directory)
    scratch.unlink(missing_ok=True)


def load_parquet(directory: Path, project: Path, env: dict, append=False) -> None:
    bench.run_command([sys.executable, "-m", "litellm_spend_dev.spark_source", str(directory / "LiteLLM_SpendLogs.parquet"),
                       *(["--append"] if append else [])], project, env)


def run(adapters: list[str], sizes: list[int], workdir: Path, memory_limit: str, baseline: str | None,
        source_order: str = "generated", baseline_sizes: list[int] | None = None) -> list[dict]:
    SOURCE_ORDER["time_ordered"] = source_order == "start-time"
    workdir.mkdir(parents=True, exist_ok=True)
    results = []
    for adapter in adapters:
        for held in sizes:
            if adapter == "duckdb":
                found = run_duckdb(held, workdir, memory_limit,
                                   baseline if baseline_sizes is None or held in baseline_sizes else None)
            elif adapter == "postgres":
                found = run_postgres(held, workdir,
                                     baseline if baseline_sizes is None or held in baseline_sizes else None)
            else:
                found = run_spark(held, workdir)
            for result in found:
                print(json.dumps(result), flush=True)
            results += found
    return results


def markdown(results: list[dict], memory_limit: str) -> str:
    lines = [f"### {dt.date.today()}: the day batch after {', '.join(f'{s:,}' for s in sorted({r['held'] for r in results}))}"
             " held rows", "",
             f"Machine: {bench.machine()}. DuckDB memory_limit {memory_limit}. Source in "
             f"{'start-time' if SOURCE_ORDER['time_ordered'] else 'generated'} order. Day batch: {NEW_DAY_ROWS:,} rows on a new "
             f"day, {LATE_ROWS:,} late rows on the {LATE_DAYS} days before it, {REDELIVERED_ROWS:,} re-delivered held rows "
             "(not on Postgres: LiteLLM's primary key refuses them). Load average at the end: "
             f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}.", "",
             "| engine | project | held rows | a full build | c floor | a/c | b day run | b/a | peak MB (a) | peak MB (b) "
             "| CPU s (a) | CPU s (b) |" + (" d deep check | CPU s (d) |" if PHASES["deep_check"] else ""),
             "|---|---|---|---|---|---|---|---|---|---|---|---|" + ("---|---|" if PHASES["deep_check"] else "")]
    for r in results:
        deep = f" {r['deep_s']:.1f}s | {r['deep_cpu_s']:,.0f} |" if "deep_s" in r else ""
        lines.append(f"| {r['adapter']} | {r['project']} | {r['held']:,} | {r['full_s']:.1f}s | {r['floor_s']:.1f}s | "
                     f"{r['full_s'] / r['floor_s']:.2f}x | {r['day_s']:.1f}s | {r['day_s'] / r['full_s']:.0%} | "
                     f"{r['full_peak_mb']:,.0f} | {r['day_peak_mb']:,.0f} | {r['full_cpu_s']:,.0f} | {r['day_cpu_s']:,.0f} |"
                     + deep)
    lines.append("")
    for adapter in dict.fromkeys(r["adapter"] for r in results):
        for project in dict.fromkeys(r["project"] for r in results if r["adapter"] == adapter):
            runs = sorted((r for r in results if r["adapter"] == adapter and r["project"] == project),
                          key=lambda r: r["held"])
            if len(runs) > 1:
                lines.append(f"- {adapter} ({project}): day run after {runs[-1]['held']:,} / after {runs[0]['held']:,} "
                             f"held rows: {runs[-1]['day_s'] / runs[0]['day_s']:.2f}x")
    by_size = {}
    for r in results:
        by_size.setdefault((r["adapter"], r["held"]), []).append(r)
    for (adapter, held), runs in by_size.items():
        if len(runs) == 2:
            current, other = runs
            lines.append(f"- {adapter} at {held:,}: day run {current['day_s'] / other['day_s']:.0%} of {other['project']}'s, "
                         f"full build {current['full_s'] / other['full_s']:.0%}")
    return "\n".join(lines) + "\n"
