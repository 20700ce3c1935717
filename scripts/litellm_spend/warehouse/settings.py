"""Connection settings: the one place that reads them from the environment.

The same variables as the dbt profile (profiles.example.yml), with the same defaults, so a
command connects where `dbt` builds. Secrets come from environment variables only.

| variable | default |
| --- | --- |
| SPEND_DBT_TARGET | duckdb (or postgres) |
| SPEND_DUCKDB_PATH | litellm_spend.duckdb (relative to the working directory) |
| SPEND_DUCKDB_MEMORY_LIMIT | 5GB |
| SPEND_PG_HOST, SPEND_PG_PORT, SPEND_PG_USER | localhost, 5432, postgres |
| SPEND_PG_PASSWORD | empty |
| SPEND_PG_DATABASE, SPEND_PG_SSLMODE | litellm, prefer |
| SPEND_PG_SCHEMA | spend: models land in <schema>_staging, <schema>_intermediate, <schema>_marts |
| SPEND_BI_PG_USER, SPEND_BI_PG_PASSWORD | none, empty: the read-only BI role dashboards connect as (Postgres) |

    from litellm_spend.warehouse import Settings, connect, schema
    settings = Settings.from_env()              # or Settings.from_env(target="postgres")
    with contextlib.closing(connect(settings, read_only=True)) as conn:
        ...                                     # schema(settings, "marts") is spend_marts
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

TARGETS = ("duckdb", "postgres")

ENV_TARGET = "SPEND_DBT_TARGET"
ENV_DUCKDB_PATH = "SPEND_DUCKDB_PATH"
ENV_DUCKDB_MEMORY_LIMIT = "SPEND_DUCKDB_MEMORY_LIMIT"
ENV_PG_HOST = "SPEND_PG_HOST"
ENV_PG_PORT = "SPEND_PG_PORT"
ENV_PG_USER = "SPEND_PG_USER"
ENV_PG_PASSWORD = "SPEND_PG_PASSWORD"
ENV_PG_DATABASE = "SPEND_PG_DATABASE"
ENV_PG_SSLMODE = "SPEND_PG_SSLMODE"
ENV_PG_SCHEMA = "SPEND_PG_SCHEMA"
# The read-only BI role (built with --vars '{reader_role: ...}'): what the dashboard connects as.
ENV_BI_PG_USER = "SPEND_BI_PG_USER"
ENV_BI_PG_PASSWORD = "SPEND_BI_PG_PASSWORD"

# The DuckDB output of the profile has a fixed schema (profiles.example.yml: `schema: spend`).
DUCKDB_SCHEMA = "spend"


@dataclass(frozen=True)
class Settings:
    target: str = "duckdb"
    duckdb_path: str = "litellm_spend.duckdb"
    duckdb_memory_limit: str = "5GB"
    pg_host: str = "localhost"
    pg_port: int = 5432
    pg_user: str = "postgres"
    pg_password: str = field(default="", repr=False)
    pg_database: str = "litellm"
    pg_sslmode: str = "prefer"
    pg_schema: str = "spend"
    bi_pg_user: str = ""
    bi_pg_password: str = field(default="", repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *, target: str | None = None) -> "Settings":
        """Settings from `environ` (default: os.environ); `target` overrides SPEND_DBT_TARGET."""
        env = os.environ if environ is None else environ
        defaults = cls()
        settings = cls(
            target=target or env.get(ENV_TARGET, defaults.target),
            duckdb_path=env.get(ENV_DUCKDB_PATH, defaults.duckdb_path),
            duckdb_memory_limit=env.get(ENV_DUCKDB_MEMORY_LIMIT, defaults.duckdb_memory_limit),
            pg_host=env.get(ENV_PG_HOST, defaults.pg_host),
            pg_port=int(env.get(ENV_PG_PORT, defaults.pg_port)),
            pg_user=env.get(ENV_PG_USER, defaults.pg_user),
            pg_password=env.get(ENV_PG_PASSWORD, defaults.pg_password),
            pg_database=env.get(ENV_PG_DATABASE, defaults.pg_database),
            pg_sslmode=env.get(ENV_PG_SSLMODE, defaults.pg_sslmode),
            pg_schema=env.get(ENV_PG_SCHEMA, defaults.pg_schema),
            bi_pg_user=env.get(ENV_BI_PG_USER, defaults.bi_pg_user),
            bi_pg_password=env.get(ENV_BI_PG_PASSWORD, defaults.bi_pg_password),
        )
        if settings.target not in TARGETS:
            raise ValueError(f"unknown target {settings.target!r} ({ENV_TARGET}): expected one of {', '.join(TARGETS)}")
        return settings

    @property
    def schema(self) -> str:
        """The profile's schema for this target: the prefix of the schemas the models land in."""
        return self.pg_schema if self.target == "postgres" else DUCKDB_SCHEMA

    def as_bi_reader(self) -> "Settings":
        """These settings as the read-only BI role, for readers such as the dashboard: on Postgres
        SPEND_BI_PG_USER and SPEND_BI_PG_PASSWORD replace SPEND_PG_USER and SPEND_PG_PASSWORD (same
        host, port, database and schema); a ValueError when SPEND_BI_PG_USER is not set. On DuckDB
        unchanged: a file has no roles (readers open it read-only)."""
        if self.target != "postgres":
            return self
        if not self.bi_pg_user:
            raise ValueError(f"{ENV_BI_PG_USER} is not set: set it (and {ENV_BI_PG_PASSWORD}) to the read-only "
                             "role the marts are granted to (dbt build --vars '{reader_role: bi_reader}')")
        return replace(self, pg_user=self.bi_pg_user, pg_password=self.bi_pg_password)

    def postgres_connect_kwargs(self) -> dict:
        """psycopg2.connect() keyword arguments (they include the password: never log them)."""
        return dict(host=self.pg_host, port=self.pg_port, user=self.pg_user, password=self.pg_password,
                    dbname=self.pg_database, sslmode=self.pg_sslmode)

    def connect(self, read_only: bool = False, memory_limit: bool = False, create: bool = False):
        """connection.connect(self, ...): a DB-API connection the caller closes."""
        from litellm_spend.warehouse.connection import connect

        return connect(self, read_only=read_only, memory_limit=memory_limit, create=create)
