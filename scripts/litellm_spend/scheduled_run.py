"""The scheduled run: what cron, Dagster or Airflow call every hour or day.

    litellm-spend run [--target postgres] [--vars '{"reprocess_from": "2026-10-01"}']

1. Takes an exclusive lock (a file), so two runs never overlap: a second run
   started while one is going waits up to --lock-wait seconds, then exits 75.
2. Checks source freshness ("startTime" of the newest spend log).
3. Runs `dbt build` incrementally (unit tests excluded: they test the code, not
   the data, and run in CI). On DuckDB, when another process holds the database
   file, it retries until --db-lock-wait seconds have passed, then fails saying so;
   a build that could not start changed nothing.
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
import fcntl
import json
import os
import time
from collections import Counter
from pathlib import Path

from litellm_spend.project import PROJECT_DIR_HELP, default_project_dir

HELP = "the scheduled run: lock, source freshness, incremental dbt build, one summary line"
EXIT_LOCKED = 75  # EX_TEMPFAIL: try again later
DUCKDB_LOCKED = "Could not set lock on file"


def acquire_lock(path: Path, wait_seconds: float):
    handle = open(path, "a+")
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return handle
        except BlockingIOError:
            if time.monotonic() >= deadline:
                handle.close()
                return None
            time.sleep(1)


class Dbt:
    """dbt in this process, the project parsed once with this run's target and vars."""

    def __init__(self, target: str | None, dbt_vars: str | None):
        from dbt.cli.main import dbtRunner  # here, not at the top: `litellm-spend --help` stays fast

        self.runner_class = dbtRunner
        self.options: list[str] = []
        if target:
            self.options += ["--target", target]
        if dbt_vars:
            self.options += ["--vars", dbt_vars]
        # As `dbt` run in the project directory: its profiles.yml first, else dbt's default.
        if "DBT_PROFILES_DIR" not in os.environ and Path("profiles.yml").exists():
            self.options += ["--profiles-dir", "."]
        self.manifest = None

    def _invoke(self, args: list[str]):
        """Runs one dbt command (its log goes to stdout as usual); returns (dbt's result, log text)."""
        messages: list[str] = []
        runner = self.runner_class(manifest=self.manifest, callbacks=[lambda event: messages.append(event.info.msg)])
        result = runner.invoke([*args, *self.options])
        text = "\n".join(messages) + ("\n" + str(result.exception) if result.exception else "")
        return result, text

    def invoke_retrying_while_locked(self, args: list[str], wait_seconds: float) -> tuple[bool, str]:
        """DuckDB allows one writing process per file: wait for another holder to let go."""
        deadline = time.monotonic() + wait_seconds
        while True:
            result, text = self._invoke(args)
            if result.success or DUCKDB_LOCKED not in text or time.monotonic() >= deadline:
                return result.success, text
            print(f"DuckDB file is locked by another process; retrying for {deadline - time.monotonic():.0f}s more",
                  flush=True)
            time.sleep(min(5.0, max(0.5, deadline - time.monotonic())))

    def query(self, inline_sql: str) -> list[tuple]:
        """Rows of a query over the project's models (dbt show, silenced), or [] if it fails."""
        result, _ = self._invoke(["--log-level", "none", "--no-write-json", "show", "--inline", inline_sql, "--limit", "-1"])
        if not result.success or not result.result.results:
            return []
        return [tuple(row) for row in result.result.results[0].agate_table.rows]

    def parse(self) -> bool:
        """Parses the project; later commands reuse the manifest instead of parsing again."""
        result, _ = self._invoke(["parse"])
        if result.success:
            self.manifest = result.result
        return result.success


def read_results(path: Path) -> list[dict]:
    try:
        return json.loads(path.read_text())["results"]
    except (OSError, ValueError, KeyError):
        return []


HEALED_DAYS = """
    select spend_date, late_rows, late_spend
    from {{ ref('run_window') }}
    where window_part = 'rebuild' and late_rows > 0
    order by spend_date
"""
MARTS = ("model.litellm_spend.billable_spend_daily", "model.litellm_spend.budget_spend_daily")


def healed(rows: list[tuple]) -> str:
    """'; healed late rows: 2026-10-02 (12 rows, $3.40), ...' for the days this run found late rows on."""
    if not rows:
        return ""
    days = ", ".join(f"{day} ({count} rows, ${spend:,.2f})" for day, count, spend in rows)
    return f"; healed late rows: {days}"


def publish_note(build_results: list[dict], ok: bool) -> str:
    """What a failed run did to what consumers read: nothing, when the marts were not built."""
    if ok:
        return ""
    marts = {r["unique_id"]: r["status"] for r in build_results if r["unique_id"] in MARTS}
    if all(marts.get(mart) in (None, "skipped") for mart in MARTS):
        return "; nothing was published (the marts hold the last good run): fix what the failure above names, then run again"
    return "; the marts were rebuilt but a check after publishing failed: see the failures above"


def summarize(build_results: list[dict], freshness_results: list[dict], seconds: float) -> tuple[str, bool]:
    statuses = Counter(r["status"] for r in build_results)
    freshness = Counter(r["status"] for r in freshness_results)
    failed = statuses["error"] + statuses["fail"] + statuses["runtime error"] + freshness["error"] + freshness["runtime error"]
    ok = failed == 0 and bool(build_results)
    kinds = Counter(r["unique_id"].split(".")[0] for r in build_results)
    line = (
        f"scheduled run {'OK' if ok else 'FAILED'}: "
        f"{kinds['model']} models, {kinds['test']} tests, {kinds['seed']} seeds; "
        f"{statuses['success'] + statuses['pass']} ok, {statuses['warn']} warn, "
        f"{statuses['error'] + statuses['fail'] + statuses['runtime error']} failed, {statuses['skipped']} skipped; "
        f"freshness {dict(freshness) or 'not checked'}; {seconds:.1f}s"
    )
    return line, ok


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--target", default=None, help="dbt target (default: the profile's, env SPEND_DBT_TARGET)")
    parser.add_argument("--vars", default=None, help="dbt --vars, e.g. '{\"reprocess_from\": \"2026-10-01\"}'")
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
    lock_file = args.lock_file.resolve() if args.lock_file else None
    os.chdir(project_dir)
    dbt = Dbt(args.target, args.vars)  # imports dbt before the clock starts, as a top-level import did
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
        healed_days = dbt.query(HEALED_DAYS) if build_ok else []
        if DUCKDB_LOCKED in output and not build_ok:
            print(f"scheduled run FAILED: the DuckDB file stayed locked by another process for "
                  f"{args.db_lock_wait:.0f}s; nothing was changed", flush=True)
            return 1
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()
    line, ok = summarize(build, freshness, time.monotonic() - started)
    print(line + healed(healed_days) + publish_note(build, ok and build_ok), flush=True)
    return 0 if ok and build_ok else 1
