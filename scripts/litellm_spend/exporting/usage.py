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
from zoneinfo import ZoneInfo

from litellm_spend.query import fetch, fetch_dicts

# LiteLLM's LAGO_API_CHARGE_BY values, and the column of the marts each one means.
CHARGE_BY = {
    "team_id": "team_id",
    "end_user_id": "customer_id",
    "user_id": "user_id",
}
UNASSIGNED = "unassigned"
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


def stamp(day: dt.date, invoice_month: dt.date, zone: ZoneInfo) -> dt.datetime:
    """Noon, in the reporting time zone, of the usage day, or of the first day of the
    later month whose invoice bills it: inside that day whatever its length."""
    local_day = day if invoice_month == day.replace(day=1) else invoice_month
    noon = dt.datetime.combine(local_day, dt.time(12), tzinfo=zone)
    return noon.astimezone(dt.timezone.utc).replace(tzinfo=None)


def reporting_timezone(conn, run_schema: str) -> ZoneInfo:
    """The zone the marts were published in (run_published_days), so days mean what they mean there."""
    rows = fetch(conn, f"select max(reporting_timezone) from {run_schema}.run_published_days")
    return ZoneInfo(rows[0][0] if rows and rows[0][0] else "UTC")


def first_open_month(conn, invoicing_schema: str) -> dt.date | None:
    """Months before it are issued (invoicing/invoice_runs); None before the first invoicing run."""
    return fetch(conn, f"select max(first_open_month) from {invoicing_schema}.invoice_runs")[0][0]


def _subscription(charge_by: str) -> str:
    return f"coalesce({CHARGE_BY[charge_by]}, '{UNASSIGNED}')"


def _since(from_date: dt.date | None) -> str:
    return "and spend_date >= %(from_date)s" if from_date else ""


def _params(from_date: dt.date | None, **params) -> dict:
    return {**params, "from_date": from_date} if from_date else params


def differences(conn, marts_schema: str, ledger_table: str, destination: str, charge_by: str,
                from_date: dt.date | None) -> list[dict]:
    """Per (bill key, invoice month) whose usage differs from what the ledger holds:
    the difference, and how many events the bill key has recorded already."""
    sums = ",\n            ".join(f"sum({m}) as {m}" for m in MEASURES)
    usage_sums = sums.replace("sum(response_cost)", "sum(billable_spend)")
    keys = ["invoice_month", "subscription", "spend_date", "api_key", "model"]
    joined = " and ".join(f"target.{k} = recorded.{k}" for k in keys)
    deltas = ",\n            ".join(f"coalesce(target.{m}, 0) - coalesce(recorded.{m}, 0) as {m}" for m in MEASURES)
    differs = " or ".join(f"{m} <> 0" for m in MEASURES)
    return fetch_dicts(conn, f"""
        with target as (
            select
                invoice_month, {_subscription(charge_by)} as subscription, spend_date, api_key,
                coalesce(model, '') as model,
                {usage_sums}
            from {marts_schema}.billable_usage_by_invoice_month
            where {_subscription(charge_by)} <> '{UNASSIGNED}' {_since(from_date)}
            group by invoice_month, {_subscription(charge_by)}, spend_date, api_key, coalesce(model, '')
        ),
        recorded as (
            select
                invoice_month, subscription, spend_date, api_key, model,
                {sums},
                count(*) as events
            from {ledger_table}
            where destination = %(destination)s {_since(from_date)}
            group by invoice_month, subscription, spend_date, api_key, model
        ),
        compared as (
            select
                {', '.join(f'coalesce(target.{k}, recorded.{k}) as {k}' for k in keys)},
                {deltas},
                coalesce(recorded.events, 0) as events
            from target
            full outer join recorded
                on {joined}
        ),
        counted as (
            select *, sum(events) over (partition by subscription, spend_date, api_key, model) as recorded_events
            from compared
        )
        select * from counted
        where {differs}
        order by subscription, spend_date, api_key, model, invoice_month""",
                       _params(from_date, destination=destination))


def new_events(differences_found: list[dict], destination: str, zone: ZoneInfo) -> list[Event]:
    """One event per difference; a bill key's deltas take its next revisions in month order."""
    events, taken = [], {}
    for row in differences_found:
        key = (row["subscription"], row["spend_date"], row["api_key"], row["model"])
        revision = int(row["recorded_events"]) + taken.get(key, 0)
        taken[key] = taken.get(key, 0) + 1
        events.append(Event(
            event_id=event_id(destination, *key, revision), subscription=key[0], spend_date=key[1],
            api_key=key[2], model=key[3], revision=revision, invoice_month=row["invoice_month"],
            event_time=stamp(key[1], row["invoice_month"], zone), response_cost=Decimal(row["response_cost"]),
            **{m: int(row[m]) for m in MEASURES[1:]}))
    return events


def unassigned_usage(conn, marts_schema: str, charge_by: str, from_date: dt.date | None) -> tuple[Decimal, int]:
    """Billable usage with no id for the chosen charge-by: never sent."""
    rows = fetch(conn, f"""
        select coalesce(sum(billable_spend), 0), coalesce(sum(request_count), 0)
        from {marts_schema}.billable_usage_by_invoice_month
        where {_subscription(charge_by)} = '{UNASSIGNED}' {_since(from_date)}""", _params(from_date))
    return Decimal(rows[0][0]), int(rows[0][1])
