"""Fake Lago and OpenMeter ingest servers on loopback, started and stopped by the tests.

Lago behaves as its Postgres event store does (billing-apis.md, section 2): a batch of
at most 100 events is stored whole or not at all; a transaction_id already stored for
the subscription, or repeated in the batch, fails the whole batch with 422
`value_already_exist` for that event's index, beside any other event's errors.
OpenMeter stores CloudEvents deduplicated by (source, id) and answers 204.
Both can be told to answer the next requests with given statuses (500, 429), to
reject some events, and to hold the answer to a batch they stored (so a test can
kill the client while it waits).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from decimal import Decimal
from http.server import BaseHTTPRequestHandler

from litellm_spend_dev.loopback import LoopbackServer

API_KEY = "test-key-not-a-secret"


class FakeServer(LoopbackServer):
    path = ""

    def __init__(self):
        self.stored: dict[tuple[str, str], dict] = {}
        self.requests: list[dict] = []
        self.next_statuses: list[int] = []
        self.reject: Callable[[dict], dict | None] = lambda event: None
        self.hold_after_batch: int | None = None   # the n-th stored batch (1-based) holds its answer
        self.stored_batches = 0
        self.holding = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()
        super().__init__()

    def __exit__(self, *exc):
        self.release.set()
        super().__exit__(*exc)

    def clear_log(self) -> None:
        self.requests.clear()

    def handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with fake.lock:
                    fake.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                    if self.path != fake.path:
                        status, answer = 404, {"error": "not found"}
                    elif self.headers.get("Authorization") != f"Bearer {API_KEY}":
                        status, answer = 401, {"status": 401, "error": "Unauthorized"}
                    elif fake.next_statuses:
                        status, answer = fake.next_statuses.pop(0), {"error": "scripted failure"}
                    else:
                        status, answer = fake.ingest(self.headers, json.loads(body))
                    hold = status < 300 and fake.stored_batches == fake.hold_after_batch
                if hold:
                    fake.holding.set()
                    fake.release.wait(60)
                payload = b"" if answer is None else json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        return Handler

    def ingest(self, headers, payload) -> tuple[int, dict | None]:
        raise NotImplementedError


class FakeLago(FakeServer):
    path = "/api/v1/events/batch"

    def ingest(self, headers, payload):
        events = payload.get("events") or []
        if not events:
            return 422, {"status": 422, "error": "Unprocessable Entity", "code": "no_events"}
        if len(events) > 100:
            return 422, {"status": 422, "error": "Unprocessable Entity", "code": "too_many_events"}
        details, seen = {}, set()
        for index, event in enumerate(events):
            errors = {}
            key = (event["external_subscription_id"], event["transaction_id"])
            if key in self.stored or key in seen:
                errors["transaction_id"] = ["value_already_exist"]
            seen.add(key)
            if not isinstance(event.get("timestamp"), (int, float)):
                errors["timestamp"] = ["invalid_format"]
            errors.update(self.reject(event) or {})
            if errors:
                details[str(index)] = errors
        if details:
            return 422, {"status": 422, "error": "Unprocessable Entity", "code": "validation_errors",
                         "error_details": details, "error_extra": {}}
        for event in events:
            self.stored[(event["external_subscription_id"], event["transaction_id"])] = event
        self.stored_batches += 1
        return 200, {"events": [{"lago_id": event["transaction_id"], **event} for event in events]}

    def cost(self, event: dict) -> Decimal:
        return Decimal(event["properties"]["response_cost"])


class FakeOpenMeter(FakeServer):
    path = "/api/v1/events"

    def ingest(self, headers, payload):
        if headers.get("Content-Type") != "application/cloudevents-batch+json" or not isinstance(payload, list):
            return 400, {"title": "bad request", "detail": "expected a CloudEvents batch"}
        for event in payload:
            missing = [name for name in ("specversion", "id", "source", "type", "subject", "time")
                       if not event.get(name)]
            problem = self.reject(event)
            if missing or event.get("specversion") != "1.0" or problem:
                return 400, {"title": "bad request", "detail": problem or f"missing {missing}"}
        for event in payload:
            self.stored.setdefault((event["source"], event["id"]), event)
        self.stored_batches += 1
        return 204, None

    def cost(self, event: dict) -> Decimal:
        return Decimal(event["data"]["cost"])
