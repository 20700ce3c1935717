"""Prints a short billable-vs-budget summary read from the marts.

    litellm-spend summary                     # the DuckDB file of SPEND_DUCKDB_PATH
    litellm-spend summary --target postgres   # SPEND_PG_* connection settings
"""

from __future__ import annotations

import argparse
from decimal import Decimal

from litellm_spend.settings import ENV_TARGET, TARGETS, Settings

HELP = "a short billable-vs-budget summary read from the marts"

TEAM_TOTALS = """
    select
        budget.team_id,
        max(budget.team_alias) as team_alias,
        sum(budget.billable_spend) as billable_spend,
        sum(budget.byok_spend) as byok_spend,
        sum(budget.spend) as budget_spend,
        sum(budget.request_count) as requests
    from {schema}.budget_spend_daily as budget
    group by budget.team_id
    order by sum(budget.spend) desc, budget.team_id
"""
PERIOD = "select min(spend_date), max(spend_date), count(*) from {schema}.budget_spend_daily"


def fetch(conn, schema: str, sql: str) -> list[tuple]:
    cursor = conn.cursor()
    try:
        cursor.execute(sql.format(schema=schema))
        return cursor.fetchall()
    finally:
        cursor.close()


def usd(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--target", choices=TARGETS, default=None,
                        help=f"default: env {ENV_TARGET}, else duckdb")
    parser.add_argument("--schema", default=None, help="schema of the marts (default: <target schema>_marts)")
    parser.add_argument("--top", type=int, default=10, help="teams to list")


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env(target=args.target)
    schema = args.schema or settings.marts_schema

    conn = settings.connect(read_only=True)
    try:
        first_day, last_day, groups = fetch(conn, schema, PERIOD)[0]
        teams = fetch(conn, schema, TEAM_TOTALS)
    finally:
        conn.close()
    billable = sum((t[2] for t in teams), Decimal(0))
    byok = sum((t[3] for t in teams), Decimal(0))
    budget = sum((t[4] for t in teams), Decimal(0))
    requests = sum(t[5] for t in teams)

    print(f"Spend {first_day} .. {last_day}: {requests:,} requests in {groups:,} day/team/customer/key groups")
    print(f"  budget (everything)  {usd(budget):>16}")
    print(f"  billable             {usd(billable):>16}")
    print(f"  BYOK (never billed)  {usd(byok):>16}")
    print(f"\n{'team':<24}{'billable':>14}{'BYOK':>14}{'budget':>14}")
    for team_id, alias, team_billable, team_byok, team_budget, _ in teams[: args.top]:
        label = f"{team_id} ({alias})" if alias else team_id
        print(f"{label[:23]:<24}{usd(team_billable):>14}{usd(team_byok):>14}{usd(team_budget):>14}")
    return 0
