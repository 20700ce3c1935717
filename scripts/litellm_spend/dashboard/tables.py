"""HTML tables: real DOM text a person, a screen reader or a test reads (not a canvas grid).

    <table id="daily-by-team" class="spend-table">
      <tr data-spend-date="2026-01-05" data-team-id="team-a">
        <td data-col="billable_spend" data-exact="21.125" title="exact: $21.125">$21.13</td>

Every money and share cell holds its exact value in data-exact (and the tooltip), whatever
the display shows; rows carry their identifying columns as data-* attributes.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

from litellm_spend.dashboard import display
from litellm_spend.money import exact

STYLE = """
<style>
table.spend-table { border-collapse: collapse; font-size: 0.9rem; margin-bottom: 1rem; }
table.spend-table th, table.spend-table td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #e6e6e6;
  white-space: nowrap; }
table.spend-table th { text-align: left; font-weight: 600; }
table.spend-table td.money, table.spend-table td.share, table.spend-table td.count { text-align: right;
  font-variant-numeric: tabular-nums; }
table.spend-table th.money, table.spend-table th.share, table.spend-table th.count { text-align: right; }
div.spend-table-frame { overflow-x: auto; }
</style>
"""


@dataclass(frozen=True)
class Column:
    key: str     # the row's dict key, and the cell's data-col
    title: str
    kind: str = "text"   # money, share, count, day, instant, text


# The three spends every spend page shows, in these words.
SPEND_COLUMNS = [
    Column("billable_spend", "Billable", "money"),
    Column("byok_spend", "BYOK (never billed)", "money"),
    Column("spend", "Budget spend (all)", "money"),
]


def cell(column: Column, value, exact_digits: bool) -> str:
    attributes = f' class="{column.kind}" data-col="{column.key}"'
    if column.kind == "money":
        shown = display.usd(value, exact_digits)
        if value is not None:
            attributes += f' data-exact="{exact(value)}" title="exact: {display.usd(value, True)}"'
    elif column.kind == "share":
        shown = display.percent(value, exact_digits)
        if value is not None:
            attributes += f' data-exact="{exact(value)}" title="exact: {display.percent(value, True)}"'
    elif column.kind == "count":
        shown = display.count(value)
    elif column.kind == "day":
        shown = display.day(value)
    elif column.kind == "instant":
        shown = display.instant(value)
    else:
        shown = display.text(value)
    return f"<td{attributes}>{html.escape(shown)}</td>"


def row_attributes(row: dict, keys: Iterable[str]) -> str:
    parts = []
    for key in keys:
        value = row.get(key)
        text = value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else str(value))
        parts.append(f' data-{key.replace("_", "-")}="{html.escape(text)}"')
    return "".join(parts)


def html_table(table_id: str, columns: list[Column], rows: list[dict], *, exact_digits: bool = False,
               row_keys: Iterable[str] = (), caption: str | None = None) -> str:
    """A table of `rows` (dicts) in `columns`; each <tr> carries `row_keys` as data-* attributes."""
    keys = tuple(row_keys)
    head = "".join(f'<th class="{c.kind}">{html.escape(c.title)}</th>' for c in columns)
    body = "\n".join(f"<tr{row_attributes(row, keys)}>"
                     + "".join(cell(c, row.get(c.key), exact_digits) for c in columns) + "</tr>" for row in rows)
    caption_html = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (f'<div class="spend-table-frame"><table id="{table_id}" class="spend-table">{caption_html}'
            f"<thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table></div>")
