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
import csv
import datetime as dt
import sys
from decimal import Decimal

from litellm_spend.query import fetch
from litellm_spend.settings import ENV_TARGET, TARGETS, Settings

HELP = "a month's invoice per team: usage, adjustments to issued months, total"

COLUMNS = ["invoice_month", "status", "issued_at", "team_id", "customer_id", "line_kind", "corrected_month",
           "reason", "billable_spend", "request_count", "prompt_tokens", "completion_tokens", "total_tokens",
           "byok_spend", "byok_request_count"]
LINES = """
    select {columns}
    from {schema}.invoice_lines
    where invoice_month = %(month)s
    order by team_id, customer_id, line_kind desc, corrected_month, reason
"""


def parse_month(value: str) -> dt.date:
    try:
        return dt.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        raise SystemExit(f"litellm-spend invoice: --month {value!r} is not a month; write YYYY-MM") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", required=True, help="the month invoiced, YYYY-MM")
    parser.add_argument("--csv", metavar="FILE", help="also write the lines and each team's total to FILE as CSV")
    parser.add_argument("--target", choices=TARGETS, default=None, help=f"default: env {ENV_TARGET}, else duckdb")
    parser.add_argument("--schema", default=None, help="schema of the marts (default: <target schema>_marts)")


def fetch_lines(conn, schema: str, month: dt.date) -> list[dict]:
    rows = fetch(conn, LINES.format(columns=", ".join(COLUMNS), schema=schema), {"month": month})
    return [dict(zip(COLUMNS, row)) for row in rows]


def by_invoice(lines: list[dict]) -> dict[tuple, list[dict]]:
    """Lines per invoice: a team, or a team and customer when lines are by customer."""
    invoices: dict[tuple, list[dict]] = {}
    for line in lines:
        invoices.setdefault((line["team_id"], line["customer_id"]), []).append(line)
    return invoices


def total(lines: list[dict]) -> dict:
    measures = ["billable_spend", "request_count", "prompt_tokens", "completion_tokens", "total_tokens",
                "byok_spend", "byok_request_count"]
    return {measure: sum((line[measure] for line in lines), Decimal(0) if "spend" in measure else 0)
            for measure in measures}


def usd(amount: Decimal) -> str:
    return f"-${-amount:,.2f}" if amount < 0 else f"${amount:,.2f}"


def text(month: dt.date, lines: list[dict]) -> str:
    if not lines:
        return f"No invoice lines for {month:%Y-%m}: no usage, and no adjustment billed in it.\n"
    first = lines[0]
    state = (f"issued {first['issued_at']:%Y-%m-%d %H:%M} UTC" if first["status"] == "issued"
             else "draft: the month is not closed, figures can still change")
    out = [f"Invoices for {month:%Y-%m} ({state})", ""]
    for (team, customer), team_lines in by_invoice(lines).items():
        out.append(f"{team}" + (f" / customer {customer}" if customer is not None else ""))
        for line in team_lines:
            label = ("usage" if line["line_kind"] == "usage"
                     else f"adjustment for {line['corrected_month']:%Y-%m} ({line['reason']})")
            out.append(f"  {label:<44} {usd(line['billable_spend']):>14}  {line['request_count']:>10,} requests"
                       f"   BYOK, not billed: {usd(line['byok_spend'])}")
        out.append(f"  {'total':<44} {usd(total(team_lines)['billable_spend']):>14}")
        out.append("")
    return "\n".join(out)


def plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value else "0"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def write_csv(path: str, lines: list[dict]) -> None:
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for (team, customer), team_lines in by_invoice(lines).items():
            for line in team_lines:
                writer.writerow([plain(line[column]) for column in COLUMNS])
            first = team_lines[0]
            writer.writerow([plain(value) for value in {
                **{column: None for column in COLUMNS}, **total(team_lines),
                "invoice_month": first["invoice_month"], "status": first["status"], "issued_at": first["issued_at"],
                "team_id": team, "customer_id": customer, "line_kind": "total",
            }.values()])


def run(args: argparse.Namespace) -> int:
    month = parse_month(args.month)
    settings = Settings.from_env(target=args.target)
    conn = settings.connect(read_only=True)
    try:
        lines = fetch_lines(conn, args.schema or settings.marts_schema, month)
    finally:
        conn.close()
    sys.stdout.write(text(month, lines))
    if args.csv:
        write_csv(args.csv, lines)
    return 0
