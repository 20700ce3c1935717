"""Upgrading from the layout before issue 11 keeps the system of record.

The previous release is built from git on the same database, the source then loses
rows to LiteLLM's retention job, and the first build of this layout must still bill
every request the old history held."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import tarfile

from conftest import ROOT
from expectations import assert_marts_match_rules
from spend_log_fixtures import CATALOG, ROWS

PREVIOUS_RELEASE = "288d4b6"  # the last commit of the layout before issue 11


def previous_release(destination):
    archive = subprocess.run(
        ["git", "archive", PREVIOUS_RELEASE, "dbt_project.yml", "models", "macros", "seeds", "snapshots", "tests/data"],
        cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as files:
        files.extractall(destination, filter="data")
    shutil.copy2(ROOT / "profiles.example.yml", destination / "profiles.yml")
    return destination


def test_the_first_build_adopts_the_earlier_history(project, tmp_path):
    project.write_catalog(CATALOG)
    old = dataclasses.replace(project, path=previous_release(tmp_path / "previous_release"))
    shutil.copy2(project.path / "seeds" / "model_catalog.csv", old.path / "seeds" / "model_catalog.csv")
    project.load_rows(ROWS)
    old.build()

    project.execute(f"delete from {project.source_table} where \"startTime\" < '2026-03-05'")
    upgraded = project.build()
    assert "Adopted" in upgraded.output
    assert_marts_match_rules(project, ROWS, CATALOG)
    project.build()  # and the next run is an ordinary one
    assert_marts_match_rules(project, ROWS, CATALOG)
