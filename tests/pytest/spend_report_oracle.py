"""LiteLLM's GET /global/spend/report (v1.109) re-implemented from its documented semantics,
over the raw spend-log rows and "LiteLLM_TeamTable", independently of the project's models.

It carries only the deviations docs/billing.md lists: raw sk- keys hashed, NULL and '' customers one
null customer, quarantined rows left out, money as exact decimals (billing_oracle's conversion).
Days are UTC days of "startTime" (reporting_timezone UTC).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

import billing_oracle


def _request(row: dict, aliases: dict[str, str | None]) -> dict:
    key = billing_oracle.unsecret(row["api_key"] or "")
    team_id = row["team_id"]
    return {
        "day": row["startTime"].date(),
        "team_name": aliases.get(team_id) or "Unassigned Team",
        "team_id": team_id,
        "customer": row["end_user"] or None,
        "api_key": key,
        "user": row["user"],
        "model": row["model"] or "",
        "spend": billing_oracle.money(row["spend"]),
        "total_tokens": row["total_tokens"],
        "prompt_tokens": row["prompt_tokens"],
        "completion_tokens": row["completion_tokens"],
    }


def report(rows: list[dict], teams: dict[str, str | None], start: date, end: date, *, group_by="team",
           api_key=None, internal_user_id=None, team_id=None, customer_id=None,
           exclude=lambda row: False) -> list[dict]:
    """rows: raw spend-log rows (startTime a naive UTC datetime); teams: team_id -> team_alias of
    the team table now; exclude(row): rows to leave out (the BYOK ones, for --exclude-byok)."""
    lower, upper = datetime.combine(start, datetime.min.time()), datetime.combine(end + timedelta(days=1), datetime.min.time())
    requests = [_request(row, teams) for row in rows
                if billing_oracle.rejection_reason(row) is None and lower <= row["startTime"] < upper and not exclude(row)]
    if api_key is not None:
        wanted = hashlib.sha256(api_key.encode()).hexdigest() if api_key.startswith("sk-") else api_key
        return _per_key([r for r in requests if r["api_key"] == wanted])
    if internal_user_id is not None:
        return _per_key([r for r in requests if r["user"] == internal_user_id])
    if team_id is not None and customer_id is not None:
        chosen = [r for r in requests if r["team_id"] == team_id and r["customer"] == customer_id]
        return _by_day(chosen, ("team_name", "customer"), "teams_customers")
    if group_by == "team":
        chosen = [r for r in requests if team_id is None or r["team_id"] == team_id]
        return _by_day(chosen, ("team_name",), "teams")
    if group_by == "customer":
        return _by_day(requests, ("customer",), "customers")
    return _per_key(requests)


def _by_day(requests: list[dict], names: tuple[str, ...], array: str) -> list[dict]:
    cells: dict = defaultdict(lambda: {"spend": Decimal(0), "total_tokens": 0})
    for r in requests:
        cell = cells[(r["day"], tuple(r[n] for n in names), r["model"], r["api_key"])]
        cell["spend"] += r["spend"]
        cell["total_tokens"] += r["total_tokens"]
    days: dict = defaultdict(lambda: defaultdict(list))
    for (day, group, model, key), cell in cells.items():
        days[day][group].append({"model": model, "api_key": key, **cell})
    return [
        {"group_by_day": f"{day.isoformat()}T00:00:00+00:00",
         array: [{**dict(zip(names, group)), "total_spend": sum(m["spend"] for m in metadata), "metadata": metadata}
                 for group, metadata in groups.items()]}
        for day, groups in sorted(days.items())
    ]


def _per_key(requests: list[dict]) -> list[dict]:
    cells: dict = defaultdict(lambda: {"total_cost": Decimal(0), "total_input_tokens": 0, "total_output_tokens": 0})
    for r in requests:
        cell = cells[(r["api_key"], r["model"])]
        cell["total_cost"] += r["spend"]
        cell["total_input_tokens"] += r["prompt_tokens"]
        cell["total_output_tokens"] += r["completion_tokens"]
    keys: dict = defaultdict(list)
    for (key, model), cell in cells.items():
        keys[key].append({"model": model, **cell})
    return [
        {"api_key": key, "total_cost": sum(d["total_cost"] for d in details),
         "total_input_tokens": sum(d["total_input_tokens"] for d in details),
         "total_output_tokens": sum(d["total_output_tokens"] for d in details), "model_details": details}
        for key, details in keys.items()
    ]
