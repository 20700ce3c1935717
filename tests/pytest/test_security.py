"""Secrets, identifiers from vars, and what a BI role may read."""

from __future__ import annotations

import hashlib
import re
import subprocess
from decimal import Decimal

import psycopg2
import pytest

from conftest import ROOT
from spend_log_fixtures import CATALOG, ROWS, row

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


# What looks like a virtual key in data: "sk-" in any case, at the start or after anything
# that is not a letter or digit (leading spaces, "SK-...", "Bearer sk-..."), as the
# staging model matches it (macros/cross_db/secret_masking.sql).
SECRET = re.compile(r"(^|[^A-Za-z0-9])[sS][kK]-")
PERSONAL_DATA_COLUMNS = {"messages", "response", "proxy_server_request", "requester_ip_address"}


def key_everywhere(request_id: str, start: str, spend: float = 0.25) -> dict:
    """A spend-log row with a key-looking value in every text column of the source."""
    return row(
        request_id, start, spend,
        call_type="sk-call-type", api_key="  sk-live-everywhere", model="SK-model", model_group=" sk-group",
        model_id="Sk-deployment", custom_llm_provider="sk-provider", api_base="https://x.test/sk-base",
        user=" SK-user-key", cache_hit="sk-cache", cache_key="sk-cache-key", team_id="Bearer sk-team-key",
        organization_id="sk-org-key", end_user="\tsk-customer-key", requester_ip_address="sk-ip",
        session_id="sk-session", status="sk-status", mcp_namespaced_tool_name="sk-tool", agent_id="sk-agent",
        billing_agent_id="sk-billing-agent", litellm_call_id="sk-call-id",
        metadata={"user_api_key_alias": "SK-alias-key", "user_api_key_team_alias": " sk-team-alias",
                  "user_api_key_user_id": "sk-user", "spend_logs_metadata": {"note": "sk-note"}},
        request_tags=["sk-tag"], messages={"content": "sk-prompt"}, response={"content": "sk-answer"},
        proxy_server_request={"body": "sk-body"},
    )


KEY_ROWS = [
    row("key-leading-space", "2026-03-05 12:00:00", 0.125, api_key=" sk-live-abc123"),
    row("key-upper-case", "2026-03-05 12:01:00", 0.125, api_key="SK-LIVE-ABC123"),
    row("key-in-aliases", "2026-03-05 12:02:00", 0.125, end_user="sk-customer-key", user=" Sk-user-key",
        metadata={"user_api_key_alias": "sk-alias-key", "user_api_key_team_alias": "Team A"}),
    key_everywhere(" sk-request-as-id", "2026-03-05 12:03:00"),
    # Rejected (negative spend): the rejections must not keep them either.
    key_everywhere(" SK-rejected-request", "2026-03-05 12:04:00", spend=-1.0),
]


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def secret_looking_values(project) -> list[tuple]:
    """(relation, column, value) for every text value that looks like a key, in every
    column of every relation the project builds (values read and matched in Python)."""
    columns = project.query(
        "select table_schema, table_name, column_name from information_schema.columns "
        "where table_schema like 'spend%' order by 1, 2, ordinal_position")
    relations: dict[tuple, list[str]] = {}
    for schema, table, column in columns:
        relations.setdefault((schema, table), []).append(column)
    found = []
    for (schema, table), names in relations.items():
        selected = ", ".join(f'cast("{name}" as varchar)' for name in names)
        for values in project.query(f'select {selected} from "{schema}"."{table}"'):
            found += [(table, name, value) for name, value in zip(names, values)
                      if isinstance(value, str) and SECRET.search(value)]
    return found


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


def test_the_secret_scan_would_catch_one():
    looks = ["sk-1234", " sk-1234", "SK-1234", "Sk-1234", "\tsk-x", "Bearer sk-x", "key=sk-x", '{"a": "sk-x"}']
    fine = ["task-1", "desk-2", "kiosk-3", "unassigned", "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b"]
    assert all(SECRET.search(v) for v in looks) and not any(SECRET.search(v) for v in fine)


def add_a_deployment_named_like_a_key(project) -> None:
    """A "LiteLLM_ProxyModelTable" beside the spend logs, owning the deployment of
    key_everywhere's row under key-looking names (model_id, model_name, team)."""
    table = f'"{project.source_schema}"."LiteLLM_ProxyModelTable"'
    if project.adapter == "duckdb":
        project.execute(f"create table {table} (model_id varchar, model_name varchar, model_info json)")
    else:
        project.execute(f'create table {table} (like public."LiteLLM_ProxyModelTable" including defaults)')
    project.execute(f"insert into {table} (model_id, model_name, model_info"
                    + (")" if project.adapter == "duckdb" else ", litellm_params, created_by, updated_by)")
                    + " values ('Sk-deployment', 'sk-model-name', '{\"team_id\": \"sk-owner-team\"}'"
                    + (")" if project.adapter == "duckdb" else ", '{}', 'admin', 'admin')"))


def test_no_model_keeps_personal_data_or_a_secret_looking_value(project):
    """Every column of every relation the project builds: no personal-data column, and
    no value that looks like a virtual key, whatever column it was pasted into."""
    add_a_deployment_named_like_a_key(project)
    project.write_catalog(CATALOG)
    project.load_rows(ROWS + KEY_ROWS)
    project.build()
    columns = project.query(
        "select table_schema, table_name, column_name from information_schema.columns "
        "where table_schema like 'spend%'")
    assert {table for _, table, _ in columns} >= {"billable_spend_daily", "spend_log_history", "spend_log_rejections"}
    assert [c for c in columns if c[2].lower() in PERSONAL_DATA_COLUMNS] == []
    assert secret_looking_values(project) == []
    # The rows carrying keys were loaded, under digests: four billed, one rejected.
    held = project.query(f"select count(*) from {project.relation('spend_log_history', 'history')} "
                         "where request_id like 'key-%' or length(request_id) = 64")
    rejected = project.query(f"select count(*) from {project.relation('spend_log_rejections', 'history')} "
                             "where length(request_id) = 64")
    assert held == [(4,)] and rejected == [(1,)]
    # The deployment's id was hashed alike on both sides: its owner team makes the
    # request BYOK (no catalog rule names its digests).
    everywhere = KEY_ROWS[3]
    assert (everywhere["team_id"], everywhere["end_user"], everywhere["api_key"]) == (
        "Bearer sk-team-key", "\tsk-customer-key", "  sk-live-everywhere")
    # Each pasted key under LiteLLM's hash_token of the key itself: blanks and "Bearer " dropped.
    grain = ("2026-03-05", sha256("sk-team-key"), sha256("sk-customer-key"), sha256("sk-live-everywhere"))
    budget = {(r["spend_date"], r["team_id"], r["customer_id"], r["api_key"]): r for r in project.mart("budget_spend_daily")}
    assert budget[grain]["byok_spend"] == Decimal("0.25") and budget[grain]["billable_spend"] == 0


@pytest.mark.parametrize("schema", ['public"; drop table x; --', 'quo"te', "public'; drop table x; --"])
def test_a_var_with_a_quote_fails_clearly_and_injects_nothing(project_factory, schema):
    project = project_factory("duckdb")
    project.source_schema = schema
    result = project.build(expect_success=False)
    assert "Invalid vars" in result.output and "litellm_schema must be a name" in result.output


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
