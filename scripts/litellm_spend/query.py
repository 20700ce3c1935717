"""One parameterised read for the commands, on either adapter's connection."""

from __future__ import annotations


def fetch(conn, sql: str, params: dict) -> list[tuple]:
    """Rows of `sql`, written with %(name)s parameters (psycopg2's style)."""
    if not hasattr(conn, "set_session"):  # DuckDB: $name parameters
        sql = sql.replace("%(", "$").replace(")s", "")
    cursor = conn.cursor()
    try:
        cursor.execute(sql, params)
        return cursor.fetchall()
    finally:
        cursor.close()
