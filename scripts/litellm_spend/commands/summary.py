"""Prints a short billable-vs-budget summary read from the marts.

    litellm-spend summary                     # the DuckDB file of SPEND_DUCKDB_PATH
    litellm-spend summary --target postgres   # SPEND_PG_* connection settings
"""

from __future__ import annotations

import argparse
import contextlib
from decimal import Decimal

from litellm_spend import queries
from litellm_spend.money import dollars
from litellm_spend.terminal import printable
from litellm_spend.warehouse import connect, fetch, options

HELP = "a short billable-vs-budget summary read from the marts"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    options.add_target(parser)
    options.add_marts_schema(parser)
    parser.add_argument("--top", type=int, default=10, help="teams to list")


def run(args: argparse.Namespace) -> int:
    settings = options.settings(args)
    marts = options.marts_schema(args, settings)
    with contextlib.closing(connect(settings, read_only=True)) as conn:
        first_day, last_day, groups = fetch(conn, queries.load("summary/period", marts=marts))[0]
        teams = fetch(conn, queries.load("summary/team_totals", marts=marts))
    billable = sum((t[2] for t in teams), Decimal(0))
    byok = sum((t[3] for t in teams), Decimal(0))
    budget = sum((t[4] for t in teams), Decimal(0))
    requests = sum(t[5] for t in teams)

    print(f"Spend {first_day} .. {last_day}: {requests:,} requests in {groups:,} day/team/customer/key groups")
    print(f"  budget (everything)  {dollars(budget):>16}")
    print(f"  billable             {dollars(billable):>16}")
    print(f"  BYOK (never billed)  {dollars(byok):>16}")
    print(f"\n{'team':<24}{'billable':>14}{'BYOK':>14}{'budget':>14}")
    for team_id, alias, team_billable, team_byok, team_budget, _ in teams[: args.top]:
        label = printable(f"{team_id} ({alias})" if alias else team_id)
        print(f"{label[:23]:<24}{dollars(team_billable):>14}{dollars(team_byok):>14}{dollars(team_budget):>14}")
    return 0
