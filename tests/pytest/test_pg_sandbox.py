"""Self-check: a real PostgreSQL 15 sandbox with LiteLLM's shipped migrations applied."""

import psycopg2
import pytest

from litellm_spend_dev.apply_litellm_migrations import apply_migrations, create_warehouse_copy, migrations_dir
from litellm_spend_dev.pg_sandbox import PostgresSandbox


@pytest.fixture(scope="module")
def migrated():
    with PostgresSandbox() as pg:
        pg.create_database("litellm")
        dsn = pg.dsn("litellm")
        applied = apply_migrations(dsn)
        yield pg, dsn, applied


def _query(dsn, q, params=()):
    conn = psycopg2.connect(dsn)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(q, params)
            return cur.fetchall() if cur.description else None
    finally:
        conn.close()


def test_all_migrations_applied(migrated):
    _, _, applied = migrated
    folders = [p for p in migrations_dir().iterdir() if p.is_dir()]
    assert applied == len(folders) > 200


def test_spend_logs_has_real_columns(migrated):
    _, dsn, _ = migrated
    rows = _query(dsn, """
        SELECT column_name, data_type, datetime_precision
        FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = 'LiteLLM_SpendLogs'
    """)
    cols = {name: (dtype, prec) for name, dtype, prec in rows}
    assert cols["request_id"][0] == "text"
    assert cols["spend"][0] == "double precision"
    assert cols["startTime"] == ("timestamp without time zone", 3)
    assert cols["endTime"] == ("timestamp without time zone", 3)
    assert cols["metadata"][0] == "jsonb"
    assert cols["request_tags"][0] == "jsonb"
    assert cols["team_id"][0] == "text"
    assert cols["end_user"][0] == "text"
    assert cols["prompt_tokens"][0] == "integer"


def test_spend_logs_primary_key_and_other_tables(migrated):
    _, dsn, _ = migrated
    pk = _query(dsn, """
        SELECT a.attname FROM pg_index i
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indrelid = 'public."LiteLLM_SpendLogs"'::regclass AND i.indisprimary
    """)
    assert pk == [("request_id",)]
    assert _query(dsn, """SELECT to_regclass('public."LiteLLM_ProxyModelTable"') IS NOT NULL""") == [(True,)]


def test_warehouse_copy_allows_duplicates(migrated):
    _, dsn, _ = migrated
    create_warehouse_copy(dsn)
    assert _query(dsn, """
        SELECT count(*) FROM pg_constraint WHERE conrelid = 'warehouse."LiteLLM_SpendLogs"'::regclass AND contype = 'p'
    """) == [(0,)]
    conn = psycopg2.connect(dsn)
    try:
        with conn, conn.cursor() as cur:
            # Insert only NOT NULL columns that lack a default, so this survives schema changes.
            cur.execute("""
                SELECT column_name, data_type FROM information_schema.columns
                WHERE table_schema = 'warehouse' AND table_name = 'LiteLLM_SpendLogs'
                  AND is_nullable = 'NO' AND column_default IS NULL
            """)
            required = dict(cur.fetchall())
            sample = {"text": "x", "jsonb": "{}", "double precision": 0, "integer": 0,
                      "timestamp without time zone": "2025-01-01", "boolean": False}
            values = {c: ("dup-1" if c == "request_id" else sample[t]) for c, t in required.items()}
            cols = ", ".join(f'"{c}"' for c in values)
            ph = ", ".join(["%s"] * len(values))
            for _ in range(2):
                cur.execute(f'INSERT INTO warehouse."LiteLLM_SpendLogs" ({cols}) VALUES ({ph})', list(values.values()))
            cur.execute("""SELECT count(*) FROM warehouse."LiteLLM_SpendLogs" WHERE request_id = 'dup-1'""")
            assert cur.fetchone() == (2,)
    finally:
        conn.close()


def test_custom_schema(migrated):
    pg, _, _ = migrated
    pg.create_database("litellm_schema")
    dsn = pg.dsn("litellm_schema")
    apply_migrations(dsn, schema="raw")
    assert _query(dsn, """SELECT to_regclass('raw."LiteLLM_SpendLogs"') IS NOT NULL,
                                 to_regclass('public."LiteLLM_SpendLogs"') IS NULL""") == [(True, True)]
