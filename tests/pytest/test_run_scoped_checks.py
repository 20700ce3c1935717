"""Grain and not-null checks of an incremental run cover what the run rewrote.

rewritten_by_this_run (macros/run/run_window_predicates.sql) bounds them to the load
set (history) and to the rebuilt days (candidate, marts): a fault there fails the
build, while days the run did not touch were checked by the run that wrote them.
"""

from __future__ import annotations

import pytest

# Every build of a project copy after its first runs the same dbt unit tests on the same code and
# adapter again: they run once per copy (conftest.py, DbtProject.unit_tests_once).
pytestmark = pytest.mark.unit_tests_once

BILLABLE_GRAIN_TEST = "unique_combination_of_columns_billable_spend_daily"


def duplicate_mart_row(project, day: str) -> None:
    mart = project.relation("billable_spend_daily")
    project.execute(f"insert into {mart} select * from {mart} where spend_date = '{day}' "
                    "and api_key = (select min(api_key) from " + mart + f" where spend_date = '{day}')")


@pytest.mark.parametrize("project", ["duckdb", "postgres"], indirect=True)
def test_a_mart_fault_on_a_reprocessed_day_fails_and_old_days_are_not_rescanned(project):
    project.generate(rows=4000, days=10, end_date="2026-03-10", seed=1)
    project.build()
    project.generate(rows=400, days=1, end_date="2026-03-11", seed=2, id_offset=1_000_000)
    project.build()
    reprocessed = {day.isoformat() for (day,) in project.query(
        f"select spend_date from {project.relation('run_window', 'run')} where window_part = 'rebuild'")}
    # The lookback (from 03-07: three days before 03-10, the latest day held) and the day
    # read before it (03-06), whose late rows the history takes too.
    assert reprocessed == {"2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09", "2026-03-10", "2026-03-11"}

    # A day this run did not touch: the grain test does not rescan it, the whole-mart
    # totals still see the extra spend.
    duplicate_mart_row(project, "2026-03-02")
    old_day = project.dbt("test", "--select", "billable_spend_daily", expect_success=False)
    assert f"PASS {BILLABLE_GRAIN_TEST}" in old_day.output
    assert "FAIL 1 assert_billable_plus_byok_equals_budget" in old_day.output

    # A day this run rebuilt: the grain test catches it.
    duplicate_mart_row(project, "2026-03-11")
    failed = project.dbt("test", "--select", "billable_spend_daily", expect_success=False)
    assert f"FAIL 1 {BILLABLE_GRAIN_TEST}" in failed.output


@pytest.mark.parametrize("project", ["duckdb"], indirect=True)
def test_a_history_duplicate_inside_the_load_window_fails(project):
    # Postgres's history has a unique index on request_id: it refuses the duplicate outright.
    project.generate(rows=3000, days=6, end_date="2026-03-06", seed=5)
    project.build()
    history = project.relation("spend_log_history", "history")
    project.execute(f"insert into {history} select * from {history} where started_at >= '2026-03-06' limit 1")
    failed = project.dbt("test", "--select", "spend_log_history", expect_success=False)
    assert "FAIL 1 assert_request_ids_are_unique_in_the_history" in failed.output
