"""A run on Spark killed at any point leaves every published mart exactly as before the run or
exactly as after it (never a mix of days, never an emptied day), loses no history row, and the
next plain run heals (macros/materializations/versioned_days.sql, macros/spark/merge_records_by_day.sql).

dbt runs in a process group of its own on a Spark home of its own (Derby admits one process per
home; spark_home_process.py, which also reads the marts in the same JVM, before and after dbt),
SIGKILLed where the test hook SPEND_SPARK_PAUSE_AT=<model>:<point> makes it log a marker and sleep:

    spend_log_history:overwrite   the history's touched days are staged, their partitions not yet
                                  replaced; the test then deletes one touched partition, as a kill
                                  inside Spark's commit (delete, then rename) would leave it
    budget_spend_daily:commit     its new day partitions are written, not yet committed
    billable_spend_daily:cleanup  committed, superseded partitions not yet dropped (and the other
                                  marts, running beside it, anywhere in their publish)

Before and after are DuckDB's marts after the first and the second batch (test_spark proves the
engines equal after a run that completes); the history must hold every request DuckDB's holds.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from conftest import FILES_OFF, _make_project, copy_project
from engine_equality import RUN_STAMPS, canonical
from litellm_spend_dev.generate_spend_logs import generate
from litellm_spend_dev.parquet_export import export_duckdb_tables
from litellm_spend_dev.spend_logs_layout import create_duckdb_spend_logs_table, insert_rows_duckdb
from spend_log_fixtures import row

MARTS = ("billable_spend_daily", "budget_spend_daily", "spend_by_model_daily")
# The marts, what the next run's window reads of them, and everything they are built from.
SELECTION = ["--select", "+spend_log_source_days", "+run_published_days"]
# The first build loads the seeds too; the kill runs are plain runs of the models.
FIRST_BUILD = ["--resource-type", "seed", "--resource-type", "model"]
END_DATE = dt.date(2026, 11, 20)
PROCESS = Path(__file__).with_name("spark_home_process.py")


def _duckdb_state(project) -> dict:
    with duckdb.connect(project.env["SPEND_DUCKDB_PATH"], read_only=True) as con:
        marts = {}
        for mart in MARTS:
            columns = sorted(c for (c,) in con.execute(
                "select column_name from information_schema.columns where table_schema = 'spend_marts'"
                " and table_name = ?", [mart]).fetchall() if c not in RUN_STAMPS)
            marts[mart] = sorted([repr(canonical(v)) for v in r] for r in con.execute(
                f"select {', '.join(columns)} from spend_marts.{mart}").fetchall())
        history = sorted(r for (r,) in con.execute("select request_id from spend_history.spend_log_history").fetchall())
    return {"marts": marts, "history": history}


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    """Two batches on DuckDB (the expected states), and a Spark home holding the first built."""
    on_duckdb = _make_project("duckdb", tmp_path_factory.mktemp("duckdb"), None)
    files = tmp_path_factory.mktemp("parquet")
    with duckdb.connect(on_duckdb.env["SPEND_DUCKDB_PATH"]) as con:
        generate(con, rows=120, days=4, end_date=END_DATE, seed=7, verbose=False, with_deployments=True)
        export_duckdb_tables(con, files / "first", schema="public")
        create_duckdb_spend_logs_table(con, schema="batch")
        generate(con, schema="batch", rows=40, days=2, end_date=END_DATE + dt.timedelta(days=2), seed=8,
                 id_offset=100_000, append=True, verbose=False)
        # A late row into the first day, outside the lookback: a grown day, so an old partition of
        # the history is touched too. (Not a moved request: a run killed after the history took
        # one, before the publish, leaves its old day unrebuilt on every engine: see the report.)
        insert_rows_duckdb(con, [row("late-1", f"{END_DATE - dt.timedelta(days=3):%Y-%m-%d} 12:00:00", 0.5)],
                           schema="batch")
        export_duckdb_tables(con, files / "second", schema="batch")
    on_duckdb.dbt("build", *SELECTION, *FIRST_BUILD)
    before = _duckdb_state(on_duckdb)
    with duckdb.connect(on_duckdb.env["SPEND_DUCKDB_PATH"]) as con:
        con.execute('insert into public."LiteLLM_SpendLogs" select * from batch."LiteLLM_SpendLogs"')
    on_duckdb.dbt("run", *SELECTION)
    after = _duckdb_state(on_duckdb)
    assert all(before["marts"][mart] != after["marts"][mart] for mart in MARTS)
    assert len(after["history"]) == len(before["history"]) + 41

    project = copy_project(tmp_path_factory.mktemp("spark") / "project")
    home = project.parent / "home"
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "SPEND_SPARK_HOME": str(home),
           "SPEND_SPARK_SCHEMA": "kills", "SPEND_SPARK_SHUFFLE_PARTITIONS": "1"}
    spark = SparkHome(project, home, env)
    spark.steps(f"load:{files / 'first'}", f"dbt:build {' '.join(SELECTION + FIRST_BUILD)}", f"append:{files / 'second'}")
    return spark, before, after


class SparkHome:
    """Processes of their own on one Spark home (spark_home_process.py), each one JVM start."""

    def __init__(self, project: Path, home: Path, env: dict):
        self.project, self.home = project, home
        self.env = {**env, "PYTHONUNBUFFERED": "1",
                    "PYTHONPATH": os.pathsep.join([str(PROCESS.parent), env.get("PYTHONPATH", "")])}

    def _command(self, steps: tuple[str, ...]) -> list[str]:
        # The paused run's marker is a console line: only dbt's files are left out.
        dbt_options = " ".join(["", "--target", "spark", "--project-dir", str(self.project),
                                "--profiles-dir", str(self.project), *FILES_OFF])
        return [sys.executable, str(PROCESS), str(self.home), "kills", str(self.project),
                *(step + dbt_options if step.startswith("dbt:") else step for step in steps)]

    def steps(self, *steps: str) -> list[dict]:
        """Runs the steps in one process; what each printed (a read: the state it saw)."""
        done = subprocess.run(self._command(steps), env=self.env, cwd=self.project, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        return _printed(done.stdout.splitlines())

    def killed_at(self, point: str, *steps: str, on_marker=None) -> list[dict]:
        """Runs the steps until a dbt step logs the hook's marker at point, then SIGKILLs the
        process group; what the steps before the kill printed."""
        process = subprocess.Popen(self._command(steps), env={**self.env, "SPEND_SPARK_PAUSE_AT": point},
                                   cwd=self.project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                   start_new_session=True)
        seen = []
        for line in process.stdout:
            seen.append(line)
            if f"SPEND_SPARK_PAUSED {point}" in line:
                if on_marker:
                    on_marker()
                os.killpg(process.pid, signal.SIGKILL)
                break
        process.wait()
        assert process.returncode == -signal.SIGKILL, "".join(seen[-40:])
        return _printed(seen)


def _printed(lines) -> list[dict]:
    return [json.loads(line[len("STEP "):]) for line in lines if line.startswith("STEP ")]


def _history_partitions(home: Path) -> list[Path]:
    return sorted((home / "warehouse" / "kills_history.db" / "spend_log_history").glob("started_utc_day=*"))


def test_a_run_killed_anywhere_publishes_all_or_nothing_and_the_next_run_heals(scenario):
    spark, before, after = scenario
    run = f"dbt:run {' '.join(SELECTION)}"

    # 1. Inside the history's partition commit: a touched day's partition is gone, its image staged.
    def lose_a_touched_partition():
        touched = _history_partitions(spark.home)[-1]
        assert list(touched.glob("*.parquet"))
        shutil.rmtree(touched)
    spark.killed_at("spend_log_history:overwrite", run, on_marker=lose_a_touched_partition)

    # Each read is the first step of a new process, so it sees what the killed run left on disk.
    # 2. Marts written, not committed; the run's start replayed the history's image first.
    [state] = spark.killed_at("budget_spend_daily:commit", "read", run)
    assert state["marts"] == before["marts"]
    assert len(state["history"]) < len(before["history"])  # the loss of kill 1 is real until the replay

    # 3. One mart committed, before its cleanup; the others anywhere in their own publish.
    #    What kill 2 left: its paused mart as before; the marts beside it each as before or, when
    #    they reached their own commit before the kill, as after: each mart is published whole.
    [state] = spark.killed_at("billable_spend_daily:cleanup", "read", run)
    assert state["marts"]["budget_spend_daily"] == before["marts"]["budget_spend_daily"]
    for mart in MARTS:
        assert state["marts"][mart] in (before["marts"][mart], after["marts"][mart]), mart
    assert state["history"] == after["history"]

    # 4. The next plain run heals: the after state, one live partition per day, nothing staged left.
    state, _, healed = spark.steps("read", run, "read")
    assert state["marts"]["billable_spend_daily"] == after["marts"]["billable_spend_daily"]
    for mart in MARTS:
        assert state["marts"][mart] in (before["marts"][mart], after["marts"][mart]), mart
    assert state["history"] == after["history"]

    assert healed["marts"] == after["marts"] and healed["history"] == after["history"]
    assert not [t for t in healed["tables"] if "__dbt_" in t]
    for mart, partitions in healed["partitions"].items():
        days = Counter(p.split("/")[0] for p in partitions)
        assert days and max(days.values()) == 1, (mart, days)
