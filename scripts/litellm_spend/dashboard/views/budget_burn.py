"""Budget burn: how close each team and key is to the budget LiteLLM enforces (mart budget_burn)."""

from __future__ import annotations

import streamlit as st

from litellm_spend.dashboard import data, queries
from litellm_spend.dashboard.display import NONE, instant
from litellm_spend.dashboard.queries import Fetch
from litellm_spend.dashboard.tables import STYLE, Column, html_table

TITLE = "Budget burn"
URL_PATH = "budget-burn"
CHOICES = ()  # the sidebar widgets it uses besides Exact amounts (app.choose)

NOT_AVAILABLE = "Budgets are not available"
NO_ROWS = (f"{NOT_AVAILABLE}: budget_burn holds no rows, because LiteLLM's team and key tables "
           '("LiteLLM_TeamTable", "LiteLLM_VerificationToken") were not beside the spend logs when the marts '
           "were built, so no budget is known. Build from LiteLLM's own database, or copy those tables beside "
           "the spend logs, and run the build again.")
NO_RELATION = (f"{NOT_AVAILABLE}: the marts hold no budget_burn yet (they were built by an older version of "
               "this project). The next build (`litellm-spend run` or `dbt build`) adds it.")
NOT_GRANTED = (f"{NOT_AVAILABLE}: the BI role may not read budget_burn. Build with "
               "--vars '{reader_role: <the BI role>}' so every mart is granted to it.")

CURRENT_COLUMNS = [
    Column("owner", "Budget of"),
    Column("team_id", "Team"),
    Column("budget_duration", "Resets every"),
    Column("max_budget", "Max budget", "money"),
    Column("budget_spend", "Spent", "money"),
    Column("remaining_budget", "Remaining", "money"),
    Column("share_used", "Used", "share"),
    Column("period", "Period (UTC, end excluded)"),
    Column("request_count", "Requests", "count"),
]
NOT_OK_COLUMNS = [*CURRENT_COLUMNS[:2], Column("status", "Status"), *CURRENT_COLUMNS[2:8]]
ROW_KEYS = ("budget_scope", "budget_owner_id", "period_end")


def shown(rows: list[dict]) -> list[dict]:
    """Each row with what a person reads: whose budget ("team Team A (team-a)", a key's digest
    shortened) and its period."""
    def owner(row: dict) -> str:
        ident = row["budget_owner_id"]
        ident = ident if len(ident) < 20 else ident[:12] + "…"
        return f"{row['budget_scope']} " + (f"{row['owner_name']} ({ident})" if row["owner_name"] else ident)

    def period(row: dict) -> str:
        if row["period_start"] is None and row["period_end"] is None:
            return NONE
        return f"{instant(row['period_start'])} → {instant(row['period_end'])}"
    return [{**row, "owner": owner(row), "period": period(row)} for row in rows]


def read(fetch: Fetch) -> tuple[queries.BudgetBurn | None, str | None]:
    """The mart as the page shows it, or why budgets are not available."""
    try:
        burn = queries.budget_burn(fetch)
    except data.MissingRelation:
        return None, NO_RELATION
    except data.NotReadable:
        return None, NOT_GRANTED
    return (None, NO_ROWS) if burn.rows == 0 else (burn, None)


def render(fetch: Fetch, exact: bool) -> None:
    st.title(TITLE)
    burn, unavailable = read(fetch)
    if burn is None:
        st.warning(unavailable)
        return
    st.caption(f"The current period of every team and key budget, the closest to its limit first. Spend counts "
               f"every request, BYOK included, as LiteLLM's budgets do. Observed at {instant(burn.observed_at)} UTC. "
               "Source: budget_burn.")
    st.subheader("Current periods")
    if burn.current:
        st.html(STYLE + html_table("budget-current", CURRENT_COLUMNS, shown(burn.current), exact_digits=exact,
                                   row_keys=ROW_KEYS))
    else:
        st.info("No budget has a current period.")
    if burn.not_ok:
        st.subheader("Budgets with missing or partial figures")
        st.caption("Current periods, and budgets whose period cannot be derived; the status says why "
                   "(no_budget_duration, no_reset_date, ...).")
        st.html(STYLE + html_table("budget-not-ok", NOT_OK_COLUMNS, shown(burn.not_ok), exact_digits=exact,
                                   row_keys=ROW_KEYS))
