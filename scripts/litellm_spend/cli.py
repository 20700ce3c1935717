"""litellm-spend: the operator's commands for the LiteLLM spend dbt project.

Connection settings come from the environment (SPEND_DBT_TARGET, SPEND_DUCKDB_PATH,
SPEND_PG_*), as for dbt itself: see litellm_spend/warehouse/settings.py. A command that
cannot open the warehouse, write a file or read the marts prints one line on stderr
("litellm-spend COMMAND: ...") and exits 1; no command creates a database. Ids read from
the warehouse are printed with control characters escaped.
"""

from __future__ import annotations

import argparse
import sys
from types import ModuleType

from litellm_spend.commands import dashboard, export, invoice, report, scheduled_run, summary
from litellm_spend.terminal import printable
from litellm_spend.warehouse import DatabaseLocked, WarehouseError

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
    """Runs a command. What an operator can get wrong (the warehouse, a path, a database the
    marts are missing from) ends in one line on stderr and exit 1, never a traceback."""
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args) or 0
    except (WarehouseError, DatabaseLocked) as error:
        return _failed(args.command, str(error))
    except OSError as error:
        return _failed(args.command, f"{error.strerror or error}: {error.filename or ''}".rstrip(": "))
    except Exception as error:
        if type(error).__module__.split(".")[0] not in ("duckdb", "_duckdb", "psycopg2"):
            raise
        first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
        return _failed(args.command, f"the warehouse refused a query: {first_line} (are the marts built? "
                                     f"dbt build or litellm-spend run builds them; --target and --schema say where)")


def _failed(command: str, message: str) -> int:
    print(f"litellm-spend {command}: {printable(message)}", file=sys.stderr, flush=True)
    return 1
