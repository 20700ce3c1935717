"""The reconciliation tests fail when the history loses a row or a cent.

A tampered history stands in for a broken load: the build's own checks must name it.
"""

from __future__ import annotations

import pytest


def tamper_and_test(project, statement: str):
    history = project.relation("spend_log_history", "history")
    project.execute(statement.format(history=history))
    return project.dbt("test", "--select", "assert_source_window_reconciles assert_every_source_row_is_accounted_for",
                       expect_success=False)


@pytest.mark.parametrize("project", ["duckdb", "postgres"], indirect=True)
def test_a_request_missing_from_the_history_fails_both_checks(project):
    project.generate(rows=3000, days=5, end_date="2026-03-05", seed=11)
    project.build()
    failed = tamper_and_test(project, "delete from {history} where request_id = (select min(request_id) from {history})")
    assert "The source does not reconcile with what was held and rejected" in failed.output
    assert "Source rows this run read are missing from the history" in failed.output


@pytest.mark.parametrize("project", ["duckdb", "postgres"], indirect=True)
def test_a_cent_changed_in_the_history_fails_the_spend_identity(project):
    project.generate(rows=3000, days=5, end_date="2026-03-05", seed=12)
    project.build()
    failed = tamper_and_test(
        project, "update {history} set spend = spend + 0.01 where request_id = (select min(request_id) from {history})")
    assert "The source does not reconcile with what was held and rejected" in failed.output
    assert "PASS assert_every_source_row_is_accounted_for" in failed.output
