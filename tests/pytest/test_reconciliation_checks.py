"""The reconciliation tests fail when the history loses a row or a cent.

A tampered history stands in for a broken load: the build's own checks must name it.
"""

from __future__ import annotations

import re

import pytest


def tamper_and_test(project, statement: str):
    history = project.relation("spend_log_history", "history")
    project.execute(statement.format(history=history))
    return project.dbt("test", "--select", "assert_source_reconciles_with_the_history", expect_success=False)


@pytest.mark.parametrize("project", ["duckdb", "postgres"], indirect=True)
def test_a_request_missing_from_the_history_fails_naming_its_day_and_the_identities(project):
    project.generate(rows=3000, days=5, end_date="2026-03-05", seed=11)
    project.build()
    lost_day = project.query(f"select cast(min(\"startTime\") as date) from {project.source_table} "
                             f"where request_id = (select min(request_id) from {project.relation('spend_log_history', 'history')})")
    failed = tamper_and_test(project, "delete from {history} where request_id = (select min(request_id) from {history})")
    assert "do not reconcile with the history and the rejected rows; nothing was published" in failed.output
    assert re.search(f"{lost_day[0][0]}: [12] source rows missing from the history and the rejected rows", failed.output)
    assert "source rows 3" in failed.output  # the row identity, with its figures


@pytest.mark.parametrize("project", ["duckdb", "postgres"], indirect=True)
def test_a_cent_changed_in_the_history_fails_the_spend_identity(project):
    project.generate(rows=3000, days=5, end_date="2026-03-05", seed=12)
    project.build()
    failed = tamper_and_test(
        project, "update {history} set spend = spend + 0.01 where request_id = (select min(request_id) from {history})")
    assert "do not reconcile with the history and the rejected rows; nothing was published" in failed.output
    assert "source finite spend" in failed.output
    assert not re.search(r"- [0-9-]+: \d+ source rows missing", failed.output)
