"""Serves the spend dashboard, a Streamlit app on the marts, until Ctrl-C.

    litellm-spend dashboard                                  # then open http://localhost:8501
    litellm-spend dashboard --port 8600 --address 0.0.0.0    # reachable from other machines
    SPEND_BI_PG_USER=bi_reader SPEND_BI_PG_PASSWORD=... litellm-spend dashboard --target postgres

Three pages: Billable vs BYOK (per day and team), Top customers and keys, Budget burn. The date
range, team and display are query parameters of the page's URL
(?start=2026-01-01&end=2026-01-31&team=team-a&exact=true), so a link shows what its sender saw.

DuckDB: every query opens the file read-only and closes it at once, so builds and the
scheduled run never wait on an open page; while a build holds the file a page says so.
Postgres: it connects as the read-only BI role, SPEND_BI_PG_USER and SPEND_BI_PG_PASSWORD (the
role built with --vars '{reader_role: bi_reader}'), with the SPEND_PG_* host, port, database and
schema.

Streamlit runs headless (it opens no browser), sends no usage statistics, watches no files and
writes nothing under ~/.streamlit: its settings are given on its command line.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from litellm_spend.warehouse import options

HELP = "serve the spend dashboard (Streamlit): billable vs BYOK, top customers and keys, budget burn"
APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
STREAMLIT_SETTINGS = {
    "server.headless": "true",
    "browser.gatherUsageStats": "false",
    "global.developmentMode": "false",
    "server.fileWatcherType": "none",
    "server.runOnSave": "false",
    "client.toolbarMode": "viewer",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8501, help="HTTP port (default 8501)")
    parser.add_argument("--address", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0: every interface)")
    options.add_target(parser)


def streamlit_command(port: int, address: str, target: str) -> list[str]:
    settings = {**STREAMLIT_SETTINGS, "server.port": str(port), "server.address": address}
    options = [f"--{name}={value}" for name, value in settings.items()]
    return [sys.executable, "-m", "streamlit", "run", str(APP), *options, "--", "--target", target]


def run(args: argparse.Namespace) -> int:
    try:
        settings = options.settings(args).as_bi_reader()
    except ValueError as error:
        print(f"dashboard: {error}", file=sys.stderr, flush=True)
        return 2
    where = settings.duckdb_path if settings.target == "duckdb" else \
        f"postgres {settings.pg_host}:{settings.pg_port}/{settings.pg_database} as {settings.pg_user}"
    host = "localhost" if args.address in ("127.0.0.1", "0.0.0.0", "::") else args.address
    print(f"Dashboard on the marts of {where}: http://{host}:{args.port} (Ctrl-C stops it)", flush=True)
    command = streamlit_command(args.port, args.address, settings.target)
    os.execv(command[0], command)  # Streamlit takes this process over: signals reach it directly
    return 0  # not reached
