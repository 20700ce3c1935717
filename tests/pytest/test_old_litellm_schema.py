"""An older LiteLLM database builds with plain `dbt build`, unit tests included.

The schema is LiteLLM's as its own migrations left it at the end of March 2025
(litellm-proxy-extras, migration folders dated up to 2025-03-31): "LiteLLM_SpendLogs"
then had no status, organization_id, created_at, updated_at, session_id, ...
On Postgres the migrations themselves are replayed; on DuckDB, which cannot replay
them, the table is created with the columns read from the same migration files.
"""

from __future__ import annotations

import json

import duckdb
import pytest

import billing_oracle
from spend_log_fixtures import CATALOG, ROWS
from litellm_spend_dev.apply_litellm_migrations import apply_migrations, spend_logs_columns

ADAPTERS = ["duckdb", "postgres"]
CUT_OFF = "2025-03-31"
OLD_SCHEMA = "litellm_2025_03"
LATER_COLUMNS = {"status", "organization_id", "created_at", "updated_at", "session_id", "proxy_server_request",
                 "request_duration_ms", "mcp_namespaced_tool_name", "agent_id", "litellm_call_id", "billing_agent_id"}
DUCKDB_TYPES = {"TEXT": "VARCHAR", "DOUBLE PRECISION": "DOUBLE", "INTEGER": "INTEGER", "TIMESTAMP(3)": "TIMESTAMP",
                "JSONB": "JSON"}


def old_columns() -> list[tuple[str, str]]:
    return spend_logs_columns(until=CUT_OFF)


def old_rows() -> list[dict]:
    """The hand-written fixtures cut to the old table's columns, each request once (the
    old table's primary key holds no re-delivery)."""
    names = {name for name, _ in old_columns()}
    rows, seen = [], set()
    for raw in ROWS:
        if raw["request_id"] in seen:
            continue
        seen.add(raw["request_id"])
        rows.append({column: value for column, value in raw.items() if column in names})
    return rows


def use_old_schema(project) -> None:
    if project.adapter == "duckdb":
        columns = ",\n  ".join(f'"{name}" {DUCKDB_TYPES[typ]}' for name, typ in old_columns())
        with duckdb.connect(project.env["SPEND_DUCKDB_PATH"]) as con:
            con.execute(f'create schema {OLD_SCHEMA}')
            con.execute(f'create table {OLD_SCHEMA}."LiteLLM_SpendLogs" (\n  {columns},\n  primary key (request_id)\n)')
    else:
        assert apply_migrations(project.pg_dsn, schema=OLD_SCHEMA, until=CUT_OFF) == 5
    project.source_schema = OLD_SCHEMA


def test_the_old_columns_come_from_the_migrations():
    names = [name for name, _ in old_columns()]
    assert names[:3] == ["request_id", "call_type", "api_key"] and len(names) == 25
    assert not LATER_COLUMNS & set(names)
    assert LATER_COLUMNS <= {name for name, _ in spend_logs_columns()}
    assert {typ for _, typ in old_columns()} <= set(DUCKDB_TYPES)


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_an_old_litellm_schema_builds_and_bills_right(adapter, project_factory):
    project = project_factory(adapter)
    use_old_schema(project)
    table_columns = project.query(
        "select column_name from information_schema.columns "
        f"where table_schema = '{OLD_SCHEMA}' and table_name = 'LiteLLM_SpendLogs' order by ordinal_position")
    # What the migrations built on Postgres is what was read from them for DuckDB.
    assert [c for (c,) in table_columns] == [name for name, _ in old_columns()]

    rows = old_rows()
    project.write_catalog(CATALOG)
    project.load_rows(rows)
    result = project.build(artifacts=True, unit_tests=True)   # unit tests, models, data tests

    run_results = json.loads((project.path / "target" / "run_results.json").read_text())
    unit_tests = {r["unique_id"].split(".")[-1]: r["status"] for r in run_results["results"]
                  if r["unique_id"].startswith("unit_test.")}
    assert {"status_and_cache_hit_are_typed", "bad_rows_get_a_reason_and_spend_stays_exact",
            "blank_and_null_ids_mean_the_same", "raw_keys_are_hashed_like_litellm"} <= set(unit_tests)
    assert set(unit_tests.values()) == {"pass"}, unit_tests
    assert "ERROR=0" in result.output and "SKIP=0" in result.output

    expected = billing_oracle.marts(rows, CATALOG)
    for mart, key in (("budget_spend_daily", "budget"), ("billable_spend_daily", "billable")):
        actual = {(r["spend_date"], r["team_id"], r["customer_id"], r["api_key"]): r for r in project.mart(mart)}
        assert sorted(actual) == sorted(expected[key]), mart
        for grain, figures in expected[key].items():
            for column in ("spend", "prompt_tokens", "completion_tokens", "total_tokens", "request_count",
                           "failed_request_count", "cache_hit_count"):
                assert actual[grain][column] == figures.get(column, 0), (mart, grain, column)
    # Without a status column every request is a success; cache hits still count.
    budget = project.mart("budget_spend_daily")
    assert sum(r["failed_request_count"] for r in budget) == 0
    assert sum(r["cache_hit_count"] for r in budget) == 1
    _, rejected, _ = billing_oracle.accepted_requests(rows)
    held = project.query(
        f"select coalesce(sum(delivery_count), 0) from {project.relation('spend_log_rejections', 'history')}")
    assert held == [(rejected,)] and rejected == 3
