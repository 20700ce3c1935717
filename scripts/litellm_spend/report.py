"""Prints LiteLLM's /global/spend/report as JSON, computed from the published marts.

The JSON body LiteLLM (v1.109) returns from GET /global/spend/report, with the same
parameters, from the marts this project published (mart spend_report_daily):

    litellm-spend report --start-date 2026-10-01 --end-date 2026-10-31
    litellm-spend report --start-date 2026-10-01 --end-date 2026-10-31 --exclude-byok
    litellm-spend report --start-date 2026-10-01 --end-date 2026-10-31 --group-by customer
    litellm-spend report --start-date 2026-10-01 --end-date 2026-10-31 --api-key sk-...

Both dates are inclusive: the report covers every day from --start-date through
--end-date, days being spend_date (UTC days, or those of var reporting_timezone).
One branch answers, as in LiteLLM: --api-key, else --internal-user-id, else --team-id
with --customer-id, else --group-by (team, the default, filtered by --team-id alone).
--exclude-byok reports billable usage only (each request's BYOK verdict on its day).

Deliberately unlike LiteLLM: raw sk- keys print hashed; NULL and '' customers are one
null customer; quarantined rows are left out; money is summed as exact decimals.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys
from decimal import Decimal

from litellm_spend.query import fetch
from litellm_spend.report_json import day_start, dumps
from litellm_spend.settings import ENV_TARGET, TARGETS, Settings

HELP = "LiteLLM's /global/spend/report (JSON) from the marts, optionally without BYOK usage"

# One grouped read of the published rows serves every branch: Python shapes it.
ROWS = """
    select {keys}, sum(spend), sum(total_tokens), sum(prompt_tokens), sum(completion_tokens)
    from {schema}.spend_report_daily
    where spend_date >= %(start)s and spend_date <= %(end)s{filters}
    group by {keys}
"""
TIMEZONE = "select max(reporting_timezone) from {run_schema}.run_published_days"


def parse_date(option: str, value: str) -> dt.date:
    try:
        # LiteLLM's own parsing (strptime %Y-%m-%d: 2026-10-1 is accepted too).
        return dt.datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise SystemExit(f"litellm-spend report: {option} {value!r} is not a date; write YYYY-MM-DD") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--start-date", required=True, help="first day reported, YYYY-MM-DD (inclusive)")
    parser.add_argument("--end-date", required=True, help="last day reported, YYYY-MM-DD (inclusive)")
    parser.add_argument("--group-by", choices=("team", "customer", "api_key"), default="team")
    parser.add_argument("--api-key", help="one virtual key's spend by model (an sk- key is hashed first)")
    parser.add_argument("--internal-user-id", help="one internal user's spend, by key and model")
    parser.add_argument("--team-id", help="with --customer-id: that team's spend for that customer; "
                                          "alone: filters --group-by team")
    parser.add_argument("--customer-id", help="with --team-id (alone it is ignored, as in LiteLLM)")
    parser.add_argument("--exclude-byok", action="store_true",
                        help="billable usage only: leave out requests whose verdict on their day is BYOK")
    parser.add_argument("--target", choices=TARGETS, default=None, help=f"default: env {ENV_TARGET}, else duckdb")
    parser.add_argument("--schema", default=None, help="schema of the marts (default: <target schema>_marts)")


def branch(args: argparse.Namespace) -> tuple[str, dict]:
    """The branch LiteLLM's endpoint takes, and its row filters."""
    if args.api_key is not None:
        key = args.api_key
        if key.startswith("sk-"):
            key = hashlib.sha256(key.encode()).hexdigest()
        return "per_key", {"api_key": key}
    if args.internal_user_id is not None:
        return "per_key", {"user_id": args.internal_user_id}
    if args.team_id is not None and args.customer_id is not None:
        return "teams_customers", {"team_id": args.team_id, "customer": args.customer_id}
    if args.group_by == "team":
        return "teams", {"team_id": args.team_id} if args.team_id is not None else {}
    if args.group_by == "customer":
        return "customers", {}
    return "per_key", {}


GROUPS = {  # branch -> (grouping columns, the object's name column, the day array's name)
    "teams": (["spend_date", "team_name", "model", "api_key"], "team_name", "teams"),
    "customers": (["spend_date", "customer", "model", "api_key"], "customer", "customers"),
    "teams_customers": (["spend_date", "team_name", "customer", "model", "api_key"], None, "teams_customers"),
    "per_key": (["api_key", "model"], None, None),
}


def by_day(rows: list[tuple], name_columns: int, array: str, timezone: str) -> list[dict]:
    """[{group_by_day, <array>: [{<names>, total_spend, metadata: [...]}]}], by day."""
    days: dict = {}
    for row in rows:
        spend_date, names, (model, api_key), (spend, tokens) = (
            row[0], row[1:1 + name_columns], row[1 + name_columns:3 + name_columns], row[3 + name_columns:5 + name_columns])
        group = days.setdefault(spend_date, {}).setdefault(names, {"total_spend": Decimal(0), "metadata": []})
        group["total_spend"] += spend
        group["metadata"].append({"model": model, "api_key": api_key, "spend": spend, "total_tokens": tokens})
    name_keys = {"teams": ["team_name"], "customers": ["customer"], "teams_customers": ["team_name", "customer"]}[array]
    return [
        {"group_by_day": day_start(day, timezone),
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


def window(args: argparse.Namespace) -> tuple[dt.date, dt.date]:
    start, end = parse_date("--start-date", args.start_date), parse_date("--end-date", args.end_date)
    if end < start:
        raise SystemExit(f"litellm-spend report: --end-date {end} is before --start-date {start} "
                         "(both are inclusive); LiteLLM would answer [] without saying why")
    return start, end


def report(conn, schema: str, run_schema: str, args: argparse.Namespace) -> list[dict]:
    start, end = window(args)
    name, filters = branch(args)
    columns, _, array = GROUPS[name]
    params = {"start": start, "end": end, **{f"f_{column}": value for column, value in filters.items()}}
    where = "".join(f" and {column} = %(f_{column})s" for column in filters)
    if args.exclude_byok:
        where += " and not is_byok"
    rows = fetch(conn, ROWS.format(keys=", ".join(columns), schema=schema, filters=where), params)
    if name == "per_key":
        return per_key(rows)
    timezone = (fetch(conn, TIMEZONE.format(run_schema=run_schema), {}) or [(None,)])[0][0] or "UTC"
    return by_day(rows, len(columns) - 3, array, timezone)


def run(args: argparse.Namespace) -> int:
    window(args)  # a bad date fails before any connection
    settings = Settings.from_env(target=args.target)
    schema = args.schema or settings.marts_schema
    conn = settings.connect(read_only=True)
    try:
        body = report(conn, schema, f"{settings.schema}_run", args)
    finally:
        conn.close()
    sys.stdout.write(dumps(body) + "\n")
    return 0
