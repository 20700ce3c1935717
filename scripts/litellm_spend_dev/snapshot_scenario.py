"""The fixed scenario of an output snapshot (litellm_spend_dev.output_snapshot): what is loaded
and built, in order, on fixed dates, so that nothing it outputs depends on the day it runs.

Generated traffic (the generator's quirks: re-delivered duplicates, raw keys, odd model groups,
day-boundary requests, the BYOK teams' own deployments) over Sep 6 - Oct 20, 2026, a few
hand-written hostile rows, and team and key budgets (budget_tables); three builds:

1. a full build as of Oct 25: September closes and is issued, October is a draft;
2. late rows into September and October, re-deliveries, a request moved to another day, a
   new day and new budgets, then a plain (incremental) build;
3. a catalog edit and team-owned deployments, turning September requests BYOK
   (adjustment lines), then a build as of Nov 5, which closes October.
"""

from __future__ import annotations

import datetime as dt
import math

from litellm_spend_dev.proxy_model_table import deployment_row

END_DATE, DAYS, SEED, ROWS = dt.date(2026, 10, 20), 45, 2025, 3000
FIRST_AS_OF, LAST_AS_OF = "2026-10-25", "2026-11-05"
MONTHS = ["2026-09", "2026-10", "2026-11"]
REPORT_DATES = ("2026-09-01", "2026-10-31")
CATALOG_COLUMNS = ["model_group", "model_id", "team_id", "is_byok", "valid_from", "valid_to", "provider", "notes"]
# Makes something BYOK before the first build: Acme's gpt-4o-mini for a week of October.
FIRST_CATALOG_EDIT = ["gpt-4o-mini", "", "team-acme", "true", "2026-10-01", "2026-10-08", "openai",
                      "Acme's own OpenAI key for a week"]
# After September is issued: team-01's claude-haiku-4 is BYOK from mid-September on.
LATER_CATALOG_EDIT = ["claude-haiku-4", "", "team-01", "true", "2026-09-15", "", "anthropic",
                      "Platform brings its own Anthropic key"]
# After September is issued: the operator's Llama deployment becomes team-02's own, and the
# deployment a September request of team-hand used is stored for the first time, as its own.
DEPLOYMENT_CHANGES = [deployment_row("dep-llama-3.1-70b-1", "llama-3.1-70b", "team-02", "bedrock/meta.llama3-1-70b"),
                      deployment_row("dep-hand-own", "gpt-4o", "team-hand")]


def row(request_id: str, start: str, spend: float, **columns) -> dict:
    """A hand-written row; created and updated when it started (never the clock)."""
    return {"request_id": request_id, "call_type": "acompletion", "api_key": "key-hand", "spend": spend,
            "prompt_tokens": 10, "completion_tokens": 20, "total_tokens": 30, "startTime": start, "endTime": start,
            "model": "gpt-4o", "model_group": "gpt-4o", "team_id": "team-hand", "end_user": "cust-hand",
            "status": "success", "cache_hit": "False", "created_at": start, "updated_at": start,
            "metadata": {"user_api_key_alias": "hand-alias", "user_api_key_team_alias": "Hand Team"}, **columns}


HAND_ROWS = [
    row("hand-ok", "2026-09-10 10:00:00", 0.1),
    row("hand-group-spaces", "2026-09-10 11:00:00", 0.2, model_group=" GPT-4o "),
    row("hand-group-empty", "2026-09-10 12:00:00", 0.3, model_group=""),
    row("hand-raw-key", "2026-09-11 09:00:00", 0.02, api_key="sk-hand-raw-key"),
    row("hand-teamless", "2026-09-11 10:00:00", 0.01, team_id=None, end_user=None, api_key=""),
    row("hand-failure", "2026-09-12 10:00:00", 0.0, status="failure", completion_tokens=0, total_tokens=10),
    row("hand-midnight", "2026-09-30 23:59:59.999", 0.4),
    row("hand-own-deployment", "2026-09-15 10:00:00", 0.5, model_id="dep-hand-own"),
    row("hand-nan", "2026-09-13 10:00:00", math.nan),
    row("hand-negative", "2026-09-13 11:00:00", -0.5),
    row("", "2026-09-13 12:00:00", 0.9),
    row("hand-huge", "2026-09-13 13:00:00", 1e20),
    row("hand-above-max", "2026-09-13 14:00:00", 10000.01),
    row("hand-1970", "1970-01-01 00:00:00", 0.3),
]
LATE_ROWS = [row("hand-late-september", "2026-09-20 10:00:00", 0.25, created_at="2026-10-21 09:00:00",
                 updated_at="2026-10-21 09:00:00")]
# A request re-delivered with a new start time: it moves from October 19 to 20.
MOVED = ("""update public."LiteLLM_SpendLogs" set "startTime" = '2026-10-20 00:30:00',"""
         """ "endTime" = '2026-10-20 00:30:00' where request_id = 'hand-moved'""")
TO_MOVE = row("hand-moved", "2026-10-19 23:30:00", 0.75)
# Rows delivered again: an ordinary one and the midnight one (a warehouse copy keeps both).
REDELIVERED = "request_id in ('hand-ok', 'hand-midnight')"


def append_catalog(project, line: list[str]) -> None:
    path = project / "seeds" / "model_catalog.csv"
    text = path.read_text()
    path.write_text(text + ("" if text.endswith("\n") else "\n") + ",".join(line) + "\n")


def first_batch(warehouse) -> None:
    source = warehouse.source
    source.generate(rows=ROWS, days=DAYS, end_date=END_DATE, seed=SEED, with_deployments=True)
    source.insert(HAND_ROWS + [TO_MOVE])
    source.budgets()
    append_catalog(warehouse.project, FIRST_CATALOG_EDIT)


def second_batch(warehouse) -> None:
    source = warehouse.source
    # Late rows across September (issued) and October, then a new day.
    source.generate(rows=150, days=40, end_date=END_DATE - dt.timedelta(days=5), seed=SEED + 1, id_offset=100_000)
    source.generate(rows=120, days=1, end_date=END_DATE + dt.timedelta(days=1), seed=SEED + 2, id_offset=200_000)
    source.insert(LATE_ROWS)
    source.redeliver(REDELIVERED)
    source.execute(MOVED)
    source.budgets()  # new limits and reset days: new versions in the budget history


def third_batch(warehouse) -> None:
    append_catalog(warehouse.project, LATER_CATALOG_EDIT)
    warehouse.source.save_deployments(DEPLOYMENT_CHANGES)


# dbt's unit tests read their own inputs, not the warehouse: they run in the first build only (as
# the suite runs them), which saves a third of each later build.
LATER = ["build", "--exclude-resource-type", "unit_test"]
STEPS = [  # (label, change to the source or the catalog, dbt build arguments, invoice_as_of)
    ("batch 1", first_batch, ["build"], FIRST_AS_OF),
    ("batch 2", second_batch, LATER, FIRST_AS_OF),
    ("batch 3", third_batch, LATER, LAST_AS_OF),
]


def run(warehouse, clock, timezone: str = "UTC") -> None:
    """Loads each batch and builds, every step timed by the clock (its stamps are masked)."""
    for number, (label, change, build, as_of) in enumerate(STEPS, start=1):
        dbt_vars = {"invoice_as_of": as_of, "reporting_timezone": timezone}
        with clock.step(label):
            change(warehouse)
            warehouse.before_build(dbt_vars)
        with clock.step(f"build {number}"):
            warehouse.dbt(*build, dbt_vars=dbt_vars)
