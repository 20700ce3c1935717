"""Earlier releases of the project, checked out from git, to build a database the way an
operator's was built before an upgrade."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import tarfile
from pathlib import Path

from conftest import ROOT, DbtProject

# What a release needs to build; the snapshot folder existed only before issue 11.
PROJECT_PATHS = ["dbt_project.yml", "selectors.yml", "models", "macros", "seeds", "snapshots", "tests/data", "tests/macros"]


def release_of(project: DbtProject, commit: str, destination: Path) -> DbtProject:
    """The project as it was at `commit`, on the same database and with the same catalog."""
    present = subprocess.run(["git", "ls-tree", "--name-only", commit, "--", *PROJECT_PATHS],
                             cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    archive = subprocess.run(["git", "archive", commit, *present],
                             cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as files:
        files.extractall(destination, filter="data")
    shutil.copy2(ROOT / "profiles.example.yml", destination / "profiles.yml")
    shutil.copy2(project.path / "seeds" / "model_catalog.csv", destination / "seeds" / "model_catalog.csv")
    return dataclasses.replace(project, path=destination)
