"""One bad row never blocks a bill, and no secret-looking value survives in any column.

One build per adapter over a warehouse copy that holds the JSON columns as text (so
metadata can be anything): the hand-written fixtures, rows a pricing or logging bug
could write (spend of 1e20, 1e308, 1.2e19, just above var max_request_spend, metadata
that is not JSON, a start in 1970), and rows carrying virtual keys in every text
column, in any case, with leading spaces. The bad rows are quarantined with their
reason and named; everything else is billed exactly as the independent oracle says.
"""

from __future__ import annotations

import hashlib
import math
from decimal import Decimal

import duckdb
import pytest

import billing_oracle
from spend_log_fixtures import CATALOG, ROWS, row
from test_security import SECRET, key_everywhere, secret_looking_values
from litellm_spend_dev.spend_logs_layout import JSON_COLUMNS, create_duckdb_spend_logs_table

ADAPTERS = ["duckdb", "postgres"]
EXPORT_SCHEMA = "litellm_export"

# Columns the project reads from the source and keeps as text (status and cache_hit
# only become booleans): a secret-looking value in them is replaced by its digest.
HASHED_COLUMNS = ["request_id", "call_type", "api_key", "team_id", "end_user", "user", "organization_id",
                  "model", "model_group", "model_id", "custom_llm_provider"]

FIRST_BAD_DAY = "2026-03-05"
BAD_ROWS = {
    # request_id: (row, reason)
    "spend-1e20": (row("spend-1e20", f"{FIRST_BAD_DAY} 10:00:00", 1e20), "spend above max_request_spend"),
    "spend-1e308": (row("spend-1e308", f"{FIRST_BAD_DAY} 10:01:00", 1e308), "spend above max_request_spend"),
    "spend-1.2e19": (row("spend-1.2e19", f"{FIRST_BAD_DAY} 10:02:00", 1.2e19), "spend above max_request_spend"),
    "spend-above-max": (row("spend-above-max", f"{FIRST_BAD_DAY} 10:03:00", 10000.01), "spend above max_request_spend"),
    "spend-minus-1e308": (row("spend-minus-1e308", f"{FIRST_BAD_DAY} 10:04:00", -1e308), "negative spend"),
    "metadata-truncated": (row("metadata-truncated", f"{FIRST_BAD_DAY} 10:05:00", 0.5,
                               metadata='{"user_api_key_alias": "alias-a"'), "metadata is not valid JSON"),
    "metadata-not-json": (row("metadata-not-json", f"{FIRST_BAD_DAY} 10:06:00", 0.5, metadata="alias-a"),
                          "metadata is not valid JSON"),
    "started-1970": (row("started-1970", "1970-01-01 00:00:00", 0.3), "startTime before earliest_valid_date"),
    # A rejected row carrying keys: the rejections must not keep them either.
    " SK-rejected-request": (row(" SK-rejected-request", f"{FIRST_BAD_DAY} 10:07:00", -1.0, api_key=" sk-rejected-key",
                                 team_id="sk-team-key", end_user="SK-customer-key"), "negative spend"),
}
# The same absurd row delivered twice: one rejected row, delivery_count 2.
REDELIVERED = dict(BAD_ROWS["spend-1e308"][0])


GOOD_ROWS = [
    row("spend-at-max", f"{FIRST_BAD_DAY} 11:00:00", 10000.0),   # the bound itself is billable
    row("metadata-blank", f"{FIRST_BAD_DAY} 11:01:00", 0.5, metadata=""),  # an export's NULL
    row("metadata-text", f"{FIRST_BAD_DAY} 11:02:00", 0.5, metadata='{"user_api_key_alias": "alias-text"}'),
    row("key-leading-space", f"{FIRST_BAD_DAY} 12:00:00", 0.125, api_key=" sk-live-abc123"),
    row("key-upper-case", f"{FIRST_BAD_DAY} 12:01:00", 0.125, api_key="SK-LIVE-ABC123"),
    row("key-bearer", f"{FIRST_BAD_DAY} 12:05:00", 0.25, api_key="Bearer sk-live-abc123\t"),
    row("key-in-aliases", f"{FIRST_BAD_DAY} 12:02:00", 0.125, end_user="sk-customer-key", user=" Sk-user-key",
        metadata={"user_api_key_alias": "sk-alias-key", "user_api_key_team_alias": "Team A"}),
    key_everywhere(" sk-request-as-id", f"{FIRST_BAD_DAY} 12:03:00"),
    row("not-a-key", f"{FIRST_BAD_DAY} 12:04:00", 0.125, end_user="task-runner", user="desk-2"),
    # Ids keep their case and lose the blanks around them, as the catalog reads its team_id.
    row("team-padded", "2026-03-12 13:00:00", 0.0625, team_id="team-globex \t", end_user="\xa0cust-1",
        api_key="key-ids"),
    row("team-upper", "2026-03-12 13:01:00", 0.0625, team_id="TEAM-GLOBEX", api_key="key-ids"),
]

ALL_ROWS = ROWS + GOOD_ROWS + [bad for bad, _ in BAD_ROWS.values()] + [REDELIVERED]


def digest(value: str) -> str:
    """LiteLLM's hash_token of a bare key: what every pasted form of it must become."""
    return hashlib.sha256(value.encode()).hexdigest()


def as_stored(raw: dict) -> dict:
    """The row as the billing rules see it once secrets are hashed: every kept text
    column that looks like a key becomes its sha256 hex digest (LiteLLM's hash_token)."""
    stored = dict(raw)
    for column in HASHED_COLUMNS:
        value = stored.get(column)
        if isinstance(value, str) and SECRET.search(value):
            stored[column] = billing_oracle.secret_digest(value)
    return stored


def use_export_with_json_as_text(project) -> None:
    """The spend logs in another schema with every JSON column held as text."""
    if project.adapter == "duckdb":
        with duckdb.connect(project.env["SPEND_DUCKDB_PATH"]) as con:
            create_duckdb_spend_logs_table(con, schema=EXPORT_SCHEMA, json_as_text=True)
    else:
        alters = ", ".join(
            f'alter column "{c}" drop default, alter column "{c}" type text using "{c}"::text' for c in JSON_COLUMNS)
        project.execute(
            f'create schema {EXPORT_SCHEMA}; '
            f'create table {EXPORT_SCHEMA}."LiteLLM_SpendLogs" (like {project.source_table} including defaults); '
            f'alter table {EXPORT_SCHEMA}."LiteLLM_SpendLogs" {alters}')
    project.source_schema = EXPORT_SCHEMA


@pytest.fixture(scope="module")
def hostile(module_project):
    """Every row above loaded into a copy with JSON as text, built once per adapter."""
    project = module_project
    use_export_with_json_as_text(project)
    project.write_catalog(CATALOG)
    project.load_rows(ALL_ROWS)
    project.build()
    return project


def test_every_good_row_is_billed_exactly(hostile):
    expected = billing_oracle.marts([as_stored(r) for r in ALL_ROWS], CATALOG)
    for mart, key in (("budget_spend_daily", "budget"), ("billable_spend_daily", "billable")):
        actual = {(r["spend_date"], r["team_id"], r["customer_id"], r["api_key"]): r for r in hostile.mart(mart)}
        assert sorted(actual) == sorted(expected[key]), mart
        for grain, figures in expected[key].items():
            for column in ("spend", "prompt_tokens", "completion_tokens", "total_tokens", "request_count",
                           "failed_request_count", "cache_hit_count"):
                assert actual[grain][column] == figures.get(column, 0), (mart, grain, column)
    # The bound itself is billable: 10000 USD plus the two 0.5 rows of that grain.
    assert expected["billable"][(FIRST_BAD_DAY, "team-a", "cust-1", "key-a")]["spend"] == Decimal("10001")


def test_each_bad_row_is_held_with_its_reason_and_named(hostile):
    rejections = hostile.query(
        "select request_id, rejection_reason, delivery_count, raw_spend "
        f"from {hostile.relation('spend_log_rejections', 'history')}")
    held = {(request_id, reason): count for request_id, reason, count, _ in rejections}
    wanted: dict[tuple, int] = {}
    for raw in ALL_ROWS:
        reason = billing_oracle.rejection_reason(raw)
        if reason:
            request_id = as_stored(raw)["request_id"] or None
            wanted[(request_id, reason)] = wanted.get((request_id, reason), 0) + 1
    assert held == wanted
    # Named by request id (its digest when the id itself looked like a key).
    for request_id, (_, reason) in BAD_ROWS.items():
        assert (as_stored({"request_id": request_id})["request_id"], reason) in held
    # The absurd row delivered twice is one rejected row delivered twice, its float kept.
    assert held[("spend-1e308", "spend above max_request_spend")] == 2
    raw_spend = {request_id: spend for request_id, _, _, spend in rejections}
    assert raw_spend["spend-1e308"] == 1e308 and raw_spend["spend-1e20"] == 1e20
    assert raw_spend["spend-minus-1e308"] == -1e308 and math.isnan(raw_spend["r"])

    # None of them reached the history; the rows around them did.
    history_ids = {r[0] for r in hostile.query(
        f"select request_id from {hostile.relation('spend_log_history', 'history')}")}
    assert not history_ids & {as_stored({"request_id": i})["request_id"] for i in BAD_ROWS}
    assert {"spend-at-max", "metadata-blank", "metadata-text", digest("sk-request-as-id")} <= history_ids


def test_metadata_held_as_text_is_read_like_json(hostile):
    aliases = dict(hostile.query(
        f"select request_id, key_alias from {hostile.relation('spend_log_history', 'history')} "
        "where request_id in ('metadata-text', 'metadata-blank', 'key-in-aliases')"))
    assert aliases == {"metadata-text": "alias-text", "metadata-blank": None, "key-in-aliases": digest("sk-alias-key")}


def test_no_relation_keeps_a_secret_looking_value(hostile):
    assert secret_looking_values(hostile) == []
    # The rows carrying keys were billed under their digests.
    api_keys = {r["api_key"] for r in hostile.mart("billable_spend_daily")}
    assert {digest("sk-live-abc123"), digest("SK-LIVE-ABC123"), digest("sk-live-everywhere")} <= api_keys


def test_a_pasted_key_gets_the_digest_of_the_key_itself(hostile):
    """" sk-live-abc123" and "Bearer sk-live-abc123\t" are the key sk-live-abc123: one digest,
    LiteLLM's hash_token of it, so their spend stays together; the key's case is kept."""
    keys = dict(hostile.query(
        f"select request_id, api_key from {hostile.relation('spend_log_history', 'history')} "
        "where request_id in ('key-leading-space', 'key-bearer', 'key-upper-case')"))
    assert keys == {"key-leading-space": digest("sk-live-abc123"), "key-bearer": digest("sk-live-abc123"),
                    "key-upper-case": digest("SK-LIVE-ABC123")}
    together = [r for r in hostile.mart("billable_spend_daily") if r["api_key"] == digest("sk-live-abc123")]
    assert sum(r["request_count"] for r in together) == 2 and sum(r["spend"] for r in together) == Decimal("0.375")


def dates_before_2000(project, relations_to_skip=()) -> list[tuple]:
    """(relation, column, rows) for every date or time column holding a value before 2000."""
    mentions = []
    for schema, table, column in project.query(
            "select table_schema, table_name, column_name from information_schema.columns "
            "where table_schema like 'spend%' "
            "and (lower(data_type) like 'date%' or lower(data_type) like 'timestamp%')"):
        if table in relations_to_skip:
            continue
        count = project.query(f'select count(*) from "{schema}"."{table}" where "{column}" < cast(\'2000-01-01\' as date)')
        if count[0][0]:
            mentions.append((table, column, count[0][0]))
    return sorted(mentions)


def test_a_row_started_in_1970_is_only_a_rejection(hostile):
    held = hostile.query(
        f"select request_id, rejection_reason from {hostile.relation('spend_log_rejections', 'history')} "
        "where started_at < cast('2000-01-01' as date)")
    assert held == [("started-1970", "startTime before earliest_valid_date")]
    # Every other relation past the source is silent about it, but for the count of
    # source rows per UTC day (run_window's load part, spend_log_source_days), which
    # counts rejected rows too so that a late rejected row is loaded as well.
    mentions = dates_before_2000(hostile, relations_to_skip=(
        "stg_litellm__spend_logs", "spend_log_rejections", "spend_log_source_days"))
    assert [m for m in mentions if m[:2] != ("run_window", "utc_day") and m[:2] != ("run_window", "spend_date")] == []


def test_a_rejected_row_gives_no_day_to_rebuild(hostile):
    days = hostile.query(
        f"select spend_date from {hostile.relation('run_window', 'run')} "
        "where window_part = 'rebuild' and spend_date < cast('2000-01-01' as date)")
    assert days == []


@pytest.mark.parametrize("adapter", ADAPTERS)
@pytest.mark.parametrize("name_value, spend_value", [
    ("public'; create table pwned as select 1; --", "-1"),
    ('quo"te', "abc"),
    ("1starts_with_a_digit", "1e20"),
])
def test_vars_that_could_inject_sql_are_refused_before_anything_runs(adapter, project_factory, name_value, spend_value):
    project = project_factory(adapter)
    result = project.build(expect_success=False, extra_vars={
        "litellm_schema": name_value, "reader_role": name_value, "max_request_spend": spend_value})
    output = result.output
    assert "Invalid vars" in output, output[-3000:]
    assert "litellm_schema must be a name" in output and "reader_role must be a name" in output
    assert "max_request_spend must be a positive number" in output
    assert project.query("select count(*) from information_schema.tables where table_name = 'pwned'") == [(0,)]
    assert project.query(
        "select count(*) from information_schema.tables where table_schema like 'spend%'") == [(0,)]


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_every_bad_var_is_refused_by_name_before_anything_is_built(adapter, project_factory):
    """invoice_close_days -40 once issued December on December 6 and blocked every later run;
    a wrong zone or date failed without naming its var. Each is now refused with its name and
    the allowed values, before any relation exists."""
    project = project_factory(adapter)
    project.write_catalog(CATALOG)
    project.load_rows(ROWS)
    refused = project.build(expect_success=False, extra_vars={
        "invoice_close_days": -40, "lookback_days": "three", "reprocess_from": "2026-13-01",
        "deep_check": "yes"}).output
    for message in (
        "invoice_close_days must be a whole number of days from 0 to 28", "got: -40",
        "lookback_days must be a whole number of days or hours, 0 or more, got: 'three'",
        "reprocess_from must be a calendar date written YYYY-MM-DD, such as 2026-03-01, got: '2026-13-01'",
        "deep_check must be true or false, got: 'yes'",
    ):
        assert message in refused, (message, refused[-3000:])
    for close_days in (29, "3.5"):
        output = project.build(expect_success=False, extra_vars={"invoice_close_days": close_days}).output
        assert "invoice_close_days must be a whole number of days from 0 to 28" in output, output[-3000:]
    # Read while dbt parses, before any hook: named all the same.
    zone = project.build(expect_success=False, extra_vars={"reporting_timezone": "Mars/Olympus"}).output
    assert ("reporting_timezone must be an IANA time zone name such as UTC, Europe/Berlin or America/New_York, "
            "got: 'Mars/Olympus'") in zone, zone[-3000:]
    as_of = project.build(expect_success=False, extra_vars={"invoice_as_of": "2026-02-30"}).output
    assert "invoice_as_of must be a calendar date written YYYY-MM-DD, such as 2026-03-01, got: '2026-02-30'" in as_of
    assert project.query(
        "select count(*) from information_schema.tables where table_schema like 'spend%'") == [(0,)]
    # The edges of the allowed range build.
    project.build(extra_vars={"invoice_close_days": 0, "reporting_timezone": "America/New_York"})


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_source_freshness_refuses_them_too(adapter, project_factory):
    """The scheduled run checks freshness before it builds: the same check guards it."""
    project = project_factory(adapter)
    for value in ('public"."LiteLLM_SpendLogs"; create table pwned as select 1; --', "public' or 'x"):
        result = project.dbt("source", "freshness", expect_success=False, extra_vars={"litellm_schema": value})
        assert "Invalid vars" in result.output and "litellm_schema must be a name" in result.output, value
    assert project.query("select count(*) from information_schema.tables where table_name = 'pwned'") == [(0,)]


def test_an_id_loses_its_blanks_and_keeps_its_case(hostile):
    """'team-globex \\t' is team-globex, whose catalog rule for gpt-4o (BYOK from 2026-03-10 to
    2026-03-20) decides it; 'TEAM-GLOBEX' is another team, as in LiteLLM's team table."""
    teams = dict(hostile.query(
        f"select request_id, team_id from {hostile.relation('spend_log_history', 'history')} "
        "where request_id in ('team-padded', 'team-upper')"))
    assert teams == {"team-padded": "team-globex", "team-upper": "TEAM-GLOBEX"}
    budget = {(r["team_id"], r["customer_id"]): r for r in hostile.mart("budget_spend_daily")
              if r["api_key"] == "key-ids"}
    assert budget[("team-globex", "cust-1")]["byok_spend"] == Decimal("0.0625")
    assert budget[("TEAM-GLOBEX", "cust-1")]["billable_spend"] == Decimal("0.0625")
    assert len(budget) == 2
