"""Comparisons of the built marts with the independent implementation of the rules."""

from __future__ import annotations

import contextlib
import io
import json
import os
from decimal import Decimal
from unittest import mock

import billing_oracle
from litellm_spend import cli

FIGURES = ["spend", "prompt_tokens", "completion_tokens", "total_tokens", "request_count",
           "failed_request_count", "cache_hit_count"]
BUDGET_ONLY = ["billable_spend", "byok_spend", "billable_request_count", "byok_request_count"]
MARTS = ("budget_spend_daily", "billable_spend_daily")


def by_grain(rows: list[dict]) -> dict[tuple, dict]:
    return {(r["spend_date"], r["team_id"], r["customer_id"], r["api_key"]): r for r in rows}


def assert_mart_equals(actual_rows: list[dict], expected: dict[tuple, dict], columns: list[str]) -> None:
    actual = by_grain(actual_rows)
    assert sorted(actual) == sorted(expected)
    for grain, figures in expected.items():
        for column in columns:
            assert actual[grain][column] == figures.get(column, 0), (grain, column)


def assert_marts_match_rules(project, rows: list[dict], catalog: list[dict], reporting_timezone: str = "UTC",
                             ownership: list[dict] = ()) -> None:
    """Both marts hold exactly what the billing rules give for these raw rows."""
    expected = billing_oracle.marts(rows, catalog, reporting_timezone, ownership)
    assert_mart_equals(project.mart("budget_spend_daily"), expected["budget"], FIGURES + BUDGET_ONLY)
    assert_mart_equals(project.mart("billable_spend_daily"), expected["billable"], FIGURES)


def published(project) -> dict[str, list[dict]]:
    """What consumers read: every row of both marts."""
    return {mart: project.mart(mart) for mart in MARTS}


def spend_report(project, *args: str):
    """`litellm-spend report` on the project's target, its JSON body read with exact decimals."""
    output = io.StringIO()
    with mock.patch.dict(os.environ, project.dbt_env()), contextlib.chdir(project.path), \
            contextlib.redirect_stdout(output):
        assert cli.main(["report", "--target", project.adapter, *args]) == 0
    return json.loads(output.getvalue(), parse_float=Decimal)
