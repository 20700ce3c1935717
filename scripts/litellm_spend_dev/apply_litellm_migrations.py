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
"""

from __future__ import annotations

import argparse
import os
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


def migration_files() -> list[Path]:
    """Every migration.sql, in folder-name order (Prisma's order: timestamp prefixes)."""
    root = migrations_dir()
    folders = sorted(p for p in root.iterdir() if p.is_dir() and (p / "migration.sql").is_file())
    return [f / "migration.sql" for f in folders]


def find_psql() -> str:
    candidates = ["/usr/lib/postgresql/15/bin/psql", "/usr/bin/psql", shutil.which("psql")]
    for c in candidates:
        if c and os.access(c, os.X_OK):
            return c
    raise RuntimeError("psql not found: run `apt-get install postgresql-client-15`")


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def apply_migrations(dsn: str, schema: str = "public") -> int:
    """Apply all shipped migrations to `dsn`, creating objects in `schema`.

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

    files = migration_files()
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
    args = ap.parse_args(argv)
    n = apply_migrations(args.dsn, args.schema)
    print(f"applied {n} LiteLLM migrations into schema {args.schema!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
