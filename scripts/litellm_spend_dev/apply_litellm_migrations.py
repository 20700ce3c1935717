"""Build LiteLLM's real database schema from the Prisma migrations it ships.

The `litellm_proxy_extras` package carries `migrations/<timestamp>_<name>/migration.sql`,
which is what `prisma migrate deploy` applies. We replay them with psql rather than
psycopg2 because:
  * some use `CREATE INDEX CONCURRENTLY`, which fails inside a transaction block, and a
    multi-statement string sent through psycopg2 runs as one implicit transaction;
  * several contain `DO $$ ... $$` bodies, so naive splitting on `;` would break them.
psql parses statements itself and sends them one at a time in autocommit.

Note: like `prisma migrate deploy` we do not build the request-log indexes that
litellm_proxy_extras/request_log_indexes.py creates after migrating, and we do not
write a `_prisma_migrations` bookkeeping table.

CLI: python -m litellm_spend_dev.apply_litellm_migrations --dsn "host=... port=..." [--schema public]
     [--until 2025-03-31]   (an older LiteLLM: only the migrations dated up to that day)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import psycopg2
from psycopg2 import sql


def migrations_dir() -> Path:
    root = resources.files("litellm_proxy_extras") / "migrations"
    path = Path(str(root))
    if not path.is_dir():
        raise RuntimeError(f"litellm_proxy_extras migrations folder not found at {path}")
    return path


def migration_date(folder_name: str) -> dt.date:
    """The day a migration folder is dated by: its name starts with YYYYMMDD (then,
    in all but one, hhmmss)."""
    match = re.match(r"(\d{8})(?:\d{6})?_", folder_name)
    if not match:
        raise RuntimeError(f"unexpected LiteLLM migration folder name: {folder_name!r}")
    return dt.datetime.strptime(match.group(1), "%Y%m%d").date()


def migration_files(until: dt.date | str | None = None) -> list[Path]:
    """Every migration.sql, in folder-name order (Prisma's order: timestamp prefixes).

    `until` (a date or YYYY-MM-DD) keeps only the migrations dated up to that day,
    inclusive: the schema of a LiteLLM release of that time.
    """
    if isinstance(until, str):
        until = dt.date.fromisoformat(until)
    root = migrations_dir()
    folders = sorted(p for p in root.iterdir() if p.is_dir() and (p / "migration.sql").is_file())
    if until is not None:
        folders = [f for f in folders if migration_date(f.name) <= until]
        if not folders:
            raise RuntimeError(f"no LiteLLM migration is dated on or before {until}")
    return [f / "migration.sql" for f in folders]


_SPEND_LOGS = '"LiteLLM_SpendLogs"'


def spend_logs_columns(until: dt.date | str | None = None) -> list[tuple[str, str]]:
    """(name, Postgres type) of "LiteLLM_SpendLogs" as the migrations up to `until` leave
    it, in column order, read from their SQL: its CREATE TABLE, then every
    ADD COLUMN / DROP COLUMN of an ALTER TABLE on it. Tests build an older table on
    engines that cannot replay the migrations (DuckDB) from this."""
    columns: dict[str, str] = {}
    column = re.compile(r'^\s*"([^"]+)"\s+([A-Z]+(?: PRECISION)?(?:\(\d+\))?(?:\[\])?)')
    for path in migration_files(until):
        text = path.read_text()
        create = re.search(r"CREATE TABLE (?:IF NOT EXISTS )?" + re.escape(_SPEND_LOGS) + r"\s*\((.*?)\n\);", text, re.S)
        if create:
            columns = {}
            for line in create.group(1).splitlines():
                found = column.match(line)
                if found:
                    columns[found.group(1)] = found.group(2)
        for alter in re.finditer(r"ALTER TABLE " + re.escape(_SPEND_LOGS) + r"(.*?);", text, re.S):
            for action, name, typ in re.findall(
                    r'(ADD|DROP) COLUMN (?:IF (?:NOT )?EXISTS )?"([^"]+)"\s*([A-Z]+(?: PRECISION)?(?:\(\d+\))?)?',
                    alter.group(1)):
                if action == "ADD":
                    columns.setdefault(name, typ)
                else:
                    columns.pop(name, None)
    if not columns:
        raise RuntimeError("no CREATE TABLE \"LiteLLM_SpendLogs\" found in the LiteLLM migrations")
    return list(columns.items())


def find_psql() -> str:
    candidates = ["/usr/lib/postgresql/15/bin/psql", "/usr/bin/psql", shutil.which("psql")]
    for c in candidates:
        if c and os.access(c, os.X_OK):
            return c
    raise RuntimeError("psql not found: run `apt-get install postgresql-client-15`")


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def apply_migrations(dsn: str, schema: str = "public", until: dt.date | str | None = None) -> int:
    """Apply the shipped migrations to `dsn`, creating objects in `schema`: all of them,
    or (`until`, a date or YYYY-MM-DD) those dated up to that day, as an older LiteLLM
    database has them.

    Returns the number of migrations applied.
    """
    if schema != "public":
        conn = psycopg2.connect(dsn)
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        finally:
            conn.close()

    files = migration_files(until)
    root = migrations_dir()
    # One psql session running every file in order: psql executes -c/-f options in
    # sequence, so the SET applies to all files, and one process is far faster than 220.
    # The migrations use unqualified names, so search_path decides where tables land.
    cmd = [find_psql(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dsn,
           "-c", f"SET search_path TO {_quote_ident(schema)}"]
    for f in files:
        cmd += ["-f", str(f.relative_to(root))]  # relative paths keep error messages short
    env = {**os.environ, "PGCLIENTENCODING": "UTF8"}
    proc = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"applying LiteLLM migrations failed (psql exit {proc.returncode}):\n"
                           f"{proc.stderr.strip()[-4000:]}")
    return len(files)


def create_warehouse_copy(dsn: str, source_schema: str = "public", target_schema: str = "warehouse") -> None:
    """Create target_schema."LiteLLM_SpendLogs" with the real column types but no primary
    key, like a replicated warehouse copy that may hold re-delivered duplicate rows."""
    conn = psycopg2.connect(dsn)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(target_schema)))
            # LIKE without INCLUDING CONSTRAINTS/INDEXES drops the PK; NOT NULLs are kept.
            cur.execute(sql.SQL("CREATE TABLE {} (LIKE {} INCLUDING DEFAULTS)").format(
                sql.Identifier(target_schema, "LiteLLM_SpendLogs"),
                sql.Identifier(source_schema, "LiteLLM_SpendLogs"),
            ))
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dsn", required=True, help="libpq connection string or URI")
    ap.add_argument("--schema", default="public")
    ap.add_argument("--until", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                    help="apply only the migrations dated up to this day (an older LiteLLM schema)")
    args = ap.parse_args(argv)
    n = apply_migrations(args.dsn, args.schema, until=args.until)
    print(f"applied {n} LiteLLM migrations into schema {args.schema!r}"
          + (f" (those dated up to {args.until})" if args.until else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
