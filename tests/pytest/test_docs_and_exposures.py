"""Who reads the marts (exposures), what every mart column means (descriptions, `dbt docs
generate`), and the semantic layer (MetricFlow's metrics equal the marts) (issue 15).

One scenario per adapter, built once per module, from hand-written rows whose spends are
powers of two (so every sum is exact, in decimals and in the floats `mf` prints). On DuckDB
the project is first built only as far as the invoices need (`dbt build -s
+exposure:invoices`), the invoice command is run on that, then everything is built.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest

from conftest import ROOT, _make_project
from litellm_spend import cli
from spend_log_fixtures import row

MF = str(Path(sys.executable).with_name("mf"))
AS_OF = {"invoice_as_of": "2026-03-04"}  # January and February are issued, March is a draft
CATALOG = [
    {"model_group": "gpt-4o", "is_byok": "false"},
    {"model_group": "mistral-large", "is_byok": "true"},
]
BYOK = {"model_group": "mistral-large", "model": "mistral/mistral-large"}


def request(request_id: str, start: str, spend: float, team_id: str | None, tokens: int, **columns) -> dict:
    return row(request_id, start, spend, team_id=team_id, prompt_tokens=tokens, completion_tokens=0,
               total_tokens=tokens, **columns)


ROWS = [
    request("j1", "2026-01-31 23:59:59.999", 32, "team-a", 320),
    request("f1", "2026-02-02 10:00:00", 1, "team-a", 10),
    request("f2", "2026-02-03 10:00:00", 2, "team-a", 20, **BYOK),
    request("f3", "2026-02-28 23:59:59.999", 4, "team-a", 40, end_user="cust-2", api_key="key-a2"),
    request("f4", "2026-02-10 09:00:00", 0.5, "team-b", 5, api_key="key-b"),
    request("f5", "2026-02-11 09:00:00", 8, "team-b", 80, api_key="key-b", **BYOK),
    request("f6", "2026-02-12 09:00:00", 0.0, "team-b", 7, api_key="key-b", status="failure"),
    request("f7", "2026-02-15 12:00:00", 16, None, 160, api_key="", end_user=None),
    request("m1", "2026-03-01 00:00:00", 64, "team-b", 640, **BYOK),
    request("m2", "2026-03-02 10:00:00", 128, "team-a", 1280),
]
# February 2026 per team, added up by hand from ROWS (j1 is January's, m1 and m2 March's):
# (billable_spend, byok_spend, budget_spend, requests, tokens).
FEBRUARY = {
    "team-a": (Decimal("5"), Decimal("2"), Decimal("7"), 3, 70),             # f1 + f3; f2 BYOK
    "team-b": (Decimal("0.5"), Decimal("8"), Decimal("8.5"), 3, 92),         # f4 + f6 (failed, 0); f5 BYOK
    "unassigned": (Decimal("16"), Decimal("0"), Decimal("16"), 1, 160),      # f7: no team
}
METRICS = ["billable_spend", "byok_spend", "budget_spend", "requests", "tokens"]

# Each consumer's code: the exposure that names it must depend on what this code reads. The
# SQL files the code loads (queries.load("report/rows"), template("dashboard/teams")) are read
# too; the published time zone is read by warehouse/timezone.py.
CONSUMERS = {
    "dashboard": ["scripts/litellm_spend/dashboard/*.py"],
    "spend_report": ["scripts/litellm_spend/commands/report.py", "scripts/litellm_spend/reporting/*.py",
                     "scripts/litellm_spend/warehouse/timezone.py"],
    "invoices": ["scripts/litellm_spend/commands/invoice.py", "scripts/litellm_spend/invoices.py"],
    "exports": ["scripts/litellm_spend/commands/export.py", "scripts/litellm_spend/exporting/*.py",
                "scripts/litellm_spend/warehouse/timezone.py"],
}
SQL_DIR = ROOT / "scripts" / "litellm_spend" / "sql"
# A SQL file the code loads by name, and the relation after a schema placeholder in SQL:
# "from {marts}.invoice_lines", "{marts}.published_days", "{invoicing}.invoice_runs".
LOADED_SQL = re.compile(r'\b(?:load|template)\(\s*"([\w/]+)"')
READ_RELATION = re.compile(r"\}\.(\w+)")


def scenario(project) -> dict:
    states = {}
    project.dbt_vars = dict(AS_OF)  # every dbt command alike: a change of vars costs a full parse
    project.write_catalog(CATALOG)
    project.load_rows(ROWS)
    if project.adapter == "duckdb":
        project.build("-s", "+exposure:invoices", "--indirect-selection", "cautious")
        states["built_for_invoices"] = {name for (name,) in project.query(
            "select table_name from information_schema.tables where table_schema = 'spend_marts'")}
        states["invoice"] = invoice(project, "2026-02")
    project.build(artifacts=True)  # the manifests the tests and `mf` read
    if project.adapter == "duckdb":
        project.dbt("docs", "generate")
    return states


@pytest.fixture(scope="module")
def duckdb_built(tmp_path_factory, request):
    project = _make_project("duckdb", tmp_path_factory.mktemp("duckdb"), lambda: request.getfixturevalue("pg_server"))
    return project, scenario(project)


@pytest.fixture(scope="module")
def postgres_built(tmp_path_factory, request):
    project = _make_project("postgres", tmp_path_factory.mktemp("postgres"),
                            lambda: request.getfixturevalue("pg_server"))
    return project, scenario(project)


@pytest.fixture(params=["duckdb", "postgres"])
def built(request):
    return request.getfixturevalue(f"{request.param}_built")


def invoice(project, month: str) -> tuple[str, list[dict]]:
    out, printed = project.path / f"invoice-{month}.csv", io.StringIO()
    with mock.patch.dict(os.environ, project.dbt_env()), contextlib.chdir(project.path), \
            contextlib.redirect_stdout(printed):
        assert cli.main(["invoice", "--target", project.adapter, "--month", month, "--csv", str(out)]) == 0
    with open(out, newline="") as handle:
        return printed.getvalue(), list(csv.DictReader(handle))


def manifest(project) -> dict:
    return json.loads((project.path / "target" / "manifest.json").read_text())


def models(nodes: dict) -> dict[str, dict]:
    return {node["name"]: node for node in nodes.values() if node["resource_type"] == "model"}


def marts(nodes: dict) -> set[str]:
    # The marts folder, and the invoicing wing's marts (invoice_lines, billable_usage_by_invoice_month).
    return {name for name, node in models(nodes).items()
            if node["original_file_path"].startswith(("models/marts/", "models/invoicing/marts/"))}


def read_by(consumer: str, model_names: set[str]) -> set[str]:
    """The dbt models the consumer's code selects from, found in its SQL files and its Python."""
    files = [path for pattern in CONSUMERS[consumer] for path in sorted(ROOT.glob(pattern))]
    assert files, f"no code found for {consumer}: {CONSUMERS[consumer]}"
    loaded = sorted({SQL_DIR / f"{name}.sql" for path in files for name in LOADED_SQL.findall(path.read_text())})
    assert all(path.is_file() for path in loaded), loaded
    found = {name for path in files + loaded for name in READ_RELATION.findall(path.read_text())}
    return found & model_names


def upstream(names: set[str], parent_map: dict, by_id: dict[str, str]) -> set[str]:
    """The models named and every model upstream of them."""
    ids = {f"model.litellm_spend.{name}" for name in names}
    todo = list(ids)
    while todo:
        for parent in parent_map[todo.pop()]:
            if parent in by_id and parent not in ids:
                ids.add(parent)
                todo.append(parent)
    return {by_id[node_id] for node_id in ids}


def selected_models(project, selector: str) -> set[str]:
    result = project.dbt("ls", "-s", selector, "--resource-type", "model", "--output", "json",
                         "--output-keys", "name")
    return {json.loads(line)["name"] for line in result.output.splitlines() if line.startswith("{")}


def relation_columns(project, name: str) -> list[str]:
    return [column for (column,) in project.query(
        "select column_name from information_schema.columns "
        f"where table_schema = 'spend_marts' and table_name = '{name}' order by ordinal_position")]


def mf(project, *args: str) -> str:
    """`mf` (dbt-metricflow) in the project copy, on the adapter it was built on: it reads the
    semantic manifest the last dbt command wrote (target/semantic_manifest.json)."""
    env = {**project.dbt_env(), "SPEND_DBT_TARGET": project.adapter, "DBT_PROFILES_DIR": str(project.path)}
    result = subprocess.run([MF, *args], cwd=project.path, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"mf {' '.join(args)} failed on {project.adapter}:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result.stdout


# ---------- A. exposures

@pytest.mark.parametrize("exposure", sorted(CONSUMERS))
def test_each_exposure_selects_exactly_what_its_consumer_reads(duckdb_built, exposure):
    project, _ = duckdb_built
    found = manifest(project)
    nodes, by_id = found["nodes"], {node_id: node["name"] for node_id, node in found["nodes"].items()
                                    if node["resource_type"] == "model"}
    reads = read_by(exposure, set(models(nodes)))
    read_marts = reads & marts(nodes)
    assert read_marts, f"{exposure} reads no mart?"

    declared = found["exposures"][f"exposure.litellm_spend.{exposure}"]
    assert {by_id[node_id] for node_id in declared["depends_on"]["nodes"]} == reads
    assert declared["owner"]["name"] and declared["owner"]["email"]

    selected = selected_models(project, f"+exposure:{exposure}")
    assert selected == upstream(reads, found["parent_map"], by_id)
    assert read_marts <= selected
    # Any other mart selected is one a mart the code reads is built from (invoice_lines from
    # spend_by_model_daily), or one whose publishing the run table under published_days
    # records (run_published_days: the daily marts).
    other_marts = (selected & marts(nodes)) - read_marts
    assert other_marts == (upstream(reads, found["parent_map"], by_id) & marts(nodes)) - read_marts
    assert other_marts <= {"spend_by_model_daily", "billable_spend_daily", "budget_spend_daily"}


def test_the_invoices_exposure_builds_what_the_invoice_command_reads(duckdb_built):
    _, states = duckdb_built
    built_marts = states["built_for_invoices"]
    assert {"invoice_lines", "spend_by_model_daily"} <= built_marts
    assert not built_marts & {"billable_spend_daily", "budget_spend_daily", "spend_report_daily", "budget_burn",
                              "billable_usage_by_invoice_month", "metricflow_time_spine"}
    printed, rows = states["invoice"]
    assert "Invoices for 2026-02 (issued" in printed
    totals = {line["team_id"]: (Decimal(line["billable_spend"]), Decimal(line["byok_spend"]))
              for line in rows if line["line_kind"] == "total"}
    assert totals == {team: (billable, byok) for team, (billable, byok, *_) in FEBRUARY.items()}


# ---------- B. every mart column documented

def test_every_mart_column_is_documented(built):
    project, _ = built
    nodes = manifest(project)["nodes"]
    mart_models = marts(nodes)
    assert {"billable_spend_daily", "budget_spend_daily", "spend_by_model_daily", "invoice_lines",
            "billable_usage_by_invoice_month", "spend_report_daily", "metricflow_time_spine"} <= mart_models
    undocumented = {}
    for name in sorted(mart_models):
        node = models(nodes)[name]
        actual = relation_columns(project, node["alias"])
        assert actual, f"{name} was not built"
        assert sorted(node["columns"]) == sorted(actual), f"{name}: the YAML's columns are not the relation's"
        missing = [column for column in actual if not node["columns"][column].get("description", "").strip()]
        if missing or not node["description"].strip():
            undocumented[name] = missing
    assert undocumented == {}


# ---------- C. dbt docs generate

def test_docs_generate_writes_the_catalog_of_the_marts(duckdb_built):
    project, _ = duckdb_built
    target = project.path / "target"
    assert (target / "index.html").stat().st_size > 0
    catalog = json.loads((target / "catalog.json").read_text())
    nodes = manifest(project)["nodes"]
    for name in marts(nodes):
        entry = catalog["nodes"][f"model.litellm_spend.{name}"]
        assert entry["metadata"]["schema"] == "spend_marts"
        assert sorted(entry["columns"]) == sorted(relation_columns(project, name)), name
    exposures = manifest(project)["exposures"]
    assert {node["name"] for node in exposures.values()} == set(CONSUMERS)


# ---------- D. the semantic layer

def test_the_semantic_layer_validates_on_the_warehouse(built):
    project, _ = built
    output = mf(project, "validate-configs")
    assert "ERRORS: 0" in output
    assert "Successfully validated metrics against data warehouse" in output


def test_the_time_spine_has_one_row_per_day_around_every_published_day(built):
    project, _ = built
    [(days, first, last, distinct)] = project.query(
        f"select count(*), min(date_day), max(date_day), count(distinct date_day) from {project.relation('metricflow_time_spine')}")
    assert days == distinct == (last - first).days + 1
    assert (first.isoformat(), last.isoformat()) == ("2022-12-31", "2099-12-31")  # earliest_valid_date 2023-01-01
    [(outside,)] = project.query(f"""
        select count(*) from {project.relation('spend_by_model_daily')} as facts
        where not exists (select 1 from {project.relation('metricflow_time_spine')} as spine
                          where spine.date_day = facts.spend_date)""")
    assert outside == 0


def test_metrics_by_team_for_a_month_equal_the_marts_and_the_hand_figures(built, tmp_path):
    project, _ = built
    out = tmp_path / "february.csv"
    mf(project, "query", "--metrics", ",".join(METRICS), "--group-by", "metric_time__month,team",
       "--start-time", "2026-02-01", "--end-time", "2026-02-28", "--csv", str(out), "--quiet")
    with open(out, newline="") as handle:
        answered = list(csv.DictReader(handle))
    assert {line["metric_time__month"][:10] for line in answered} == {"2026-02-01"}
    by_metricflow = {line["team"]: (Decimal(line["billable_spend"]), Decimal(line["byok_spend"]),
                                    Decimal(line["budget_spend"]), Decimal(line["requests"]), Decimal(line["tokens"]))
                     for line in answered}
    assert len(by_metricflow) == len(answered)

    february = "spend_date >= '2026-02-01' and spend_date < '2026-03-01'"
    by_budget_mart = {team: (Decimal(billable), Decimal(byok), Decimal(spend), requests, tokens)
                      for team, billable, byok, spend, requests, tokens in project.query(f"""
        select team_id, sum(billable_spend), sum(byok_spend), sum(spend), sum(request_count), sum(total_tokens)
        from {project.relation('budget_spend_daily')} where {february} group by team_id""")}
    by_billable_mart = {team: Decimal(spend) for team, spend in project.query(
        f"select team_id, sum(spend) from {project.relation('billable_spend_daily')} where {february} group by team_id")}

    assert by_metricflow == FEBRUARY
    assert by_budget_mart == FEBRUARY
    assert by_billable_mart == {team: figures[0] for team, figures in FEBRUARY.items()}
