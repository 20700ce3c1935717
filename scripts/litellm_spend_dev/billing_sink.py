"""A loopback HTTP server that accepts every request with 200 and counts what it got:
a stand-in for Lago or OpenMeter when measuring the exports (benchmark.py)."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

from litellm_spend_dev.loopback import LoopbackServer


class BillingSink(LoopbackServer):
    def __init__(self):
        self.requests = 0
        self.bytes = 0
        super().__init__()

    def handler(self) -> type[BaseHTTPRequestHandler]:
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                sink.bytes += len(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                sink.requests += 1
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

        return Handler
