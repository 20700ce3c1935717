"""Scheduled runs: incremental marts equal a full rebuild over everything ever loaded.

Each scenario applies batches to a project built incrementally after every batch,
and the same batches (never purged) to a reference project built once at the end
by the non-incremental path. Both adapters.
"""

from __future__ import annotations

import pytest

import billing_oracle
from spend_log_fixtures import row

MARTS = ("budget_spend_daily", "billable_spend_daily")
CATALOG_EDIT = [{"model_group": "gpt-4o-mini", "team_id": "team-01", "is_byok": "true", "valid_from": "2026-03-01"}]


def assert_marts_equal(incremental, reference) -> None:
    for mart in MARTS:
        built_incrementally = incremental.mart(mart)
        built_once = reference.mart(mart)
        assert len(built_incrementally) > 0
        assert built_incrementally == built_once, mart


def history_count(project) -> int:
    return project.query(f"select count(*) from {project.relation('spend_log_history', 'history')}")[0][0]


@pytest.fixture
def pair(request, tmp_path, project_factory):
    """(incremental, reference) projects on the adapter of the test's parameter."""
    adapter = request.param
    incremental = project_factory(adapter)
    reference = project_factory(adapter)
    return incremental, reference


def rebuilt_days(project) -> dict[str, str]:
    """{spend_date: reasons} of the days the last run rebuilt."""
    return {day.isoformat(): reasons for day, reasons in project.query(
        f"select spend_date, reasons from {project.relation('run_window', 'run')} where window_part = 'rebuild'")}


def copy_source_rows(project, start: str, end: str) -> None:
    """Re-delivers every source row that started in [start, end): an exact copy, as a connector re-sync does."""
    project.execute(f'insert into {project.source_table} select * from {project.source_table} '
                    f'where "startTime" >= \'{start}\' and "startTime" < \'{end}\'')


@pytest.mark.parametrize("pair", ["duckdb", "postgres"], indirect=True)
def test_plain_runs_heal_late_rows_redeliveries_and_purges(pair):
    """Only plain `dbt build`s, no vars: the marts end equal to one build over everything loaded."""
    incremental, reference = pair

    def both(action):
        action(incremental)
        action(reference)

    # 1. Forty days of history, then two new days.
    both(lambda p: p.generate(rows=8000, days=40, end_date="2026-03-10", seed=1, id_offset=0))
    incremental.build()
    both(lambda p: p.generate(rows=1500, days=2, end_date="2026-03-12", seed=2, id_offset=10_000_000))
    incremental.build()
    # 2. Late rows inside the lookback, and exact re-deliveries of the last hour loaded.
    both(lambda p: p.generate(rows=800, days=1, end_date="2026-03-10", seed=3, id_offset=20_000_000))
    both(lambda p: copy_source_rows(p, "2026-03-11", "2026-03-11 01:00:00"))
    incremental.build()
    # 3. Re-running with nothing new changes nothing.
    before = {mart: incremental.mart(mart) for mart in MARTS}
    incremental.build()
    assert {mart: incremental.mart(mart) for mart in MARTS} == before

    # 4. Rows 35 days late: the plain run finds and loads them, and names their day
    #    with the requests and spend it found (worked out here from the source rows).
    late_day = "\"startTime\" >= '2026-02-05' and \"startTime\" < '2026-02-06'"
    held_ids = {r["request_id"] for r in incremental.source_rows(late_day)}
    both(lambda p: p.generate(rows=300, days=1, end_date="2026-02-05", seed=4, id_offset=30_000_000))
    late_requests, _, _ = billing_oracle.accepted_requests(
        [r for r in incremental.source_rows(late_day) if r["request_id"] not in held_ids])
    assert len(late_requests) > 250
    healed = incremental.build()
    assert "late_rows" in rebuilt_days(incremental)["2026-02-05"]
    assert incremental.query(f"select late_rows, late_spend from {incremental.relation('run_window', 'run')} "
                             "where spend_date = '2026-02-05'") == [
        (len(late_requests), sum(r["spend"] for r in late_requests))]
    assert "WARN 1 warn_late_rows_healed" in healed.output

    # 5. A connector re-sync re-delivers weeks-old rows exactly: the run passes and no figure moves.
    before = {mart: incremental.mart(mart) for mart in MARTS}
    both(lambda p: copy_source_rows(p, "2026-02-10", "2026-02-13"))
    incremental.build()
    assert {mart: incremental.mart(mart) for mart in MARTS} == before
    assert set(rebuilt_days(incremental)) >= {"2026-02-10", "2026-02-11", "2026-02-12"}
    assert "source_grew" in rebuilt_days(incremental)["2026-02-11"]

    # 6. Forced rebuilds still work, and change nothing here.
    incremental.build(extra_vars={"reprocess_from": "2026-02-20"})
    assert "reprocess_from" in rebuilt_days(incremental)["2026-02-25"]
    assert {mart: incremental.mart(mart) for mart in MARTS} == before

    # 7. Retention purges the oldest days at the source, a new day arrives, and somebody
    #    runs a full refresh: nothing the source lost may go missing.
    held = history_count(incremental)
    incremental.execute(f"delete from {incremental.source_table} where \"startTime\" < '2026-02-15'")
    both(lambda p: p.generate(rows=700, days=1, end_date="2026-03-13", seed=5, id_offset=40_000_000))
    incremental.build()
    assert history_count(incremental) > held
    reference.build()
    assert_marts_equal(incremental, reference)
    incremental.build("--full-refresh")
    assert history_count(incremental) == history_count(reference)
    assert_marts_equal(incremental, reference)


@pytest.mark.parametrize("pair", ["duckdb", "postgres"], indirect=True)
def test_catalog_edits_for_past_dates_reach_the_marts(pair):
    incremental, reference = pair
    for project in (incremental, reference):
        project.generate(rows=5000, days=20, end_date="2026-03-20", seed=6, id_offset=0)
    incremental.build()
    byok_before = sum(r["byok_spend"] for r in incremental.mart("budget_spend_daily"))

    # team-01's gpt-4o-mini became BYOK from 03-01: days far outside the lookback change.
    for project in (incremental, reference):
        catalog = (project.path / "seeds" / "model_catalog.csv").read_text()
        project.path.joinpath("seeds", "model_catalog.csv").write_text(
            catalog + "gpt-4o-mini,,team-01,true,2026-03-01,,openai,edited\n")
    incremental.build()
    reference.build()

    byok_after = sum(r["byok_spend"] for r in incremental.mart("budget_spend_daily"))
    assert byok_after > byok_before
    assert_marts_equal(incremental, reference)
    team_01_early = [r for r in incremental.mart("billable_spend_daily")
                     if r["team_id"] == "team-01" and r["spend_date"] < "2026-03-10"]
    assert team_01_early, "team-01 still has billable usage on other models"


def rows_stored_out_of_start_order(project) -> int:
    """How often a history row, in storage order, starts before the row stored just ahead of it."""
    position = "rowid" if project.adapter == "duckdb" else "ctid"
    history = project.relation("spend_log_history", "history")
    return project.query(f"""
        select count(*) from (
            select started_at, lag(started_at) over (order by {position}) as started_before
            from {history}
        ) as stored where started_at < started_before
    """)[0][0]


@pytest.mark.parametrize("project", ["duckdb", "postgres"], indirect=True)
def test_the_history_is_stored_in_start_time_order(project):
    # The generator scatters start times over the days, so the source is in no time order.
    project.generate(rows=3000, days=6, end_date="2026-03-06", seed=7, id_offset=0)
    project.build()
    assert rows_stored_out_of_start_order(project) == 0
    if project.adapter == "duckdb":
        # Each merge re-appends its whole window, in order, after the rows it kept, so
        # with nothing purged the order survives (Postgres may reuse freed space anywhere).
        for batch, day in enumerate(("2026-03-07", "2026-03-08"), start=1):
            project.generate(rows=500, days=1, end_date=day, seed=7 + batch, id_offset=batch * 1_000_000)
            project.build()
        assert history_count(project) == 4000
        assert rows_stored_out_of_start_order(project) == 0


def test_late_rows_on_the_day_read_before_the_lookback_heal_in_one_run(project):
    """The run reads one UTC day before the lookback (lookback_days=3: latest 03-06, rebuilt from
    03-03, read from 03-02). A late request there is taken into the history like any other; the
    run must rebuild its day too. It did not: the candidate lacked it, and every later run's
    audit failed on the same request (found by the Spark equality scenario)."""
    project.load_rows([row(f"day-{day}", f"2026-03-0{day} 12:00:00", float(2 ** (day - 1))) for day in range(1, 7)])
    project.build()
    project.load_rows([row("late-on-03-02", "2026-03-02 18:00:00", 64.0)])
    project.build()
    spend_by_day = {}
    for mart_row in project.mart("budget_spend_daily"):
        spend_by_day[mart_row["spend_date"]] = spend_by_day.get(mart_row["spend_date"], 0) + mart_row["spend"]
    # Hand-added: 2 on 03-02 plus the late 64; the other days as loaded.
    assert spend_by_day == {"2026-03-01": 1, "2026-03-02": 66, "2026-03-03": 4, "2026-03-04": 8,
                            "2026-03-05": 16, "2026-03-06": 32}
    reasons = project.query(f"select spend_date, reasons from {project.relation('run_window', 'run')}"
                            " where window_part = 'rebuild' order by spend_date")
    assert [(day.isoformat(), why) for day, why in reasons] == [
        ("2026-03-02", "lookback"), ("2026-03-03", "lookback"), ("2026-03-04", "lookback"),
        ("2026-03-05", "lookback"), ("2026-03-06", "lookback")]
