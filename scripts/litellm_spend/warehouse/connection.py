"""Connections to the warehouse, for every target: the one place a target's driver is opened.

DuckDB lets one process write a file, and only while no other process has it open (even
read-only); a second opener gets an error naming the lock (DUCKDB_LOCKED). Readers open the
file read-only. Postgres runs read-only transactions for readers; the BI role is chosen in
settings (Settings.as_bi_reader).
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from litellm_spend.warehouse.settings import Settings

# What DuckDB says when another process holds the file (in its exception, and in dbt's log).
DUCKDB_LOCKED = "Could not set lock on file"
LOCK_RETRY_SECONDS = 0.2


class DatabaseLocked(Exception):
    """Another process (a build) held the DuckDB file for as long as the caller would wait."""

    def __init__(self, path: str):
        super().__init__(f"the DuckDB file {path} is in use by another process")
        self.path = path


class WarehouseError(Exception):
    """The warehouse cannot be opened as asked: a message for the operator, not a traceback."""


def is_locked(error: Exception | str) -> bool:
    """Whether an error (or a log's text) is DuckDB's: another process holds the file."""
    return DUCKDB_LOCKED in str(error)


def missing_duckdb_file(settings: Settings) -> str | None:
    """Why the target's DuckDB file cannot be the warehouse (it does not exist), or None.
    DuckDB creates a file it is asked to open: a mistyped SPEND_DUCKDB_PATH became an empty
    database that a command then read, or a run built."""
    path = settings.duckdb_path
    if settings.target != "duckdb" or path == ":memory:" or os.path.isfile(path):
        return None
    return (f"the DuckDB file {os.path.abspath(path)} does not exist (SPEND_DUCKDB_PATH={path}, relative to "
            f"the working directory): point SPEND_DUCKDB_PATH at the file that holds the spend logs and the "
            f"marts, or build one first (make demo)")


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _open(settings: Settings, read_only: bool, memory_limit: bool, create: bool = False):
    if settings.target == "duckdb":
        import duckdb

        missing = None if create else missing_duckdb_file(settings)
        if missing:
            raise WarehouseError(missing)
        config = {"memory_limit": settings.duckdb_memory_limit} if memory_limit else {}
        try:
            return duckdb.connect(settings.duckdb_path, read_only=read_only, config=config)
        except duckdb.Error as error:
            if is_locked(error):
                raise
            raise WarehouseError(f"the DuckDB file {settings.duckdb_path} cannot be opened (is it a DuckDB "
                                 f"database, written by this DuckDB version?): {_first_line(error)}") from None
    import psycopg2

    try:
        conn = psycopg2.connect(**settings.postgres_connect_kwargs())
    except psycopg2.OperationalError as error:
        raise WarehouseError(f"cannot connect to Postgres {settings.pg_database} on {settings.pg_host}:"
                             f"{settings.pg_port} as {settings.pg_user} (SPEND_PG_*): {_first_line(error)}") from None
    if read_only:
        conn.set_session(readonly=True)
    return conn


def connect(settings: Settings, read_only: bool = False, memory_limit: bool = False,
            lock_wait: float | None = None, create: bool = False):
    """A DB-API connection to the target's database; the caller closes it.

    read_only: DuckDB opens the file read-only (other readers may hold it too); Postgres
    runs read-only transactions. memory_limit: DuckDB gets SPEND_DUCKDB_MEMORY_LIMIT, as
    dbt's connection does (otherwise DuckDB's own default). lock_wait: None leaves a held
    DuckDB file's error as the driver raises it; a number of seconds retries while another
    process holds the file, then raises DatabaseLocked. create: a DuckDB file that does not
    exist is created (the development tools that write spend logs); otherwise it is an error.
    """
    if lock_wait is None:
        return _open(settings, read_only, memory_limit, create)
    deadline = time.monotonic() + lock_wait
    while True:
        try:
            return _open(settings, read_only, memory_limit, create)
        except Exception as error:
            if not is_locked(error):
                raise
            if time.monotonic() >= deadline:
                raise DatabaseLocked(settings.duckdb_path) from error
            time.sleep(LOCK_RETRY_SECONDS)
