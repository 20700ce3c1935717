"""Reading the marts for the dashboard: one short read-only connection per query.

DuckDB lets a process write a file only while no other process has it open, even read-only.
So the dashboard never keeps the file open: every query opens it read-only and closes it at
once. A build that starts while a query runs meets the lock for milliseconds, and the scheduled
run retries until it gets the file (`litellm-spend run --db-lock-wait`). While a build holds
the file, a query retries for LOCK_WAIT_SECONDS, then raises DatabaseBusy, which the pages show
as "a build is running; refresh in a minute" instead of a traceback.

On Postgres the dashboard connects as the read-only BI role (SPEND_BI_PG_USER and
SPEND_BI_PG_PASSWORD, warehouse/settings.py), in a read-only session, also one connection per query.
"""

from __future__ import annotations

import os

from litellm_spend import queries
from litellm_spend.warehouse import DatabaseLocked, Settings, connect, fetch_dicts, schema

LOCK_WAIT_SECONDS = 3.0


class DashboardError(Exception):
    """Something a page says in words instead of a traceback."""


class DatabaseBusy(DashboardError):
    def __init__(self):
        super().__init__("The DuckDB file is held by another process: a build is running; refresh in a minute.")


class NotBuilt(DashboardError):
    def __init__(self, where: str):
        super().__init__(f"No marts found ({where}): build them first (`make demo`, `dbt build` or "
                         "`litellm-spend run`).")


class MissingRelation(DashboardError):
    """The query names a relation the marts do not hold (yet): an older build, or none."""


class NotReadable(DashboardError):
    """Postgres refused the BI role a relation: the build did not grant it (var reader_role)."""


class Unreachable(DashboardError):
    """The database refused the connection (Postgres down, wrong role, wrong password)."""


def reader_settings(target: str | None = None) -> Settings:
    """The settings the dashboard reads with: the environment's, as the BI role on Postgres."""
    return Settings.from_env(target=target).as_bi_reader()


def data_version(settings: Settings) -> tuple | None:
    """What changes whenever a build changed the DuckDB file (size and modification time of the
    file and its write-ahead log), read without opening it: keyed on it, cached query results
    show a finished build at the next render. None on Postgres (the cache's ttl bounds what a
    page may miss)."""
    if settings.target != "duckdb":
        return None
    version = []
    for path in (settings.duckdb_path, settings.duckdb_path + ".wal"):
        try:
            stat = os.stat(path)
            version.append((stat.st_size, stat.st_mtime_ns))
        except OSError:
            version.append(None)
    return tuple(version)


def _connect(settings: Settings, lock_wait: float):
    """A read-only connection; on DuckDB retried while another process holds the file."""
    if settings.target == "postgres":
        import psycopg2

        try:
            return connect(settings, read_only=True)
        except psycopg2.OperationalError as error:
            raise Unreachable(f"Cannot connect to Postgres {settings.pg_host}:{settings.pg_port}/"
                              f"{settings.pg_database} as {settings.pg_user}: {str(error).strip()}") from error
    if not os.path.exists(settings.duckdb_path):
        raise NotBuilt(f"no DuckDB file at {settings.duckdb_path}")
    try:
        return connect(settings, read_only=True, lock_wait=lock_wait)
    except DatabaseLocked as error:
        raise DatabaseBusy() from error


def fetch(settings: Settings, sql: str, params: dict | None = None,
          lock_wait: float = LOCK_WAIT_SECONDS) -> list[dict]:
    """Rows of `sql` (psycopg2 %(name)s parameters; {marts} is the marts' schema, queries.fill) as
    dicts, read on a connection opened for it and closed before returning."""
    statement = queries.complete(queries.fill(sql, marts=schema(settings, "marts")))
    conn = _connect(settings, lock_wait)
    try:
        return fetch_dicts(conn, statement, params)
    except Exception as error:
        explained = _explained(error)
        if explained is error:
            raise
        raise explained from error
    finally:
        conn.close()


def _explained(error: Exception) -> Exception:
    """A missing or forbidden relation as the page's words; anything else as it is."""
    kind = type(error).__name__
    if kind in ("CatalogException", "UndefinedTable", "InvalidSchemaName"):
        return MissingRelation(str(error).splitlines()[0])
    if kind == "InsufficientPrivilege":
        return NotReadable(str(error).splitlines()[0])
    return error
