"""Grain and not-null checks of an incremental run cover what the run rewrote.

rewritten_by_this_run (macros/run/run_window_predicates.sql) bounds them to the load
set (history) and to the rebuilt days (candidate, marts): a fault there fails the
build, while days the run did not touch were checked by the run that wrote them.
"""

from __future__ import annotations

import re

import pytest

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

    # A day this run did not touch: neither the grain test nor the totals rescan it; the deep
    # check's whole-mart totals (var deep_check) see the extra spend.
    duplicate_mart_row(project, "2026-03-02")
    # (The invoice audit compares the invoices with the candidate the marts publish from,
    # before they publish, so a fault made in a published mart afterwards is the deep check's.)
    old_day = project.dbt("test", "--select", "billable_spend_daily")
    assert f"PASS {BILLABLE_GRAIN_TEST}" in old_day.output
    assert "PASS assert_billable_plus_byok_equals_budget" in old_day.output
    deep = project.dbt("test", "--select", "billable_spend_daily", expect_success=False, extra_vars={"deep_check": True})
    assert "FAIL 1 assert_billable_plus_byok_equals_budget" in deep.output

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


@pytest.mark.parametrize("project", ["duckdb"], indirect=True)
def test_what_no_plain_run_reads_the_deep_check_does(project):
    """A second copy of an old request, and a history row without a start time, lie outside every
    load set: the plain run's checks pass over them (they read what the run loads), the deep check
    (var deep_check, `litellm-spend run --deep-check`) reads the whole history and fails on both."""
    project.generate(rows=3000, days=6, end_date="2026-03-06", seed=5)
    project.build()
    project.generate(rows=300, days=1, end_date="2026-03-07", seed=6, id_offset=1_000_000)
    project.build()  # a plain run: it loads from 03-03 on (the lookback and the day before it)
    history = project.relation("spend_log_history", "history")
    project.execute(f"insert into {history} select * from {history} where started_at < '2026-03-02' limit 1")
    project.execute(f"insert into {history} select * replace (cast(null as timestamp) as started_at, "
                    f"request_id || '-no-start' as request_id) from {history} where started_at >= '2026-03-06' limit 1")
    plain = project.dbt("test", "--select", "spend_log_history")
    assert "assert_request_ids_are_unique_in_the_history" in plain.output
    assert "not_null_spend_log_history_started_at" not in plain.output

    deep = project.dbt("test", "--select", "spend_log_history", expect_success=False, extra_vars={"deep_check": True})
    assert "FAIL 1 assert_request_ids_are_unique_in_the_history" in deep.output
    assert "FAIL 1 not_null_spend_log_history_started_at" in deep.output
    # The old request's two copies also break the reconciliation of the (whole) source: one held
    # copy more than the source's rows less its re-deliveries.
    source_rows, held, duplicates = map(int, re.search(
        r"source rows (\d+) <> held (\d+) \+ duplicates (\d+) \+ rejected 0", deep.output).groups())
    assert held == source_rows - duplicates + 1
