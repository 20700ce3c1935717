"""Parameterised statements for the commands, on either adapter's connection.

SQL is written with psycopg2's %(name)s parameters; DuckDB takes them as $name.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal


def _is_duckdb(conn) -> bool:
    return not hasattr(conn, "set_session")


@contextlib.contextmanager
def _cursor(conn, sql: str):
    """A cursor and the statement in its dialect. A DuckDB cursor is a connection of
    its own, outside the connection's transaction: statements run on the connection."""
    if _is_duckdb(conn):
        yield conn, sql.replace("%(", "$").replace(")s", "")
        return
    cursor = conn.cursor()
    try:
        yield cursor, sql
    finally:
        cursor.close()


def fetch(conn, sql: str, params: dict | None = None) -> list[tuple]:
    """Rows of `sql`."""
    with _cursor(conn, sql) as (cursor, statement):
        cursor.execute(statement, params or {})
        return cursor.fetchall()


def fetch_dicts(conn, sql: str, params: dict | None = None) -> list[dict]:
    """Rows of `sql` as dicts keyed by column name."""
    with _cursor(conn, sql) as (cursor, statement):
        cursor.execute(statement, params or {})
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


def execute(conn, sql: str, params: dict | None = None, *, many: list[dict] | None = None) -> None:
    """Runs a statement, or the statement once per parameter set in `many`."""
    with _cursor(conn, sql) as (cursor, statement):
        if many is None:
            cursor.execute(statement, params or {})
        elif many:
            cursor.executemany(statement, many)


@contextlib.contextmanager
def transaction(conn):
    """Everything inside commits together, or not at all."""
    if _is_duckdb(conn):
        conn.execute("begin transaction")
    try:
        yield
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def literal(value) -> str:
    """A value as SQL text both engines read alike. For bulk statements only: DuckDB's
    Python binding spends a failed module look-up on every bound parameter (pandas,
    twice), which costs a whole second per few hundred values."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return f"cast('{value}' as decimal(38, 18))"
    if isinstance(value, dt.datetime):
        return f"cast('{value.isoformat(sep=' ')}' as timestamp)"
    if isinstance(value, dt.date):
        return f"cast('{value.isoformat()}' as date)"
    return "'" + str(value).replace("'", "''") + "'"


def insert(conn, table: str, rows: list[dict], chunk: int = 1000) -> None:
    """Inserts rows (dicts with the same keys), a thousand to a statement."""
    if not rows:
        return
    names = list(rows[0])
    for start in range(0, len(rows), chunk):
        values = ",\n".join("(" + ", ".join(literal(row[name]) for name in names) + ")"
                            for row in rows[start:start + chunk])
        execute(conn, f"insert into {table} ({', '.join(names)}) values\n{values}")
