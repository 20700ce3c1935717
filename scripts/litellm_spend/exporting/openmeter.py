"""OpenMeter: CloudEvents 1.0, sent in batches (application/cloudevents-batch+json).

OpenMeter deduplicates by (source, id), so a resent event is harmless. A 400 refuses
the whole batch without saying which event: the batch is sent again one event at a
time, and an event refused alone is rejected.
"""

from __future__ import annotations

import json
import os

from litellm_spend.exporting.destination import Destination, Outcome, Stop, decimal_text

ENV_ENDPOINT, ENV_KEY = "OPENMETER_API_ENDPOINT", "OPENMETER_API_KEY"
DEFAULT_ENDPOINT = "https://openmeter.cloud"  # as LiteLLM's callback
SOURCE = "litellm-spend"


class OpenMeter(Destination):
    kind = "openmeter"
    max_batch = 100

    def __init__(self, event_type: str, charge_by: str, environ=os.environ, dry_run: bool = False):
        super().__init__(charge_by, event_name=event_type)
        if not dry_run:
            self.url = environ.get(ENV_ENDPOINT, DEFAULT_ENDPOINT).rstrip("/") + "/api/v1/events"
            self.headers = {"Content-Type": "application/cloudevents-batch+json",
                            "Authorization": f"Bearer {self.required(environ, ENV_KEY)}"}

    def event(self, event) -> dict:
        data = {
            "model": event.model or None,
            "cost": decimal_text(event.response_cost),
            "prompt_tokens": event.prompt_tokens,
            "completion_tokens": event.completion_tokens,
            "total_tokens": event.total_tokens,
            "usage_date": event.spend_date.isoformat(),
            "api_key": event.api_key,
        }
        if event.corrected_day:
            data["corrected_day"] = event.corrected_day.isoformat()
        return {"specversion": "1.0", "type": self.event_name, "id": event.event_id, "source": SOURCE,
                "subject": event.subscription, "time": event.rfc3339, "data": data}

    def body(self, events: list) -> bytes:
        return json.dumps([self.event(event) for event in events], separators=(",", ":")).encode()

    def interpret(self, answer, events: list) -> Outcome:
        if 200 <= answer.status < 300:
            return Outcome(delivered={event.event_id: "accepted" for event in events})
        if answer.status in (401, 403):
            raise Stop(f"OpenMeter refused the API key (HTTP {answer.status} from {self.url}): check {ENV_KEY}. "
                       "Nothing more was sent; the recorded events are sent on the next run.")
        if answer.status == 400 and len(events) > 1:
            return Outcome(one_by_one=list(events))
        if answer.status == 400:
            return Outcome(rejected={events[0].event_id: answer.text()})
        raise Stop(f"OpenMeter answered HTTP {answer.status} to a batch of {len(events)} events: {answer.text()}. "
                   "Nothing more was sent; the recorded events are sent on the next run.")
