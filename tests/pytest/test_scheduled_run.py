"""The scheduled entry point: lock, freshness, build, exit code, summary line."""

from __future__ import annotations

import datetime as dt
import fcntl
import subprocess

import billing_oracle
from conftest import LITELLM_SPEND, ROOT


def run(project, *args: str) -> subprocess.CompletedProcess:
    command = [LITELLM_SPEND, "run", "--project-dir", str(project.path), "--target", project.adapter,
               "--vars", f'{{"litellm_schema": "{project.source_schema}"}}', *args]
    with project.as_command() as env:  # the copy's saved manifest, as its in-process dbt would use
        return subprocess.run(command, env=env, capture_output=True, text=True)


def summary(result: subprocess.CompletedProcess) -> str:
    return result.stdout.strip().splitlines()[-1]


def today() -> str:
    return dt.datetime.now(dt.timezone.utc).date().isoformat()


def test_runs_builds_and_summarizes_on_both_adapters(project):
    project.generate(rows=3000, days=5, end_date=today(), seed=11)
    first = run(project)
    assert first.returncode == 0, first.stdout[-3000:]
    # Every model that dbt runs: an ephemeral model is a CTE of its children, never a node of its own.
    model_count = len([path for path in (ROOT / "models").rglob("*.sql")
                       if "materialized='ephemeral'" not in path.read_text()])
    assert summary(first).startswith(f"scheduled run OK: {model_count} models")
    assert "freshness {'pass': 1}" in summary(first)
    before = project.mart("budget_spend_daily")

    project.generate(rows=500, days=1, end_date=today(), seed=12, id_offset=5_000_000)
    second = run(project)
    assert second.returncode == 0, second.stdout[-3000:]
    after = project.mart("budget_spend_daily")
    assert sum(r["request_count"] for r in after) == sum(r["request_count"] for r in before) + 500


def test_a_second_run_waits_for_the_lock_then_gives_up(project_factory):
    project = project_factory("duckdb")
    project.generate(rows=500, days=2, end_date=today(), seed=13)
    (project.path / "target").mkdir(exist_ok=True)
    with open(project.path / "target" / "scheduled_run.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        blocked = run(project, "--lock-wait", "2")
    assert blocked.returncode == 75
    assert "another run holds the lock" in blocked.stdout
    assert not (project.path / "target" / "run_results.json").exists()


def test_stale_source_and_failed_tests_exit_non_zero(project_factory):
    project = project_factory("duckdb")
    project.generate(rows=500, days=2, end_date="2026-01-10", seed=14)
    stale = run(project)
    assert stale.returncode == 1
    assert "scheduled run FAILED" in summary(stale) and "'error': 1" in summary(stale)

    catalog = project.path / "seeds" / "model_catalog.csv"
    catalog.write_text(catalog.read_text() + "gpt-4o,,,true,2020-01-01,,openai,contradicts the billable gpt-4o row\n")
    broken = run(project)
    assert broken.returncode == 1
    assert "FAILED" in summary(broken) and ", 0 failed" not in summary(broken)
    assert "nothing was published (the marts hold the last good run)" in summary(broken)


def test_the_summary_names_the_days_it_healed(project):
    project.generate(rows=4000, days=40, end_date=today(), seed=15)
    assert run(project).returncode == 0
    late_day = (dt.datetime.now(dt.timezone.utc).date() - dt.timedelta(days=30)).isoformat()
    on_late_day = f"cast(\"startTime\" as date) = '{late_day}'"
    held = {r["request_id"] for r in project.source_rows(on_late_day)}
    project.generate(rows=120, days=1, end_date=late_day, seed=16, id_offset=7_000_000)
    late, _, _ = billing_oracle.accepted_requests(
        [r for r in project.source_rows(on_late_day) if r["request_id"] not in held])

    healed = run(project)
    assert healed.returncode == 0, healed.stdout[-3000:]
    assert summary(healed).startswith("scheduled run OK")
    spend = sum(r["spend"] for r in late)
    assert summary(healed).endswith(f"; healed late rows: {late_day} ({len(late)} rows, ${spend:,.2f})")


def test_a_date_var_dbt_cannot_read_is_named_before_dbt_starts(project_factory):
    """dbt reads --vars as YAML, whose date parser fails on 2026-13-01 with "month must be in
    1..12" and no var named: the run names the var and changes nothing."""
    project = project_factory("duckdb")
    command = [LITELLM_SPEND, "run", "--project-dir", str(project.path), "--target", "duckdb",
               "--vars", "{reprocess_from: 2026-13-01}"]
    with project.as_command() as env:
        result = subprocess.run(command, env=env, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert summary(result) == ("scheduled run FAILED: reprocess_from must be a calendar date written YYYY-MM-DD, "
                               "such as 2026-03-01, got: '2026-13-01'; nothing was changed")
    assert "Traceback" not in result.stderr


def marts_now(project) -> dict:
    """Every row of the marts a BI tab reads, sorted."""
    return {name: sorted(project.query(f"select * from {project.relation(name)}"), key=repr)
            for name in ("billable_spend_daily", "budget_spend_daily", "spend_report_daily", "budget_burn")}


def test_an_idle_bi_transaction_never_blocks_a_plain_run(project_factory):
    """A BI session idle in a transaction after reading every mart holds a share lock on each
    (and on the views and tables under them) until it ends: the run waited that long, and new
    BI queries queued behind it. A plain run now takes no lock a reader holds: unchanged views
    are left alone, and the tables under them are replaced in place."""
    import psycopg2

    project = project_factory("postgres")
    project.generate(rows=2000, days=3, end_date=today(), seed=21)
    assert run(project).returncode == 0
    project.generate(rows=300, days=1, end_date=today(), seed=22, id_offset=6_000_000)
    before = marts_now(project)

    reader = psycopg2.connect(project.pg_dsn, application_name="metabase-tab")
    try:
        with reader.cursor() as cursor:  # a transaction left open after reading every mart
            for name in before:
                cursor.execute(f"select count(*) from {project.relation(name)}")
        with project.as_command() as env:
            result = subprocess.run(
                [LITELLM_SPEND, "run", "--project-dir", str(project.path), "--target", "postgres",
                 "--vars", f'{{"litellm_schema": "{project.source_schema}"}}'],
                env={**env, "SPEND_PG_LOCK_TIMEOUT": "5"}, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout[-3000:]
        # Still open, still holding its locks, and now reading what the run published.
        with reader.cursor() as cursor:
            cursor.execute(f"select sum(request_count) from {project.relation('budget_spend_daily')}")
            assert cursor.fetchone()[0] == 2300
    finally:
        reader.close()
    assert sum(r["request_count"] for r in project.mart("budget_spend_daily")) == 2300
    assert marts_now(project)["budget_burn"] == before["budget_burn"]


def test_a_lock_wait_past_the_timeout_names_the_session_holding_it(project_factory):
    """Whatever still needs an exclusive lock (a changed view, a --full-refresh) waits at most
    SPEND_PG_LOCK_TIMEOUT: the run then fails naming the session and what to do, and what
    the session reads keeps what it had."""
    import psycopg2

    project = project_factory("postgres")
    project.generate(rows=2000, days=3, end_date=today(), seed=23)
    assert run(project).returncode == 0
    # A changed view: its SQL differs, so it is replaced (an exclusive lock).
    view = project.path / "models" / "marts" / "reporting" / "published_days.sql"
    view.write_text(view.read_text() + "\n-- changed\n")
    reader = psycopg2.connect(project.pg_dsn, application_name="metabase-tab")
    try:
        with reader.cursor() as cursor:
            cursor.execute(f"select count(*) from {project.relation('published_days')}")
            cursor.execute("select pg_backend_pid()")
            reader_pid = cursor.fetchone()[0]
        with project.as_command() as env:
            blocked = subprocess.run(
                [LITELLM_SPEND, "run", "--project-dir", str(project.path), "--target", "postgres",
                 "--vars", f'{{"litellm_schema": "{project.source_schema}"}}'],
                env={**env, "SPEND_PG_LOCK_TIMEOUT": "2"}, capture_output=True, text=True)
        assert blocked.returncode == 1, blocked.stdout[-3000:]
        line = summary(blocked)
        assert line.startswith("scheduled run FAILED: a lock wait passed SPEND_PG_LOCK_TIMEOUT (2 s)"), line
        assert f"session {reader_pid} (user " in line and "application metabase-tab" in line, line
        assert "idle in transaction" in line and f"select pg_terminate_backend({reader_pid})" in line, line
        assert "spend_marts.published_days" in line, line
    finally:
        reader.close()
    assert run(project).returncode == 0
