"""Days and months given on the command line: one parser, three shapes.

report and invoice read their dates as LiteLLM does (strptime: 2026-10-1 is a date too) and
stop with the command's name; export's are ISO 8601 (date.fromisoformat), checked by argparse.
"""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Shape:
    noun: str                # what the value must be: "date", "month"
    written: str             # how to write it: "YYYY-MM-DD"
    strptime: str | None     # its strptime format; None: ISO 8601


LITELLM_DAY = Shape("date", "YYYY-MM-DD", "%Y-%m-%d")
MONTH = Shape("month", "YYYY-MM", "%Y-%m")
ISO_DAY = Shape("date", "YYYY-MM-DD", None)


def parse(value: str, shape: Shape) -> dt.date:
    """The day (a month: its first day); ValueError("'x' is not a date; write YYYY-MM-DD")."""
    try:
        if shape.strptime is None:
            return dt.date.fromisoformat(value)
        return dt.datetime.strptime(value, shape.strptime).date()
    except ValueError:
        raise ValueError(f"{value!r} is not a {shape.noun}; write {shape.written}") from None


def option(command: str, name: str, value: str, shape: Shape) -> dt.date:
    """An option's value parsed, or the command stops: 'litellm-spend report: --end-date ...'."""
    try:
        return parse(value, shape)
    except ValueError as error:
        raise SystemExit(f"litellm-spend {command}: {name} {error}") from None


def iso_day(value: str) -> dt.date:
    """An argparse type: the ISO 8601 day, or argparse's usage error."""
    try:
        return parse(value, ISO_DAY)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
