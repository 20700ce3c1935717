"""litellm-spend: the operator's commands for the LiteLLM spend dbt project.

Connection settings come from the environment (SPEND_DBT_TARGET, SPEND_DUCKDB_PATH,
SPEND_PG_*), as for dbt itself: see litellm_spend/warehouse/settings.py.
"""

from __future__ import annotations

import argparse
from types import ModuleType

from litellm_spend.commands import dashboard, export, invoice, report, scheduled_run, summary

# A command is one module with HELP (one line), a docstring (its --help text),
# add_arguments(parser) and run(args) -> exit code. Adding one: write the module, add a line here.
COMMANDS: dict[str, ModuleType] = {
    "run": scheduled_run,
    "summary": summary,
    "report": report,
    "invoice": invoice,
    "export": export,
    "dashboard": dashboard,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="litellm-spend", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module in COMMANDS.items():
        command = commands.add_parser(name, help=module.HELP, description=module.__doc__,
                                      formatter_class=argparse.RawDescriptionHelpFormatter)
        module.add_arguments(command)
        command.set_defaults(handler=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args) or 0
