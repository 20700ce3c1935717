"""Postgres: a scheduled run never waits forever for a lock a reader holds.

A BI session left idle in a transaction (an open psql, a Metabase tab) keeps its share lock
on every mart it read. dbt replaces a view or a table by renaming it, which needs an
exclusive lock: the run waited as long as that session stayed open, and new BI queries queued
behind the run meanwhile. So every connection of the run gets a lock_timeout (libpq's
PGOPTIONS, read by each connection dbt opens), and a run that hits it names the sessions
holding locks on the project's relations, and what to do.
"""

from __future__ import annotations

import contextlib
import os

from litellm_spend import queries
from litellm_spend.warehouse import Settings, connect, fetch

ENV_LOCK_TIMEOUT = "SPEND_PG_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT_SECONDS = 30
LOCK_TIMEOUT_MESSAGE = "canceling statement due to lock timeout"

def lock_timeout_seconds(environ=os.environ) -> int:
    value = environ.get(ENV_LOCK_TIMEOUT, str(DEFAULT_LOCK_TIMEOUT_SECONDS))
    if not value.isdigit() or int(value) == 0:
        raise ValueError(f"{ENV_LOCK_TIMEOUT} must be a whole number of seconds above 0, got: {value!r}")
    return int(value)


def set_lock_timeout(environ=os.environ) -> None:
    """Every Postgres connection opened from here on waits at most the timeout for a lock
    (the operator's own PGOPTIONS come after, so theirs wins)."""
    option = f"-c lock_timeout={lock_timeout_seconds(environ)}s"
    environ["PGOPTIONS"] = f"{option} {environ['PGOPTIONS']}" if environ.get("PGOPTIONS") else option


def hit_lock_timeout(output: str) -> bool:
    return LOCK_TIMEOUT_MESSAGE in output


def lock_holders(settings: Settings) -> list[str]:
    """The other sessions holding locks on the project's relations (schemas <schema>_*), one
    line each, for the message of a run that gave up waiting."""
    with contextlib.closing(connect(settings, read_only=True)) as conn:
        rows = fetch(conn, queries.load("scheduled_run/lock_holders"),
                     {"schemas": settings.schema.replace("_", r"\_") + r"\_%"})
    return [f"session {pid} (user {user}, application {application}, from {client}) {state} since {since} UTC, "
            f"holding {relations}" for pid, user, application, client, state, since, relations in rows]


def timeout_message(settings: Settings) -> str:
    holders = lock_holders(settings)
    seconds = lock_timeout_seconds()
    named = "; ".join(holders) if holders else "no session holds one any more"
    pids = ", ".join(line.split()[1] for line in holders)
    return (f"a lock wait passed {ENV_LOCK_TIMEOUT} ({seconds} s); the run stopped at that relation and what "
            f"depends on it, which keep what they had (the next run redoes them): {named}. "
            + (f"End it (select pg_terminate_backend({pids})), " if holders else "")
            + "set idle_in_transaction_session_timeout for the BI role (docs/scheduling.md), then run again")
