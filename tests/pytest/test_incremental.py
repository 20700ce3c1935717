"""Scheduled runs: incremental marts equal a full rebuild over everything ever loaded.

Each scenario applies batches to a project built incrementally after every batch,
and the same batches (never purged) to a reference project built once at the end
by the non-incremental path. Both adapters.
"""

from __future__ import annotations

import pytest

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
    return project.query(f"select count(*) from {project.relation('spend_log_history', 'staging')}")[0][0]


@pytest.fixture
def pair(request, tmp_path, project_factory):
    """(incremental, reference) projects on the adapter of the test's parameter."""
    adapter = request.param
    incremental = project_factory(adapter)
    reference = project_factory(adapter)
    return incremental, reference


@pytest.mark.parametrize("pair", ["duckdb", "postgres"], indirect=True)
def test_batches_of_new_days_late_rows_duplicates_and_purges(pair):
    incremental, reference = pair

    def both(action):
        action(incremental)
        action(reference)

    # 1. Ten days of history.
    both(lambda p: p.generate(rows=6000, days=10, end_date="2026-03-10", seed=1, id_offset=0))
    incremental.build()
    # 2. Two new days.
    both(lambda p: p.generate(rows=1500, days=2, end_date="2026-03-12", seed=2, id_offset=10_000_000))
    incremental.build()
    # 3. Late rows for a day inside the lookback (3 days before 03-12), and a
    #    re-delivery of rows already loaded, with a later write time.
    both(lambda p: p.generate(rows=800, days=1, end_date="2026-03-10", seed=3, id_offset=20_000_000))
    both(lambda p: p.execute(
        f"insert into {p.source_table} select * from {p.source_table} "
        "where \"startTime\" >= '2026-03-11' and \"startTime\" < '2026-03-11 01:00:00'"))
    incremental.build()
    # 4. Re-running with nothing new changes nothing.
    before = {mart: incremental.mart(mart) for mart in MARTS}
    incremental.build()
    assert {mart: incremental.mart(mart) for mart in MARTS} == before
    # 5. Retention purges the oldest days at the source, then a new day arrives and
    #    somebody runs a full refresh: nothing the source lost may go missing.
    held = history_count(incremental)
    incremental.execute(f"delete from {incremental.source_table} where \"startTime\" < '2026-03-06'")
    both(lambda p: p.generate(rows=700, days=1, end_date="2026-03-13", seed=4, id_offset=30_000_000))
    incremental.build()
    assert history_count(incremental) > held
    incremental.build("--full-refresh")

    reference.build()
    assert history_count(incremental) == history_count(reference)
    assert_marts_equal(incremental, reference)


@pytest.mark.parametrize("pair", ["duckdb", "postgres"], indirect=True)
def test_late_rows_older_than_the_lookback_fail_by_name_until_reprocessed(pair):
    incremental, reference = pair
    for project in (incremental, reference):
        project.generate(rows=4000, days=10, end_date="2026-03-10", seed=5, id_offset=0)
    incremental.build()

    late = [row("late-1", "2026-03-02 08:00:00", 1.25), row("late-2", "2026-03-03 23:59:59.999", 0.5)]
    incremental.load_rows(late)
    reference.load_rows(late)
    failed = incremental.build(expect_success=False)
    assert "missing from the history" in failed.output
    assert "2026-03-02: 1 rows" in failed.output and "2026-03-03: 1 rows" in failed.output

    incremental.build(extra_vars={"reprocess_from": "2026-03-02"})
    incremental.build()  # and the next ordinary run is clean
    reference.build()
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
    history = project.relation("spend_log_history", "staging")
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
