"""Monthly invoices stay issued; every later change becomes an adjustment (issue 13).

One scenario per adapter, on fixed dates (the as-of date is always set, never the clock),
in a LiteLLM database (the spend logs beside "LiteLLM_ProxyModelTable"):

1. January and early February are built with invoice_as_of 2026-02-04: January closes
   (February 1 + invoice_close_days 3) and is issued; February is a draft.
2. After the close: a January row arrives late (team-a), a catalog edit makes team-b's
   gpt-4o BYOK from January 15, team-b's own deployment is stored in the proxy for the
   first time (its January request becomes BYOK), and a request re-delivered with a new
   start time moves from January 31 to February 1 (team-c). As of February 20.
3. February closes (as of March 4) in a `dbt build --full-refresh`, which rebuilds every day of
   the marts and so rechecks every issued day; a March day arrives, and another late January row.

Every spend is a distinct power of two, so each figure names exactly the requests in it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from decimal import Decimal
from unittest import mock

import pytest

from litellm_spend import cli
from litellm_spend_dev.proxy_model_table import deployment_row
from spend_log_fixtures import row

JAN, FEB, MAR = "2026-01-01", "2026-02-01", "2026-03-01"
CATALOG = [
    {"model_group": "gpt-4o", "is_byok": "false"},
    {"model_group": "mistral-large", "is_byok": "true"},
]
CATALOG_EDITED = CATALOG + [{"model_group": "gpt-4o", "team_id": "team-b", "is_byok": "true", "valid_from": "2026-01-15"}]


def request(request_id: str, start: str, spend: int, team_id: str, **columns) -> dict:
    return row(request_id, start, float(spend), team_id=team_id, prompt_tokens=spend, completion_tokens=0,
               total_tokens=spend, **columns)


FIRST_ROWS = [
    request("j1", "2026-01-10 10:00:00", 1, "team-a"),
    request("j2", "2026-01-11 10:00:00", 2, "team-a", model_group="mistral-large", model="mistral-large"),
    request("j3", "2026-01-20 10:00:00", 4, "team-b"),
    request("j4", "2026-01-25 10:00:00", 8, "team-b", model_id="dep-b-own"),
    request("j5", "2026-01-31 23:30:00", 16, "team-c"),
    request("f1", "2026-02-03 10:00:00", 32, "team-a"),
    request("f2", "2026-02-10 10:00:00", 64, "team-b"),
]
LATE_ROW = request("j6", "2026-01-05 10:00:00", 256, "team-a")
THIRD_ROWS = [
    request("m1", "2026-03-02 10:00:00", 128, "team-a"),
    request("j7", "2026-01-12 10:00:00", 512, "team-c"),
]


def usage(team: str, billable: int, requests: int, byok: int = 0) -> dict:
    return {"team_id": team, "billable_spend": Decimal(billable), "request_count": requests, "byok_spend": Decimal(byok)}


def lines(project, where: str = "1 = 1") -> dict[tuple, dict]:
    """invoice_lines keyed by (invoice_month, team, kind, corrected_month, reason)."""
    columns = ["invoice_month", "team_id", "customer_id", "line_kind", "corrected_month", "reason", "status",
               "issued_at", "billable_spend", "request_count", "byok_spend", "total_tokens"]
    rows = project.query(f"select {', '.join(columns)} from {project.relation('invoice_lines')} where {where}")
    keyed = {}
    for values in rows:
        line = dict(zip(columns, values))
        line["billable_spend"], line["byok_spend"] = Decimal(line["billable_spend"]), Decimal(line["byok_spend"])
        key = (line["invoice_month"].isoformat(), line["team_id"], line["line_kind"],
               line["corrected_month"].isoformat(), line["reason"])
        assert key not in keyed, f"two lines for {key}"
        keyed[key] = line
    return keyed


def figures(keyed: dict, status: str | None = None) -> dict[tuple, tuple]:
    return {key: (line["billable_spend"], line["request_count"], line["byok_spend"])
            for key, line in keyed.items() if status is None or line["status"] == status}


@pytest.fixture(scope="module")
def scenario(module_project, tmp_path_factory):
    project = module_project
    project.source_schema = "public"  # a LiteLLM database: the spend logs beside the model table
    states = {}

    project.write_catalog(CATALOG)
    project.save_deployments([deployment_row("dep-shared", "gpt-4o", None)])
    project.load_rows(FIRST_ROWS)
    project.build(extra_vars={"invoice_as_of": "2026-02-04"})
    states["closed_january"] = lines(project)

    project.load_rows([LATE_ROW])
    project.write_catalog(CATALOG_EDITED)
    project.save_deployments([deployment_row("dep-b-own", "gpt-4o", "team-b")])
    project.execute(f"""update {project.source_table} set "startTime" = '2026-02-01 00:30:00',
                        "endTime" = '2026-02-01 00:30:00' where request_id = 'j5'""")
    project.build(extra_vars={"invoice_as_of": "2026-02-20"})
    states["changed_after_close"] = lines(project)

    project.load_rows(THIRD_ROWS)
    states["refused"] = project.build(extra_vars={"invoice_as_of": "2026-01-20"}, expect_success=False).output
    project.build("--full-refresh", extra_vars={"invoice_as_of": "2026-03-04"})
    states["closed_february"] = lines(project)
    return project, states


def test_a_closed_month_is_issued_with_its_usage(scenario):
    _, states = scenario
    assert figures(states["closed_january"], "issued") == {
        (JAN, "team-a", "usage", JAN, None): (Decimal(1), 1, Decimal(2)),
        (JAN, "team-b", "usage", JAN, None): (Decimal(4 + 8), 2, Decimal(0)),
        (JAN, "team-c", "usage", JAN, None): (Decimal(16), 1, Decimal(0)),
    }
    assert figures(states["closed_january"], "draft") == {
        (FEB, "team-a", "usage", FEB, None): (Decimal(32), 1, Decimal(0)),
        (FEB, "team-b", "usage", FEB, None): (Decimal(64), 1, Decimal(0)),
    }


def test_changes_after_the_close_are_adjustments_with_their_reason(scenario):
    _, states = scenario
    changed = states["changed_after_close"]
    assert figures(changed, "issued") == figures(states["closed_january"], "issued")
    assert figures(changed, "draft") == {
        (FEB, "team-a", "adjustment", JAN, "late_rows"): (Decimal(256), 1, Decimal(0)),
        (FEB, "team-b", "adjustment", JAN, "catalog_change"): (Decimal(-4), -1, Decimal(4)),
        (FEB, "team-b", "adjustment", JAN, "ownership_change"): (Decimal(-8), -1, Decimal(8)),
        (FEB, "team-c", "adjustment", JAN, "moved_request"): (Decimal(-16), -1, Decimal(0)),
        (FEB, "team-a", "usage", FEB, None): (Decimal(32), 1, Decimal(0)),
        (FEB, "team-b", "usage", FEB, None): (Decimal(0), 0, Decimal(64)),
        (FEB, "team-c", "usage", FEB, None): (Decimal(16), 1, Decimal(0)),
    }


def test_issued_lines_never_change(scenario):
    _, states = scenario
    january = figures(states["closed_january"], "issued")
    february = {key: value for key, value in figures(states["changed_after_close"]).items() if key[0] == FEB}
    # February's drafts are issued as they were; --full-refresh rebuilt every day of the marts,
    # rewrote nothing issued, and found nothing to adjust but the new late row.
    assert figures(states["closed_february"], "issued") == {**january, **february}
    issued_at = {key: line["issued_at"] for key, line in states["closed_february"].items() if key[0] == JAN}
    assert issued_at == {key: line["issued_at"] for key, line in states["closed_january"].items() if key[0] == JAN}
    assert figures(states["closed_february"], "draft") == {
        (MAR, "team-c", "adjustment", JAN, "late_rows"): (Decimal(512), 1, Decimal(0)),
        (MAR, "team-a", "usage", MAR, None): (Decimal(128), 1, Decimal(0)),
    }


def test_issued_lines_plus_adjustments_equal_the_billable_mart_every_month(scenario):
    project, states = scenario
    mart: dict[tuple, Decimal] = {}
    for line in project.mart("billable_spend_daily"):
        key = (line["spend_date"][:7] + "-01", line["team_id"])
        mart[key] = mart.get(key, Decimal(0)) + line["spend"]
    for state in ("changed_after_close", "closed_february"):
        invoiced: dict[tuple, Decimal] = {}
        for (_, team, _, corrected, _), line in states[state].items():
            invoiced[(corrected, team)] = invoiced.get((corrected, team), Decimal(0)) + line["billable_spend"]
        if state == "changed_after_close":
            assert {key: value for key, value in invoiced.items() if value} == {
                (JAN, "team-a"): Decimal(1 + 256), (FEB, "team-a"): Decimal(32), (FEB, "team-c"): Decimal(16)}
        else:
            assert {key: value for key, value in invoiced.items() if value} == mart
    # And the hand-added totals: January 1 + 256 + 512 (team-b's and j5 left), February 32 + 16, March 128.
    assert mart == {(JAN, "team-a"): Decimal(1 + 256), (JAN, "team-c"): Decimal(512),
                    (FEB, "team-a"): Decimal(32), (FEB, "team-c"): Decimal(16), (MAR, "team-a"): Decimal(128)}


def test_an_as_of_date_before_an_issued_month_is_refused(scenario):
    _, states = scenario
    assert "are issued already" in states["refused"]


def test_the_invoice_command_prints_and_writes_february(scenario, tmp_path):
    project, _ = scenario
    out, printed = tmp_path / "invoice.csv", io.StringIO()
    with mock.patch.dict(os.environ, project.dbt_env()), contextlib.chdir(project.path), \
            contextlib.redirect_stdout(printed):
        assert cli.main(["invoice", "--target", project.adapter, "--month", "2026-02", "--csv", str(out)]) == 0
    assert "Invoices for 2026-02 (issued" in printed.getvalue()
    assert "adjustment for 2026-01 (ownership_change)" in printed.getvalue()
    with open(out, newline="") as handle:
        totals = {r["team_id"]: Decimal(r["billable_spend"]) for r in csv.DictReader(handle) if r["line_kind"] == "total"}
    assert totals == {"team-a": Decimal(32 + 256), "team-b": Decimal(-4 - 8), "team-c": Decimal(16 - 16)}


def test_a_bad_month_is_refused():
    with pytest.raises(SystemExit, match="write YYYY-MM"):
        cli.main(["invoice", "--month", "2026-13"])


def test_a_purged_request_of_an_issued_month_is_credited_after_rebuild_history(project):
    """LiteLLM's retention purges a request of an issued month, then the history is rebuilt from
    the source on purpose: the marts lose its day entirely, and invoicing must credit it (reason
    other) rather than find the month no longer adds up and stop invoicing."""
    project.write_catalog(CATALOG)
    project.load_rows([request("p1", "2026-01-10 10:00:00", 1, "team-a"),
                       request("p2", "2026-01-12 10:00:00", 2, "team-a")])
    project.build(extra_vars={"invoice_as_of": "2026-02-04"})
    project.execute(f"delete from {project.source_table} where request_id = 'p1'")
    project.build("--full-refresh", extra_vars={"invoice_as_of": "2026-02-20", "rebuild_history": True})
    assert figures(lines(project)) == {
        (JAN, "team-a", "usage", JAN, None): (Decimal(1 + 2), 2, Decimal(0)),
        (FEB, "team-a", "adjustment", JAN, "other"): (Decimal(-1), -1, Decimal(0)),
    }
