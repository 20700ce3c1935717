"""Budget burn from LiteLLM's own budget tables (issue 15).

On Postgres, in the tables LiteLLM's migrations create ("LiteLLM_TeamTable",
"LiteLLM_VerificationToken", "LiteLLM_BudgetTable"), budgets of every kind the rule knows
are set, spend logs are written around their period boundaries, and the project is built
twice: once, then after LiteLLM reset two budgets (a new budget_reset_at, and for team-a a
new max_budget) and an operator changed one mid-period and removed another. Every
expected figure below is worked out by hand from the rows (spends are small powers of two,
so sums are exact), never read from the project.

On DuckDB the tables are absent: the mart builds empty.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from spend_log_fixtures import row

# team-a: 30d ending 2026-02-01 00:00 -> [2026-01-02 00:00, 2026-02-01 00:00)
# team-b: 1mo ending 2026-03-01 -> [2026-02-01, 2026-03-01)
# key-a1: its own 7d budget ending 2026-01-20 12:00 -> [2026-01-13 12:00, 2026-01-20 12:00)
# key-a2: none of its own; the shared budget bud-1, 1d ending 2026-01-31 -> [2026-01-30, 2026-01-31)
REQUESTS = [
    row("r01", "2026-01-01 23:59:59.999", 1.0, team_id="team-a", api_key="key-a1"),   # before team-a's period
    row("r02", "2026-01-02 00:00:00", 2.0, team_id="team-a", api_key="key-a1"),       # its first instant
    row("r03", "2026-01-15 09:00:00", 4.0, team_id="team-a", api_key="key-a1",        # BYOK: counts all the same
        model="mistral-large", model_group="mistral-large"),
    row("r04", "2026-01-20 12:00:00", 8.0, team_id="team-a", api_key="key-a1"),       # key-a1's period has ended
    row("r05", "2026-01-30 12:00:00", 0.5, team_id="team-a", api_key="key-a2"),
    row("r06", "2026-01-31 23:59:59.999", 0.25, team_id="team-a", api_key="key-a2"),  # team-a's last instant
    row("r07", "2026-02-01 00:00:00", 16.0, team_id="team-a", api_key="key-a2"),      # team-a's next period
    row("r08", "2026-02-01 00:00:00", 32.0, team_id="team-b", api_key="key-b1"),
    row("r09", "2026-02-28 23:00:00", 0.125, team_id="team-b", api_key="key-b1", status="failure"),
    row("r10", "2026-03-01 00:00:00", 64.0, team_id="team-b", api_key="key-b1"),      # after team-b's period
    row("r11", "2026-02-10 08:00:00", 128.0, team_id="team-a", api_key="key-a1"),
]

# team-e's reset dates are in the future whenever the suite runs: the change of stage 2
# happens before its first reset date.
TODAY = dt.datetime.now(dt.timezone.utc).date()
E_RESET_BEFORE = f"{TODAY + dt.timedelta(days=30)} 00:00:00"
E_RESET_AFTER = f"{TODAY + dt.timedelta(days=7)} 00:00:00"

CATALOG = [
    {"model_group": "gpt-4o", "is_byok": "false"},
    {"model_group": "mistral-large", "is_byok": "true"},
]

TEAMS_BEFORE = [
    # team_id, alias, max_budget, budget_duration, budget_reset_at
    ("team-a", "Team A", 100, "30d", "2026-02-01 00:00:00"),
    ("team-b", "Team B", 10, "1mo", "2026-03-01 00:00:00"),
    ("team-c", "Team C", 50, None, None),                       # a limit that never resets
    ("team-d", "Team D", 20, "30d", None),                      # no reset date held
    ("team-e", "Team E", 10, "30d", E_RESET_BEFORE),     # changed before its reset (stage 2)
    ("team-f", "Team F", 40, "30d", "2026-01-05 00:00:00"),     # starts 2025-12-06, before any request
    ("team-g", "Team G", None, None, None),                     # no budget at all: no row
]
KEYS_BEFORE = [
    # token, team_id, alias, max_budget, budget_duration, budget_reset_at, budget_id
    ("key-a1", "team-a", "a1", 5, "7d", "2026-01-20 12:00:00", None),
    ("key-a2", "team-a", "a2", None, None, None, "bud-1"),
    ("key-b1", "team-b", None, None, None, None, None),         # no budget: no row
    ("key-x", "team-b", "x", 1, "fortnight", "2026-02-01 00:00:00", None),
]
BUDGETS = [("bud-1", 3, "1d", "2026-01-31 00:00:00")]

D = Decimal


def sql_literal(value) -> str:
    return "null" if value is None else f"'{value}'"


def write_budget_tables(project, teams, keys, budgets) -> None:
    statements = ['delete from public."LiteLLM_VerificationToken"', 'delete from public."LiteLLM_TeamTable"',
                  'delete from public."LiteLLM_BudgetTable"']
    for budget_id, max_budget, duration, reset_at in budgets:
        statements.append(
            'insert into public."LiteLLM_BudgetTable" (budget_id, max_budget, budget_duration, budget_reset_at, '
            f"created_by, updated_by) values ('{budget_id}', {max_budget}, {sql_literal(duration)}, "
            f"{sql_literal(reset_at)}, 'admin', 'admin')")
    for team_id, alias, max_budget, duration, reset_at in teams:
        statements.append(
            'insert into public."LiteLLM_TeamTable" (team_id, team_alias, max_budget, budget_duration, budget_reset_at, '
            f"admins, members, models) values ('{team_id}', '{alias}', {sql_literal(max_budget)}, "
            f"{sql_literal(duration)}, {sql_literal(reset_at)}, '{{}}', '{{}}', '{{}}')")
    for token, team_id, alias, max_budget, duration, reset_at, budget_id in keys:
        statements.append(
            'insert into public."LiteLLM_VerificationToken" (token, team_id, key_alias, max_budget, budget_duration, '
            f"budget_reset_at, budget_id, models) values ('{token}', '{team_id}', {sql_literal(alias)}, "
            f"{sql_literal(max_budget)}, {sql_literal(duration)}, {sql_literal(reset_at)}, "
            f"{sql_literal(budget_id)}, '{{}}')")
    project.execute(";\n".join(statements))


COLUMNS = ["budget_scope", "budget_owner_id", "team_id", "owner_name", "budget_duration", "period_start",
           "period_end", "is_current_period", "max_budget", "budget_spend", "remaining_budget", "share_used",
           "request_count", "status"]


def burn(project) -> dict:
    rows = project.query(f"select {', '.join(COLUMNS)} from {project.relation('budget_burn')}")
    result = {}
    for values in rows:
        record = dict(zip(COLUMNS, values))
        for column in ("period_start", "period_end"):
            if record[column] is not None:
                record[column] = record[column].isoformat(sep=" ")
        key = (record.pop("budget_scope"), record.pop("budget_owner_id"), record["period_end"])
        assert key not in result, f"two rows for {key}"
        result[key] = record
    return result


def figures(record) -> tuple:
    return (record["max_budget"], record["budget_spend"], record["remaining_budget"], record["share_used"],
            record["request_count"], record["status"])


@pytest.fixture(scope="module")
def postgres_budgets(module_project):
    project = module_project
    project.source_schema = "public"  # a LiteLLM database: the spend logs beside the budget tables
    if project.adapter != "postgres":
        pytest.fail("this scenario needs LiteLLM's real tables: parametrized for postgres only")
    project.write_catalog(CATALOG)
    project.load_rows(REQUESTS)
    write_budget_tables(project, TEAMS_BEFORE, KEYS_BEFORE, BUDGETS)
    project.build()
    first = burn(project)

    # LiteLLM's reset job: team-a's period ended, a new one runs to 2026-03-03 with a raised
    # limit; the shared budget bud-1 reset too. An operator shortened team-e's budget
    # before its reset date and removed team-b's.
    teams = [t for t in TEAMS_BEFORE if t[0] != "team-b"]
    teams[0] = ("team-a", "Team A", 200, "30d", "2026-03-03 00:00:00")
    teams = [("team-e", "Team E", 10, "7d", E_RESET_AFTER) if t[0] == "team-e" else t for t in teams]
    write_budget_tables(project, teams, KEYS_BEFORE, [("bud-1", 3, "1d", "2026-02-01 00:00:00")])
    project.build()
    return first, burn(project)


@pytest.mark.parametrize("module_project", ["postgres"], indirect=True)
def test_current_periods_match_hand_worked_figures(postgres_budgets):
    first, _ = postgres_budgets
    team_a = first[("team", "team-a", "2026-02-01 00:00:00")]
    # r02 2 + r03 4 (BYOK) + r04 8 + r05 0.5 + r06 0.25; r01 is a millisecond early, r07 is next period's.
    assert team_a["period_start"] == "2026-01-02 00:00:00"
    assert figures(team_a) == (D(100), D("14.75"), D("85.25"), D("0.1475"), 5, "ok")
    assert team_a["owner_name"] == "Team A" and team_a["is_current_period"] is True

    team_b = first[("team", "team-b", "2026-03-01 00:00:00")]
    # A calendar month back: February. r08 32 + r09 0.125 (a failure still counts); r10 is March's.
    assert team_b["period_start"] == "2026-02-01 00:00:00"
    assert figures(team_b) == (D(10), D("32.125"), D("-22.125"), D("3.2125"), 2, "ok")

    key_a1 = first[("key", "key-a1", "2026-01-20 12:00:00")]
    # [2026-01-13 12:00, 2026-01-20 12:00): r03 only (r04 starts at the reset).
    assert key_a1["period_start"] == "2026-01-13 12:00:00"
    assert figures(key_a1) == (D(5), D(4), D(1), D("0.8"), 1, "ok")
    assert key_a1["team_id"] == "team-a" and key_a1["owner_name"] == "a1"

    key_a2 = first[("key", "key-a2", "2026-01-31 00:00:00")]
    # The shared budget bud-1: [2026-01-30, 2026-01-31): r05 0.5; r06 is the next day.
    assert key_a2["period_start"] == "2026-01-30 00:00:00" and key_a2["budget_duration"] == "1d"
    assert figures(key_a2) == (D(3), D("0.5"), D("2.5"), D("0.166667"), 1, "ok")


@pytest.mark.parametrize("module_project", ["postgres"], indirect=True)
def test_underivable_periods_say_why_and_carry_no_guess(postgres_budgets):
    first, _ = postgres_budgets
    assert figures(first[("team", "team-c", None)]) == (D(50), None, None, None, None, "no_budget_duration")
    assert figures(first[("team", "team-d", None)]) == (D(20), None, None, None, None, "no_reset_date")
    key_x = first[("key", "key-x", "2026-02-01 00:00:00")]
    assert key_x["period_start"] is None
    assert figures(key_x) == (D(1), None, None, None, None, "unparseable_duration")
    team_f = first[("team", "team-f", "2026-01-05 00:00:00")]
    # [2025-12-06, 2026-01-05): r01 1 + r02 2 are team-a's, so nothing; flagged: the history starts on Jan 1.
    assert team_f["period_start"] == "2025-12-06 00:00:00"
    assert figures(team_f) == (D(40), D(0), D(40), D(0), 0, "history_starts_after_period_start")
    owners = {(scope, owner) for scope, owner, _ in first}
    assert ("team", "team-g") not in owners and ("key", "key-b1") not in owners
    assert len(first) == 9


@pytest.mark.parametrize("module_project", ["postgres"], indirect=True)
def test_past_periods_keep_the_limit_they_had(postgres_budgets):
    _, second = postgres_budgets
    past = second[("team", "team-a", "2026-02-01 00:00:00")]
    assert past["is_current_period"] is False
    assert figures(past) == (D(100), D("14.75"), D("85.25"), D("0.1475"), 5, "ok")   # not today's 200
    current = second[("team", "team-a", "2026-03-03 00:00:00")]
    # [2026-02-01, 2026-03-03): r07 16 + r11 128.
    assert current["is_current_period"] is True and current["period_start"] == "2026-02-01 00:00:00"
    assert figures(current) == (D(200), D(144), D(56), D("0.72"), 2, "ok")

    shared_past = second[("key", "key-a2", "2026-01-31 00:00:00")]
    shared_now = second[("key", "key-a2", "2026-02-01 00:00:00")]
    assert not shared_past["is_current_period"] and shared_now["is_current_period"]
    # [2026-01-31, 2026-02-01): r06 0.25.
    assert figures(shared_now) == (D(3), D("0.25"), D("2.75"), D("0.083333"), 1, "ok")


@pytest.mark.parametrize("module_project", ["postgres"], indirect=True)
def test_removed_and_changed_budgets(postgres_budgets):
    _, second = postgres_budgets
    team_b = second[("team", "team-b", "2026-03-01 00:00:00")]
    # Removed from LiteLLM: its last period stays, no longer current.
    assert team_b["is_current_period"] is False
    assert figures(team_b) == (D(10), D("32.125"), D("-22.125"), D("3.2125"), 2, "ok")
    # Shortened today (the second run), before its reset 30 days ahead: cut short, no figures.
    cut = second[("team", "team-e", E_RESET_BEFORE)]
    assert not cut["is_current_period"]
    assert figures(cut) == (D(10), None, None, None, None, "ended_before_reset")
    now = second[("team", "team-e", E_RESET_AFTER)]
    assert now["is_current_period"] and now["period_start"] == f"{TODAY} 00:00:00"
    assert figures(now) == (D(10), D(0), D(10), D(0), 0, "ok")
    assert not any(record["is_current_period"] for (scope, owner, _), record in second.items()
                   if (scope, owner) == ("team", "team-b"))


@pytest.mark.parametrize("module_project", ["postgres"], indirect=True)
def test_budget_spend_counts_byok_as_the_budget_mart_does(postgres_budgets, module_project):
    # team-a's first period covers whole UTC days Jan 2..Jan 31: the budget mart's days agree.
    (total, byok), = module_project.query(
        f"select sum(spend), sum(byok_spend) from {module_project.relation('budget_spend_daily')} "
        "where team_id = 'team-a' and spend_date between '2026-01-02' and '2026-01-31'")
    assert (total, byok) == (D("14.75"), D(4))


@pytest.mark.parametrize("project", ["duckdb"], indirect=True)
def test_without_litellm_budget_tables_the_mart_is_empty(project):
    project.load_rows(REQUESTS[:3])
    project.build()
    assert project.query(f"select count(*) from {project.relation('budget_burn')}") == [(0,)]


@pytest.mark.parametrize("project", ["duckdb"], indirect=True)
def test_demo_budgets_on_duckdb_count_what_the_budget_mart_counts(project):
    """The demo's budgets (litellm_spend_dev.budget_tables) in DuckDB copies of LiteLLM's
    tables: each team's '30d' period is whole UTC days, so its spend is the budget mart's."""
    import duckdb

    from litellm_spend_dev.budget_tables import write

    project.generate(rows=3000, days=31, end_date=dt.date(2026, 3, 10), duplicate_rate=0)
    with duckdb.connect(project.env["SPEND_DUCKDB_PATH"]) as con:
        teams, keys = write(con, "duckdb", "public")
    project.build()
    rows = project.query(f"""
        select burn.budget_owner_id, burn.period_start, burn.period_end, burn.budget_spend,
               (select coalesce(sum(daily.spend), 0) from {project.relation('budget_spend_daily')} as daily
                where daily.team_id = burn.budget_owner_id
                  and daily.spend_date >= cast(burn.period_start as date)
                  and daily.spend_date < cast(burn.period_end as date))
        from {project.relation('budget_burn')} as burn
        where burn.budget_scope = 'team' and burn.status = 'ok' and burn.is_current_period""")
    assert len(rows) == teams > 10 and keys > 10
    for team_id, start, end, spend, daily in rows:
        # Five days after the newest request's day, 30 days long.
        assert (start, end) == (dt.datetime(2026, 2, 13), dt.datetime(2026, 3, 15)), team_id
        assert spend == daily, team_id
    assert sum(spend for *_, spend, _ in rows) > 0
