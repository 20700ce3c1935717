"""The operator's commands fail with one line that says what is wrong, never a traceback, and
never create a database by accident; what they print from the warehouse escapes control
characters."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
from unittest import mock

import pytest

from conftest import LITELLM_SPEND
from litellm_spend import cli
from spend_log_fixtures import CATALOG, row

# An escape sequence that would turn the terminal red, and a right-to-left override.
HOSTILE_TEAM = "team-\x1b[31mred\u202e"
ROWS = [
    row("a1", "2026-01-10 10:00:00", 1.25),
    row("a2", "2026-01-11 10:00:00", 0.5, team_id=HOSTILE_TEAM),
]


@pytest.fixture(scope="module")
def built(module_project):
    """January issued (as of February 4), with a team id holding control characters."""
    module_project.write_catalog(CATALOG)
    module_project.load_rows(ROWS)
    module_project.build(extra_vars={"invoice_as_of": "2026-02-04"})
    return module_project


def command(project, *args: str, env: dict | None = None) -> tuple[int, str, str]:
    """litellm-spend ARGS in this process, in the project's directory: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with mock.patch.dict(os.environ, {**project.dbt_env(), **(env or {})}), contextlib.chdir(project.path), \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([*args, "--target", project.adapter])
    return code, out.getvalue(), err.getvalue()


def test_control_characters_in_a_team_id_are_escaped_on_the_terminal(built):
    code, out, _ = command(built, "summary")
    assert code == 0 and "\x1b" not in out and "\u202e" not in out
    assert "team-\\x1b[31mred\\u202e" in out
    code, out, _ = command(built, "invoice", "--month", "2026-01")
    assert code == 0 and "\x1b" not in out and "\u202e" not in out
    assert "team-\\x1b[31mred\\u202e" in out and "$0.50" in out


def test_an_output_path_that_cannot_be_written_is_an_error(built, tmp_path):
    target = tmp_path / "no-such-dir" / "invoice.csv"
    code, _, err = command(built, "invoice", "--month", "2026-01", "--csv", str(target))
    assert code == 1, err
    assert err.strip() == f"litellm-spend invoice: No such file or directory: {target}"


def test_a_schema_option_is_a_quoted_name_never_sql(built):
    code, _, err = command(built, "summary", "--schema", 'spend_marts"; drop table spend_marts.budget_spend_daily; --')
    assert code == 1 and "Traceback" not in err
    assert err.startswith("litellm-spend summary: the warehouse refused a query: ")
    assert sum(r["request_count"] for r in built.mart("budget_spend_daily")) == 2


def test_a_missing_warehouse_is_an_error_and_nothing_is_created(built, tmp_path):
    if built.adapter == "duckdb":
        missing = tmp_path / "mistyped.duckdb"
        env, expected = {"SPEND_DUCKDB_PATH": str(missing)}, f"the DuckDB file {missing} does not exist"
    else:
        env, expected = {"SPEND_PG_DATABASE": "no_such_database"}, "cannot connect to Postgres no_such_database"
    for args in (["summary"], ["invoice", "--month", "2026-01"], ["report", "--start-date", "2026-01-01",
                                                                   "--end-date", "2026-01-31"]):
        code, _, err = command(built, *args, env=env)
        assert code == 1 and "Traceback" not in err, err
        assert err.startswith(f"litellm-spend {args[0]}: {expected}"), err
    if built.adapter == "duckdb":
        assert not missing.exists()


def test_a_corrupt_duckdb_file_is_an_error(project_factory, tmp_path):
    project = project_factory("duckdb")
    corrupt = tmp_path / "corrupt.duckdb"
    corrupt.write_bytes(b"this is not a database" * 512)
    code, _, err = command(project, "summary", env={"SPEND_DUCKDB_PATH": str(corrupt)})
    assert code == 1 and "Traceback" not in err
    assert err.startswith(f"litellm-spend summary: the DuckDB file {corrupt} cannot be opened"), err


def test_the_scheduled_run_creates_no_database_at_a_mistyped_path(project_factory, tmp_path):
    project = project_factory("duckdb")
    missing = tmp_path / "typo" / "litellm_spend.duckdb"
    with project.as_command() as env:
        result = subprocess.run([LITELLM_SPEND, "run", "--project-dir", str(project.path), "--target", "duckdb"],
                                env={**env, "SPEND_DUCKDB_PATH": str(missing)}, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith(
        f"scheduled run FAILED: the DuckDB file {missing} does not exist")
    assert not missing.exists() and not missing.parent.exists()


def test_a_copy_of_the_duckdb_file_under_another_name_answers_every_command(project_factory, tmp_path):
    """The README suggests a copy of the file for BI: its views must not name the original file."""
    project = project_factory("duckdb")
    project.write_catalog(CATALOG)
    project.load_rows(ROWS)
    project.build(extra_vars={"invoice_as_of": "2026-02-04"})
    original = project.path / project.dbt_env()["SPEND_DUCKDB_PATH"]
    copy = tmp_path / "bi_copy.duckdb"
    shutil.copy(original, copy)
    commands = [("invoice", "--month", "2026-01"), ("report", "--start-date", "2026-01-01", "--end-date", "2026-01-31"),
                ("summary",)]
    for args in commands:
        code, printed, err = command(project, *args)
        code_on_copy, printed_on_copy, err_on_copy = command(project, *args, env={"SPEND_DUCKDB_PATH": str(copy)})
        assert code == code_on_copy == 0, (args, err, err_on_copy)
        assert printed_on_copy == printed and "1.25" in printed, args
    focus = {}
    for name, path in (("original", original), ("copy", copy)):
        out = tmp_path / f"focus-{name}.csv"
        code, _, err = command(project, "export", "focus", "--start-date", "2026-01-01", "--end-date", "2026-01-31",
                               "--out", str(out), env={"SPEND_DUCKDB_PATH": str(path)})
        assert code == 0, err
        focus[name] = out.read_text()
    assert focus["copy"] == focus["original"] and "1.25" in focus["copy"]
