"""The warehouse, as every command reaches it: one room for what they share.

- settings.py    connection settings from the environment (SPEND_*), the BI role
- connection.py  connect(): every target's driver, DuckDB's lock (DUCKDB_LOCKED, lock_wait)
- layers.py      schema(settings, layer): where a layer lands (spend_marts, ...)
- statements.py  running SQL alike on either driver: fetch, execute, insert, transaction
- timezone.py    the reporting calendar (time zone of each day) the marts were published in
- options.py     the shared command-line options (--target, --schema)

A new target (Spark) is a branch in connection.py and its settings in settings.py.
"""

from litellm_spend.warehouse.connection import (DUCKDB_LOCKED, DatabaseLocked, WarehouseError, connect, is_locked,
                                                missing_duckdb_file)
from litellm_spend.warehouse.layers import LAYERS, schema
from litellm_spend.warehouse.settings import ENV_TARGET, TARGETS, Settings
from litellm_spend.warehouse.statements import execute, fetch, fetch_dicts, insert, literal, transaction
from litellm_spend.warehouse.timezone import ReportingCalendar, reporting_calendar

__all__ = ["DUCKDB_LOCKED", "ENV_TARGET", "LAYERS", "TARGETS", "DatabaseLocked", "Settings", "WarehouseError",
           "connect", "execute", "fetch", "fetch_dicts", "insert", "is_locked", "literal", "missing_duckdb_file",
           "ReportingCalendar", "reporting_calendar", "schema", "transaction"]
