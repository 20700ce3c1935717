"""Write, audit, publish: a run whose audits fail leaves the published marts exactly as
they were and says what to do; the next good run publishes every day they missed.
Each operator mistake of issue 11's cases 1 to 3, on both adapters."""

from __future__ import annotations

import datetime as dt

import pytest

from spend_log_fixtures import CATALOG, ROWS, row

from conftest import adopt
from expectations import assert_marts_match_rules, published

# Two equally specific rules for team-a's gpt-4o that disagree from 2026-03-01 on.
CONFLICTING_CATALOG = CATALOG + [
    {"model_group": "gpt-4o", "team_id": "team-a", "is_byok": "true"},
    {"model_group": "gpt-4o", "team_id": "team-a", "is_byok": "false", "valid_from": "2026-03-01"},
]


def rebuilt_days(project) -> dict[str, str]:
    return {day.isoformat(): reasons for day, reasons in project.query(
        f"select spend_date, reasons from {project.relation('run_window', 'run')} where window_part = 'rebuild'")}


@pytest.fixture(scope="module")
def built(module_project):
    """The hand-written rows and catalog built once per adapter: every test below starts there."""
    module_project.write_catalog(CATALOG)
    module_project.load_rows(ROWS)
    module_project.build()
    return module_project


@pytest.fixture
def project(built, request, tmp_path):
    """A copy of the built project and of its database, for one test to change."""
    return adopt(request, built.clone(tmp_path))


def test_a_catalog_conflict_publishes_nothing_and_the_fix_publishes_every_missed_day(project):
    good = published(project)

    # New usage arrives while the catalog holds two disagreeing rules: runs fail, twice.
    week_later = [row("w1", "2026-03-05 09:00:00", 1.5), row("w2", "2026-03-05 10:00:00", 2.5, team_id="team-b")]
    month_later = [row("m1", "2026-03-28 09:00:00", 4.0), row("m2", "2026-03-28 10:00:00", 8.0, team_id="team-b")]
    project.write_catalog(CONFLICTING_CATALOG)
    for batch, last_day in ((week_later, "2026-03-05"), (month_later, "2026-03-28")):
        project.load_rows(batch)
        failed = project.build(expect_success=False)
        assert f"requests of model gpt-4o, deployment (none), team team-a from 2026-03-01 to {last_day}" in failed.output
        assert "conflicting rows; nothing was published" in failed.output
        assert "model_group=gpt-4o model_id=* team_id=team-a valid=[open, open) is_byok=true" in failed.output
        assert "model_group=gpt-4o model_id=* team_id=team-a valid=[2026-03-01, open) is_byok=false" in failed.output
        assert published(project) == good

    # Fixed: one plain run publishes 03-05 too, though it is now far outside the lookback.
    project.write_catalog(CATALOG)
    project.build()
    assert "2026-03-05" in rebuilt_days(project)
    assert_marts_match_rules(project, ROWS + week_later + month_later, CATALOG)


def test_a_reporting_timezone_that_would_move_invoiced_months_is_refused_even_on_full_refresh(project):
    """The fixtures' months are all invoiced (the runs are as of today): no calendar may move them,
    not even through --full-refresh, and the refusal gives the vars that change the zone from the
    first month not invoiced yet on, which then pass and keep every published day."""
    good = published(project)
    first_open = project.query(f"select max(first_open_month) from {project.relation('invoice_runs', 'invoicing')}")[0][0]
    first_day = project.query(f"select min(spend_date) from {project.relation('published_days')}")[0][0]
    suggested = (f"reporting_timezone_changes: [{{valid_from: '{first_open}', "
                 "reporting_timezone: America/New_York}]")
    for args in ((), ("--full-refresh",)):
        refused = project.build(*args, extra_vars={"reporting_timezone": "America/New_York"}, expect_success=False)
        assert f"The months up to {first_open - dt.timedelta(days=1):%Y-%m} are invoiced already" in refused.output
        assert f"would move the days of {first_day:%Y-%m} from UTC to America/New_York, so this run changed nothing" \
            in refused.output
        assert "reporting_timezone: UTC\n" in refused.output and suggested in refused.output
        assert published(project) == good

    project.build(extra_vars={"reporting_timezone_changes": [
        {"valid_from": first_open.isoformat(), "reporting_timezone": "America/New_York"}]})
    assert published(project) == good
    assert_marts_match_rules(project, ROWS, CATALOG)


def test_a_request_whose_start_time_moved_is_held_once_and_both_days_are_rebuilt(project):
    history = project.relation("spend_log_history", "history")
    assert project.query(f"select count(*) from {history}") == [(17,)]

    # Request "a" (2026-03-01, 0.1 USD) is written again with a start time 18 days later.
    # Its earlier copies took the table's default updated_at (the time they were
    # inserted): the new write is later still.
    rewritten_at = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M:%S")
    moved = row("a", "2026-03-19 10:00:00", 0.1, updated_at=rewritten_at)
    project.load_rows([moved])
    project.build()
    assert project.query(f"select count(*), min(started_at) from {history} where request_id = 'a'")[0][0] == 1
    assert project.query(f"select count(*) from {history}") == [(17,)]
    assert "moved_request" in rebuilt_days(project)["2026-03-01"]
    assert_marts_match_rules(project, ROWS + [moved], CATALOG)

    project.build("--full-refresh")
    assert_marts_match_rules(project, ROWS + [moved], CATALOG)
