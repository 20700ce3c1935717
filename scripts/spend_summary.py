"""Prints a short billable-vs-budget summary read from the marts.

    python scripts/spend_summary.py                 # the DuckDB file of SPEND_DUCKDB_PATH
    python scripts/spend_summary.py --target postgres   # SPEND_PG_* connection settings
"""

from __future__ import annotations

import argparse
import os
from decimal import Decimal

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


def fetch(target: str, schema: str, sql: str) -> list[tuple]:
    if target == "duckdb":
        import duckdb

        path = os.environ.get("SPEND_DUCKDB_PATH", "litellm_spend.duckdb")
        with duckdb.connect(path, read_only=True) as con:
            return con.execute(sql.format(schema=schema)).fetchall()
    import psycopg2

    conn = psycopg2.connect(
        host=os.environ.get("SPEND_PG_HOST", "localhost"),
        port=int(os.environ.get("SPEND_PG_PORT", "5432")),
        user=os.environ.get("SPEND_PG_USER", "postgres"),
        password=os.environ.get("SPEND_PG_PASSWORD", ""),
        dbname=os.environ.get("SPEND_PG_DATABASE", "litellm"),
    )
    try:
        with conn, conn.cursor() as cur:
            cur.execute(sql.format(schema=schema))
            return cur.fetchall()
    finally:
        conn.close()


def usd(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", choices=["duckdb", "postgres"], default=os.environ.get("SPEND_DBT_TARGET", "duckdb"))
    parser.add_argument("--schema", default=None, help="schema of the marts (default: <target schema>_marts)")
    parser.add_argument("--top", type=int, default=10, help="teams to list")
    args = parser.parse_args(argv)
    schema = args.schema or ("spend_marts" if args.target == "duckdb" else f"{os.environ.get('SPEND_PG_SCHEMA', 'spend')}_marts")

    first_day, last_day, groups = fetch(args.target, schema, PERIOD)[0]
    teams = fetch(args.target, schema, TEAM_TOTALS)
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


if __name__ == "__main__":
    main()
