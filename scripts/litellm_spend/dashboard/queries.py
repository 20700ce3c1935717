"""What the pages ask the marts, as plain rows: no Streamlit here, so tests call it alike.

Each function takes `fetch(sql, params) -> list[dict]` (data.fetch bound to settings, or its
cached twin) and returns the marts' figures as they are: money stays Decimal, summed by the
database exactly as the marts' decimal(38,18).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

Fetch = Callable[[str, dict], list[dict]]

SPEND_SUMS = """
        sum(billable_spend) as billable_spend,
        sum(byok_spend) as byok_spend,
        sum(spend) as spend,
        sum(request_count) as request_count,
        sum(billable_request_count) as billable_request_count,
        sum(byok_request_count) as byok_request_count"""
MONEY = ("billable_spend", "byok_spend", "spend")
COUNTS = ("request_count", "billable_request_count", "byok_request_count")


@dataclass(frozen=True)
class SpendFilter:
    """Days from `start` to `end`, both included, of one team or (team_id None) of all."""

    start: dt.date
    end: dt.date
    team_id: str | None = None

    def where(self) -> tuple[str, dict]:
        clause = "spend_date >= %(start)s and spend_date <= %(end)s"
        params: dict = {"start": self.start, "end": self.end}
        if self.team_id is not None:
            clause += " and team_id = %(team_id)s"
            params["team_id"] = self.team_id
        return clause, params


def coverage(fetch: Fetch) -> tuple[dt.date | None, dt.date | None]:
    """The first and last spend_date the marts hold (None, None when empty)."""
    row = fetch("select min(spend_date) as first_day, max(spend_date) as last_day "
                "from {marts}.budget_spend_daily", {})[0]
    return row["first_day"], row["last_day"]


def teams(fetch: Fetch) -> list[dict]:
    """Every team the marts hold, whatever the days: team_id, team_alias."""
    return fetch("select team_id, max(team_alias) as team_alias from {marts}.budget_spend_daily "
                 "group by team_id order by team_id", {})


def _zeroed(row: dict) -> dict:
    """Sums over no rows are NULL: zero, as a total of nothing is."""
    return {**row, **{k: row.get(k) or Decimal(0) for k in MONEY}, **{k: row.get(k) or 0 for k in COUNTS}}


def totals(fetch: Fetch, spend_filter: SpendFilter) -> dict:
    """Billable, BYOK and all spend (and requests) over the filter."""
    where, params = spend_filter.where()
    return _zeroed(fetch(f"select {SPEND_SUMS} from {{marts}}.budget_spend_daily where {where}", params)[0])


def daily_by_team(fetch: Fetch, spend_filter: SpendFilter) -> list[dict]:
    """One row per day and team: spend_date, team_id, team_alias and the sums."""
    where, params = spend_filter.where()
    return fetch(f"""
        select spend_date, team_id, max(team_alias) as team_alias, {SPEND_SUMS}
        from {{marts}}.budget_spend_daily
        where {where}
        group by spend_date, team_id
        order by spend_date, team_id""", params)


def top_customers(fetch: Fetch, spend_filter: SpendFilter, limit: int) -> list[dict]:
    """The `limit` customers with the most billable spend (ties: more BYOK, then customer_id)."""
    where, params = spend_filter.where()
    return fetch(f"""
        select customer_id, {SPEND_SUMS}
        from {{marts}}.budget_spend_daily
        where {where}
        group by customer_id
        order by sum(billable_spend) desc, sum(byok_spend) desc, customer_id
        limit {int(limit)}""", params)


def top_keys(fetch: Fetch, spend_filter: SpendFilter, limit: int) -> list[dict]:
    """The `limit` keys (per team: a key moved to another team counts apart) with the most
    billable spend (ties: more BYOK, then team_id, api_key)."""
    where, params = spend_filter.where()
    return fetch(f"""
        select team_id, api_key, max(key_alias) as key_alias, {SPEND_SUMS}
        from {{marts}}.budget_spend_daily
        where {where}
        group by team_id, api_key
        order by sum(billable_spend) desc, sum(byok_spend) desc, team_id, api_key
        limit {int(limit)}""", params)


BUDGET_COLUMNS = """budget_scope, budget_owner_id, team_id, owner_name, budget_duration, period_start,
        period_end, is_current_period, max_budget, budget_spend, remaining_budget, share_used,
        request_count, status, observed_at"""


@dataclass(frozen=True)
class BudgetBurn:
    rows: int                   # every row of budget_burn
    current: list[dict]         # current period, status 'ok': closest to the limit first
    not_ok: list[dict]          # status not 'ok', of the current period or of no derivable period
    observed_at: dt.datetime | None


def budget_burn(fetch: Fetch) -> BudgetBurn:
    """The budget_burn mart as the page shows it; data.MissingRelation when the marts have none."""
    summary = fetch("select count(*) as row_count, max(observed_at) as observed_at from {marts}.budget_burn", {})[0]
    current = fetch(f"""
        select {BUDGET_COLUMNS}
        from {{marts}}.budget_burn
        where is_current_period and status = 'ok'
        order by share_used desc nulls last, budget_scope desc, budget_owner_id, period_end""", {})
    not_ok = fetch(f"""
        select {BUDGET_COLUMNS}
        from {{marts}}.budget_burn
        where status is distinct from 'ok' and (is_current_period or period_end is null)
        order by budget_scope desc, team_id, budget_owner_id, period_end""", {})
    return BudgetBurn(rows=summary["row_count"], current=current, not_ok=not_ok, observed_at=summary["observed_at"])
