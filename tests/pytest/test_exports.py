"""Usage-billing exports: Lago and OpenMeter exactly once, never BYOK; FOCUS files (issue 14).

One scenario per adapter, on fixed dates, exports run against fake Lago and OpenMeter
servers on loopback (fake_billing_servers.py) after each build:

1. January and early February, built as of 2026-02-04: January is issued, February is a
   draft. Exports: Lago by team (--allow-negative), Lago by team without it
   (destination lago-manual), OpenMeter by customer.
2. Then a January row arrives late, a catalog edit makes team-b's gpt-4o BYOK from
   January 22 (an issued request, and a February request already sent), a February row
   arrives before February closes, and a March day. February closes (as of March 4) in a
   `dbt build --full-refresh`: the ledger, which dbt never builds, survives it. The same
   exports run again, twice.

Every spend is a distinct power of two, so each total names exactly the requests in it.
Expected figures are worked out by hand below, and checked against an independent
computation from the raw rows (billing_oracle) and against the invoices.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import signal
import subprocess
from collections import defaultdict
from decimal import Decimal
from unittest import mock

import pytest

from billing_oracle import accepted_requests, is_byok
from conftest import LITELLM_SPEND
from fake_billing_servers import API_KEY, FakeLago, FakeOpenMeter
from litellm_spend import cli
from spend_log_fixtures import row

JAN, FEB, MAR = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)
CATALOG = [
    {"model_group": "gpt-4o", "is_byok": "false"},
    {"model_group": "mistral-large", "is_byok": "true"},
]
CATALOG_EDITED = CATALOG + [{"model_group": "gpt-4o", "team_id": "team-b", "is_byok": "true",
                             "valid_from": "2026-01-22"}]


def request(request_id: str, start: str, spend: int, team_id: str | None, **columns) -> dict:
    customer = {"team-a": "cust-1", "team-b": "cust-2", "team-c": "cust-1"}.get(team_id)
    key = {"team-b": "key-b"}.get(team_id, "key-a")
    return row(request_id, start, float(spend), team_id=team_id, end_user=customer, api_key=key,
               prompt_tokens=spend, completion_tokens=0, total_tokens=spend, **columns)


FIRST_ROWS = [
    request("j1", "2026-01-10 10:00:00", 1, "team-a"),
    request("j2", "2026-01-11 10:00:00", 2, "team-a", model_group="mistral-large", model="mistral-large"),
    request("j3", "2026-01-20 10:00:00", 4, "team-b"),
    request("j4", "2026-01-25 10:00:00", 8, "team-b"),
    request("j5", "2026-01-28 10:00:00", 16, None),
    request("f1", "2026-02-03 10:00:00", 32, "team-a"),
    request("f2", "2026-02-10 10:00:00", 64, "team-b"),
    # key-a, moved to team-c: billed to the team that made the request
    request("f4", "2026-02-05 10:00:00", 2048, "team-c"),
]
SECOND_ROWS = [
    request("j6", "2026-01-05 10:00:00", 256, "team-a"),   # late: January is issued
    request("f3", "2026-02-27 10:00:00", 1024, "team-a"),  # before February closes
    request("m1", "2026-03-02 10:00:00", 128, "team-a"),
]
EVERY_ROW = FIRST_ROWS + SECOND_ROWS

# Hand-worked: what each month's invoice bills per team, and so what Lago must hold per
# subscription and month (the timestamps), after each stage. Unassigned (j5, 16) is never sent.
LAGO_BY_MONTH = {
    "first": {("team-a", JAN): 1, ("team-b", JAN): 4 + 8, ("team-a", FEB): 32, ("team-b", FEB): 64,
              ("team-c", FEB): 2048},
    "second": {("team-a", JAN): 1, ("team-b", JAN): 4 + 8,
               # f3 reached the marts before February closed: its issued usage; f2 turned BYOK
               # before the close: February's invoice never billed it, so its event is reversed there.
               ("team-a", FEB): 32 + 1024, ("team-b", FEB): 64 - 64, ("team-c", FEB): 2048,
               # March bills its usage and the adjustments to January: the late j6, and j4 turned BYOK.
               ("team-a", MAR): 128 + 256, ("team-b", MAR): -8},
}


def export(project, *args: str, env: dict | None = None) -> tuple[int, str]:
    """`litellm-spend export ...` in this process, as run in the project with its environment."""
    printed = io.StringIO()
    environ = {**project.dbt_env(), **(env or {})}
    with mock.patch.dict(os.environ, environ), contextlib.chdir(project.path), \
            contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        code = cli.main(["export", *args, "--target", project.adapter])
    return code, printed.getvalue()


def lago_env(server) -> dict:
    return {"LAGO_API_BASE": server.url, "LAGO_API_KEY": API_KEY}


def lago(project, server, *args: str, destination: str = "lago") -> tuple[int, str]:
    return export(project, "lago", "--event-code", "llm_usage", "--charge-by", "team_id",
                  "--destination", destination, "--batch-size", "2", "--retry-wait", "0", *args,
                  env=lago_env(server))


def openmeter(project, server, *args: str) -> tuple[int, str]:
    return export(project, "openmeter", "--charge-by", "end_user_id", "--batch-size", "3", "--retry-wait", "0",
                  *args, env={"OPENMETER_API_ENDPOINT": server.url, "OPENMETER_API_KEY": API_KEY})


def lago_events(server) -> list[dict]:
    return list(server.stored.values())


def sent_by_month(server) -> dict[tuple, Decimal]:
    """Lago's sum of response_cost per subscription and month of the event's timestamp (UTC)."""
    sums: dict[tuple, Decimal] = defaultdict(Decimal)
    for event in lago_events(server):
        month = dt.datetime.fromtimestamp(event["timestamp"], dt.timezone.utc).date().replace(day=1)
        sums[(event["external_subscription_id"], month)] += server.cost(event)
    return {key: value for key, value in sums.items()}


def net_by_bill_key(events: list[dict], cost, subject: str, day: str) -> dict[tuple, Decimal]:
    sums: dict[tuple, Decimal] = defaultdict(Decimal)
    for event in events:
        data = event.get("properties") or event.get("data")
        sums[(event[subject], data[day], data["api_key"], data["model"])] += cost(event)
    return {key: value for key, value in sums.items() if value}


def billable_oracle(rows: list[dict], catalog: list[dict], subscription: str) -> dict[tuple, Decimal]:
    """Billable spend per bill key computed from the raw rows by the independent oracle."""
    models = {r["request_id"]: r["model"] for r in rows}
    requests, _, _ = accepted_requests(rows)
    sums: dict[tuple, Decimal] = defaultdict(Decimal)
    for req in requests:
        if not is_byok(req, catalog) and req[subscription] != "unassigned":
            sums[(req[subscription], req["spend_date"].isoformat(), req["api_key"], models[req["request_id"]])] \
                += req["spend"]
    return {key: value for key, value in sums.items() if value}


def invoice_totals(project) -> dict[tuple, Decimal]:
    rows = project.query(f"select team_id, invoice_month, sum(billable_spend) from {project.relation('invoice_lines')}"
                         " group by team_id, invoice_month")
    return {(team, month): Decimal(total) for team, month, total in rows if team != "unassigned" and total}


def ledger(project, destination: str) -> list[dict]:
    columns = ["event_id", "subscription", "spend_date", "revision", "invoice_month", "response_cost", "status"]
    rows = project.query(f"select {', '.join(columns)} from spend_exports.export_ledger "
                         f"where destination = '{destination}' order by event_id")
    return [dict(zip(columns, values)) for values in rows]


def integers(sums: dict) -> dict:
    return {key: int(value) for key, value in sums.items() if value}


def export_everywhere(project, lago_server, manual_server, openmeter_server) -> dict:
    """The scenario's three exports after a build, and what Lago and the invoices then hold."""
    requests_before = len(lago_server.requests)
    return {
        "lago": lago(project, lago_server, "--allow-negative"),
        "manual": lago(project, manual_server, destination="lago-manual"),
        "openmeter": openmeter(project, openmeter_server, "--allow-negative"),
        "lago_by_month": sent_by_month(lago_server),
        "invoices": invoice_totals(project),
        "lago_events": lago_events(lago_server),
        "events_sent": sum(len(json.loads(r["body"])["events"]) for r in lago_server.requests[requests_before:]),
    }


def requests_made(servers, action) -> tuple[list, int]:
    before = sum(len(server.requests) for server in servers)
    results = action()
    return results, sum(len(server.requests) for server in servers) - before


@pytest.fixture(scope="module")
def scenario(module_project):
    project = module_project
    project.source_schema = "public"
    states: dict[str, dict] = {}
    with FakeLago() as lago_server, FakeLago() as manual_server, FakeOpenMeter() as openmeter_server:
        servers = (lago_server, manual_server, openmeter_server)
        project.write_catalog(CATALOG)
        project.load_rows(FIRST_ROWS)
        project.build(extra_vars={"invoice_as_of": "2026-02-04"})
        states["first"] = export_everywhere(project, *servers)
        states["first"]["reruns"], states["first"]["rerun_requests"] = requests_made(
            servers, lambda: [lago(project, lago_server, "--allow-negative")])

        project.load_rows(SECOND_ROWS)
        project.write_catalog(CATALOG_EDITED)
        project.build("--full-refresh", extra_vars={"invoice_as_of": "2026-03-04"})
        states["second"] = export_everywhere(project, *servers)
        states["second"]["reruns"], states["second"]["rerun_requests"] = requests_made(
            servers, lambda: [lago(project, lago_server, "--allow-negative"),
                              lago(project, manual_server, destination="lago-manual"),
                              openmeter(project, openmeter_server, "--allow-negative")])
        states["openmeter_events"] = list(openmeter_server.stored.values())
        states["openmeter_requests"] = openmeter_server.requests[:]
        states["manual_events"] = lago_events(manual_server)
    return project, states


def test_lago_holds_each_months_invoice_per_subscription(scenario):
    project, states = scenario
    for stage in ("first", "second"):
        assert states[stage]["lago"][0] == 0, states[stage]["lago"][1]
        assert integers(states[stage]["lago_by_month"]) == {k: v for k, v in LAGO_BY_MONTH[stage].items() if v}
        assert integers(states[stage]["lago_by_month"]) == integers(states[stage]["invoices"])
    assert "never sent, no team_id: $16.00 over 1 billable requests" in states["second"]["lago"][1]


def test_the_total_delivered_is_the_billable_mart_less_unassigned_usage(scenario):
    project, states = scenario
    billable = sum((r["spend"] for r in project.mart("billable_spend_daily")), Decimal(0))
    assert billable == 1 + 4 + 16 + 32 + 2048 + 256 + 1024 + 128  # j4 and f2 turned BYOK
    delivered = sum((project_cost for project_cost in states["second"]["lago_by_month"].values()), Decimal(0))
    assert delivered + 16 == billable
    openmeter_total = sum((Decimal(e["data"]["cost"]) for e in states["openmeter_events"]), Decimal(0))
    assert openmeter_total + 16 == billable


def test_no_byok_cost_is_ever_sent(scenario):
    project, states = scenario
    lago_net = net_by_bill_key(states["second"]["lago_events"], lambda e: Decimal(e["properties"]["response_cost"]),
                               "external_subscription_id", "usage_date")
    assert lago_net == billable_oracle(EVERY_ROW, CATALOG_EDITED, "team_id")
    openmeter_net = net_by_bill_key(states["openmeter_events"], lambda e: Decimal(e["data"]["cost"]),
                                    "subject", "usage_date")
    assert openmeter_net == billable_oracle(EVERY_ROW, CATALOG_EDITED, "customer_id")
    # j2 (mistral-large) was BYOK from the start: no event ever named its model.
    assert not [e for e in states["second"]["lago_events"] if e["properties"]["model"] == "mistral-large"]


def test_late_rows_and_changes_send_exactly_their_delta(scenario):
    _, states = scenario
    events = {(e["external_subscription_id"], e["properties"]["usage_date"], e["properties"].get("corrected_day"),
               Decimal(e["properties"]["response_cost"])) for e in states["second"]["lago_events"]}
    assert len(events) == len(states["second"]["lago_events"]) == 11
    assert events == {
        # the first export
        ("team-a", "2026-01-10", None, 1), ("team-b", "2026-01-20", None, 4), ("team-b", "2026-01-25", None, 8),
        ("team-a", "2026-02-03", None, 32), ("team-b", "2026-02-10", None, 64), ("team-c", "2026-02-05", None, 2048),
        # after the late row, the catalog edit and February's close: exactly the five deltas
        ("team-a", "2026-01-05", "2026-01-05", 256),   # stamped in March, whose invoice bills the adjustment
        ("team-b", "2026-01-25", "2026-01-25", -8),    # j4 turned BYOK: corrected in March
        ("team-b", "2026-02-10", None, -64),           # f2 turned BYOK before February closed: its invoice never billed it
        ("team-a", "2026-02-27", None, 1024),
        ("team-a", "2026-03-02", None, 128),
    }
    assert states["second"]["events_sent"] == 5
    # f3 and f2's reversal reached the marts after the first export and before February closed.
    assert "NOTE: 2 events ($960.00) are stamped in issued months (2026-02)" in states["second"]["lago"][1]


def test_timestamps_lie_inside_the_usage_day_or_the_month_that_bills_the_correction(scenario):
    _, states = scenario
    for event in states["second"]["lago_events"]:
        stamped = dt.datetime.fromtimestamp(event["timestamp"], dt.timezone.utc)
        corrected = event["properties"].get("corrected_day")
        if corrected is None:
            assert stamped.date().isoformat() == event["properties"]["usage_date"]
        else:
            assert stamped.date() == MAR and corrected < "2026-02-01"
    for event in states["openmeter_events"]:
        assert event["time"][:10] == event["data"]["usage_date"] or event["data"].get("corrected_day")


def test_a_rerun_sends_nothing(scenario):
    _, states = scenario
    assert states["first"]["reruns"][0][0] == 0 and states["first"]["rerun_requests"] == 0
    assert [code for code, _ in states["second"]["reruns"]] == [0, 0, 0]
    assert states["second"]["rerun_requests"] == 0


def test_negative_deltas_wait_for_a_person_without_allow_negative(scenario):
    project, states = scenario
    code, printed = states["second"]["manual"]
    assert code == 1
    assert "ADJUSTMENTS TO MAKE BY HAND (2, -$72.00)" in printed
    assert not [e for e in states["manual_events"] if Decimal(e["properties"]["response_cost"]) < 0]
    manual = [entry for entry in ledger(project, "lago-manual") if entry["status"] == "manual"]
    assert sorted(Decimal(entry["response_cost"]) for entry in manual) == [Decimal(-64), Decimal(-8)]
    assert "ADJUSTMENTS" not in states["second"]["reruns"][1][1]  # listed once, kept in the ledger


def test_event_ids_are_the_bill_key_and_its_revision(scenario):
    project, states = scenario
    entries = ledger(project, "lago")
    assert {e["transaction_id"] for e in states["second"]["lago_events"]} == {e["event_id"] for e in entries}
    assert all(entry["status"] == "delivered" for entry in entries)
    revisions = sorted((e["subscription"], e["spend_date"].isoformat(), e["revision"]) for e in entries
                       if e["subscription"] == "team-b")
    assert revisions == [("team-b", "2026-01-20", 0), ("team-b", "2026-01-25", 0), ("team-b", "2026-01-25", 1),
                         ("team-b", "2026-02-10", 0), ("team-b", "2026-02-10", 1)]


def test_openmeter_receives_cloudevents_batches(scenario):
    _, states = scenario
    first = states["openmeter_requests"][0]
    assert first["headers"]["Content-Type"] == "application/cloudevents-batch+json"
    assert first["headers"]["Authorization"] == f"Bearer {API_KEY}"
    event = json.loads(first["body"])[0]
    assert set(event) == {"specversion", "type", "id", "source", "subject", "time", "data"}
    assert (event["specversion"], event["type"], event["source"]) == ("1.0", "litellm_tokens", "litellm-spend")
    assert {"model", "cost", "prompt_tokens", "completion_tokens", "total_tokens"} <= set(event["data"])
    assert {e["subject"] for e in states["openmeter_events"]} == {"cust-1", "cust-2"}


# ---------- failures, on the scenario's final state, each with a destination of its own

def test_a_batch_failing_twice_with_500_is_delivered_once(scenario):
    project, _ = scenario
    with FakeLago() as server:
        server.next_statuses = [500, 500]
        code, printed = lago(project, server, "--allow-negative", destination="lago-flaky")
        assert code == 0, printed
        assert "HTTP 500" in printed
        entries = ledger(project, "lago-flaky")
        assert {e["event_id"] for e in entries} == {e["transaction_id"] for e in lago_events(server)}
        assert len(lago_events(server)) == len(entries) == 9
        assert integers(sent_by_month(server)) == {k: v for k, v in LAGO_BY_MONTH["second"].items() if v}


def test_a_timeout_after_lago_stored_the_batch_is_retried_and_found_delivered(scenario):
    project, _ = scenario
    with FakeLago() as server:
        server.hold_after_batch = 1  # stored, but the answer never comes: the client times out
        code, printed = lago(project, server, "--allow-negative", "--timeout", "0.5", destination="lago-timeout")
        assert code == 0, printed
        assert "no answer" in printed and "(2 of them found delivered already)" in printed
        assert len(lago_events(server)) == len(ledger(project, "lago-timeout")) == 9


def test_a_rejected_event_is_reported_and_sent_again_on_the_next_run(scenario):
    project, _ = scenario
    with FakeLago() as server:
        server.reject = lambda event: ({"external_subscription_id": ["subscription_not_found"]}
                                       if event["external_subscription_id"] == "team-c" else None)
        code, printed = lago(project, server, "--allow-negative", destination="lago-reject")
        assert code == 1
        assert "REJECTED" in printed and "subscription_not_found" in printed
        assert [e["status"] for e in ledger(project, "lago-reject") if e["subscription"] == "team-c"] == ["rejected"]
        assert not [e for e in lago_events(server) if e["external_subscription_id"] == "team-c"]
        server.reject = lambda event: None
        code, printed = lago(project, server, "--allow-negative", destination="lago-reject")
        assert code == 0, printed
        assert [Decimal(e["properties"]["response_cost"]) for e in lago_events(server)
                if e["external_subscription_id"] == "team-c"] == [Decimal(2048)]
        assert {e["status"] for e in ledger(project, "lago-reject")} == {"delivered"}


def test_a_refused_key_stops_the_run_and_the_next_run_delivers(scenario):
    project, _ = scenario
    with FakeLago() as server:
        code, printed = export(project, "lago", "--event-code", "llm_usage", "--charge-by", "team_id",
                               "--destination", "lago-401", "--allow-negative",
                               env={**lago_env(server), "LAGO_API_KEY": "wrong"})
        assert code == 2 and "HTTP 401" in printed and "LAGO_API_KEY" in printed
        assert {e["status"] for e in ledger(project, "lago-401")} == {"pending"}
        code, printed = lago(project, server, destination="lago-401")
        assert code == 0, printed
        assert len(lago_events(server)) == len(ledger(project, "lago-401"))


def test_a_killed_export_sends_every_event_exactly_once_when_run_again(scenario):
    project, _ = scenario
    with FakeLago() as server:
        server.hold_after_batch = 3  # the third batch is stored, and its answer never comes
        command = [LITELLM_SPEND, "export", "lago", "--event-code", "llm_usage", "--charge-by", "team_id",
                   "--destination", "lago-killed", "--batch-size", "2", "--allow-negative", "--target", project.adapter]
        child = subprocess.Popen(command, cwd=project.path, env={**project.dbt_env(), **lago_env(server)},
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            assert server.holding.wait(60), "the export never reached its third batch"
            child.send_signal(signal.SIGKILL)
            child.wait(30)
        finally:
            if child.poll() is None:
                child.kill()
        server.release.set()
        assert len(lago_events(server)) == 6
        code, printed = lago(project, server, "--allow-negative", destination="lago-killed")
        assert code == 0, printed
        assert "0 new events" in printed and "(2 of them found delivered already)" in printed
        entries = ledger(project, "lago-killed")
        assert len(entries) == 9 and {e["status"] for e in entries} == {"delivered"}
        assert sorted(e["transaction_id"] for e in lago_events(server)) == sorted(e["event_id"] for e in entries)
        assert integers(sent_by_month(server)) == {k: v for k, v in LAGO_BY_MONTH["second"].items() if v}


def test_a_dry_run_writes_the_exact_bodies_and_records_nothing(scenario, tmp_path):
    project, _ = scenario
    with FakeLago() as server:
        code, printed = lago(project, server, "--allow-negative", "--dry-run", str(tmp_path),
                             destination="lago-dry")
        assert code == 0, printed
        assert server.requests == [] and ledger(project, "lago-dry") == []
        written = [path.read_bytes() for path in sorted(tmp_path.iterdir())]
        assert len(written) == 5  # 9 events, 2 a batch
        code, printed = lago(project, server, "--allow-negative", destination="lago-dry")
        assert code == 0, printed
        assert [request["body"] for request in server.requests] == written


def test_from_date_leaves_earlier_days_alone(scenario):
    project, _ = scenario
    with FakeLago() as server:
        code, printed = lago(project, server, "--allow-negative", "--from-date", "2026-02-01", destination="lago-from")
        assert code == 0, printed
        assert min(e["properties"]["usage_date"] for e in lago_events(server)) == "2026-02-03"
        assert sum(server.cost(e) for e in lago_events(server)) == 32 + 2048 + 1024 + 128
        # A destination that has January already: a later start leaves its January events alone.
        code, printed = lago(project, server, "--allow-negative", "--from-date", "2026-02-01")
        assert code == 0 and "0 new events" in printed, printed


def test_another_charge_by_needs_another_destination(scenario):
    project, _ = scenario
    with FakeLago() as server:
        code, printed = export(project, "lago", "--event-code", "llm_usage", "--charge-by", "user_id",
                               env=lago_env(server))
        assert code == 2 and "--destination NAME" in printed and server.requests == []


# ---------- FOCUS

def read_focus(path) -> list[dict]:
    import duckdb

    with duckdb.connect() as con:
        cursor = con.execute(f"select * from read_parquet('{path}')" if str(path).endswith(".parquet")
                             else f"select * from read_csv('{path}', all_varchar = true)")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, values)) for values in cursor.fetchall()]


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_the_focus_file_bills_exactly_the_billable_mart(scenario, tmp_path, suffix):
    project, _ = scenario
    out = tmp_path / f"focus.{suffix}"
    code, printed = export(project, "focus", "--start-date", "2026-01-01", "--end-date", "2026-02-28", "--out", str(out))
    assert code == 0, printed
    rows = read_focus(out)
    billed = sum((Decimal(r["BilledCost"]) for r in rows), Decimal(0))
    mart = sum((r["spend"] for r in project.mart("billable_spend_daily") if r["spend_date"] < "2026-03-01"), Decimal(0))
    assert billed == mart == 1 + 4 + 16 + 256 + 32 + 2048 + 1024
    byok = {(r["BillingAccountId"], r["x_UsageDate"]): (Decimal(r["BilledCost"]), Decimal(r["EffectiveCost"]))
            for r in rows if r["x_BillingClass"] == "byok"}
    assert byok == {("team-a", "2026-01-11"): (0, 2), ("team-b", "2026-01-25"): (0, 8), ("team-b", "2026-02-10"): (0, 64)}
    # key-a is billed to the team that made each request, not to the team it has now.
    assert {r["BillingAccountId"] for r in rows if r["SubAccountId"] == "key-a"} == {"team-a", "team-c", "unassigned"}
    february = next(r for r in rows if r["x_UsageDate"] == "2026-02-27")
    assert (february["ChargePeriodStart"], february["BillingPeriodStart"], february["BillingPeriodEnd"]) == (
        "2026-02-27T00:00:00Z", "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z")
    code, _ = export(project, "focus", "--start-date", "2026-01-01", "--end-date", "2026-02-28", "--out", str(out),
                     "--exclude-byok")
    assert {r["x_BillingClass"] for r in read_focus(out)} == {"billable"}
