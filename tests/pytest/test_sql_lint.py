"""sqlfluff finds nothing to fix in models, macros (the tests' fixture macro too) and data tests (committed .sqlfluff)."""

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, copy_project

SQLFLUFF = str(Path(sys.executable).with_name("sqlfluff"))


def test_sqlfluff_lint_is_clean(tmp_path):
    project = copy_project(tmp_path / "project")
    for config in (".sqlfluff", ".sqlfluffignore"):
        (project / config).write_text((ROOT / config).read_text())
    env = {"PATH": str(Path(sys.executable).parent), "SPEND_DUCKDB_PATH": str(tmp_path / "lint.duckdb"),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "HOME": str(tmp_path)}
    result = subprocess.run([SQLFLUFF, "lint", "--format", "json", "models", "macros", "tests/data", "tests/macros"],
                            cwd=project, env=env, capture_output=True, text=True)
    report = json.loads(result.stdout)
    linted = {Path(entry["filepath"]).name for entry in report}
    assert {"budget_spend_daily.sql", "spend_log_history.sql",
            "assert_no_byok_request_in_billable_mart.sql", "sha256_hex.sql"} <= linted
    violations = [(entry["filepath"], v["code"], v.get("start_line_no"), v["description"])
                  for entry in report for v in entry["violations"]]
    assert violations == []
    assert result.returncode == 0, result.stderr[-2000:]
