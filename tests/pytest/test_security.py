"""Secrets, identifiers from vars, and what a BI role may read."""

from __future__ import annotations

import re
import subprocess

import psycopg2
import pytest

from conftest import ROOT
from spend_log_fixtures import CATALOG, ROWS

# Shapes of real credentials: LiteLLM/OpenAI keys, AWS keys, private keys, passwords in
# connection strings or config. Test fixtures use short fake keys (sk-1234) on purpose.
CREDENTIAL_PATTERNS = [
    re.compile(r"sk-[A-Za-z0-9_\-]{20,}"),
    re.compile(r"AKIA[0-9A-Z]{16}"),
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    re.compile(r"postgres(?:ql)?://[^:/\s]+:[^@\s{]+@"),
    # A quoted literal password (reading one from the environment is the rule, and fine).
    re.compile(r"""(?i)\bpassword["']?\s*[:=]\s*["'][^"'\s{<$]{4,}["']"""),
]


def test_no_credential_is_committed():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert len(tracked) > 30
    findings = []
    for name in tracked:
        path = ROOT / name
        if not path.is_file() or path.suffix in {".duckdb", ".png"}:
            continue
        text = path.read_text(errors="ignore")
        for pattern in CREDENTIAL_PATTERNS:
            findings += [f"{name}: {m.group(0)[:40]}" for m in pattern.finditer(text)]
    assert findings == []


def test_the_credential_scan_would_catch_one():
    leaked = "pass" + 'word: "hunter2hunter2"\nkey = "sk-' + "a" * 32 + '"\n'
    assert sum(len(p.findall(leaked)) for p in CREDENTIAL_PATTERNS) == 2


@pytest.mark.parametrize("schema", ['public"; drop table x; --', 'quo"te'])
def test_a_var_with_a_double_quote_fails_clearly_and_injects_nothing(project_factory, schema):
    project = project_factory("duckdb")
    project.source_schema = schema
    result = project.build(expect_success=False)
    assert "Invalid vars" in result.output and "litellm_schema must be a non-empty name" in result.output


def test_a_schema_name_with_spaces_works(project_factory):
    project = project_factory("postgres")
    project.execute('create schema "litellm raw"; '
                    'create table "litellm raw"."LiteLLM_SpendLogs" (like public."LiteLLM_SpendLogs" including defaults)')
    project.source_schema = "litellm raw"
    project.write_catalog(CATALOG)
    project.load_rows(ROWS)
    project.build()
    assert sum(r["request_count"] for r in project.mart("budget_spend_daily")) == 17


def test_only_the_marts_are_readable_by_the_reader_role(project_factory):
    project = project_factory("postgres")
    project.execute("create role bi_reader login")
    project.write_catalog(CATALOG)
    project.load_rows(ROWS)
    project.build(extra_vars={"reader_role": "bi_reader"})

    reader = psycopg2.connect(project.pg_dsn + " user=bi_reader")
    reader.autocommit = True
    try:
        with reader.cursor() as cur:
            for mart in ("billable_spend_daily", "budget_spend_daily"):
                cur.execute(f'select count(*) from "spend_marts"."{mart}"')
                assert cur.fetchone()[0] > 0
            for forbidden in ('"spend_history"."spend_log_history"',
                              '"spend_intermediate"."int_spend_logs_classified"',
                              '"warehouse"."LiteLLM_SpendLogs"', 'public."LiteLLM_SpendLogs"'):
                with pytest.raises(psycopg2.errors.InsufficientPrivilege):
                    cur.execute(f"select count(*) from {forbidden}")
    finally:
        reader.close()
