"""What an export run to Lago or OpenMeter prints: what was recorded and sent, and what waits
for a person (rejections, negative adjustments)."""

from __future__ import annotations

from decimal import Decimal

from litellm_spend.exporting import delivery
from litellm_spend.money import dollars
from litellm_spend.terminal import printable


def print_report(name: str, destination, report: delivery.Report, options: delivery.Options) -> None:
    new = [event for event in report.recorded if event not in report.manual]
    print(f"{name} ({destination.kind}, charge by {destination.charge_by}, {destination.event_name}): "
          f"{len(new)} new events, {dollars(sum((e.response_cost for e in new), Decimal(0)))} net")
    if options.dry_run:
        print(f"dry run: {len(report.dry_run_files)} request bodies written to {options.dry_run}; "
              "nothing was sent or recorded")
    else:
        print(f"sent in {report.requests} requests: {report.delivered} delivered "
              f"({report.found_delivered} of them found delivered already), {len(report.rejected)} rejected; "
              f"{dollars(report.delivered_cost)} delivered")
    amount, requests = report.unassigned
    if requests or amount:
        print(f"never sent, no {destination.charge_by}: {dollars(amount)} over {requests} billable requests")
    stamped_late = [e for e in new if e.corrected_day]
    if stamped_late:
        print(f"{len(stamped_late)} events correct days of issued months and are stamped in the month that bills "
              f"the adjustment (properties corrected_day)")
    if report.into_issued_months:
        months = sorted({f"{e.invoice_month:%Y-%m}" for e in report.into_issued_months})
        print(f"NOTE: {len(report.into_issued_months)} events "
              f"({dollars(sum((e.response_cost for e in report.into_issued_months), Decimal(0)))}) are stamped in "
              f"issued months ({', '.join(months)}): their invoices issued this usage, which reached the marts after "
              "the last export and before the month closed. Run the export right after every build.")
    for event, reason in report.rejected:
        print(printable(f"REJECTED {event.event_id} ({event.subscription} {event.spend_date} {event.model}): "
                        f"{reason}; it is sent again on the next run"))
    if report.manual:
        total = sum((e.response_cost for e in report.manual), Decimal(0))
        print(f"ADJUSTMENTS TO MAKE BY HAND ({len(report.manual)}, {dollars(total)}): negative deltas are not sent "
              "without --allow-negative; they are recorded as manual in the ledger")
        for e in report.manual:
            print(printable(f"  {e.subscription} {e.spend_date} key {e.api_key[:12]} model {e.model or '-'}: "
                            f"{dollars(e.response_cost)}, {e.total_tokens} tokens, {e.request_count} requests "
                            f"(billed in {e.invoice_month:%Y-%m}) [{e.event_id}]"))
    if report.stopped:
        print(f"STOPPED: {report.stopped}")
