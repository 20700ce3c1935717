"""Lago: batch events (POST /api/v1/events/batch, at most 100 a request).

A 422 rejects the whole batch and Lago stores none of it (its Postgres event store
rolls the batch back). Its error_details name each refused event by index: an event
refused only as `value_already_exist` was delivered before; any other error rejects
that event; the rest are sent again without them.
"""

from __future__ import annotations

import json

from litellm_spend.exporting.destination import Destination, Outcome, Stop

ENV_BASE, ENV_KEY = "LAGO_API_BASE", "LAGO_API_KEY"
ALREADY_SENT = "value_already_exist"


class Lago(Destination):
    kind = "lago"

    def endpoint(self, environ):
        return (self.required(environ, ENV_BASE).rstrip("/") + "/api/v1/events/batch",
                {"Content-Type": "application/json", "Authorization": f"Bearer {self.required(environ, ENV_KEY)}"})

    def event(self, event) -> dict:
        return {"transaction_id": event.event_id, "external_subscription_id": event.subscription,
                "code": self.event_name, "timestamp": event.unix_seconds,
                "properties": self.usage_fields(event, "response_cost")}

    def body(self, events: list) -> bytes:
        return json.dumps({"events": [self.event(event) for event in events]}, separators=(",", ":")).encode()

    def interpret(self, answer, events: list) -> Outcome:
        if 200 <= answer.status < 300:
            return Outcome(delivered={event.event_id: "accepted" for event in events})
        if answer.status == 401:
            raise Stop(f"Lago refused the API key (HTTP 401 from {self.url}): check {ENV_KEY}. "
                       "Nothing more was sent; the recorded events are sent on the next run.")
        details = (answer.json() or {}).get("error_details") if answer.status == 422 else None
        flagged = {int(index): errors for index, errors in (details or {}).items()
                   if str(index).isdigit() and int(index) < len(events)}
        if not flagged:
            raise Stop(f"Lago answered HTTP {answer.status} to a batch of {len(events)} events: {answer.text()}. "
                       "Nothing more was sent; the recorded events are sent on the next run.")
        outcome = Outcome()
        for index, event in enumerate(events):
            errors = flagged.get(index)
            if errors is None:
                outcome.resend.append(event)
            elif all(messages == [ALREADY_SENT] for messages in errors.values()):
                outcome.delivered[event.event_id] = "already in Lago (value_already_exist)"
            else:
                outcome.rejected[event.event_id] = json.dumps(errors, sort_keys=True)
        return outcome
