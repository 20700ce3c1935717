"""OpenMeter: CloudEvents 1.0, sent in batches (application/cloudevents-batch+json).

OpenMeter deduplicates by (source, id), so a resent event is harmless. A 400 refuses
the whole batch without saying which event: the batch is sent again one event at a
time, and an event refused alone is rejected.
"""

from __future__ import annotations

import json

from litellm_spend.exporting.destination import Destination, Outcome, Stop

ENV_ENDPOINT, ENV_KEY = "OPENMETER_API_ENDPOINT", "OPENMETER_API_KEY"
DEFAULT_ENDPOINT = "https://openmeter.cloud"  # as LiteLLM's callback
SOURCE = "litellm-spend"


class OpenMeter(Destination):
    kind = "openmeter"

    def endpoint(self, environ):
        return (environ.get(ENV_ENDPOINT, DEFAULT_ENDPOINT).rstrip("/") + "/api/v1/events",
                {"Content-Type": "application/cloudevents-batch+json",
                 "Authorization": f"Bearer {self.required(environ, ENV_KEY)}"})

    def event(self, event) -> dict:
        return {"specversion": "1.0", "type": self.event_name, "id": event.event_id, "source": SOURCE,
                "subject": event.subscription, "time": event.rfc3339, "data": self.usage_fields(event, "cost")}

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
