"""Top customers and keys: who spends the most billable money, with their BYOK beside it."""

from __future__ import annotations

import streamlit as st

from litellm_spend.dashboard import filters, queries
from litellm_spend.dashboard.queries import Fetch
from litellm_spend.dashboard.tables import SPEND_COLUMNS, STYLE, Column, html_table

TITLE = "Top customers and keys"
URL_PATH = "top-customers-and-keys"
CHOICES = ("choice", "top")  # the sidebar widgets it uses besides Exact amounts (app.choose)

SUMS = [*SPEND_COLUMNS, Column("request_count", "Requests", "count")]
CUSTOMER_COLUMNS = [Column("rank", "#", "count"), Column("customer_id", "Customer"), *SUMS]
KEY_COLUMNS = [Column("rank", "#", "count"), Column("key_alias", "Key alias"), Column("key_digest", "Key"),
               Column("team_id", "Team"), *SUMS]


def ranked(rows: list[dict]) -> list[dict]:
    return [{**row, "rank": number} for number, row in enumerate(rows, start=1)]


def render(fetch: Fetch, choice: filters.Choice, top: int, exact: bool) -> None:
    spend = choice.spend
    customers = ranked(queries.top_customers(fetch, spend, top))
    keys = ranked([{**k, "key_digest": k["api_key"] if len(k["api_key"]) < 20 else k["api_key"][:12] + "…"}
                   for k in queries.top_keys(fetch, spend, top)])

    st.title(TITLE)
    st.caption(f"{spend.start} to {spend.end} (both included), {choice.team_label}: the {top} with the most billable "
               "spend, BYOK beside it. Customers are LiteLLM's end users; keys (sha256 digests, as LiteLLM stores "
               "them) are counted per team. Source: budget_spend_daily.")
    st.subheader(f"Top {top} customers by billable spend")
    st.html(STYLE + html_table("top-customers", CUSTOMER_COLUMNS, customers, exact_digits=exact,
                               row_keys=("customer_id",)))
    st.subheader(f"Top {top} keys by billable spend")
    st.html(STYLE + html_table("top-keys", KEY_COLUMNS, keys, exact_digits=exact, row_keys=("team_id", "api_key")))
