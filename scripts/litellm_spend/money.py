"""Money as text: the one module that writes an amount. Decimal end to end, never a float.

    exact(Decimal("0.125000"))         '0.125'     every digit the warehouse holds (CSV, JSON, events)
    dollars(Decimal("-1234.565"))      '-$1,234.56' cents as Python rounds them (half-even): printed lines
    dollars_half_up(Decimal("0.125"))  '$0.13'     cents rounded half-up: the dashboard
    dollars_half_up(Decimal("0.125"), exact_digits=True)   '$0.125'
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def exact(amount: Decimal) -> str:
    """Every significant digit, no exponent, no trailing zeros: '0.000123', '1024', '-3.5', '0'."""
    text = format(Decimal(amount).normalize(), "f")
    return "0" if text in ("-0", "") else text


def cents(amount: Decimal) -> Decimal:
    """The amount rounded to cents, half-up."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def dollars(amount: Decimal) -> str:
    """'$1,234.57', '-$3.00' below zero: cents as format() rounds them (half-even)."""
    return f"-${-amount:,.2f}" if amount < 0 else f"${amount:,.2f}"


def dollars_half_up(amount: Decimal, exact_digits: bool = False) -> str:
    """'$1,234.57' (cents rounded half-up) or, exact_digits, '$1,234.5678'; '-$3.00' below zero,
    and no minus on what rounds to zero."""
    amount = Decimal(amount)
    digits = exact(amount) if exact_digits else format(cents(amount), "f")
    sign = "-" if digits.startswith("-") and Decimal(digits) != 0 else ""
    whole, _, fraction = digits.lstrip("-").partition(".")
    return f"{sign}${int(whole):,}" + (f".{fraction}" if fraction else "")
