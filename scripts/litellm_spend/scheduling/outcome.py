"""What a scheduled run prints at the end: one line from dbt's run_results.json and sources.json."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from litellm_spend.money import dollars

MARTS = ("model.litellm_spend.billable_spend_daily", "model.litellm_spend.budget_spend_daily")


def read_results(path: Path) -> list[dict]:
    try:
        return json.loads(path.read_text())["results"]
    except (OSError, ValueError, KeyError):
        return []


def healed(rows: list[tuple]) -> str:
    """'; healed late rows: 2026-10-02 (12 rows, $3.40), ...' for the days this run found late rows on."""
    if not rows:
        return ""
    days = ", ".join(f"{day} ({count} rows, {dollars(spend)})" for day, count, spend in rows)
    return f"; healed late rows: {days}"


def publish_note(build_results: list[dict], ok: bool) -> str:
    """What a failed run did to what consumers read: nothing, when the marts were not built."""
    if ok:
        return ""
    marts = {r["unique_id"]: r["status"] for r in build_results if r["unique_id"] in MARTS}
    if all(marts.get(mart) in (None, "skipped") for mart in MARTS):
        return "; nothing was published (the marts hold the last good run): fix what the failure above names, then run again"
    return "; the marts were rebuilt but a check after publishing failed: see the failures above"


def summarize(build_results: list[dict], freshness_results: list[dict], seconds: float) -> tuple[str, bool]:
    statuses = Counter(r["status"] for r in build_results)
    freshness = Counter(r["status"] for r in freshness_results)
    failed = statuses["error"] + statuses["fail"] + statuses["runtime error"] + freshness["error"] + freshness["runtime error"]
    ok = failed == 0 and bool(build_results)
    kinds = Counter(r["unique_id"].split(".")[0] for r in build_results)
    line = (
        f"scheduled run {'OK' if ok else 'FAILED'}: "
        f"{kinds['model']} models, {kinds['test']} tests, {kinds['seed']} seeds; "
        f"{statuses['success'] + statuses['pass']} ok, {statuses['warn']} warn, "
        f"{statuses['error'] + statuses['fail'] + statuses['runtime error']} failed, {statuses['skipped']} skipped; "
        f"freshness {dict(freshness) or 'not checked'}; {seconds:.1f}s"
    )
    return line, ok
