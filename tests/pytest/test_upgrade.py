"""Upgrading from the layout before issue 11 keeps the system of record.

The previous release is built from git on the same database, the source then loses
rows to LiteLLM's retention job, and the first build of this layout must still bill
every request the old history held."""

from __future__ import annotations

from expectations import assert_marts_match_rules
from releases import release_of
from spend_log_fixtures import CATALOG, ROWS

PREVIOUS_RELEASE = "288d4b6"  # the last commit of the layout before issue 11


def test_the_first_build_adopts_the_earlier_history(project, tmp_path):
    project.write_catalog(CATALOG)
    old = release_of(project, PREVIOUS_RELEASE, tmp_path / "previous_release")
    project.load_rows(ROWS)
    old.build()

    project.execute(f"delete from {project.source_table} where \"startTime\" < '2026-03-05'")
    upgraded = project.build()
    assert "Adopted" in upgraded.output
    assert_marts_match_rules(project, ROWS, CATALOG)
    ordinary = project.build()  # and the next run is an ordinary one
    assert_marts_match_rules(project, ROWS, CATALOG)
    # adopt_earlier_layout runs on every build: with the history held, it looks no further
    # (dbt's debug events would name the earlier layout's schema it listed).
    assert "_snapshots" not in ordinary.output
