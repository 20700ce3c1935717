"""The marts hold exactly the numbers the billing rules give, on both adapters."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

import pytest

from billing_oracle import accepted_requests
from expectations import assert_marts_match_rules, by_grain, spend_report
from spend_log_fixtures import CATALOG, HAND_TOTALS_UTC, ROWS


@pytest.mark.parametrize("reporting_timezone", ["UTC", "America/New_York", "Asia/Kolkata"])
def test_marts_equal_the_rules(project, reporting_timezone):
    project.write_catalog(CATALOG)
    project.load_rows(ROWS)
    project.build(extra_vars={"reporting_timezone": reporting_timezone})

    assert_marts_match_rules(project, ROWS, CATALOG, reporting_timezone)
    if reporting_timezone == "America/New_York":
        assert_the_report_writes_new_york_midnights(project)


def assert_the_report_writes_new_york_midnights(project) -> None:
    """The spend report writes New York days as local midnights with that day's offset:
    daylight saving time began on 2026-03-08."""
    requests, _, _ = accepted_requests(ROWS, "America/New_York")
    expected: dict[str, Decimal] = {}
    for request in requests:
        if dt.date(2026, 3, 1) <= request["spend_date"] <= dt.date(2026, 3, 31):
            offset = "-05:00" if request["spend_date"] < dt.date(2026, 3, 8) else "-04:00"
            day = f"{request['spend_date']}T00:00:00{offset}"
            expected[day] = expected.get(day, Decimal(0)) + request["spend"]
    body = spend_report(project, "--start-date", "2026-03-01", "--end-date", "2026-03-31")
    assert {day["group_by_day"]: sum(team["total_spend"] for team in day["teams"]) for day in body} == expected


@pytest.fixture(scope="module")
def built(module_project):
    """The fixtures built once per adapter with UTC days, for the read-only tests below."""
    module_project.write_catalog(CATALOG)
    module_project.load_rows(ROWS)
    module_project.build()
    return module_project


def test_hand_added_totals(built):
    project = built

    budget = project.mart("budget_spend_daily")
    billable = project.mart("billable_spend_daily")
    assert sum(r["spend"] for r in budget) == Decimal(HAND_TOTALS_UTC["budget_spend"])
    assert sum(r["byok_spend"] for r in budget) == Decimal(HAND_TOTALS_UTC["byok_spend"])
    assert sum(r["spend"] for r in billable) == Decimal(HAND_TOTALS_UTC["billable_spend"])
    assert sum(r["request_count"] for r in budget) == HAND_TOTALS_UTC["requests"]

    history = project.query(f"select count(*) from {project.relation('spend_log_history', 'history')}")
    rejected = project.query(
        f"select sum(delivery_count) from {project.relation('spend_log_rejections', 'history')}")
    assert history == [(HAND_TOTALS_UTC["requests"],)]
    assert rejected == [(HAND_TOTALS_UTC["rejected_rows"],)]
    assert (HAND_TOTALS_UTC["requests"] + HAND_TOTALS_UTC["rejected_rows"] + HAND_TOTALS_UTC["duplicate_rows"]
            == HAND_TOTALS_UTC["raw_rows"] == len(ROWS))


def test_byok_usage_never_billed_but_counted_for_budgets(built):
    project = built
    budget = by_grain(project.mart("budget_spend_daily"))
    billable = by_grain(project.mart("billable_spend_daily"))

    # team-initech only used its own deployment: nothing to bill, all of it in budgets.
    initech = ("2026-03-03", "team-initech", "cust-1", "key-a")
    assert initech not in billable
    assert budget[initech]["byok_spend"] == Decimal("3") == budget[initech]["spend"]
    # team-globex's window is [2026-03-10, 2026-03-20): both edges tested.
    assert billable[("2026-03-09", "team-globex", "cust-1", "key-a")]["spend"] == Decimal("0.4")
    assert ("2026-03-10", "team-globex", "cust-1", "key-a") not in billable
    assert ("2026-03-19", "team-globex", "cust-1", "key-a") not in billable
    assert billable[("2026-03-20", "team-globex", "cust-1", "key-a")]["spend"] == Decimal("0.7")


def test_blank_ids_raw_keys_and_statuses(built):
    project = built
    budget = by_grain(project.mart("budget_spend_daily"))

    assert budget[("2026-03-03", "unassigned", "unassigned", "unassigned")]["spend"] == Decimal("0.01")
    assert budget[("2026-03-03", "unassigned", "cust-1", "key-a")]["spend"] == Decimal("0.05")
    hashed = hashlib.sha256(b"sk-test-raw-key").hexdigest()
    assert budget[("2026-03-03", "team-a", "cust-1", hashed)]["spend"] == Decimal("0.02")
    day4 = budget[("2026-03-04", "team-a", "cust-1", "key-a")]
    assert (day4["request_count"], day4["failed_request_count"], day4["cache_hit_count"]) == (2, 1, 1)
    old = budget[("2025-04-01", "team-a", "unassigned", "key-a")]
    assert old["spend"] == Decimal("0.123456789012345") and old["failed_request_count"] == 0
    assert budget[("2026-03-01", "team-a", "cust-1", "key-a")]["team_alias"] == "Team A"
