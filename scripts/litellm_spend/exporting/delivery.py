"""One export run to a usage-billing destination.

1. Compare what the marts bill with what the ledger holds; record every difference
   as a new event (negative ones, without --allow-negative, as `manual`), in one
   transaction, before anything is sent.
2. Send every event that is recorded but not accepted (this run's, a stopped run's,
   and earlier rejections), in batches, and write each answer to the ledger.
A run killed at any point is completed by the next one, with the same events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from litellm_spend.exporting import usage
from litellm_spend.exporting.destination import Stop
from litellm_spend.exporting.http import GaveUp, Retry, post
from litellm_spend.exporting.ledger import Ledger
from litellm_spend.exporting.usage import Event
from litellm_spend.warehouse import reporting_calendar


@dataclass
class Options:
    destination: str
    allow_negative: bool = False
    from_date: dt.date | None = None
    dry_run: Path | None = None
    batch_size: int = 100
    retry: Retry = field(default_factory=Retry)


@dataclass
class Report:
    recorded: list[Event] = field(default_factory=list)
    manual: list[Event] = field(default_factory=list)
    into_issued_months: list[Event] = field(default_factory=list)
    delivered: int = 0
    found_delivered: int = 0
    delivered_cost: Decimal = Decimal(0)
    rejected: list[tuple[Event, str]] = field(default_factory=list)
    requests: int = 0
    unassigned: tuple[Decimal, int] = (Decimal(0), 0)
    dry_run_files: list[Path] = field(default_factory=list)
    stopped: str | None = None


def batches(events: list, size: int) -> list[list]:
    return [events[start:start + size] for start in range(0, len(events), size)]


def in_sending_order(events: list[Event]) -> list[Event]:
    """Day by day; sorted here, not in SQL, so no database collation changes a batch."""
    return sorted(events, key=lambda e: (e.spend_date, e.subscription, e.api_key, e.model, e.revision))


def export(conn, schemas: dict[str, str], destination, options: Options, log=print) -> Report:
    """schemas: the target's schema of each layer read or written: marts, invoicing, exports."""
    report = Report()
    ledger = Ledger(conn, schemas["exports"], options.destination)
    if not options.dry_run:
        ledger.ensure()
    if ledger.exists():
        ledger.check_identity(destination.charge_by, destination.event_name)
    calendar = reporting_calendar(conn, schemas["marts"])
    found = usage.differences(conn, schemas["marts"], ledger.relation(), options.destination,
                              destination.charge_by, options.from_date)
    report.recorded = usage.new_events(found, options.destination, calendar)
    issued_before = usage.first_open_month(conn, schemas["invoicing"])
    report.into_issued_months = [event for event in report.recorded
                                 if issued_before is not None and event.invoice_month < issued_before]
    report.manual = [event for event in report.recorded if event.is_negative and not options.allow_negative]
    report.unassigned = usage.unassigned_usage(conn, schemas["marts"], destination.charge_by, options.from_date)
    held = {event.event_id for event in report.manual}
    if options.dry_run:
        recorded_before = [Event.from_row(row) for row in ledger.sendable()] if ledger.exists() else []
        sendable = in_sending_order(recorded_before + [e for e in report.recorded if e.event_id not in held])
        options.dry_run.mkdir(parents=True, exist_ok=True)
        for number, batch in enumerate(batches(sendable, options.batch_size), start=1):
            path = options.dry_run / f"{options.destination}-batch-{number:04d}.json"
            path.write_bytes(destination.body(batch))
            report.dry_run_files.append(path)
        return report
    try:
        ledger.record(report.recorded, destination.charge_by, destination.event_name,
                      negative_status="pending" if options.allow_negative else "manual")
    except Exception as error:
        if "duplicate" in str(error).lower() or "constraint" in str(error).lower():
            raise Stop(f"another export to {options.destination!r} recorded the same events at the same time "
                       "(the ledger's key refused them twice); nothing of this run was recorded: run it again "
                       "once the other has finished") from None
        raise
    sendable = in_sending_order([Event.from_row(row) for row in ledger.sendable()])
    try:
        for batch in batches(sendable, options.batch_size):
            send(destination, ledger, batch, options.retry, report, log)
    except GaveUp as error:
        report.stopped = (f"{error}. The events not accepted stay recorded as pending; the next run sends "
                          "them again, with the same ids.")
    except Stop as error:
        report.stopped = str(error)
    return report


def send(destination, ledger: Ledger, batch: list[Event], retry: Retry, report: Report, log) -> None:
    """Sends one batch until every event in it is delivered or rejected."""
    queue = [batch]
    by_id = {event.event_id: event for event in batch}
    while queue:
        events = queue.pop(0)
        answer = post(destination.url, destination.body(events), destination.headers, retry, log)
        report.requests += 1
        outcome = destination.interpret(answer, events)
        ledger.mark({**{event_id: ("delivered", text) for event_id, text in outcome.delivered.items()},
                     **{event_id: ("rejected", text) for event_id, text in outcome.rejected.items()}})
        for event_id, text in outcome.delivered.items():
            report.delivered += 1
            report.found_delivered += text != "accepted"
            report.delivered_cost += by_id[event_id].response_cost
        report.rejected += [(by_id[event_id], text) for event_id, text in outcome.rejected.items()]
        if outcome.resend:
            queue.insert(0, outcome.resend)
        queue[0:0] = [[event] for event in outcome.one_by_one]
