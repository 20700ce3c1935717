"""What every destination is: how it names its events, writes a request, and reads an answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


class Stop(Exception):
    """The run cannot go on (bad settings, a refused key, a destination that keeps failing)."""


def decimal_text(amount: Decimal) -> str:
    """Exact decimal as text, without exponent or trailing zeros: '0.000123', '-4', '0'."""
    text = format(amount.normalize(), "f") if amount else "0"
    return text


@dataclass
class Outcome:
    """What one request achieved, per event id: delivered or rejected (with the reason);
    events to send again at once (`resend`), or one at a time (`one_by_one`)."""
    delivered: dict[str, str] = field(default_factory=dict)
    rejected: dict[str, str] = field(default_factory=dict)
    resend: list = field(default_factory=list)
    one_by_one: list = field(default_factory=list)


class Destination:
    kind = ""
    max_batch = 100
    url = ""
    headers: dict[str, str] = {}

    def __init__(self, charge_by: str, event_name: str):
        self.charge_by, self.event_name = charge_by, event_name

    @staticmethod
    def required(environ, name: str) -> str:
        value = environ.get(name, "")
        if not value:
            raise Stop(f"{name} is not set: export it in the environment (secrets are read from nowhere else).")
        return value

    def body(self, events: list) -> bytes:
        raise NotImplementedError

    def interpret(self, answer, events: list) -> Outcome:
        raise NotImplementedError
