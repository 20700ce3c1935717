"""DuckDB and Postgres produce identical marts from the same generated logs."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import psycopg2

from litellm_spend_dev.generate_spend_logs import generate

ROWS, DAYS, END_DATE, SEED = 30_000, 20, "2026-03-31", 7


def test_duckdb_and_postgres_marts_are_identical(project_factory):
    on_duckdb = project_factory("duckdb")
    with duckdb.connect(on_duckdb.env["SPEND_DUCKDB_PATH"]) as con:
        stats = generate(con, rows=ROWS, days=DAYS, end_date=END_DATE, seed=SEED, verbose=False)
    assert stats["duplicates"] > 0

    # Postgres keeps LiteLLM's real table (primary key on request_id), so the
    # generator leaves the re-delivered duplicates out, as upstream's insert does:
    # deduplication must make that difference vanish.
    on_postgres = project_factory("postgres")
    on_postgres.source_schema = "public"
    conn = psycopg2.connect(on_postgres.pg_dsn)
    try:
        pg_stats = generate(conn, rows=ROWS, days=DAYS, end_date=END_DATE, seed=SEED, verbose=False)
    finally:
        conn.close()
    assert pg_stats["duplicates_skipped"] == stats["duplicates"]

    on_duckdb.build()
    on_postgres.build()

    for mart in ("budget_spend_daily", "billable_spend_daily"):
        from_duckdb = on_duckdb.mart(mart)
        from_postgres = on_postgres.mart(mart)
        assert len(from_duckdb) == len(from_postgres) > 1000
        assert from_duckdb == from_postgres, mart

    budget = on_duckdb.mart("budget_spend_daily")
    assert sum(r["request_count"] for r in budget) == ROWS
    assert sum(r["byok_spend"] for r in budget) > Decimal(0)
    assert sum(r["billable_spend"] for r in budget) > Decimal(0)
