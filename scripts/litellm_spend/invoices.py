"""A month's invoices from the mart invoice_lines: as printed text, and as CSV."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

from litellm_spend import queries
from litellm_spend.money import dollars, exact
from litellm_spend.terminal import printable
from litellm_spend.warehouse import fetch

# The columns of sql/invoice/lines.sql, in its order: the CSV's header.
COLUMNS = ["invoice_month", "status", "issued_at", "team_id", "customer_id", "line_kind", "corrected_month",
           "reason", "billable_spend", "request_count", "prompt_tokens", "completion_tokens", "total_tokens",
           "byok_spend", "byok_request_count"]
MEASURES = ["billable_spend", "request_count", "prompt_tokens", "completion_tokens", "total_tokens",
            "byok_spend", "byok_request_count"]


def fetch_lines(conn, marts_schema: str, month: dt.date) -> list[dict]:
    rows = fetch(conn, queries.load("invoice/lines", marts=marts_schema, columns=COLUMNS), {"month": month})
    return [dict(zip(COLUMNS, row)) for row in rows]


def by_invoice(lines: list[dict]) -> dict[tuple, list[dict]]:
    """Lines per invoice: a team, or a team and customer when lines are by customer."""
    invoices: dict[tuple, list[dict]] = {}
    for line in lines:
        invoices.setdefault((line["team_id"], line["customer_id"]), []).append(line)
    return invoices


def total(lines: list[dict]) -> dict:
    return {measure: sum((line[measure] for line in lines), Decimal(0) if "spend" in measure else 0)
            for measure in MEASURES}


def text(month: dt.date, lines: list[dict]) -> str:
    if not lines:
        return f"No invoice lines for {month:%Y-%m}: no usage, and no adjustment billed in it.\n"
    first = lines[0]
    state = (f"issued {first['issued_at']:%Y-%m-%d %H:%M} UTC" if first["status"] == "issued"
             else "draft: the month is not closed, figures can still change")
    out = [f"Invoices for {month:%Y-%m} ({state})", ""]
    for (team, customer), team_lines in by_invoice(lines).items():
        out.append(printable(team) + (f" / customer {printable(customer)}" if customer is not None else ""))
        for line in team_lines:
            label = ("usage" if line["line_kind"] == "usage"
                     else f"adjustment for {line['corrected_month']:%Y-%m} ({line['reason']})")
            out.append(f"  {label:<44} {dollars(line['billable_spend']):>14}  {line['request_count']:>10,} requests"
                       f"   BYOK, not billed: {dollars(line['byok_spend'])}")
        out.append(f"  {'total':<44} {dollars(total(team_lines)['billable_spend']):>14}")
        out.append("")
    return "\n".join(out)


def plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return exact(value)
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
