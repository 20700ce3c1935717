"""dbt's unit tests (the `unit_tests:` of the models' YAML) pass on each adapter.

They check the code, not the data: their inputs and expected rows are in the YAML, so they run
here once per adapter, on LiteLLM's current schema, and not in the suite's scenario builds
(conftest.DbtProject.build). An old LiteLLM schema runs them in test_old_litellm_schema, and
Spark in test_spark's first build.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import ADAPTERS, ROOT


def unit_tests_in_the_yaml() -> set[str]:
    names = set()
    for path in (ROOT / "models").rglob("*.yml"):
        for unit_test in (yaml.safe_load(path.read_text()) or {}).get("unit_tests") or []:
            names.add(unit_test["name"])
    return names


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_every_unit_test_passes(adapter, project_factory):
    project = project_factory(adapter)
    result = project.build(artifacts=True, unit_tests=True)
    run_results = json.loads(Path(project.path, "target", "run_results.json").read_text())
    statuses = {r["unique_id"].split(".")[-1]: r["status"] for r in run_results["results"]
                if r["unique_id"].startswith("unit_test.")}
    expected = unit_tests_in_the_yaml()
    assert len(expected) >= 17
    assert set(statuses) == expected
    assert set(statuses.values()) == {"pass"}, statuses
    assert "ERROR=0" in result.output


def test_a_plain_build_leaves_the_unit_tests_out(project_factory):
    """What every other test's builds rely on, and what a day run does (selectors.yml)."""
    project = project_factory("duckdb")
    project.build(artifacts=True)
    run_results = json.loads(Path(project.path, "target", "run_results.json").read_text())
    kinds = {r["unique_id"].split(".")[0] for r in run_results["results"]}
    assert "model" in kinds and "test" in kinds and "unit_test" not in kinds
