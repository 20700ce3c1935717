"""JSON as LiteLLM's spend report writes it: days as ISO timestamps with their UTC offset,
money as JSON numbers. The numbers here are exact decimals, written out in full rather than
through a float, so no cent changes on the way out."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from litellm_spend.money import exact


def day_start(day: dt.date, calendar) -> str:
    """Midnight of a spend_date in its reporting time zone (a ReportingCalendar): 2026-10-01T00:00:00+00:00
    in UTC, as LiteLLM prints its UTC days; 2026-10-01T00:00:00-07:00 in Los Angeles in October."""
    return calendar.start(day).isoformat()


def dumps(value) -> str:
    if isinstance(value, Decimal):
        return exact(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(key))}: {dumps(item)}" for key, item in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(dumps(item) for item in value) + "]"
    return json.dumps(value)
