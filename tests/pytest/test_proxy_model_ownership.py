"""BYOK detected from LiteLLM_ProxyModelTable, dated by the ownership history, overridden by the catalog."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from spend_log_fixtures import row

INSERT_DEPLOYMENT = """
    insert into public."LiteLLM_ProxyModelTable" (model_id, model_name, litellm_params, model_info, created_by, updated_by)
    values ('{model_id}', 'team-model', '{{}}', '{model_info}', 'admin', 'admin')
"""


def test_team_owned_deployments_are_byok_on_the_days_they_were_owned(project_factory):
    project = project_factory("postgres")
    project.source_schema = "public"  # a LiteLLM database: both tables side by side
    project.execute(INSERT_DEPLOYMENT.format(model_id="dep-owned", model_info='{"team_id": "team-a"}'))
    project.execute(INSERT_DEPLOYMENT.format(model_id="dep-shared", model_info="{}"))
    project.write_catalog([{"model_group": "gpt-4o", "is_byok": "false"}])

    today = dt.datetime.now(dt.timezone.utc).date()
    earlier = f"{today - dt.timedelta(days=2)} 10:00:00"
    project.load_rows([
        row("owned", earlier, 1.0, model_group="team-model", model_id="dep-owned"),
        row("shared", earlier, 2.0, model_group="team-model", model_id="dep-shared"),
        row("no-model-id", earlier, 4.0, model_group="team-model", model_id=""),
        row("catalog-says-billable", earlier, 8.0, model_group="gpt-4o", model_id="dep-owned"),
    ])
    project.build()
    budget = project.mart("budget_spend_daily")
    assert sum(r["byok_spend"] for r in budget) == Decimal("1")
    assert sum(r["billable_spend"] for r in budget) == Decimal("14")

    # The operator hands dep-shared to team-a: from now on it is BYOK, but the
    # bill for the earlier day must not change.
    project.execute("""update public."LiteLLM_ProxyModelTable" set model_info = '{"team_id": "team-a"}'
                       where model_id = 'dep-shared'""")
    project.load_rows([row("shared-after", f"{today} 09:00:00", 16.0, model_group="team-model", model_id="dep-shared")])
    project.build()
    budget = {r["spend_date"]: r for r in project.mart("budget_spend_daily")}
    assert budget[str(today - dt.timedelta(days=2))]["byok_spend"] == Decimal("1")
    assert budget[str(today - dt.timedelta(days=2))]["billable_spend"] == Decimal("14")
    assert budget[str(today)]["byok_spend"] == Decimal("16")
    versions = project.query('select count(*) from "spend_history"."deployment_ownership_history"')
    assert versions == [(3,)]


def test_without_the_model_table_nothing_changes(project_factory):
    project = project_factory("duckdb")  # the spend-log table alone
    project.write_catalog([{"model_group": "gpt-4o", "is_byok": "false"}])
    project.load_rows([row("a", "2026-03-01 10:00:00", 1.0, model_group="team-model", model_id="dep-owned")])
    project.build()
    assert [r["billable_spend"] for r in project.mart("budget_spend_daily")] == [Decimal("1")]
    assert project.query('select count(*) from "spend_history"."deployment_ownership_history"') == [(0,)]
