"""What a destination must be sent: billable usage now, minus what its ledger holds.

A bill key is (destination, subscription, day, key, model). The marts' view
billable_usage_by_invoice_month says how much of each bill key each month's invoice
bills; the ledger, what was recorded for it already. Every difference becomes one
new event, stamped in the month that bills it, with the key's next revision.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal

from litellm_spend import queries
from litellm_spend.exporting.destination import Stop
from litellm_spend.queries import Fragment
from litellm_spend.warehouse import ReportingCalendar, fetch, fetch_dicts

# LiteLLM's LAGO_API_CHARGE_BY values, and the column of the marts each one means.
CHARGE_BY = {
    "team_id": "team_id",
    "end_user_id": "customer_id",
    "user_id": "user_id",
}
# What sql/export/differences.sql compares: per invoice month and bill key, these measures.
BILL_KEY = ["invoice_month", "subscription", "spend_date", "api_key", "model"]
MEASURES = ["response_cost", "prompt_tokens", "completion_tokens", "total_tokens", "request_count"]


@dataclass(frozen=True)
class Event:
    event_id: str
    subscription: str
    spend_date: dt.date
    api_key: str
    model: str
    revision: int
    invoice_month: dt.date
    event_time: dt.datetime  # UTC, naive
    response_cost: Decimal
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    request_count: int

    @classmethod
    def from_row(cls, row: dict) -> "Event":
        return cls(**{name: row[name] for name in cls.__dataclass_fields__})

    @property
    def is_negative(self) -> bool:
        return any(getattr(self, measure) < 0 for measure in MEASURES)

    @property
    def corrected_day(self) -> dt.date | None:
        """The usage day, when the event is stamped in a later month's invoice."""
        return self.spend_date if self.invoice_month != self.spend_date.replace(day=1) else None

    @property
    def unix_seconds(self) -> int:
        return int(self.event_time.replace(tzinfo=dt.timezone.utc).timestamp())

    @property
    def rfc3339(self) -> str:
        return self.event_time.strftime("%Y-%m-%dT%H:%M:%SZ")


def event_id(destination: str, subscription: str, day: dt.date, api_key: str, model: str, revision: int) -> str:
    """Deterministic: the same delta of the same bill key always has the same id."""
    key = "\x1f".join([destination, subscription, day.isoformat(), api_key, model, str(revision)])
    return "lsx_" + hashlib.sha256(key.encode()).hexdigest()[:40]


def stamp(day: dt.date, invoice_month: dt.date, calendar: ReportingCalendar) -> dt.datetime:
    """Noon, in the reporting time zone, of the usage day, or of the first day of the
    later month whose invoice bills it: inside that day whatever its length."""
    local_day = day if invoice_month == day.replace(day=1) else invoice_month
    noon = dt.datetime.combine(local_day, dt.time(12), tzinfo=calendar.zone(local_day))
    return noon.astimezone(dt.timezone.utc).replace(tzinfo=None)


def require_published(conn, marts_schema: str) -> None:
    """Stops unless the marts are published in marts_schema (a build ran)."""
    found = fetch(conn, queries.load("export/marts_published"), {"schema": marts_schema})
    if not found[0][0]:
        raise Stop(f"no published marts in {marts_schema} (billable_usage_by_invoice_month is missing): "
                   "run `dbt build` (or `litellm-spend run`) first.")


def first_open_month(conn, invoicing_schema: str) -> dt.date | None:
    """Months before it are issued (invoicing/invoice_runs); None before the first invoicing run."""
    return fetch(conn, queries.load("export/first_open_month", invoicing=invoicing_schema))[0][0]


def differences(conn, marts_schema: str, ledger: Fragment, destination: str, charge_by: str,
                from_date: dt.date | None) -> list[dict]:
    """Per (bill key, invoice month) whose usage differs from what the ledger holds:
    the difference, and how many events the bill key has recorded already."""
    sql = queries.load("export/differences", marts=marts_schema, ledger=ledger, bill_key=BILL_KEY,
                       charge_by_column=CHARGE_BY[charge_by])
    return fetch_dicts(conn, sql, {"destination": destination, "from_date": from_date})


def new_events(differences_found: list[dict], destination: str, calendar: ReportingCalendar) -> list[Event]:
    """One event per difference; a bill key's deltas take its next revisions in month order."""
    events, taken = [], {}
    for row in differences_found:
        key = (row["subscription"], row["spend_date"], row["api_key"], row["model"])
        revision = int(row["recorded_events"]) + taken.get(key, 0)
        taken[key] = taken.get(key, 0) + 1
        events.append(Event(
            event_id=event_id(destination, *key, revision), subscription=key[0], spend_date=key[1],
            api_key=key[2], model=key[3], revision=revision, invoice_month=row["invoice_month"],
            event_time=stamp(key[1], row["invoice_month"], calendar), response_cost=Decimal(row["response_cost"]),
            **{m: int(row[m]) for m in MEASURES[1:]}))
    return events


def unassigned_usage(conn, marts_schema: str, charge_by: str, from_date: dt.date | None) -> tuple[Decimal, int]:
    """Billable usage with no id for the chosen charge-by: never sent."""
    sql = queries.load("export/unassigned_usage", marts=marts_schema, charge_by_column=CHARGE_BY[charge_by])
    rows = fetch(conn, sql, {"from_date": from_date})
    return Decimal(rows[0][0]), int(rows[0][1])
