"""POST with retries: 429, 5xx, timeouts and refused connections are tried again
with exponential backoff; every other answer goes back to the caller."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

RETRIED_STATUSES = {429} | set(range(500, 600))
MAX_WAIT_SECONDS = 60.0


@dataclass(frozen=True)
class Retry:
    attempts: int = 6            # tries in all, the first included
    base_wait: float = 1.0       # seconds before the second try; doubled each time after
    timeout: float = 30.0        # seconds for one request


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes

    def json(self):
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            return None

    def text(self, limit: int = 500) -> str:
        return self.body[:limit].decode("utf-8", "replace")


class GaveUp(Exception):
    """The destination kept failing (or never answered) for every try."""


def post(url: str, body: bytes, headers: dict[str, str], retry: Retry, log=print) -> Answer:
    last = ""
    for attempt in range(retry.attempts):
        if attempt:
            wait = min(retry.base_wait * 2 ** (attempt - 1), MAX_WAIT_SECONDS)
            log(f"  {last}; trying again in {wait:g}s ({attempt + 1} of {retry.attempts})")
            time.sleep(wait)
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=retry.timeout) as response:
                return Answer(response.status, response.read())
        except urllib.error.HTTPError as error:
            answer = Answer(error.code, error.read())
            if error.code not in RETRIED_STATUSES:
                return answer
            last = f"HTTP {error.code} {answer.text(120)!r}"
        except (urllib.error.URLError, socket.timeout, ConnectionError, TimeoutError) as error:
            last = f"no answer ({getattr(error, 'reason', error)})"
    raise GaveUp(f"{url} failed {retry.attempts} times; the last: {last}")
