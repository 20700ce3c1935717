"""The layout's promises, checked on dbt's own manifest and on the tracked files."""

from __future__ import annotations

import ast
import json
import re
import subprocess

from conftest import DBT, ROOT, copy_project


def tracked(pattern: str) -> list[str]:
    return subprocess.run(["git", "ls-files", pattern], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.split()


def test_the_layers_read_what_they_should(tmp_path):
    project = copy_project(tmp_path / "project")
    env = {"SPEND_DUCKDB_PATH": str(tmp_path / "shape.duckdb"), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
           "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    subprocess.run([DBT, "parse", "--project-dir", str(project), "--profiles-dir", str(project)],
                   cwd=project, env=env, capture_output=True, text=True, check=True)
    nodes = json.loads((project / "target" / "manifest.json").read_text())["nodes"]
    models = {node["name"]: node for node in nodes.values() if node["resource_type"] == "model"}
    folder = {name: node["original_file_path"].split("/")[1] for name, node in models.items()}
    assert {"staging", "history", "run", "published", "intermediate", "marts", "invoicing"} == set(folder.values())

    # Staging: each model selects from exactly one source table and from nothing else.
    staging = [name for name, layer in folder.items() if layer == "staging"]
    assert len(staging) >= 2
    for name in staging:
        parents = models[name]["depends_on"]["nodes"]
        assert len(parents) == 1 and parents[0].startswith("source."), (name, parents)
    # Only staging reads sources.
    for name, node in models.items():
        if folder[name] != "staging":
            assert not any(p.startswith("source.") for p in node["depends_on"]["nodes"]), name
    # The marts publish from the audited candidate only; they also wait for what the
    # invoice audit reads, so that it runs (and can stop them) before they publish.
    for mart in ("billable_spend_daily", "budget_spend_daily", "spend_by_model_daily"):
        parents = {p.split(".")[-1] for p in models[mart]["depends_on"]["nodes"]}
        assert parents == {"int_spend_daily_candidate", "run_window", "int_invoice_line_changes",
                           "invoice_totals_before"}, (mart, parents)
    # What a published run records (published/) is written after every daily mart, in the
    # run schema beside what a run must redo (run/).
    published = sorted(name for name, layer in folder.items() if layer == "published")
    assert published == ["run_published_catalog_rules", "run_published_days"]
    for name in published:
        parents = {p.split(".")[-1] for p in models[name]["depends_on"]["nodes"]}
        assert {"billable_spend_daily", "budget_spend_daily", "spend_by_model_daily"} <= parents, name
        assert models[name]["schema"] == models["run_window"]["schema"], name


def test_only_the_run_layer_reads_earlier_state():
    # The run layer: what a run must redo (models/run/) and what it must invoice (the
    # invoicing wing's run/ folder).
    run_layer = ("models/run/", "models/invoicing/run/")
    callers = [path for path in tracked("models/*.sql") if "previous_state(" in (ROOT / path).read_text()]
    assert "models/run/run_window.sql" in callers
    assert "models/invoicing/run/invoice_window.sql" in callers
    assert [path for path in callers if not path.startswith(run_layer)] == []


def test_no_python_file_edits_sys_path():
    python_files = tracked("*.py")
    assert len(python_files) > 20
    assert [path for path in python_files if re.search(r"sys\.path", (ROOT / path).read_text())] == []


def imported_modules(path) -> set[str]:
    """The litellm_spend modules a file imports (`from litellm_spend import x` names x too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name.split(".")[0] == "litellm_spend"}


def test_commands_import_libraries_and_never_each_other():
    """cli.py dispatches to the commands; a command imports libraries only, and no library
    (the dashboard's data layer included) imports a command."""
    package = ROOT / "scripts" / "litellm_spend"
    commands = sorted((package / "commands").glob("[!_]*.py"))
    assert len(commands) >= 6
    for path in package.rglob("*.py"):
        reaches_commands = {name for name in imported_modules(path) if name.startswith("litellm_spend.commands")}
        if path.name in ("cli.py", "__main__.py") and path.parent == package:
            continue
        assert reaches_commands == set(), f"{path.relative_to(ROOT)} imports {sorted(reaches_commands)}"
