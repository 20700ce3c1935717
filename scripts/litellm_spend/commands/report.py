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
import contextlib
import datetime as dt
import sys

from litellm_spend import dates
from litellm_spend.reporting.json_text import dumps
from litellm_spend.reporting.spend_report import branch, spend_report
from litellm_spend.warehouse import connect, options

HELP = "LiteLLM's /global/spend/report (JSON) from the marts, optionally without BYOK usage"


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
    options.add_target(parser)
    options.add_marts_schema(parser)


def window(args: argparse.Namespace) -> tuple[dt.date, dt.date]:
    start = dates.option("report", "--start-date", args.start_date, dates.LITELLM_DAY)
    end = dates.option("report", "--end-date", args.end_date, dates.LITELLM_DAY)
    if end < start:
        raise SystemExit(f"litellm-spend report: --end-date {end} is before --start-date {start} "
                         "(both are inclusive); LiteLLM would answer [] without saying why")
    return start, end


def run(args: argparse.Namespace) -> int:
    start, end = window(args)  # a bad date fails before any connection
    settings = options.settings(args)
    chosen = branch(args.group_by, args.api_key, args.internal_user_id, args.team_id, args.customer_id)
    with contextlib.closing(connect(settings, read_only=True)) as conn:
        body = spend_report(conn, options.marts_schema(args, settings), start, end, chosen, args.exclude_byok)
    sys.stdout.write(dumps(body) + "\n")
    return 0
