"""The body of LiteLLM's /global/spend/report, from the mart spend_report_daily.

One branch answers, as in LiteLLM: an api key, else an internal user, else a team with a
customer, else the grouping (team, filtered by a team alone; customer; api_key).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from litellm_spend import queries
from litellm_spend.reporting.json_text import day_start
from litellm_spend.warehouse import fetch, reporting_calendar

FILTERS = ("api_key", "user_id", "team_id", "customer")
GROUPS = {  # branch -> (grouping columns, the day array's name and its objects' name columns)
    "teams": (["spend_date", "team_name", "model", "api_key"], "teams", ["team_name"]),
    "customers": (["spend_date", "customer", "model", "api_key"], "customers", ["customer"]),
    "teams_customers": (["spend_date", "team_name", "customer", "model", "api_key"], "teams_customers",
                        ["team_name", "customer"]),
    "per_key": (["api_key", "model"], None, []),
}


def branch(group_by: str, api_key: str | None = None, internal_user_id: str | None = None,
           team_id: str | None = None, customer_id: str | None = None) -> tuple[str, dict]:
    """The branch LiteLLM's endpoint takes, and its row filters."""
    if api_key is not None:
        key = api_key
        if key.startswith("sk-"):
            key = hashlib.sha256(key.encode()).hexdigest()
        return "per_key", {"api_key": key}
    if internal_user_id is not None:
        return "per_key", {"user_id": internal_user_id}
    if team_id is not None and customer_id is not None:
        return "teams_customers", {"team_id": team_id, "customer": customer_id}
    if group_by == "team":
        return "teams", {"team_id": team_id} if team_id is not None else {}
    if group_by == "customer":
        return "customers", {}
    return "per_key", {}


def by_day(rows: list[tuple], name_keys: list[str], array: str, calendar) -> list[dict]:
    """[{group_by_day, <array>: [{<names>, total_spend, metadata: [...]}]}], by day."""
    days: dict = {}
    width = len(name_keys)
    for row in rows:
        spend_date, names, (model, api_key), (spend, tokens) = (
            row[0], row[1:1 + width], row[1 + width:3 + width], row[3 + width:5 + width])
        group = days.setdefault(spend_date, {}).setdefault(names, {"total_spend": Decimal(0), "metadata": []})
        group["total_spend"] += spend
        group["metadata"].append({"model": model, "api_key": api_key, "spend": spend, "total_tokens": tokens})
    return [
        {"group_by_day": day_start(day, calendar),
         array: [{**dict(zip(name_keys, names)), **group} for names, group in groups.items()]}
        for day, groups in sorted(days.items())
    ]


def per_key(rows: list[tuple]) -> list[dict]:
    keys: dict = {}
    for api_key, model, spend, _, prompt, completion in rows:
        entry = keys.setdefault(api_key, {"api_key": api_key, "total_cost": Decimal(0), "total_input_tokens": 0,
                                          "total_output_tokens": 0, "model_details": []})
        entry["total_cost"] += spend
        entry["total_input_tokens"] += prompt
        entry["total_output_tokens"] += completion
        entry["model_details"].append({"model": model, "total_cost": spend, "total_input_tokens": prompt,
                                       "total_output_tokens": completion})
    return sorted(keys.values(), key=lambda entry: entry["total_cost"], reverse=True)


def spend_report(conn, marts_schema: str, start: dt.date, end: dt.date, chosen: tuple[str, dict],
                 exclude_byok: bool) -> list[dict]:
    """The endpoint's body for the days from start to end (both included) of the branch chosen."""
    name, filters = chosen
    columns, array, name_keys = GROUPS[name]
    params = {"start": start, "end": end, "exclude_byok": exclude_byok,
              **{column: filters.get(column) for column in FILTERS}}
    rows = fetch(conn, queries.load("report/rows", marts=marts_schema, group_keys=columns), params)
    if name == "per_key":
        return per_key(rows)
    return by_day(rows, name_keys, array, reporting_calendar(conn, marts_schema))
