"""The source is found where the var says, with JSON columns as JSON or as text."""

from __future__ import annotations

import duckdb

import billing_oracle
from spend_log_fixtures import CATALOG, ROWS
from litellm_spend_dev.spend_logs_layout import create_duckdb_spend_logs_table, insert_rows_duckdb

def test_export_with_json_as_text_in_another_schema(project_factory):
    project = project_factory("duckdb")
    with duckdb.connect(project.env["SPEND_DUCKDB_PATH"]) as con:
        con.execute('drop table public."LiteLLM_SpendLogs"')
        create_duckdb_spend_logs_table(con, schema="litellm_export", json_as_text=True)
        insert_rows_duckdb(con, ROWS, schema="litellm_export")
    project.source_schema = "litellm_export"
    project.write_catalog(CATALOG)
    project.build()

    expected = billing_oracle.marts(ROWS, CATALOG)["budget"]
    budget = project.mart("budget_spend_daily")
    assert {(r["spend_date"], r["team_id"], r["customer_id"], r["api_key"]): r["spend"] for r in budget} == {
        grain: figures["spend"] for grain, figures in expected.items()
    }
    # Aliases come out of metadata held as text just as out of JSON.
    assert {r["team_alias"] for r in budget} == {"Team A"}


def test_wrong_schema_var_fails_rather_than_reading_nothing(project):
    project.source_schema = "no_such_schema"
    result = project.build(expect_success=False)
    assert "LiteLLM_SpendLogs" in result.output
