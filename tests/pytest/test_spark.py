"""The project on Apache Spark (the spark target: dbt-spark's session method, local mode) builds
the same relations as on DuckDB, value by value and to the last decimal digit, after a full build
and across incremental batches: new days, late rows, re-delivered rows, a catalog edit that empties
a published day, a source purge with --full-refresh, and invoices closing months. Local days in
other reporting time zones are compared on their own (test_local_days_match_duckdb_and_zoneinfo).

Both engines read the same rows: the test writes them to DuckDB's source, exports them to Parquet
(litellm_spend_dev.parquet_export) and loads the files into Spark with the documented loader
(litellm_spend_dev.spark_source), appending each batch as a lakehouse copy receives it.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import duckdb
import pytest

from conftest import _make_project, spark_project, spark_session
from engine_equality import differences
from litellm_spend_dev.generate_spend_logs import generate
from litellm_spend_dev.parquet_export import export_duckdb_tables
from litellm_spend_dev.spark_source import load_commands
from litellm_spend_dev.spend_logs_layout import create_duckdb_spend_logs_table, insert_rows_duckdb
from spend_log_fixtures import ROWS, row


# Generated traffic over Oct 22 - Nov 20, 2026 (LiteLLM's default UTC days); October is closed
# and invoiced in the first build, November in the last.
END_DATE, DAYS, SEED = dt.date(2026, 11, 20), 30, 11
# A day only team-acme used gpt-4o-mini on: the catalog edit of the second batch makes exactly
# those requests BYOK, so the day's billable partition must end up empty.
QUIET_DAY = "2026-10-10"
QUIET_ROWS = [row(f"quiet-{n}", f"{QUIET_DAY} 0{n}:15:00", spend, model="gpt-4o-mini", model_group="gpt-4o-mini",
                  team_id="team-acme", api_key="key-acme-1")
              for n, spend in enumerate([0.125, 0.25, 0.0078125])]
QUIET_DAY_BYOK = {"model_group": "gpt-4o-mini", "team_id": "team-acme", "is_byok": "true",
                  "valid_from": QUIET_DAY, "valid_to": "2026-10-11", "provider": "openai",
                  "notes": "Acme's own OpenAI key for one day"}
# Amounts at the default max_request_spend with all 16 or 17 significant digits, beside a
# sub-nanodollar one, on one day: a sum that rounded (Spark's default decimal arithmetic keeps 6
# places once 38 digits are exceeded) would differ from the digits written here.
LARGE_SPENDS = [9999.999999999998, 1234.5678901234567, 0.000000123456789012]
LARGE_ROWS = [row(f"large-{n}", f"2026-11-02 1{n}:00:00", spend, team_id="team-big")
              for n, spend in enumerate(LARGE_SPENDS)]
# Floats whose Java text (Spark's cast to string, JDK 17) is longest or borderline against the
# shortest form DuckDB prints: powers of two, binary noise, ties in the 19th decimal.
DIGITS_ROWS = [row(f"digits-{n}", f"2026-11-03 0{n}:00:00", spend, team_id="team-digits")
               for n, spend in enumerate([2 ** -31, 2.842170943040401e-14, 0.30000000000000004, 1e-06, 1.2345e-15,
                                          0.0010000000000000005, 5e-19, 4.5e-19, -0.0])]
# Hourly instants over the days around 2026's daylight-saving changes, in zones with whole-hour,
# half-hour and half-hour-DST offsets.
ZONES = ["America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]
AROUND_CHANGES = [dt.datetime(2026, month, day) + dt.timedelta(hours=hour)
                  for month, day in [(3, 7), (4, 4), (10, 3), (10, 31)] for hour in range(72)]
HAND_ROWS = ROWS + QUIET_ROWS + LARGE_ROWS + DIGITS_ROWS
PURGED_BEFORE = "2026-10-25"


def _vars(as_of: str) -> dict:
    return {"invoice_as_of": as_of}


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    """A DuckDB copy and a Spark copy of the project, and how to feed both the same rows."""
    on_duckdb = _make_project("duckdb", tmp_path_factory.mktemp("duckdb"), None)
    on_spark = spark_project(tmp_path_factory.mktemp("spark"), schema="equality")
    files = tmp_path_factory.mktemp("parquet")

    def to_spark(batch: str, schema: str, append: bool, where: str | None = None):
        with duckdb.connect(on_duckdb.env["SPEND_DUCKDB_PATH"], read_only=True) as con:
            written = export_duckdb_tables(con, files / batch, schema=schema, where=where)
        for command in load_commands(files / batch, append=append):
            on_spark.dbt(*command)
        return written

    def compare():
        with duckdb.connect(on_duckdb.env["SPEND_DUCKDB_PATH"], read_only=True) as con:
            return differences(con, "spend", spark_session(), "equality")

    return on_duckdb, on_spark, to_spark, compare


@pytest.fixture(scope="module")
def first_build(engines):
    on_duckdb, on_spark, to_spark, compare = engines
    with duckdb.connect(on_duckdb.env["SPEND_DUCKDB_PATH"]) as con:
        generate(con, rows=1500, days=DAYS, end_date=END_DATE, seed=SEED, verbose=False, with_deployments=True)
        insert_rows_duckdb(con, HAND_ROWS)
    written = to_spark("first", "public", append=False)
    on_duckdb.build(extra_vars=_vars("2026-11-25"))
    on_spark.build(extra_vars=_vars("2026-11-25"), unit_tests=True)  # once on Spark (test_unit_tests: the others)
    return written, compare()


@pytest.fixture(scope="module")
def second_batch(engines, first_build):
    """New days, late rows into published (and invoiced) days, re-delivered rows, and the
    catalog edit that makes the quiet day's requests BYOK; one incremental run each."""
    on_duckdb, on_spark, to_spark, compare = engines
    with duckdb.connect(on_duckdb.env["SPEND_DUCKDB_PATH"]) as con:
        create_duckdb_spend_logs_table(con, schema="batch")
        generate(con, schema="batch", rows=300, days=3, end_date=END_DATE + dt.timedelta(days=3), seed=SEED + 1,
                 id_offset=100_000, append=True, verbose=False)
        generate(con, schema="batch", rows=120, days=DAYS, end_date=END_DATE - dt.timedelta(days=2), seed=SEED + 2,
                 id_offset=200_000, append=True, verbose=False)
        con.execute('insert into batch."LiteLLM_SpendLogs" select * from public."LiteLLM_SpendLogs"'
                    " using sample 25 rows (reservoir, 5)")
        batch_rows = con.execute('select count(*) from batch."LiteLLM_SpendLogs"').fetchone()[0]
    written = to_spark("second", "batch", append=True)
    with duckdb.connect(on_duckdb.env["SPEND_DUCKDB_PATH"]) as con:
        con.execute('insert into public."LiteLLM_SpendLogs" select * from batch."LiteLLM_SpendLogs"')
        con.execute("drop schema batch cascade")
    for project in (on_duckdb, on_spark):
        with open(project.path / "seeds" / "model_catalog.csv", "a") as catalog:
            catalog.write(",".join(QUIET_DAY_BYOK.get(c, "") for c in (
                "model_group", "model_id", "team_id", "is_byok", "valid_from", "valid_to", "provider", "notes")) + "\n")
        project.build(extra_vars=_vars("2026-11-25"))
    return batch_rows, written, compare()


@pytest.fixture(scope="module")
def purged_and_refreshed(engines, second_batch):
    """LiteLLM's retention purges the oldest logs; a --full-refresh rebuilds every day from the
    history, which keeps the purged requests, November closing."""
    on_duckdb, on_spark, to_spark, compare = engines
    with duckdb.connect(on_duckdb.env["SPEND_DUCKDB_PATH"]) as con:
        purged = {rid for (rid,) in con.execute(
            f"""delete from public."LiteLLM_SpendLogs" where "startTime" < '{PURGED_BEFORE}' returning request_id"""
        ).fetchall()}
    to_spark("purged", "public", append=False)
    on_duckdb.build("--full-refresh", extra_vars=_vars("2026-12-10"))
    on_spark.build("--full-refresh", extra_vars=_vars("2026-12-10"))
    return purged, compare()


def _spark_one(on_spark, sql: str):
    return on_spark.spark_sql(sql)[0][0]


def test_a_full_build_on_spark_equals_duckdb(engines, first_build):
    on_duckdb, on_spark, _, _ = engines
    written, found = first_build
    assert written == {"LiteLLM_SpendLogs": 1500 + 9 + len(HAND_ROWS),
                       "LiteLLM_ProxyModelTable": 15}
    assert not found, "\n".join(found)
    # Not vacuous: every layer was built and compared, with rows in the marts, the quarantine
    # and the invoices (October, closed by the as-of date).
    assert _spark_one(on_spark, "select count(*) from equality_marts.budget_spend_daily") > 300
    assert _spark_one(on_spark, "select count(*) from equality_history.spend_log_rejections") == 3
    assert _spark_one(on_spark, "select count(distinct invoice_month) from equality_invoicing.invoice_line_items") >= 1


def test_sums_keep_every_digit_and_never_overflow_to_null(engines, first_build):
    on_duckdb, on_spark, _, _ = engines
    assert not first_build[1], "\n".join(first_build[1])
    # Python's shortest decimal form of each float, added exactly.
    expected = sum(Decimal(repr(spend)) for spend in LARGE_SPENDS)
    assert expected == Decimal("11234.567890246911489012")
    assert _spark_one(on_spark, "select sum(spend) from equality_marts.budget_spend_daily"
                                " where team_id = 'team-big'") == expected
    for mart in ("billable_spend_daily", "budget_spend_daily", "spend_by_model_daily"):
        money = [c for (c, kind, *_) in on_spark.spark_sql(f"describe equality_marts.{mart}")
                 if kind.startswith("decimal")]
        assert money, mart
        nulls = " + ".join(f"count_if({c} is null)" for c in money)
        assert _spark_one(on_spark, f"select {nulls} from equality_marts.{mart}") == 0, mart
    # Why no sum can overflow: each amount is below 1e15 (money_limit; max_request_spend is lower),
    # and decimal(38, 18) holds sums below 1e20, so a group overflows only past 100,000 requests
    # at that limit. Spark with the profile's settings, at the edge: 99,999 of the largest amount
    # add up exactly; 100,001 overflow to NULL (ANSI off), which the marts' not-null tests reject.
    largest = "cast('999999999999999.999999999999999999' as decimal(38, 18))"
    assert _spark_one(on_spark, f"select sum({largest}) from range(99999)") == Decimal(
        "99998999999999999999.999999999999900001")
    assert _spark_one(on_spark, f"select sum({largest}) from range(100001)") is None


def test_incremental_batches_on_spark_equal_duckdb_and_empty_a_rebuilt_day(engines, first_build, second_batch):
    on_duckdb, on_spark, _, _ = engines
    batch_rows, written, found = second_batch
    assert written == {"LiteLLM_SpendLogs": batch_rows} and batch_rows == 300 + 120 + 25 + 3
    assert not found, "\n".join(found)
    # The quiet day had billable rows, and now has none: its partition was emptied, not kept.
    billable_on_quiet_day = f"select count(*) from equality_marts.billable_spend_daily where spend_date = date'{QUIET_DAY}'"
    assert _spark_one(on_spark, billable_on_quiet_day) == 0
    assert on_duckdb.query(billable_on_quiet_day.replace("equality_marts", "spend_marts")) == [(0,)]
    assert _spark_one(on_spark, "select sum(byok_spend) from equality_marts.budget_spend_daily"
                                f" where spend_date = date'{QUIET_DAY}'") == Decimal("0.3828125")
    # The mart is a view over versioned day partitions (versioned_days): the quiet day's live
    # publish is a tombstone, and the partition of its superseded publish was dropped.
    partitions = [p.split("/")[0] for (p,) in on_spark.spark_sql("show partitions equality_marts.billable_spend_daily__days")]
    assert f"spend_date={QUIET_DAY}" not in partitions and len(partitions) == len(set(partitions)) > 30
    assert _spark_one(on_spark, "select count(*) from equality_marts.billable_spend_daily__published"
                                f" where spend_date = date'{QUIET_DAY}'") == 2


def test_history_survives_a_purge_and_full_refresh_on_spark(engines, purged_and_refreshed):
    on_duckdb, on_spark, _, _ = engines
    purged, found = purged_and_refreshed
    assert not found, "\n".join(found)
    assert len(purged) > 100
    kept = _spark_one(on_spark, "select count(distinct request_id) from equality_history.spend_log_history"
                                f" where started_at < timestamp'{PURGED_BEFORE} 00:00:00'")
    # ROWS' three rejected rows (NaN and negative spend, an empty request_id) are in the
    # quarantine, not the history.
    assert kept == len(purged) - 3
    assert _spark_one(on_spark, "select count(distinct invoice_month) from equality_invoicing.invoice_line_items") >= 3


def _shown_rows(project, sql: str) -> list[dict]:
    """The rows of `dbt show --inline sql` (the project's macros compiled for its engine)."""
    output = project.dbt("show", "--inline", sql, "--limit", "100000", "--output", "json").output
    return json.loads(output[output.index('{\n  "show"'):].split("\n}", 1)[0] + "\n}")["show"]


def test_local_days_match_duckdb_and_zoneinfo(engines):
    """The one zone-dependent expression (macro local_date) on each engine, against Python's tz
    database: the marts' spend_date in any reporting_timezone is the same day everywhere."""
    on_duckdb, on_spark, _, _ = engines
    instants = " union all ".join(f"select cast('{at:%Y-%m-%d %H:%M:%S}' as {{{{ dbt.type_timestamp() }}}}) as instant"
                                  for at in AROUND_CHANGES)
    days = ", ".join(f"{{{{ local_date('instant', '{zone}') }}}} as day_{n}" for n, zone in enumerate(ZONES))
    sql = f"select instant, {days} from ({instants}) as instants order by instant"
    expected = [[(at.replace(tzinfo=dt.timezone.utc).astimezone(ZoneInfo(zone)).date().isoformat())
                 for zone in ZONES] for at in AROUND_CHANGES]
    for project in (on_duckdb, on_spark):
        shown = _shown_rows(project, sql)
        assert [[str(r[f"day_{n}"])[:10] for n in range(len(ZONES))] for r in shown] == expected, project.adapter
    # Not vacuous: each zone moves some instants to the previous or the next day.
    for n in range(len(ZONES)):
        assert {day[n] for day in expected} != {at.date().isoformat() for at in AROUND_CHANGES}
