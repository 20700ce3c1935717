"""Exports the published spend to usage-billing systems and FinOps tools.

    litellm-spend export lago --event-code llm_usage --charge-by team_id
    litellm-spend export openmeter --charge-by end_user_id
    litellm-spend export focus --start-date 2026-10-01 --end-date 2026-10-31 --out focus-2026-10.parquet

lago and openmeter send billable usage only (BYOK never), one event per
subscription, day, key and model, and keep a delivery ledger in the warehouse
(<schema>_exports.export_ledger): each run sends the difference between what the
marts bill now and what was recorded already, so a re-run sends nothing, late rows
and catalog or ownership changes send exactly their delta, and a run that stopped
halfway is completed by the next one with the same event ids. A change to a month
already invoiced is stamped in the month whose invoice bills the adjustment, with
corrected_day in its properties. Secrets come from the environment only:
LAGO_API_BASE and LAGO_API_KEY; OPENMETER_API_ENDPOINT and OPENMETER_API_KEY.

Exit status: 0 everything delivered; 1 some events were rejected (they are sent
again next run) or negative adjustments wait for a person; 2 the run stopped
(settings, a refused key, a destination that kept failing): what is recorded is
sent by the next run.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
from decimal import Decimal
from pathlib import Path

from litellm_spend.exporting import delivery, focus, usage
from litellm_spend.exporting.destination import Stop
from litellm_spend.exporting.http import Retry
from litellm_spend.exporting.lago import Lago
from litellm_spend.exporting.openmeter import OpenMeter
from litellm_spend.invoice import usd
from litellm_spend.query import fetch
from litellm_spend.scheduled_run import DUCKDB_LOCKED
from litellm_spend.settings import ENV_TARGET, TARGETS, Settings

HELP = "send billable usage to Lago or OpenMeter (exactly once, never BYOK), or write a FOCUS file"


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; write YYYY-MM-DD") from None


def add_target(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--target", choices=TARGETS, default=None, help=f"default: env {ENV_TARGET}, else duckdb")


def add_delivery(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("--charge-by", required=True, choices=list(usage.CHARGE_BY),
                        help="the subscription (subject) id, as LiteLLM's LAGO_API_CHARGE_BY: team_id, end_user_id "
                             "(the customer) or user_id (the key's internal user)")
    parser.add_argument("--destination", default=name,
                        help=f"the ledger's name for this destination (default {name}); one per account and settings")
    parser.add_argument("--allow-negative", action="store_true",
                        help="send negative deltas (credits) too; without it they are listed for a person to make")
    parser.add_argument("--from-date", type=iso_date, metavar="YYYY-MM-DD",
                        help="never send usage of earlier days (a destination that starts billing mid-history)")
    parser.add_argument("--dry-run", type=Path, metavar="DIR",
                        help="write the exact request bodies into DIR; send and record nothing")
    parser.add_argument("--batch-size", type=int, default=100, help="events per request (at most 100)")
    parser.add_argument("--retries", type=int, default=6, help="tries per request on 429, 5xx and timeouts")
    parser.add_argument("--retry-wait", type=float, default=1.0,
                        help="seconds before the second try, doubled for each next one (at most 60)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for one answer")
    add_target(parser)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    destinations = parser.add_subparsers(dest="export_to", required=True, metavar="DESTINATION")
    lago = destinations.add_parser("lago", help="Lago batch events", description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    lago.add_argument("--event-code", required=True, help="the code of the Lago billable metric")
    add_delivery(lago, "lago")
    openmeter = destinations.add_parser("openmeter", help="OpenMeter CloudEvents", description=__doc__,
                                        formatter_class=argparse.RawDescriptionHelpFormatter)
    openmeter.add_argument("--event-type", default="litellm_tokens", help="CloudEvents type (default litellm_tokens)")
    add_delivery(openmeter, "openmeter")
    focus_parser = destinations.add_parser("focus", help="a FinOps FOCUS 1.2 file", description=focus.__doc__)
    focus_parser.add_argument("--start-date", type=iso_date, required=True, help="first day, YYYY-MM-DD")
    focus_parser.add_argument("--end-date", type=iso_date, required=True, help="last day, included, YYYY-MM-DD")
    focus_parser.add_argument("--out", type=Path, required=True, help="FILE.csv or FILE.parquet")
    focus_parser.add_argument("--exclude-byok", action="store_true",
                              help="leave BYOK usage out (by default it is in, with BilledCost 0)")
    focus_parser.add_argument("--issuer", default="LiteLLM proxy operator",
                              help="ProviderName, and InvoiceIssuerName of billable rows")
    add_target(focus_parser)


def schemas(settings: Settings) -> dict[str, str]:
    return {layer: f"{settings.schema}_{layer}" for layer in ("marts", "run", "invoicing", "exports")}


def connect(settings: Settings, read_only: bool):
    try:
        return settings.connect(read_only=read_only)
    except Exception as error:
        if DUCKDB_LOCKED in str(error):
            raise Stop(f"the DuckDB file {settings.duckdb_path} is in use by another process (a dbt build?); "
                       "run the export after it, as the README's cron line does") from None
        raise


def require_marts(conn, marts_schema: str) -> None:
    found = fetch(conn, "select count(*) from information_schema.tables where table_schema = %(schema)s "
                        "and table_name = 'billable_usage_by_invoice_month'", {"schema": marts_schema})
    if not found[0][0]:
        raise Stop(f"no published marts in {marts_schema} (billable_usage_by_invoice_month is missing): "
                   "run `dbt build` (or `litellm-spend run`) first.")


def print_report(name: str, destination, report: delivery.Report, options: delivery.Options) -> None:
    new = [event for event in report.recorded if event not in report.manual]
    print(f"{name} ({destination.kind}, charge by {destination.charge_by}, {destination.event_name}): "
          f"{len(new)} new events, {usd(sum((e.response_cost for e in new), Decimal(0)))} net")
    if options.dry_run:
        print(f"dry run: {len(report.dry_run_files)} request bodies written to {options.dry_run}; "
              "nothing was sent or recorded")
    else:
        print(f"sent in {report.requests} requests: {report.delivered} delivered "
              f"({report.found_delivered} of them found delivered already), {len(report.rejected)} rejected; "
              f"{usd(report.delivered_cost)} delivered")
    amount, requests = report.unassigned
    if requests or amount:
        print(f"never sent, no {destination.charge_by}: {usd(amount)} over {requests} billable requests")
    stamped_late = [e for e in new if e.corrected_day]
    if stamped_late:
        print(f"{len(stamped_late)} events correct days of issued months and are stamped in the month that bills "
              f"the adjustment (properties corrected_day)")
    if report.into_issued_months:
        months = sorted({f"{e.invoice_month:%Y-%m}" for e in report.into_issued_months})
        print(f"NOTE: {len(report.into_issued_months)} events "
              f"({usd(sum((e.response_cost for e in report.into_issued_months), Decimal(0)))}) are stamped in "
              f"issued months ({', '.join(months)}): their invoices issued this usage, which reached the marts after "
              "the last export and before the month closed. Run the export right after every build.")
    for event, reason in report.rejected:
        print(f"REJECTED {event.event_id} ({event.subscription} {event.spend_date} {event.model}): {reason}; "
              "it is sent again on the next run")
    if report.manual:
        total = sum((e.response_cost for e in report.manual), Decimal(0))
        print(f"ADJUSTMENTS TO MAKE BY HAND ({len(report.manual)}, {usd(total)}): negative deltas are not sent "
              "without --allow-negative; they are recorded as manual in the ledger")
        for e in report.manual:
            print(f"  {e.subscription} {e.spend_date} key {e.api_key[:12]} model {e.model or '-'}: "
                  f"{usd(e.response_cost)}, {e.total_tokens} tokens, {e.request_count} requests "
                  f"(billed in {e.invoice_month:%Y-%m}) [{e.event_id}]")
    if report.stopped:
        print(f"STOPPED: {report.stopped}")


def run_delivery(args: argparse.Namespace) -> int:
    settings = Settings.from_env(target=args.target)
    dry_run = args.dry_run is not None
    if not 1 <= args.batch_size <= 100:
        raise SystemExit("litellm-spend export: --batch-size is 1 to 100 (Lago's and this command's limit)")
    options = delivery.Options(destination=args.destination, allow_negative=args.allow_negative,
                               from_date=args.from_date, dry_run=args.dry_run, batch_size=args.batch_size,
                               retry=Retry(attempts=max(args.retries, 1), base_wait=args.retry_wait,
                                           timeout=args.timeout))
    destination = (Lago(args.charge_by, args.event_code, os.environ, dry_run) if args.export_to == "lago"
                   else OpenMeter(args.charge_by, args.event_type, os.environ, dry_run))
    with contextlib.closing(connect(settings, read_only=dry_run)) as conn:
        require_marts(conn, schemas(settings)["marts"])
        report = delivery.export(conn, schemas(settings), destination, options)
    print_report(args.destination, destination, report, options)
    if report.stopped:
        return 2
    return 1 if report.rejected or report.manual else 0


def run_focus(args: argparse.Namespace) -> int:
    if args.end_date < args.start_date:
        raise SystemExit(f"litellm-spend export focus: --end-date {args.end_date} is before --start-date {args.start_date}")
    settings = Settings.from_env(target=args.target)
    with contextlib.closing(connect(settings, read_only=True)) as conn:
        require_marts(conn, schemas(settings)["marts"])
        zone = usage.reporting_timezone(conn, schemas(settings)["run"])
        rows = focus.focus_rows(conn, schemas(settings)["marts"], args.start_date, args.end_date, zone,
                                args.issuer, args.exclude_byok)
    focus.write(args.out, rows)
    billed = sum((row["BilledCost"] for row in rows), Decimal(0))
    print(f"FOCUS 1.2: {len(rows)} rows, {args.start_date} to {args.end_date}, BilledCost {usd(billed)} -> {args.out}")
    return 0


def run(args: argparse.Namespace) -> int:
    try:
        return run_focus(args) if args.export_to == "focus" else run_delivery(args)
    except Stop as error:
        print(f"litellm-spend export {args.export_to}: {error}", file=sys.stderr)
        return 2
