"""Writes docs/cli.md, the command reference, from the commands' own --help.

    python -m litellm_spend_dev.cli_reference            # rewrites docs/cli.md
    python -m litellm_spend_dev.cli_reference --check    # exit 1 when docs/cli.md is not the rendering

Every command and subcommand of `litellm-spend`, its --help as argparse prints it at a fixed
width (WIDTH columns), so the reference cannot say what the commands do not
(tests/pytest/test_cli_reference.py compares the committed file with the rendering).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from litellm_spend import cli

WIDTH = 100
REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
REGENERATE = "python -m litellm_spend_dev.cli_reference"
HEADER = f"""# litellm-spend: command reference

Every command's `--help`, as the command prints it. Generated from the commands by
`{REGENERATE}` (scripts/litellm_spend_dev/cli_reference.py): change a help text
in the command, then regenerate; tests/pytest/test_cli_reference.py fails while this file
differs from the commands.
"""


@contextmanager
def fixed_width(columns: int) -> Iterator[None]:
    """argparse wraps help at the terminal's width (COLUMNS): fixed here, so the file is the
    same on every machine."""
    before = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(columns)
    try:
        yield
    finally:
        if before is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = before


def subcommands(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """The parser, then each subcommand's parser, depth first, in the order they were added."""
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                yield from subcommands(child)


def render() -> str:
    """The reference: a section per command, its --help in a text block."""
    sections = [HEADER]
    with fixed_width(WIDTH):
        for parser in subcommands(cli.build_parser()):
            sections.append(f"## {parser.prog}\n\n```text\n{parser.format_help().rstrip()}\n```\n")
    return "\n".join(sections)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only say whether docs/cli.md is up to date")
    args = parser.parse_args(argv)
    rendered = render()
    if args.check:
        current = REFERENCE.read_text() if REFERENCE.exists() else ""
        if current != rendered:
            print(f"{REFERENCE} is not the commands' --help: run `{REGENERATE}`", file=sys.stderr)
            return 1
        return 0
    REFERENCE.write_text(rendered)
    print(f"wrote {REFERENCE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
