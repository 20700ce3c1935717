"""Killed runs, readers during rebuilds, and a DuckDB file held by another process."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time

import duckdb
import psycopg2
import pytest

from conftest import DBT, LITELLM_SPEND, _make_project, adopt

TOTALS = 'select count(*), sum(spend), sum(request_count) from "spend_marts"."budget_spend_daily"'


def totals(project) -> tuple:
    if project.adapter == "duckdb":
        # Read-write: a killed writer may have left a WAL that only a writer replays.
        with duckdb.connect(project.env["SPEND_DUCKDB_PATH"]) as con:
            return con.execute(TOTALS).fetchone()
    return project.query(TOTALS)[0]


def build_killed_at(project, marker: str) -> None:
    """Starts `dbt build` and SIGKILLs its whole process group once `marker` is logged."""
    command = [DBT, "build", "--project-dir", str(project.path), "--profiles-dir", str(project.path),
               "--target", project.adapter, "--vars", json.dumps({"litellm_schema": project.source_schema})]
    with project.as_command() as env:
        proc = subprocess.Popen(command, cwd=project.path, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, start_new_session=True)
        seen = []
        for line in proc.stdout:
            seen.append(line)
            if marker in line:
                os.killpg(proc.pid, signal.SIGKILL)
                break
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "".join(seen)[-3000:]


def load_first_batch(project) -> None:
    project.generate(rows=4000, days=6, end_date="2026-03-06", seed=21)


def load_second_batch(project) -> None:
    project.generate(rows=1000, days=1, end_date="2026-03-07", seed=22, id_offset=9_000_000)


@pytest.fixture(scope="module")
def built(request, tmp_path_factory):
    """Per adapter, built once and shared by the kill tests (each kill point starts alike): the
    first batch built (each test kills a copy of it), and what one build of a fresh project over
    both batches publishes."""
    built = {}

    def make(adapter: str, name: str):
        return adopt(request, _make_project(adapter, tmp_path_factory.mktemp(f"{name}_{adapter}"),
                                            lambda: request.getfixturevalue("pg_server")))

    def scenario(adapter: str):
        if adapter not in built:
            first, reference = make(adapter, "first"), make(adapter, "reference")
            load_first_batch(first)
            first.build()
            load_first_batch(reference)
            load_second_batch(reference)
            reference.build()
            built[adapter] = first, {mart: reference.mart(mart) for mart in ("budget_spend_daily",
                                                                             "billable_spend_daily")}
        return built[adapter]
    return scenario


@pytest.mark.parametrize("adapter", ["duckdb", "postgres"])
@pytest.mark.parametrize("marker", ["START sql incremental model spend_marts.budget_spend_daily",
                                    "START sql incremental model spend_intermediate.int_spend_daily_candidate"])
def test_a_killed_build_leaves_the_last_good_marts_and_the_next_run_completes(adapter, built, marker, request,
                                                                              tmp_path):
    first, reference = built(adapter)
    project = adopt(request, first.clone(tmp_path))
    good = totals(project)

    load_second_batch(project)
    build_killed_at(project, marker)
    assert totals(project) == good  # readable, and still the last good numbers

    project.build()
    assert project.mart("budget_spend_daily") == reference["budget_spend_daily"]
    assert project.mart("billable_spend_daily") == reference["billable_spend_daily"]
    assert totals(project)[2] == 5000


def test_postgres_readers_never_see_a_mart_empty_or_partial(project_factory):
    project = project_factory("postgres")
    project.generate(rows=20000, days=10, end_date="2026-03-10", seed=23)
    project.build()
    before = totals(project)
    project.generate(rows=2000, days=1, end_date="2026-03-11", seed=24, id_offset=9_000_000)

    seen: list[tuple] = []
    done = threading.Event()

    def read_continuously():
        conn = psycopg2.connect(project.pg_dsn)
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                while not done.is_set():
                    cur.execute(TOTALS)
                    seen.append(cur.fetchone())
                    time.sleep(0.01)
        finally:
            conn.close()

    reader = threading.Thread(target=read_continuously)
    reader.start()
    try:
        project.build()                     # incremental: days replaced in one transaction
        after = totals(project)
        project.build("--full-refresh")     # full rebuild: a new table swapped in
    finally:
        done.set()
        reader.join()
    assert len(seen) > 50
    assert set(seen) <= {before, after}, set(seen) - {before, after}
    assert after[2] == before[2] + 2000


def scheduled_command(project, *args: str) -> list[str]:
    return [LITELLM_SPEND, "run", "--project-dir", str(project.path), "--target", "duckdb",
            "--vars", '{"litellm_schema": "public"}', *args]


def scheduled(project, *args: str) -> subprocess.CompletedProcess:
    with project.as_command() as env:
        return subprocess.run(scheduled_command(project, *args), env=env, capture_output=True, text=True)


def hold_duckdb_file(project) -> subprocess.Popen:
    """Another process holding the DuckDB file open (DuckDB allows one writer per file)."""
    holder = subprocess.Popen([sys.executable, "-c", (
        "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(600)"),
        project.env["SPEND_DUCKDB_PATH"]], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_duckdb_held_by_another_process_waits_then_fails_clearly(project_factory):
    project = project_factory("duckdb")
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    project.generate(rows=1000, days=2, end_date=today, seed=25)
    assert scheduled(project).returncode == 0
    good = totals(project)
    project.generate(rows=300, days=1, end_date=today, seed=26, id_offset=9_000_000)

    holder = hold_duckdb_file(project)
    try:
        started = time.monotonic()
        locked = scheduled(project, "--db-lock-wait", "6")
        assert time.monotonic() - started >= 6
    finally:
        holder.kill()
        holder.wait()
    assert locked.returncode == 1
    assert "stayed locked by another process" in locked.stdout
    assert totals(project) == good  # nothing lost, nothing half-written

    # Released while the run waits: it goes through. The holder lets go only once the run says
    # it is retrying, so the outcome does not depend on how fast dbt starts on a busy machine.
    holder = hold_duckdb_file(project)
    try:
        run = subprocess.Popen(scheduled_command(project, "--db-lock-wait", "300"), env=project.dbt_env(),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        output = []
        for line in run.stdout:
            output.append(line)
            if "retrying" in line:
                break
    finally:
        holder.kill()
        holder.wait()
    output.append(run.communicate(timeout=600)[0])
    assert any("retrying" in line for line in output), "".join(output)[-3000:]
    assert run.returncode == 0, "".join(output)[-3000:]
    assert totals(project)[2] == good[2] + 300
