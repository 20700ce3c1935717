"""The scheduled run: what cron, Dagster or Airflow call every hour or day.

    litellm-spend run [--target postgres] [--vars '{"reprocess_from": "2026-10-01"}'] [--deep-check]

1. Takes an exclusive lock (a file), so two runs never overlap: a second run
   started while one is going waits up to --lock-wait seconds, then exits 75.
2. Checks source freshness ("startTime" of the newest spend log).
3. Runs `dbt build` incrementally (unit tests excluded: they test the code, not
   the data, and run in CI). On DuckDB, when another process holds the database
   file, it retries until --db-lock-wait seconds have passed, then fails saying so;
   a build that could not start changed nothing.
   With --deep-check (weekly, say: docs/scheduling.md) the audits read the whole
   source and history and the whole-table checks run (var deep_check).
   On Postgres every statement waits at most SPEND_PG_LOCK_TIMEOUT seconds (30) for a
   lock: a run that gives up names the sessions holding the marts (an idle BI
   transaction, say) and what to do.
4. Prints one summary line read from target/run_results.json and exits non-zero
   if freshness errored or any model or test failed.

dbt runs inside this process and parses the project once for both commands: a
second dbt process cost a day run at 10M rows 5.7 s of start-up and parsing.
Paths in the profile are relative to the project directory, as with `dbt` run there.

Exit codes: 0 ok; 1 failed (freshness error, a failed model or test, dbt could not
parse, the DuckDB file stayed locked, no project found); 75 another run holds the lock.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from litellm_spend import queries
from litellm_spend.project import PROJECT_DIR_HELP, default_project_dir
from litellm_spend.scheduling import postgres_locks
from litellm_spend.scheduling.dbt import Dbt
from litellm_spend.scheduling.lock import acquire_lock, release_lock
from litellm_spend.scheduling.outcome import healed, publish_note, read_results, summarize
from litellm_spend.scheduling.run_vars import VarsError, check_dates, with_deep_check
from litellm_spend.terminal import printable
from litellm_spend.warehouse import ENV_TARGET, Settings, is_locked, missing_duckdb_file

HELP = "the scheduled run: lock, source freshness, incremental dbt build, one summary line"
EXIT_LOCKED = 75  # EX_TEMPFAIL: try again later


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--target", default=None, help="dbt target (default: the profile's, env SPEND_DBT_TARGET)")
    parser.add_argument("--vars", default=None, help="dbt --vars, e.g. '{\"reprocess_from\": \"2026-10-01\"}'")
    parser.add_argument("--deep-check", action="store_true",
                        help="also the deep check: audits over the whole source and history (var deep_check)")
    parser.add_argument("--project-dir", type=Path, default=None, help=PROJECT_DIR_HELP)
    parser.add_argument("--lock-file", type=Path, default=None, help="default: <project>/target/scheduled_run.lock")
    parser.add_argument("--lock-wait", type=float, default=0, help="seconds to wait for a running run to finish")
    parser.add_argument("--db-lock-wait", type=float, default=300,
                        help="DuckDB: seconds to keep retrying while another process holds the database file")


def run(args: argparse.Namespace) -> int:
    project_dir = args.project_dir or default_project_dir()
    if project_dir is None:
        print("scheduled run FAILED: no dbt project here (no dbt_project.yml in the current directory "
              "or the package's checkout): pass --project-dir", flush=True)
        return 1
    try:
        check_dates(args.vars)
        dbt_vars = with_deep_check(args.vars) if args.deep_check else args.vars
    except VarsError as error:
        print(f"scheduled run FAILED: {error}; nothing was changed", flush=True)
        return 1
    lock_file = args.lock_file.resolve() if args.lock_file else None
    os.chdir(project_dir)
    target = args.target or os.environ.get(ENV_TARGET, "duckdb")
    missing = missing_duckdb_file(Settings.from_env(target="duckdb")) if target == "duckdb" else None
    if missing:
        # dbt would create it: an empty database, a failed freshness check, and a stray file.
        print(f"scheduled run FAILED: {missing}; nothing was changed", flush=True)
        return 1
    if target == "postgres":
        try:
            postgres_locks.set_lock_timeout()
        except ValueError as error:
            print(f"scheduled run FAILED: {error}; nothing was changed", flush=True)
            return 1
    dbt = Dbt(args.target, dbt_vars)  # imports dbt before the clock starts, as a top-level import did
    target_dir = Path("target")
    target_dir.mkdir(exist_ok=True)
    lock = acquire_lock(lock_file or target_dir / "scheduled_run.lock", args.lock_wait)
    if lock is None:
        print("scheduled run SKIPPED: another run holds the lock", flush=True)
        return EXIT_LOCKED
    started = time.monotonic()
    try:
        for stale in ("run_results.json", "sources.json"):
            (target_dir / stale).unlink(missing_ok=True)
        if not dbt.parse():
            print("scheduled run FAILED: dbt could not parse the project (see above)", flush=True)
            return 1
        dbt.invoke_retrying_while_locked(["source", "freshness"], args.db_lock_wait)
        freshness = read_results(target_dir / "sources.json")
        build_ok, output = dbt.invoke_retrying_while_locked(
            ["build", "--exclude-resource-type", "unit_test"], args.db_lock_wait)
        build = read_results(target_dir / "run_results.json")
        healed_days = dbt.query(queries.template("scheduled_run/healed_days")) if build_ok else []
        if is_locked(output) and not build_ok:
            print(f"scheduled run FAILED: the DuckDB file stayed locked by another process for "
                  f"{args.db_lock_wait:.0f}s; nothing was changed", flush=True)
            return 1
        if target == "postgres" and not build_ok and postgres_locks.hit_lock_timeout(output):
            print(printable(f"scheduled run FAILED: "
                            f"{postgres_locks.timeout_message(Settings.from_env(target='postgres'))}"), flush=True)
            return 1
    finally:
        release_lock(lock)
    line, ok = summarize(build, freshness, time.monotonic() - started)
    print(line + healed(healed_days) + publish_note(build, ok and build_ok), flush=True)
    return 0 if ok and build_ok else 1
