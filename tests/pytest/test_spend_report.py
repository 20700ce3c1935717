"""`litellm-spend report` equals LiteLLM's /global/spend/report, re-implemented independently
(spend_report_oracle) over the raw spend logs and "LiteLLM_TeamTable", on every branch.

Postgres holds LiteLLM's real schema (its migrations); DuckDB the same rows and a team table of
the two columns the report reads. Arrays are compared as multisets, numbers as exact decimals.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from unittest import mock

import pytest

import billing_oracle
import spend_report_oracle
from litellm_spend import cli
from spend_log_fixtures import row

TEAMS = {"team-a": "Alpha", "team-b": "Shared", "team-c": "Shared", "team-d": None}  # team-gone was deleted
CATALOG = [
    {"model_group": "gpt-4o", "is_byok": "false"},
    {"model_group": "claude-sonnet-4", "is_byok": "false"},
    {"model_group": "mistral-large", "is_byok": "true"},
]


def request(request_id, start, spend, team_id, api_key, end_user, user, model_group="gpt-4o", model=None, **extra):
    return row(request_id, start, spend, team_id=team_id, api_key=api_key, end_user=end_user, user=user,
               model_group=model_group, model=model or f"openai/{model_group}", **extra)


ROWS = [
    request("before", "2026-10-01 23:59:59.999", 0.001, "team-a", "key-1", "cust-1", "user-1"),
    request("first-instant", "2026-10-02 00:00:00.000", 0.1, "team-a", "key-1", "cust-1", "user-1"),
    request("shared-alias-b", "2026-10-02 10:00:00", 0.2, "team-b", "key-2", "cust-1", "user-2"),
    request("shared-alias-c", "2026-10-02 11:00:00", 0.4, "team-c", "key-3", "", "user-3",
            model_group="claude-sonnet-4", model="anthropic/claude-sonnet-4"),
    request("no-alias", "2026-10-02 12:00:00", 0.8, "team-d", "key-4", None, "user-1"),
    request("deleted-team", "2026-10-02 13:00:00", 1.6, "team-gone", "key-5", "cust-2", "user-4"),
    request("no-team-raw-key", "2026-10-02 14:00:00", 3.2, "", "sk-old-raw-key-0001", "cust-2", "user-5"),
    request("byok-last-instant", "2026-10-03 23:59:59.999", 6.4, "team-a", "key-1", "cust-1", "user-1",
            model_group="mistral-large", model="mistral/mistral-large"),
    request("after", "2026-10-04 00:00:00.000", 12.8, "team-a", "key-1", "cust-1", "user-1"),
    request("byok-other-key", "2026-10-03 09:00:00", 25.6, "team-a", "key-6", "cust-3", "user-1",
            model_group="mistral-large", model="mistral/mistral-large"),
    request("quarantined", "2026-10-03 09:30:00", -1.0, "team-b", "key-2", "cust-1", "user-2"),
    request("failure", "2026-10-03 10:00:00", 0.0, "team-a", "key-1", "cust-1", "user-1", status="failure"),
    request("no-key", "2026-10-03 11:00:00", 0.05, "team-a", "", "cust-1", "user-6"),
]
START, END = dt.date(2026, 10, 2), dt.date(2026, 10, 3)
RAW_COLUMNS = ["request_id", "startTime", "spend", "total_tokens", "prompt_tokens", "completion_tokens", "api_key",
               "team_id", "end_user", "user", "model", "model_group", "model_id", "status", "metadata"]

BRANCHES = {
    "group by team": ({}, []),
    "group by customer": ({"group_by": "customer"}, ["--group-by", "customer"]),
    "group by api_key": ({"group_by": "api_key"}, ["--group-by", "api_key"]),
    "team alone filters group by team": ({"team_id": "team-a"}, ["--team-id", "team-a"]),
    "customer alone is ignored": ({}, ["--customer-id", "cust-1"]),
    "team with customer": ({"team_id": "team-a", "customer_id": "cust-1"},
                           ["--team-id", "team-a", "--customer-id", "cust-1"]),
    "api key": ({"api_key": "key-1"}, ["--api-key", "key-1"]),
    "raw sk- key is hashed": ({"api_key": "sk-old-raw-key-0001"}, ["--api-key", "sk-old-raw-key-0001"]),
    "internal user": ({"internal_user_id": "user-1"}, ["--internal-user-id", "user-1"]),
    "api key beats the rest": ({"api_key": "key-2"}, ["--api-key", "key-2", "--internal-user-id", "user-1",
                                                      "--group-by", "customer"]),
}


@pytest.fixture(scope="module")
def published(module_project):
    project = module_project
    project.source_schema = "public"  # a LiteLLM database: spend logs and team table side by side
    if project.adapter == "duckdb":
        project.execute('create table public."LiteLLM_TeamTable" (team_id varchar primary key, team_alias varchar)')
    for team_id, alias in TEAMS.items():
        project.execute(f"""insert into public."LiteLLM_TeamTable" (team_id, team_alias)
                            values ('{team_id}', {"null" if alias is None else repr(alias)})""")
    project.write_catalog(CATALOG)
    project.load_rows(ROWS)
    project.build()
    selected = ", ".join(f'"{c}"' for c in RAW_COLUMNS)
    raw = [dict(zip(RAW_COLUMNS, r)) for r in project.query(f"select {selected} from {project.source_table}")]
    return project, raw


def litellm_spend_report(project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "litellm_spend", "report", "--target", project.adapter, *args],
        cwd=project.path, env=project.dbt_env(), capture_output=True, text=True)


def printed(project, *args: str):
    """The command's JSON, run in-process (as the entry point runs it) to keep the suite fast."""
    output = io.StringIO()
    with mock.patch.dict(os.environ, project.dbt_env()), contextlib.chdir(project.path), \
            contextlib.redirect_stdout(output):
        assert cli.main(["report", "--target", project.adapter, "--start-date", START.isoformat(),
                         "--end-date", END.isoformat(), *args]) == 0
    return json.loads(output.getvalue(), parse_float=Decimal)


def canonical(value):
    """Arrays as multisets, numbers as exact decimals: what equality means for this report."""
    if isinstance(value, dict):
        return tuple(sorted((key, canonical(item)) for key, item in value.items()))
    if isinstance(value, list):
        return tuple(sorted(Counter(canonical(item) for item in value).items(), key=repr))
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Decimal(str(value)).normalize()
    return value


def is_byok(raw: dict) -> bool:
    return billing_oracle.is_byok(billing_oracle.clean(raw, "UTC"), CATALOG)


@pytest.mark.parametrize("branch", BRANCHES)
@pytest.mark.parametrize("exclude_byok", [False, True], ids=["all usage", "exclude byok"])
def test_the_report_equals_litellms_endpoint(published, branch, exclude_byok):
    project, raw = published
    parameters, options = BRANCHES[branch]
    expected = spend_report_oracle.report(raw, TEAMS, START, END, **parameters,
                                          exclude=is_byok if exclude_byok else (lambda r: False))
    assert expected, "the branch must report something"
    got = printed(project, *options, *(["--exclude-byok"] if exclude_byok else []))
    assert canonical(got) == canonical(expected)


def test_exclude_byok_removes_exactly_each_teams_byok_usage(published):
    project, raw = published

    def team_totals(body):
        totals = Counter()
        for day in body:
            for team in day["teams"]:
                totals[team["team_name"]] += Decimal(team["total_spend"])
        return totals

    difference = team_totals(printed(project))
    difference.subtract(team_totals(printed(project, "--exclude-byok")))
    # By hand: Alpha's two mistral-large requests inside the window, 6.4 + 25.6.
    assert {name: amount for name, amount in difference.items() if amount} == {"Alpha": Decimal("32.0")}


def test_days_and_names_are_written_as_litellm_writes_them(published):
    project, _ = published
    result = litellm_spend_report(project, "--start-date", START.isoformat(), "--end-date", END.isoformat())
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)  # in a process of its own, as an operator runs it
    assert [day["group_by_day"] for day in body] == ["2026-10-02T00:00:00+00:00", "2026-10-03T00:00:00+00:00"]
    names = {team["team_name"] for day in body for team in day["teams"]}
    assert names == {"Alpha", "Shared", "Unassigned Team"}  # team-d has no alias, team-gone was deleted, "" none


@pytest.mark.parametrize(("start", "end", "message"), [
    ("2026-10-32", "2026-11-01", "--start-date '2026-10-32' is not a date"),
    ("2026-10-05", "2026-10-04", "--end-date 2026-10-04 is before --start-date 2026-10-05"),
])
def test_a_bad_date_or_a_reversed_range_is_an_error(published, start, end, message):
    project, _ = published
    result = litellm_spend_report(project, "--start-date", start, "--end-date", end)
    assert result.returncode != 0
    assert message in result.stderr
