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
import os
import sys
from decimal import Decimal
from pathlib import Path

from litellm_spend import dates
from litellm_spend.exporting import delivery, focus, usage
from litellm_spend.exporting.destination import Stop
from litellm_spend.exporting.http import Retry
from litellm_spend.exporting.lago import Lago
from litellm_spend.exporting.openmeter import OpenMeter
from litellm_spend.exporting.printout import print_report
from litellm_spend.money import dollars
from litellm_spend.warehouse import DatabaseLocked, connect, options, reporting_calendar, schema

HELP = "send billable usage to Lago or OpenMeter (exactly once, never BYOK), or write a FOCUS file"


def add_delivery(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("--charge-by", required=True, choices=list(usage.CHARGE_BY),
                        help="the subscription (subject) id, as LiteLLM's LAGO_API_CHARGE_BY: team_id, end_user_id "
                             "(the customer) or user_id (the key's internal user)")
    parser.add_argument("--destination", default=name,
                        help=f"the ledger's name for this destination (default {name}); one per account and settings")
    parser.add_argument("--allow-negative", action="store_true",
                        help="send negative deltas (credits) too; without it they are listed for a person to make")
    parser.add_argument("--from-date", type=dates.iso_day, metavar="YYYY-MM-DD",
                        help="never send usage of earlier days (a destination that starts billing mid-history)")
    parser.add_argument("--dry-run", type=Path, metavar="DIR",
                        help="write the exact request bodies into DIR; send and record nothing")
    parser.add_argument("--batch-size", type=int, default=100, help="events per request (at most 100)")
    parser.add_argument("--retries", type=int, default=6, help="tries per request on 429, 5xx and timeouts")
    parser.add_argument("--retry-wait", type=float, default=1.0,
                        help="seconds before the second try, doubled for each next one (at most 60)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for one answer")
    options.add_target(parser)


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
    focus_parser.add_argument("--start-date", type=dates.iso_day, required=True, help="first day, YYYY-MM-DD")
    focus_parser.add_argument("--end-date", type=dates.iso_day, required=True, help="last day, included, YYYY-MM-DD")
    focus_parser.add_argument("--out", type=Path, required=True, help="FILE.csv or FILE.parquet")
    focus_parser.add_argument("--exclude-byok", action="store_true",
                              help="leave BYOK usage out (by default it is in, with BilledCost 0)")
    focus_parser.add_argument("--issuer", default="LiteLLM proxy operator",
                              help="ProviderName, and InvoiceIssuerName of billable rows")
    options.add_target(focus_parser)


def schemas(settings) -> dict[str, str]:
    return {layer: schema(settings, layer) for layer in ("marts", "invoicing", "exports")}


def open_warehouse(settings, read_only: bool):
    try:
        return connect(settings, read_only=read_only, lock_wait=0)
    except DatabaseLocked:
        raise Stop(f"the DuckDB file {settings.duckdb_path} is in use by another process (a dbt build?); "
                   "run the export after it, as the cron line in docs/exports.md does") from None


def run_delivery(args: argparse.Namespace) -> int:
    settings = options.settings(args)
    dry_run = args.dry_run is not None
    if not 1 <= args.batch_size <= 100:
        raise SystemExit("litellm-spend export: --batch-size is 1 to 100 (Lago's and this command's limit)")
    chosen = delivery.Options(destination=args.destination, allow_negative=args.allow_negative,
                              from_date=args.from_date, dry_run=args.dry_run, batch_size=args.batch_size,
                              retry=Retry(attempts=max(args.retries, 1), base_wait=args.retry_wait,
                                          timeout=args.timeout))
    destination = (Lago(args.charge_by, args.event_code, os.environ, dry_run) if args.export_to == "lago"
                   else OpenMeter(args.charge_by, args.event_type, os.environ, dry_run))
    with contextlib.closing(open_warehouse(settings, read_only=dry_run)) as conn:
        usage.require_published(conn, schemas(settings)["marts"])
        report = delivery.export(conn, schemas(settings), destination, chosen)
    print_report(args.destination, destination, report, chosen)
    if report.stopped:
        return 2
    return 1 if report.rejected or report.manual else 0


def run_focus(args: argparse.Namespace) -> int:
    if args.end_date < args.start_date:
        raise SystemExit(f"litellm-spend export focus: --end-date {args.end_date} is before --start-date {args.start_date}")
    settings = options.settings(args)
    marts = schemas(settings)["marts"]
    with contextlib.closing(open_warehouse(settings, read_only=True)) as conn:
        usage.require_published(conn, marts)
        calendar = reporting_calendar(conn, marts)
        rows = focus.focus_rows(conn, marts, args.start_date, args.end_date, calendar, args.issuer, args.exclude_byok)
    focus.write(args.out, rows)
    billed = sum((row["BilledCost"] for row in rows), Decimal(0))
    print(f"FOCUS 1.2: {len(rows)} rows, {args.start_date} to {args.end_date}, BilledCost {dollars(billed)} -> {args.out}")
    return 0


def run(args: argparse.Namespace) -> int:
    try:
        return run_focus(args) if args.export_to == "focus" else run_delivery(args)
    except Stop as error:
        print(f"litellm-spend export {args.export_to}: {error}", file=sys.stderr)
        return 2
