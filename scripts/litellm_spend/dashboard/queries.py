"""What the pages ask the marts, as plain rows: no Streamlit here, so tests call it alike.

Each function takes `fetch(sql, params) -> list[dict]` (data.fetch bound to settings, or its
cached twin) and returns the marts' figures as they are: money stays Decimal, summed by the
database exactly as the marts' decimal(38,18). The SQL is in sql/dashboard/; its {marts} is
filled by data.fetch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, localcontext

from litellm_spend.queries import fill, template

Fetch = Callable[[str, dict], list[dict]]

MONEY = ("billable_spend", "byok_spend", "spend")
COUNTS = ("request_count", "billable_request_count", "byok_request_count")
BUDGET_COLUMNS = ["budget_scope", "budget_owner_id", "team_id", "owner_name", "budget_duration", "period_start",
                  "period_end", "is_current_period", "max_budget", "budget_spend", "remaining_budget", "share_used",
                  "request_count", "status", "observed_at"]


@dataclass(frozen=True)
class SpendFilter:
    """Days from `start` to `end`, both included, of one team or (team_id None) of all."""

    start: dt.date
    end: dt.date
    team_id: str | None = None

    def params(self) -> dict:
        return {"start": self.start, "end": self.end, "team_id": self.team_id}


def coverage(fetch: Fetch) -> tuple[dt.date | None, dt.date | None]:
    """The first and last spend_date the marts hold (None, None when empty)."""
    row = fetch(template("dashboard/coverage"), {})[0]
    return row["first_day"], row["last_day"]


def teams(fetch: Fetch) -> list[dict]:
    """Every team the marts hold, whatever the days: team_id, team_alias."""
    return fetch(template("dashboard/teams"), {})


def spend_by_group(fetch: Fetch, spend_filter: SpendFilter, keys: list[str], labels: tuple[str, ...],
                   ranked: bool = False, limit: int | None = None) -> list[dict]:
    """One row per group of `keys`: the keys, the `labels` (team_alias, key_alias) and the sums."""
    sql = fill(template("dashboard/spend_by_group"), group_keys=keys)
    rows = fetch(sql, {**spend_filter.params(), "ranked": ranked, "limit": limit})
    dropped = {"team_alias", "key_alias"} - set(labels)
    return [{name: value for name, value in row.items() if name not in dropped} for row in rows]


def _zeroed(row: dict) -> dict:
    """Sums over no rows are NULL: zero, as a total of nothing is."""
    return {**row, **{k: row.get(k) or Decimal(0) for k in MONEY}, **{k: row.get(k) or 0 for k in COUNTS}}


def totals(fetch: Fetch, spend_filter: SpendFilter) -> dict:
    """Billable, BYOK and all spend (and requests) over the filter: the sums of daily_by_team's
    rows, so the page's totals are its table's. Exact: sums of decimal(38,18) keep up to 38
    digits, more than Python's default context (28)."""
    rows = daily_by_team(fetch, spend_filter)
    with localcontext() as exact:
        exact.prec = 80
        summed = {k: sum(row[k] for row in rows) if rows else None for k in MONEY + COUNTS}
    return _zeroed(summed)


def daily_by_team(fetch: Fetch, spend_filter: SpendFilter) -> list[dict]:
    """One row per day and team: spend_date, team_id, team_alias and the sums."""
    return spend_by_group(fetch, spend_filter, ["spend_date", "team_id"], ("team_alias",))


def top_customers(fetch: Fetch, spend_filter: SpendFilter, limit: int) -> list[dict]:
    """The `limit` customers with the most billable spend (ties: more BYOK, then customer_id)."""
    return spend_by_group(fetch, spend_filter, ["customer_id"], (), ranked=True, limit=int(limit))


def top_keys(fetch: Fetch, spend_filter: SpendFilter, limit: int) -> list[dict]:
    """The `limit` keys (per team: a key moved to another team counts apart) with the most
    billable spend (ties: more BYOK, then team_id, api_key)."""
    return spend_by_group(fetch, spend_filter, ["team_id", "api_key"], ("key_alias",), ranked=True, limit=int(limit))


@dataclass(frozen=True)
class BudgetBurn:
    rows: int                   # every row of budget_burn
    current: list[dict]         # current period, status 'ok': closest to the limit first
    not_ok: list[dict]          # status not 'ok', of the current period or of no derivable period
    observed_at: dt.datetime | None


def budget_burn(fetch: Fetch) -> BudgetBurn:
    """The budget_burn mart as the page shows it; data.MissingRelation when the marts have none."""
    summary = fetch(template("dashboard/budget_burn_summary"), {})[0]
    current = fetch(fill(template("dashboard/budget_burn_current"), columns=BUDGET_COLUMNS), {})
    not_ok = fetch(fill(template("dashboard/budget_burn_not_ok"), columns=BUDGET_COLUMNS), {})
    return BudgetBurn(rows=summary["row_count"], current=current, not_ok=not_ok, observed_at=summary["observed_at"])
