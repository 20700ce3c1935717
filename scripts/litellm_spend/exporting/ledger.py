"""The delivery ledger: every event ever recorded for every destination.

A table in the warehouse (<schema>_exports.export_ledger) that only the export
command writes; dbt never builds it, so --full-refresh cannot rebuild it. An event
is recorded, with its id, amounts and revision, before it is sent, and its status
says what became of it:

    pending    recorded, not yet accepted (a run that stopped sends it again)
    delivered  accepted by the destination, or found there already
    rejected   refused for itself (the destination's reason in `outcome`); sent again next run
    manual     a negative amount not sent (no --allow-negative): a person makes it by hand
"""

from __future__ import annotations

import datetime as dt

from litellm_spend.exporting.destination import Stop
from litellm_spend.queries import Fragment, identifier
from litellm_spend.warehouse import execute, fetch, fetch_dicts, insert, literal, transaction

COLUMNS = {
    "event_id": "varchar primary key",
    "destination": "varchar not null",
    "charge_by": "varchar not null",
    "event_name": "varchar not null",
    "subscription": "varchar not null",
    "spend_date": "date not null",
    "api_key": "varchar not null",
    "model": "varchar not null",
    "revision": "integer not null",
    "invoice_month": "date not null",
    "event_time": "timestamp not null",
    "response_cost": "decimal(38, 18) not null",
    "prompt_tokens": "bigint not null",
    "completion_tokens": "bigint not null",
    "total_tokens": "bigint not null",
    "request_count": "bigint not null",
    "status": "varchar not null",
    "recorded_at": "timestamp not null",
    "sent_at": "timestamp",
    "attempts": "integer not null",
    "outcome": "varchar",
}
EVENT_COLUMNS = [name for name in COLUMNS if name not in ("destination", "charge_by", "event_name", "status", "recorded_at",
                                                          "sent_at", "attempts", "outcome")]


class IdentityMismatch(Stop):
    """The destination's earlier events were sent with other settings."""


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Ledger:
    def __init__(self, conn, schema: str, destination: str):
        self.conn, self.schema, self.destination = conn, schema, destination
        self.table = identifier(schema, "export_ledger")

    def ensure(self) -> None:
        columns = ",\n    ".join(f"{name} {ddl}" for name, ddl in COLUMNS.items())
        with transaction(self.conn):
            execute(self.conn, f"create schema if not exists {identifier(self.schema)}")
            execute(self.conn, f"create table if not exists {self.table} (\n    {columns}\n)")

    def exists(self) -> bool:
        rows = fetch(self.conn, "select count(*) from information_schema.tables "
                                "where table_schema = %(schema)s and table_name = 'export_ledger'",
                     {"schema": self.schema})
        return rows[0][0] > 0

    def relation(self) -> Fragment:
        """The table, or an empty relation of its columns before the first run (a dry run creates nothing)."""
        if self.exists():
            return self.table
        columns = ", ".join(f"cast(null as {ddl.replace(' primary key', '').replace(' not null', '')}) as {name}"
                            for name, ddl in COLUMNS.items())
        return Fragment(f"(select {columns} where 1 = 0) as no_events_yet")

    def check_identity(self, charge_by: str, event_name: str) -> None:
        """One destination keeps one meaning: the same subscription id and event name."""
        seen = fetch(self.conn, f"select distinct charge_by, event_name from {self.table} "
                                "where destination = %(destination)s", {"destination": self.destination})
        for earlier_charge_by, earlier_name in seen:
            if (earlier_charge_by, earlier_name) != (charge_by, event_name):
                raise IdentityMismatch(
                    f"destination {self.destination!r} was exported with --charge-by {earlier_charge_by} and event "
                    f"name {earlier_name!r}; this run asks for --charge-by {charge_by} and {event_name!r}. Sending "
                    f"under other settings would bill everything again under other keys. Keep the earlier settings, "
                    f"or give the new ones a destination of their own with --destination NAME.")

    def record(self, events: list, charge_by: str, event_name: str, negative_status: str) -> None:
        """Records new events in one transaction: pending, or `negative_status` for the negative ones."""
        now = utc_now()
        rows = [{**{name: getattr(event, name) for name in EVENT_COLUMNS},
                 "status": negative_status if event.is_negative else "pending",
                 "destination": self.destination, "charge_by": charge_by, "event_name": event_name,
                 "recorded_at": now, "attempts": 0} for event in events]
        with transaction(self.conn):
            insert(self.conn, self.table, rows)

    def sendable(self) -> list[dict]:
        return fetch_dicts(self.conn, f"""
            select {', '.join(EVENT_COLUMNS)}, attempts, outcome from {self.table}
            where destination = %(destination)s and status in ('pending', 'rejected')""",
                           {"destination": self.destination})

    def mark(self, outcomes: dict[str, tuple[str, str]]) -> None:
        """Sets each event's status and outcome: {event_id: (status, outcome)}, after one request."""
        groups: dict[tuple[str, str], list[str]] = {}
        for event_id, status_and_outcome in outcomes.items():
            groups.setdefault(status_and_outcome, []).append(event_id)
        now = utc_now()
        with transaction(self.conn):
            for (status, outcome), event_ids in groups.items():
                execute(self.conn, f"""
                    update {self.table}
                    set status = %(status)s, outcome = %(outcome)s, attempts = attempts + 1,
                        sent_at = {'%(now)s' if status == 'delivered' else 'sent_at'}
                    where event_id in ({', '.join(literal(event_id) for event_id in event_ids)})""",
                        {"status": status, "outcome": outcome, **({"now": now} if status == "delivered" else {})})
