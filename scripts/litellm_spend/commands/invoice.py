"""Prints one month's invoice per team, read from the mart invoice_lines.

    litellm-spend invoice --month 2026-10
    litellm-spend invoice --month 2026-10 --csv invoice-2026-10.csv

Each team's invoice lists the month's usage, then every adjustment billed in it:
a change to a month already issued (late rows, a catalog edit, an ownership
change, a moved request), with the month it corrects and why, then the total.
BYOK usage is shown beside the billable figures and never billed.

A month is issued once it closes: var invoice_close_days (default 3) after it ends,
at the run's as-of date (var invoice_as_of, default the run's date). An issued
invoice never changes; until then it is a draft. Figures are as of the last
`dbt build` (or `litellm-spend run`).
"""

from __future__ import annotations

import argparse
import contextlib
import sys

from litellm_spend import dates
from litellm_spend.invoices import fetch_lines, text, write_csv
from litellm_spend.warehouse import connect, options

HELP = "a month's invoice per team: usage, adjustments to issued months, total"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", required=True, help="the month invoiced, YYYY-MM")
    parser.add_argument("--csv", metavar="FILE", help="also write the lines and each team's total to FILE as CSV")
    options.add_target(parser)
    options.add_marts_schema(parser)


def run(args: argparse.Namespace) -> int:
    month = dates.option("invoice", "--month", args.month, dates.MONTH)
    settings = options.settings(args)
    with contextlib.closing(connect(settings, read_only=True)) as conn:
        lines = fetch_lines(conn, options.marts_schema(args, settings), month)
    sys.stdout.write(text(month, lines))
    if args.csv:
        write_csv(args.csv, lines)
    return 0
