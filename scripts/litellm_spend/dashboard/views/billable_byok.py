"""Billable vs BYOK: per day and team, what to bill against what teams paid their providers for."""

from __future__ import annotations

import streamlit as st

from litellm_spend.dashboard import filters, queries
from litellm_spend.dashboard.display import count, usd
from litellm_spend.dashboard.queries import Fetch
from litellm_spend.dashboard.tables import SPEND_COLUMNS, STYLE, Column, html_table

TITLE = "Billable vs BYOK"
URL_PATH = "billable-vs-byok"
CHOICES = ("choice",)  # the sidebar widgets it uses besides Exact amounts (app.choose)

DAILY_COLUMNS = [
    Column("spend_date", "Day", "day"),
    Column("team_id", "Team"),
    Column("team_alias", "Team alias"),
    *SPEND_COLUMNS,
    Column("billable_request_count", "Billable requests", "count"),
    Column("byok_request_count", "BYOK requests", "count"),
]


def chart(rows: list[dict]) -> None:
    """Billable and BYOK per day, stacked (a picture only: the figures are the table's)."""
    import pandas as pd

    frame = pd.DataFrame([{"Day": r["spend_date"], "Billable": float(r["billable_spend"]),
                           "BYOK": float(r["byok_spend"])} for r in rows])
    st.bar_chart(frame.groupby("Day").sum(), y=["Billable", "BYOK"], y_label="USD", height=260)


def render(fetch: Fetch, choice: filters.Choice, exact: bool) -> None:
    spend = choice.spend
    totals = queries.totals(fetch, spend)
    rows = queries.daily_by_team(fetch, spend)

    st.title(TITLE)
    st.caption(f"{spend.start} to {spend.end} (both included), {choice.team_label}. Billable is what to invoice; "
               "BYOK is what teams paid their own providers for: it counts toward budgets, never toward bills. "
               "Source: budget_spend_daily.")
    billable, byok, everything = st.columns(3)
    billable.metric("Billable", usd(totals["billable_spend"], exact),
                    help=f"{count(totals['billable_request_count'])} billable requests")
    byok.metric("BYOK (never billed)", usd(totals["byok_spend"], exact),
                help=f"{count(totals['byok_request_count'])} BYOK requests")
    everything.metric("Budget spend (all)", usd(totals["spend"], exact),
                      help=f"{count(totals['request_count'])} requests")
    if not rows:
        st.info("No spend in this range for this team.")
        return
    chart(rows)
    st.subheader("Per day and team")
    st.html(STYLE + html_table("daily-by-team", DAILY_COLUMNS, rows, exact_digits=exact,
                               row_keys=("spend_date", "team_id")))
