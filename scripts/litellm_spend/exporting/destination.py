"""What every destination is: how it names its events, writes a request, and reads an answer."""

from __future__ import annotations

from dataclasses import dataclass, field

from litellm_spend.money import exact


class Stop(Exception):
    """The run cannot go on (bad settings, a refused key, a destination that keeps failing)."""


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
    url = ""
    headers: dict[str, str] = {}

    def __init__(self, charge_by: str, event_name: str, environ, dry_run: bool = False):
        self.charge_by, self.event_name = charge_by, event_name
        if not dry_run:  # a dry run sends nothing, so it needs no secret
            self.url, self.headers = self.endpoint(environ)

    def endpoint(self, environ) -> tuple[str, dict[str, str]]:
        """The URL and headers of a request, from the environment."""
        raise NotImplementedError

    @staticmethod
    def usage_fields(event, cost_key: str) -> dict:
        """What every destination says of the usage: model, exact cost, tokens, the bill key's
        day and key, and the corrected day when stamped in a later month's invoice."""
        fields = {
            "model": event.model or None,
            cost_key: exact(event.response_cost),
            "prompt_tokens": event.prompt_tokens,
            "completion_tokens": event.completion_tokens,
            "total_tokens": event.total_tokens,
            "usage_date": event.spend_date.isoformat(),
            "api_key": event.api_key,
        }
        if event.corrected_day:
            fields["corrected_day"] = event.corrected_day.isoformat()
        return fields

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
