"""Figures as text, and the one rounding rule the dashboard uses.

Money is Decimal end to end. It shows as dollars and cents rounded half-up ($0.125 shows as
$0.13), or, with "Exact amounts" on, with every digit the mart holds ($0.125). Formatting
never goes through a float, and never through Decimal's own default rounding (half-even,
which would show $0.125 as $0.12). Each table cell also carries the exact amount in its
data-exact attribute and its tooltip.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
NONE = "—"


def cents(amount: Decimal) -> Decimal:
    """The amount rounded to cents, half-up."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def exact(amount: Decimal) -> str:
    """Every significant digit, no exponent, no trailing zeros: '0.125', '1024', '-3.5'."""
    text = format(Decimal(amount).normalize(), "f")
    return "0" if text in ("-0", "") else text


def usd(amount: Decimal | None, exact_digits: bool = False) -> str:
    """'$1,234.57' (half-up cents) or, exact_digits, '$1,234.5678'; '-$3.00' below zero."""
    if amount is None:
        return NONE
    amount = Decimal(amount)
    digits = exact(amount) if exact_digits else format(cents(amount), "f")
    sign = "-" if digits.startswith("-") and Decimal(digits) != 0 else ""
    whole, _, fraction = digits.lstrip("-").partition(".")
    return f"{sign}${int(whole):,}" + (f".{fraction}" if fraction else "")


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
