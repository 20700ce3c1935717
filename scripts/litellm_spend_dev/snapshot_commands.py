"""The operator's commands of an output snapshot (litellm_spend_dev.output_snapshot), run with the
snapshotted tree's own Python code (`python -m litellm_spend ...`, PYTHONPATH=<tree>/scripts) in
the built project copy, and what each printed, wrote or sent.

Lago and OpenMeter are loopback stand-ins that accept every batch and keep its body: the events
they received are written sorted, the second Lago export (which must send nothing) beside the first.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from litellm_spend_dev.loopback import LoopbackServer
from litellm_spend_dev.snapshot_files import sorted_json
from litellm_spend_dev.snapshot_scenario import MONTHS, REPORT_DATES

API_KEY = "snapshot-key-not-a-secret"
START, END = REPORT_DATES
WHOLE_RANGE = ["--start-date", START, "--end-date", END]
REPORTS = {  # file name -> arguments of `litellm-spend report`
    "report_teams": WHOLE_RANGE,
    "report_teams_exclude_byok": [*WHOLE_RANGE, "--exclude-byok"],
    "report_customers": [*WHOLE_RANGE, "--group-by", "customer"],
    "report_october_exclude_byok": ["--start-date", "2026-10-01", "--end-date", END, "--exclude-byok"],
}
LAGO = ["export", "lago", "--event-code", "llm_usage", "--charge-by", "team_id", "--allow-negative",
        "--batch-size", "50", "--retry-wait", "0"]
OPENMETER = ["export", "openmeter", "--charge-by", "end_user_id", "--allow-negative", "--batch-size", "50",
             "--retry-wait", "0"]


def lago_env(url: str) -> dict:
    return {"LAGO_API_BASE": url, "LAGO_API_KEY": API_KEY}


def openmeter_env(url: str) -> dict:
    return {"OPENMETER_API_ENDPOINT": url, "OPENMETER_API_KEY": API_KEY}


class RecordingHandler(BaseHTTPRequestHandler):
    """Keeps each POST's path and JSON body in its server's recorder, and answers with its status."""

    recorder: "Recorder"

    def log_message(self, *args):  # quiet: the snapshot keeps what was sent instead
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.recorder.bodies.append((self.path, json.loads(body)))
        answer = b"" if self.recorder.status == 204 else b'{"events": []}'
        self.send_response(self.recorder.status)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


class Recorder(LoopbackServer):
    """Answers every POST as a billing API that stored the batch, and keeps what was sent."""

    def __init__(self, status: int):
        self.status, self.bodies = status, []
        super().__init__()

    def handler(self) -> type[BaseHTTPRequestHandler]:
        return type("Handler", (RecordingHandler,), {"recorder": self})

    def events(self) -> str:
        """Every event received, one JSON line each, sorted, under a line saying how many requests carried them."""
        events = [event for _, body in self.bodies for event in (body["events"] if isinstance(body, dict) else body)]
        lines = sorted(json.dumps(event, sort_keys=True) for event in events)
        paths = sorted({path for path, _ in self.bodies})
        return "\n".join([f"# {len(events)} events in {len(self.bodies)} requests to {paths}", *lines]) + "\n"


class Commands:
    """Runs `litellm-spend` of the tree in the project copy and collects its outputs as text."""

    def __init__(self, tree: Path, warehouse):
        self.tree, self.warehouse = tree, warehouse
        self.outputs: dict[str, str] = {}

    def run(self, name: str, args: list[str], env: dict | None = None, unordered_json: bool = False) -> None:
        """unordered_json: the command prints JSON whose arrays have no defined order; they are sorted."""
        environ = {**self.warehouse.env, "PYTHONPATH": str(self.tree / "scripts"), **(env or {})}
        done = subprocess.run([sys.executable, "-m", "litellm_spend", *args], cwd=self.warehouse.project,
                              env=environ, capture_output=True, text=True, timeout=600)
        stdout = sorted_json(done.stdout) if unordered_json and done.returncode == 0 else done.stdout
        sorted_note = " (JSON, every array sorted)" if stdout is not done.stdout else ""
        self.outputs[f"commands/{name}.txt"] = (f"$ litellm-spend {' '.join(args)}\n# exit {done.returncode}\n"
                                                f"# stdout{sorted_note}\n{stdout}# stderr\n{done.stderr}")

    def file(self, name: str, path: Path) -> None:
        self.outputs[f"commands/{name}"] = path.read_text() if path.exists() else "(not written)\n"

    def reports(self) -> None:
        for name, args in REPORTS.items():
            self.run(name, ["report", *args], unordered_json=True)

    def invoices(self) -> None:
        for month in MONTHS:
            out = self.warehouse.scratch / f"invoice-{month}.csv"
            self.run(f"invoice_{month}", ["invoice", "--month", month, "--csv", str(out)])
            self.file(f"invoice_{month}.csv", out)

    def focus(self) -> None:
        out = self.warehouse.scratch / "focus.csv"
        self.run("export_focus", ["export", "focus", "--start-date", START, "--end-date", END, "--out", str(out)])
        self.file("export_focus.csv", out)

    def billing(self, name: str, args: list[str], status: int, env: Callable[[str], dict]) -> None:
        with Recorder(status) as server:
            self.run(name, args, env(server.url))
        self.outputs[f"commands/{name}.events.jsonl"] = server.events()

    def all(self) -> dict[str, str]:
        self.run("summary", ["summary"])
        self.reports()
        self.invoices()
        self.focus()
        self.billing("export_lago_first", LAGO, 200, lago_env)
        self.billing("export_lago_again", LAGO, 200, lago_env)
        self.billing("export_openmeter", OPENMETER, 204, openmeter_env)
        return self.outputs
