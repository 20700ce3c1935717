"""The reporting calendar the marts were published in, read from the mart published_days.

A spend_date is a calendar day of a reporting time zone: var reporting_timezone, then the zones
of var reporting_timezone_changes, each from the first day of a month on. Whatever prints a day
as an instant (the report's midnights, the exports' stamps) reads the calendar the days were
built in, not the vars of some later run. The day at a change starts at the previous zone's
midnight and ends at the new zone's next one, as the models count it (DECISIONLOG, time zones).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from litellm_spend import queries
from litellm_spend.warehouse.statements import fetch

DEFAULT_TIMEZONE = "UTC"  # the var's default: what marts published with nothing in them mean


@dataclass(frozen=True)
class Period:
    zone: str
    starts: dt.date | None  # None: from the start
    previous: str | None


class ReportingCalendar:
    """The zone of each day, and the instant each day starts, of the published days."""

    def __init__(self, periods: list[Period]):
        self.periods = sorted(periods, key=lambda p: p.starts or dt.date.min) or [Period(DEFAULT_TIMEZONE, None, None)]

    def _period(self, day: dt.date) -> Period:
        found = [p for p in self.periods if p.starts is None or p.starts <= day]
        return found[-1] if found else self.periods[0]

    def zone(self, day: dt.date) -> ZoneInfo:
        """The zone whose calendar day `day` is."""
        period = self._period(day)
        if period.starts is not None and day < period.starts and period.previous:
            return ZoneInfo(period.previous)
        return ZoneInfo(period.zone)

    def start(self, day: dt.date) -> dt.datetime:
        """The instant `day` starts, aware, in the zone whose midnight it is: the previous zone's
        on the day of a change."""
        period = self._period(day)
        zone = period.previous if period.starts == day and period.previous else self.zone(day).key
        return dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(zone))


def reporting_calendar(conn, marts_schema: str) -> ReportingCalendar:
    """The calendar of the published days (UTC before anything is published)."""
    rows = fetch(conn, queries.load("reporting_calendar", marts=marts_schema))
    return ReportingCalendar([Period(zone, starts, previous) for zone, starts, previous in rows if zone])
