"""The reporting time zone the marts were published in, read from the mart published_days.

A spend_date is a calendar day of that zone (var reporting_timezone), so whatever prints a day
as an instant (the report's midnights, the exports' stamps) reads the zone the days were built
in, not the var of some later run.
"""

from __future__ import annotations

from litellm_spend import queries
from litellm_spend.warehouse.statements import fetch

DEFAULT_TIMEZONE = "UTC"  # the var's default: what marts published with nothing in them mean


def published_timezone(conn, marts_schema: str) -> str:
    """The IANA name of the zone of the published days ('UTC' before anything is published)."""
    rows = fetch(conn, queries.load("published_timezone", marts=marts_schema))
    return rows[0][0] if rows and rows[0][0] else DEFAULT_TIMEZONE
