"""A team's own deployment is BYOK even under a billable model-name rule (issue 12).

One scenario per adapter, in LiteLLM's own "LiteLLM_ProxyModelTable" (on Postgres the table
its migrations create; on DuckDB the same columns and rows), built in two runs:

1. the release before issue 12 builds three earlier days: its precedence let any applicable
   catalog rule, here `gpt-4o-mini,,,false`, bill the teams' own deployments;
2. this release runs once, plainly, after the proxy's owners changed: one deployment handed
   to team-b, one taken back, one deleted;
3. a deployment used weeks ago is stored in the proxy for the first time, and a plain run
   follows.

Every spend is a distinct power of two, so each total names exactly the requests it holds.
The expected marts come from the independent oracle's precedence (billing_oracle.is_byok).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from expectations import assert_marts_match_rules
from litellm_spend_dev.proxy_model_table import deployment_row
from releases import release_of
from spend_log_fixtures import row

RELEASE_BEFORE_ISSUE_12 = "fa6ef0c"
TODAY = dt.datetime.now(dt.timezone.utc).date()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


CATALOG_BEFORE = [
    {"model_group": "gpt-4o-mini", "is_byok": "false"},     # tier 4: "our gpt-4o-mini is billable"
    {"model_id": "dep-a-pinned", "is_byok": "false"},        # tier 1: billable although team-a owns it
    {"model_id": "dep-ours-pinned", "is_byok": "true"},      # tier 1: BYOK although no team owns it
]
# Added with the upgrade: team rules that disagree, on a team whose every request a
# stronger tier decides (its own deployments), are no conflict.
CATALOG = CATALOG_BEFORE + [
    {"team_id": "team-a", "is_byok": "false"},
    {"model_group": "gpt-4o-mini", "team_id": "team-a", "is_byok": "true"},
]

OWNERS_BEFORE = {"dep-a-mini": "team-a", "dep-a-pinned": "team-a", "dep-ours-mini": None,
                 "dep-ours-pinned": None, "dep-moving": None, "dep-leaving": "team-b", "dep-deleted": "team-b"}
OWNERS_AFTER = {**OWNERS_BEFORE, "dep-moving": "team-b", "dep-leaving": None}
# dep-deleted is gone from the table after the upgrade.
del OWNERS_AFTER["dep-deleted"]
OWNERS_LAST = {**OWNERS_AFTER, "dep-unlisted": "team-b"}

# Who owned what, as the precedence must see it: a change counts from the day of the run
# that saw it (today); a deployment's first version reaches back indefinitely.
OWNERSHIP = [
    {"model_id": "dep-a-mini", "owner_team_id": "team-a", "owned_from": None, "owned_to": None},
    {"model_id": "dep-a-pinned", "owner_team_id": "team-a", "owned_from": None, "owned_to": None},
    {"model_id": "dep-moving", "owner_team_id": "team-b", "owned_from": TODAY, "owned_to": None},
    {"model_id": "dep-leaving", "owner_team_id": "team-b", "owned_from": None, "owned_to": TODAY},
    {"model_id": "dep-deleted", "owner_team_id": "team-b", "owned_from": None, "owned_to": TODAY},
    {"model_id": "dep-unlisted", "owner_team_id": "team-b", "owned_from": None, "owned_to": None},
]


def request(request_id: str, day: dt.date, spend: int, team_id: str, model_id: str) -> dict:
    return row(request_id, f"{day} 10:00:00", float(spend), team_id=team_id, model_id=model_id,
               model_group="gpt-4o-mini", model="gpt-4o-mini")


ROWS_BEFORE = [
    request("r01", days_ago(20), 1, "team-a", "dep-a-mini"),       # team-owned under the billable rule
    request("r02", days_ago(20), 2, "team-b", "dep-ours-mini"),    # unowned: the model-name rule
    request("r03", days_ago(15), 4, "team-b", "dep-unlisted"),     # its deployment is stored later
    request("r04", days_ago(2), 8, "team-a", "dep-a-pinned"),      # model_id rule: billable
    request("r05", days_ago(2), 16, "team-b", "dep-ours-pinned"),  # model_id rule: BYOK
    request("r06", days_ago(2), 32, "team-b", ""),                 # no model_id: the catalog
    request("r07", days_ago(2), 64, "team-b", "dep-moving"),
    request("r08", days_ago(2), 128, "team-b", "dep-leaving"),
    request("r09", days_ago(2), 256, "team-b", "dep-deleted"),
]
ROWS_AFTER = [
    request("r10", TODAY, 512, "team-b", "dep-moving"),
    request("r11", TODAY, 1024, "team-b", "dep-leaving"),
    request("r12", TODAY, 2048, "team-b", "dep-deleted"),
    request("r13", TODAY, 4096, "team-a", "dep-a-mini"),
    request("r14", TODAY, 8192, "team-b", "dep-unlisted"),
]
ROWS = ROWS_BEFORE + ROWS_AFTER


def deployments(owners: dict) -> list[dict]:
    return [deployment_row(model_id, "gpt-4o-mini", owner) for model_id, owner in owners.items()]


def totals(project, days: list[dt.date]) -> tuple[Decimal, Decimal]:
    """(billable, BYOK) spend of the budget mart over the given days."""
    wanted = {day.isoformat() for day in days}
    rows = [r for r in project.mart("budget_spend_daily") if r["spend_date"] in wanted]
    return sum(r["billable_spend"] for r in rows), sum(r["byok_spend"] for r in rows)


@pytest.fixture(scope="module")
def scenario(module_project, tmp_path_factory):
    project = module_project
    project.source_schema = "public"  # a LiteLLM database: the spend logs beside the model table
    project.write_catalog(CATALOG_BEFORE)
    project.save_deployments(deployments(OWNERS_BEFORE))
    project.load_rows(ROWS_BEFORE)
    release_of(project, RELEASE_BEFORE_ISSUE_12, tmp_path_factory.mktemp("release") / "project").build()
    before = totals(project, [days_ago(20), days_ago(15), days_ago(2)])

    project.write_catalog(CATALOG)
    project.save_deployments(deployments(OWNERS_AFTER))
    project.execute(f"""delete from "{project.source_schema}"."LiteLLM_ProxyModelTable" where model_id = 'dep-deleted'""")
    project.load_rows(ROWS_AFTER)
    project.build()
    upgraded = totals(project, [days_ago(20)])

    project.save_deployments(deployments(OWNERS_LAST))
    project.build()
    return project, before, upgraded


def test_the_release_before_billed_the_team_owned_deployment(scenario):
    _, (billable, byok), _ = scenario
    assert (billable, byok) == (Decimal(1 + 2 + 4 + 8 + 32 + 64 + 128 + 256), Decimal(16))


def test_the_marts_follow_the_precedence(scenario):
    project, _, _ = scenario
    assert_marts_match_rules(project, ROWS, CATALOG, ownership=OWNERSHIP)
    billable, byok = totals(project, [days_ago(20), days_ago(15), days_ago(2), TODAY])
    assert billable == Decimal(2 + 8 + 32 + 64 + 1024 + 2048)
    assert byok == Decimal(1 + 4 + 16 + 128 + 256 + 512 + 4096 + 8192)


def test_every_verdict_names_what_decided_it(scenario):
    project, _, _ = scenario
    explained = dict(
        (request_id, (source, label)) for request_id, source, label in project.query(
            "select request_id, verdict_source, deciding_rule_label from "
            + project.relation("int_spend_logs_classified", "intermediate")))
    proxy = "proxy_model_table"
    assert {request_id: source for request_id, (source, _) in explained.items()} == {
        "r01": proxy, "r02": "catalog", "r03": proxy, "r04": "catalog", "r05": "catalog", "r06": "catalog",
        "r07": "catalog", "r08": proxy, "r09": proxy, "r10": proxy, "r11": "catalog", "r12": "catalog",
        "r13": proxy, "r14": proxy,
    }
    assert explained["r01"][1] == "LiteLLM_ProxyModelTable: deployment dep-a-mini of team team-a"
    assert "model_id=dep-a-pinned" in explained["r04"][1]
    assert "model_group=gpt-4o-mini model_id=* team_id=*" in explained["r06"][1]


def test_past_days_were_rebuilt_by_the_plain_runs_themselves(scenario):
    project, _, upgraded = scenario
    # The first run of this release: the new precedence makes day 20's team-owned request BYOK.
    assert upgraded == (Decimal(2), Decimal(1))
    # The last run: a deployment stored for the first time reaches back to day 15.
    rebuilt = dict(project.query(
        f"select spend_date, reasons from {project.relation('run_window', 'run')} where window_part = 'rebuild'"))
    rebuilt = {day.isoformat() if hasattr(day, "isoformat") else day: reasons for day, reasons in rebuilt.items()}
    assert "verdict_change" in rebuilt[days_ago(15).isoformat()]
    assert days_ago(20).isoformat() not in rebuilt  # its verdicts did not change again
    assert totals(project, [days_ago(15)]) == (Decimal(0), Decimal(4))


def test_a_reassigned_deployment_keeps_its_earlier_days(scenario):
    project, _, _ = scenario
    assert totals(project, [days_ago(2)]) == (Decimal(8 + 32 + 64), Decimal(16 + 128 + 256))
    assert totals(project, [TODAY]) == (Decimal(1024 + 2048), Decimal(512 + 4096 + 8192))


def test_without_the_model_table_nothing_changes(project_factory):
    project = project_factory("duckdb")  # the spend-log table alone
    project.write_catalog([{"model_group": "gpt-4o", "is_byok": "false"}])
    project.load_rows([row("a", "2026-03-01 10:00:00", 1.0, model_group="team-model", model_id="dep-owned")])
    project.build()
    assert [r["billable_spend"] for r in project.mart("budget_spend_daily")] == [Decimal("1")]
    assert project.query('select count(*) from "spend_history"."deployment_ownership_history"') == [(0,)]
