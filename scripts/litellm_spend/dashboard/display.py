"""Figures as text, and the one rounding rule the dashboard uses (written by money.py).

Money is Decimal end to end. It shows as dollars and cents rounded half-up ($0.125 shows as
$0.13), or, with "Exact amounts" on, with every digit the mart holds ($0.125). Formatting
never goes through a float, and never through Decimal's own default rounding (half-even,
which would show $0.125 as $0.12). Each table cell also carries the exact amount in its
data-exact attribute and its tooltip. A missing figure shows as NONE.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from litellm_spend.money import cents, dollars_half_up, exact

NONE = "—"


def usd(amount: Decimal | None, exact_digits: bool = False) -> str:
    """'$1,234.57' (half-up cents) or, exact_digits, '$1,234.5678'; '-$3.00' below zero."""
    return NONE if amount is None else dollars_half_up(amount, exact_digits)


def percent(share: Decimal | None, exact_digits: bool = False) -> str:
    """A share (0.875) as '87.50%' (half-up) or, exact_digits, '87.5%'."""
    if share is None:
        return NONE
    hundredths = Decimal(share) * 100
    return (exact(hundredths) if exact_digits else format(cents(hundredths), "f")) + "%"


def count(value: int | None) -> str:
    return NONE if value is None else f"{int(value):,}"


def day(value: dt.date | None) -> str:
    return NONE if value is None else value.isoformat()


def instant(value: dt.datetime | None) -> str:
    """A timestamp (UTC wall time): its day alone at midnight, else to the minute (or second)."""
    if value is None:
        return NONE
    if value.time() == dt.time():
        return value.date().isoformat()
    return value.strftime("%Y-%m-%d %H:%M" if value.second == 0 and value.microsecond == 0 else "%Y-%m-%d %H:%M:%S")


def text(value) -> str:
    return NONE if value is None or value == "" else str(value)
