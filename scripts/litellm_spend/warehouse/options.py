"""The command-line options every command that reads the warehouse shares, with one wording."""

from __future__ import annotations

import argparse

from litellm_spend.warehouse.layers import schema
from litellm_spend.warehouse.settings import ENV_TARGET, TARGETS, Settings


def add_target(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--target", choices=TARGETS, default=None, help=f"default: env {ENV_TARGET}, else duckdb")


def add_marts_schema(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--schema", default=None, help="schema of the marts (default: <target schema>_marts)")


def settings(args: argparse.Namespace) -> Settings:
    """The environment's settings, for the target of --target (else SPEND_DBT_TARGET)."""
    return Settings.from_env(target=args.target)


def marts_schema(args: argparse.Namespace, chosen: Settings) -> str:
    """The schema of the marts: --schema, else the target's."""
    return args.schema or schema(chosen, "marts")
