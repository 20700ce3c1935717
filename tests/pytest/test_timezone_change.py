"""A time zone change that keeps issued months (issue 27, item 4), on both adapters.

The sequence an operator ran: September to November are invoiced in UTC, then
`dbt build --full-refresh --vars '{reporting_timezone: America/New_York}'`, then a run. Both are
refused before anything changes, and the refusal gives the vars that move the zone from the
first month not invoiced yet (December) on. With them, one plain run rebuilds December in New
York days, the issued months and their invoices stay as issued, and the marts equal one build
from scratch with the same vars.

Every spend is a distinct power of two, so each day's figure names exactly its requests. The
day at the change starts at UTC's midnight and ends at New York's next one (05:00 UTC): 29 hours.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
from decimal import Decimal
from unittest import mock

import pytest

from litellm_spend import cli
from spend_log_fixtures import row

from expectations import published, spend_report

NEW_YORK = "America/New_York"
CHANGE = [{"valid_from": "2026-12-01", "reporting_timezone": NEW_YORK}]
CATALOG = [{"model_group": "gpt-4o", "is_byok": "false"}]
MARTS = ("budget_spend_daily", "billable_spend_daily", "spend_by_model_daily")


def request(request_id: str, start: str, spend: int, team_id: str) -> dict:
    return row(request_id, start, float(spend), team_id=team_id)


ROWS = [
    request("s1", "2026-09-10 10:00:00", 1, "team-a"),
    request("s2", "2026-09-30 23:30:00", 2, "team-a"),
    request("o1", "2026-10-01 02:00:00", 4, "team-a"),   # New York: September 30
    request("o2", "2026-10-15 12:00:00", 8, "team-b"),
    request("o3", "2026-10-31 23:00:00", 16, "team-b"),
    request("n1", "2026-11-01 03:00:00", 32, "team-a"),  # New York: October 31
    request("n2", "2026-11-20 10:00:00", 64, "team-a"),
    request("d1", "2026-12-01 02:00:00", 128, "team-b"),  # New York: November 30, but after the change
    request("d2", "2026-12-01 06:00:00", 256, "team-b"),
    request("d3", "2026-12-02 03:00:00", 512, "team-a"),   # New York: December 1
    request("d4", "2026-12-03 04:30:00", 1024, "team-a"),  # New York: December 2
    request("d5", "2026-12-03 12:00:00", 2048, "team-b"),
]
UTC_DAYS = {"2026-09-10": 1, "2026-09-30": 2, "2026-10-01": 4, "2026-10-15": 8, "2026-10-31": 16, "2026-11-01": 32,
            "2026-11-20": 64, "2026-12-01": 384, "2026-12-02": 512, "2026-12-03": 3072}
CHANGED_DAYS = {**{day: spend for day, spend in UTC_DAYS.items() if day < "2026-12-01"},
                "2026-12-01": 896, "2026-12-02": 1024, "2026-12-03": 2048}
ISSUED = {("2026-09-01", "team-a"): 3, ("2026-10-01", "team-a"): 4, ("2026-10-01", "team-b"): 24,
          ("2026-11-01", "team-a"): 96}


def daily_spend(project) -> dict[str, int]:
    return {day.isoformat(): int(spend) for day, spend in project.query(
        f"select spend_date, sum(spend) from {project.relation('billable_spend_daily')} group by spend_date")}


def issued_lines(project) -> dict[tuple, int]:
    """Usage and adjustment lines of the issued months, by (month, team); any adjustment fails the test."""
    rows = project.query(f"select invoice_month, team_id, line_kind, billable_spend, status from "
                         f"{project.relation('invoice_lines')} where status = 'issued'")
    assert {kind for _, _, kind, _, _ in rows} <= {"usage"}, rows
    return {(month.isoformat(), team): int(spend) for month, team, _, spend, _ in rows}


def marts(project) -> dict[str, list[dict]]:
    return {mart: sorted(project.mart(mart), key=repr) for mart in MARTS}


def focus_periods(project, tmp_path) -> dict[str, tuple[str, str, str, str]]:
    out = tmp_path / f"focus-{project.adapter}.csv"
    with mock.patch.dict(os.environ, project.dbt_env()), contextlib.chdir(project.path), \
            contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["export", "focus", "--start-date", "2026-11-20", "--end-date", "2026-12-03",
                         "--out", str(out), "--target", project.adapter]) == 0
    with open(out, newline="") as handle:
        return {r["x_UsageDate"]: (r["ChargePeriodStart"], r["ChargePeriodEnd"], r["BillingPeriodStart"],
                                   r["BillingPeriodEnd"]) for r in csv.DictReader(handle)}


@pytest.fixture
def pair(request, project_factory):
    return project_factory(request.param), project_factory(request.param)


@pytest.mark.parametrize("pair", ["duckdb", "postgres"], indirect=True)
def test_a_zone_change_keeps_the_issued_months_and_equals_a_build_with_the_same_vars(pair, tmp_path):
    scheduled, reference = pair
    for project in pair:
        project.write_catalog(CATALOG)
        project.load_rows(ROWS)
    scheduled.build(extra_vars={"invoice_as_of": "2026-12-04"})
    assert daily_spend(scheduled) == UTC_DAYS
    assert issued_lines(scheduled) == ISSUED
    good = published(scheduled)

    # The command the old refusal suggested, then a run with the new zone: both refused, nothing changes.
    for args in (("--full-refresh",), ()):
        refused = scheduled.build(*args, expect_success=False,
                                  extra_vars={"reporting_timezone": NEW_YORK, "invoice_as_of": "2026-12-05"})
        assert "The months up to 2026-11 are invoiced already" in refused.output
        assert "would move the days of 2026-09 from UTC to America/New_York, so this run changed nothing" \
            in refused.output
        assert "reporting_timezone: UTC\n" in refused.output
        assert ("reporting_timezone_changes: [{valid_from: '2026-12-01', reporting_timezone: America/New_York}]"
                in refused.output)
        assert published(scheduled) == good and issued_lines(scheduled) == ISSUED
    # A change from inside an issued month is refused the same way; one not on a month's first day is a bad var.
    inside = scheduled.build(expect_success=False, extra_vars={
        "reporting_timezone_changes": [{"valid_from": "2026-11-01", "reporting_timezone": NEW_YORK}]})
    assert "would move the days of 2026-11 from UTC to America/New_York" in inside.output
    assert "valid_from: '2026-12-01'" in inside.output
    mid_month = scheduled.build(expect_success=False, extra_vars={
        "reporting_timezone_changes": [{"valid_from": "2026-12-15", "reporting_timezone": NEW_YORK}]})
    assert "reporting_timezone_changes: valid_from must be the first day of a month" in mid_month.output
    assert published(scheduled) == good

    # The suggested vars: one plain run rebuilds the days, December in New York days.
    scheduled.build(extra_vars={"reporting_timezone_changes": CHANGE, "invoice_as_of": "2026-12-05"})
    assert daily_spend(scheduled) == CHANGED_DAYS
    assert issued_lines(scheduled) == ISSUED
    reasons = {r[0].isoformat(): r[1] for r in scheduled.query(
        f"select spend_date, reasons from {scheduled.relation('run_window', 'run')} where window_part = 'rebuild'")}
    assert reasons["2026-12-01"] == "timezone_change" and reasons["2026-09-10"] == "timezone_change"
    zones = {r[0].isoformat(): tuple(v.isoformat() if isinstance(v, dt.date) else v for v in r[1:])
             for r in scheduled.query(f"select spend_date, reporting_timezone, timezone_from, previous_timezone "
                                      f"from {scheduled.relation('published_days')}")}
    assert zones["2026-11-20"] == ("UTC", None, None)
    assert zones["2026-12-01"] == zones["2026-12-03"] == (NEW_YORK, "2026-12-01", "UTC")

    # Equal to one build from scratch with the same vars, invoices included.
    reference.build(extra_vars={"reporting_timezone_changes": CHANGE, "invoice_as_of": "2026-12-05"})
    assert marts(scheduled) == marts(reference)
    assert issued_lines(reference) == ISSUED

    # The commands print each day from its own start: the change day at UTC's midnight, for 29 hours.
    assert {d["group_by_day"]: sum(t["total_spend"] for t in d["teams"]) for d in spend_report(
        scheduled, "--start-date", "2026-11-30", "--end-date", "2026-12-03")} == {
        "2026-12-01T00:00:00+00:00": Decimal(896), "2026-12-02T00:00:00-05:00": Decimal(1024),
        "2026-12-03T00:00:00-05:00": Decimal(2048)}
    periods = focus_periods(scheduled, tmp_path)
    assert periods["2026-11-20"] == ("2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z", "2026-11-01T00:00:00Z",
                                     "2026-12-01T00:00:00Z")
    assert periods["2026-12-01"] == ("2026-12-01T00:00:00Z", "2026-12-02T05:00:00Z", "2026-12-01T00:00:00Z",
                                     "2027-01-01T05:00:00Z")
    assert periods["2026-12-02"][:2] == ("2026-12-02T05:00:00Z", "2026-12-03T05:00:00Z")

    # Later runs go on as usual: only the lookback, and nothing moves.
    scheduled.build(extra_vars={"reporting_timezone_changes": CHANGE, "invoice_as_of": "2026-12-06"})
    assert daily_spend(scheduled) == CHANGED_DAYS
    assert "timezone_change" not in " ".join(r[0] for r in scheduled.query(
        f"select reasons from {scheduled.relation('run_window', 'run')} where window_part = 'rebuild'"))
