"""Parquet copies of LiteLLM's tables, as a lakehouse holds them: the Spark target's source.

One file per table, named after it (LiteLLM_SpendLogs.parquet, ...), LiteLLM's columns and
names unchanged; JSON columns become text, timestamps stay zone-less UTC wall time.
"""

from pathlib import Path

# The tables the project reads, by the identifiers its sources name.
LITELLM_TABLES = ["LiteLLM_SpendLogs", "LiteLLM_ProxyModelTable", "LiteLLM_TeamTable",
                  "LiteLLM_VerificationToken", "LiteLLM_BudgetTable"]


def export_duckdb_tables(con, directory, schema="public", where=None):
    """Write each LiteLLM table present in <schema> of a DuckDB connection to <directory>.

    where (SQL on LiteLLM_SpendLogs) exports only some spend-log rows, e.g. a batch.
    Returns {table: rows written}."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    present = {name for (name,) in con.execute(
        "select table_name from information_schema.tables where table_schema = ?", [schema]).fetchall()}
    written = {}
    for table in LITELLM_TABLES:
        if table not in present:
            continue
        path = directory / f"{table}.parquet"
        filter_sql = f" where {where}" if where and table == "LiteLLM_SpendLogs" else ""
        con.execute(f'copy (select * from "{schema}"."{table}"{filter_sql}) to \'{path}\' (format parquet)')
        written[table] = con.execute(f"select count(*) from read_parquet('{path}')").fetchone()[0]
    return written
