"""The dashboard (`litellm-spend dashboard`, issue 15) in a real headless Chromium.

One DuckDB scenario built from hand-written spend logs, every spend a distinct power of two
(0.125 among them: its cents round half-up, $16.125 shows as $16.13 where half-even would say
$16.12), so each figure names exactly the requests in it. The dashboard runs as an operator
starts it, a subprocess on a free port; Selenium drives Debian's Chromium through Debian's
chromedriver (`make test` installs both). What each page shows is read from the DOM and compared
with totals added by hand and with the marts queried here with SQL: in cents (half-up) and, with
"Exact amounts" on, to the last digit. Postgres: the dashboard's data layer, as the BI role.

Screenshots of the pages go to target/test-artifacts/dashboard/; with SPEND_UPDATE_SCREENSHOTS=1
the copies in docs/dashboard.md (docs/img/dashboard-<page>.png) are rewritten too.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from urllib.parse import urlencode

import duckdb
import pytest

from conftest import LITELLM_SPEND, ROOT, _make_project
from spend_log_fixtures import row

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
ARTIFACTS = ROOT / "target" / "test-artifacts" / "dashboard"
DOCS_IMAGES = ROOT / "docs" / "img"
DOCS_IMAGE_BYTES = 150_000
UPDATE_SCREENSHOTS = os.environ.get("SPEND_UPDATE_SCREENSHOTS") == "1"
PAGE_WAIT_SECONDS = 60

CATALOG = [
    {"model_group": "gpt-4o", "is_byok": "false"},
    {"model_group": "mistral-large", "is_byok": "true"},
]
TEAM_ALIASES = {"team-a": "Team A", "team-b": "Team B"}
KEY_ALIASES = {"key-a1": "a-prod", "key-a2": "a-dev", "key-b1": "b-main"}


def request(request_id: str, start: str, spend: float, team: str, key: str, customer: str, byok: bool = False) -> dict:
    model = "mistral-large" if byok else "gpt-4o"
    return row(request_id, start, spend, team_id=team, api_key=key, end_user=customer, model=model, model_group=model,
               metadata={"user_api_key_alias": KEY_ALIASES[key], "user_api_key_team_alias": TEAM_ALIASES[team]})


ROWS = [
    request("a1", "2026-01-05 10:00:00", 1, "team-a", "key-a1", "cust-1"),
    request("a2", "2026-01-05 11:00:00", 2, "team-a", "key-a1", "cust-1", byok=True),
    request("a3", "2026-01-06 10:00:00", 4, "team-a", "key-a2", "cust-2"),
    request("a4", "2026-01-06 11:00:00", 8, "team-a", "key-a2", "cust-2", byok=True),
    request("a5", "2026-01-20 10:00:00", 16, "team-a", "key-a1", "cust-2"),
    request("a6", "2026-01-20 11:00:00", 0.125, "team-a", "key-a1", "cust-1"),
    request("a7", "2026-02-02 10:00:00", 32, "team-a", "key-a1", "cust-1"),                 # after January
    request("a8", "2025-12-31 23:59:59.999", 64, "team-a", "key-a1", "cust-1"),             # before January
    request("b1", "2026-01-05 12:00:00", 128, "team-b", "key-b1", "cust-1"),
    request("b2", "2026-01-07 10:00:00", 256, "team-b", "key-b1", "cust-3", byok=True),
    request("b3", "2026-01-31 23:59:59.999", 512, "team-b", "key-b1", "cust-3"),            # January's last instant
    request("b4", "2026-02-01 00:00:00", 1024, "team-b", "key-b1", "cust-3"),               # after January
]
JANUARY = {"start": "2026-01-01", "end": "2026-01-31"}

# Added by hand from the rows above (January 2026), not computed by any code under test.
TEAM_A_JANUARY = {"Billable": "$21.13", "BYOK (never billed)": "$10.00", "Budget spend (all)": "$31.13"}
TEAM_A_JANUARY_EXACT = {"Billable": "$21.125", "BYOK (never billed)": "$10", "Budget spend (all)": "$31.125"}
TEAM_A_DAYS = [("2026-01-05", "$1.00", "$2.00"), ("2026-01-06", "$4.00", "$8.00"), ("2026-01-20", "$16.13", "$0.00")]
ALL_TEAMS_JANUARY = {"Billable": "$661.13", "BYOK (never billed)": "$266.00", "Budget spend (all)": "$927.13"}
TOP_2_CUSTOMERS = [("cust-3", "$512.00", "$256.00"), ("cust-1", "$129.13", "$2.00")]
TOP_2_KEYS = [("b-main", "team-b", "$640.00", "$256.00"), ("a-prod", "team-a", "$17.13", "$2.00")]
TEAM_A_CUSTOMERS = [("cust-2", "$20.00", "$8.00"), ("cust-1", "$1.13", "$2.00")]


def new_rows() -> list[dict]:
    """Rows that arrive while the dashboard is open: one late in January, one fresh (the
    scheduled run's source freshness check needs a recent "startTime")."""
    fresh = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")
    return [request("n1", "2026-01-21 10:00:00", 2048, "team-a", "key-a1", "cust-1"),
            request("n2", fresh, 4096, "team-a", "key-a1", "cust-1")]


TEAM_A_JANUARY_AFTER_THE_RUN = "$2,069.13"   # 21.125 + 2048


# ---------- the independent reading of the rule and of the marts

def cents(amount: Decimal) -> str:
    """The display rule as this test reads it: dollars, thousands separated, cents rounded half-up."""
    rounded = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return ("-" if rounded < 0 else "") + f"${abs(rounded):,.2f}"


def amount(text: str) -> Decimal:
    return Decimal(text.replace("$", "").replace(",", "").replace("%", ""))


def sql_totals(project, start: str, end: str, team: str | None = None) -> dict:
    team_clause = f"and team_id = '{team}'" if team else ""
    billable, byok, spend = project.query(
        "select sum(billable_spend), sum(byok_spend), sum(spend) from spend_marts.budget_spend_daily "
        f"where spend_date between '{start}' and '{end}' {team_clause}")[0]
    return {"Billable": billable, "BYOK (never billed)": byok, "Budget spend (all)": spend}


def sql_daily(project, start: str, end: str, team: str | None = None) -> list[tuple]:
    team_clause = f"and team_id = '{team}'" if team else ""
    return project.query(
        "select cast(spend_date as varchar), team_id, sum(billable_spend), sum(byok_spend), sum(spend), "
        "sum(billable_request_count), sum(byok_request_count) from spend_marts.budget_spend_daily "
        f"where spend_date between '{start}' and '{end}' {team_clause} group by 1, 2 order by 1, 2")


def sql_top(project, by: str, start: str, end: str, limit: int, team: str | None = None) -> list[tuple]:
    team_clause = f"and team_id = '{team}'" if team else ""
    return project.query(
        f"select {by}, sum(billable_spend), sum(byok_spend), sum(spend), sum(request_count) "
        f"from spend_marts.budget_spend_daily where spend_date between '{start}' and '{end}' {team_clause} "
        f"group by {by} order by 2 desc, 3 desc limit {limit}")


# ---------- the dashboard and the browser

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    project = _make_project("duckdb", tmp_path_factory.mktemp("dashboard"), None)
    project.write_catalog(CATALOG)
    project.load_rows(ROWS)
    project.build()
    return project


@pytest.fixture(scope="module")
def dashboard(scenario, tmp_path_factory):
    """`litellm-spend dashboard` on the scenario's DuckDB file, as a subprocess; its base URL.
    Its HOME is an empty directory, to see that Streamlit writes nothing under ~/.streamlit."""
    home = tmp_path_factory.mktemp("dashboard_home")
    port = free_port()
    log_path = home.parent / "dashboard.log"
    env = {**scenario.env, "HOME": str(home)}
    with open(log_path, "w") as log:
        server = subprocess.Popen([LITELLM_SPEND, "dashboard", "--port", str(port), "--address", "127.0.0.1"],
                                  env=env, cwd=scenario.path, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + PAGE_WAIT_SECONDS
        while not answers(f"{base}/_stcore/health"):
            assert server.poll() is None, f"the dashboard exited ({server.returncode}):\n{log_path.read_text()[-3000:]}"
            assert time.monotonic() < deadline, f"the dashboard did not answer:\n{log_path.read_text()[-3000:]}"
            time.sleep(0.2)
        yield {"base": base, "home": home, "server": server, "log": log_path}
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium through Debian's chromedriver; never Selenium Manager (no network)."""
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not os.access(path, os.X_OK)]
    if missing:
        pytest.fail(f"{' and '.join(missing)} not found: `make test` installs Debian's chromium and chromium-driver "
                    "(or: apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="dashboard_chromium_")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--disable-quic", "--window-size=1280,800", f"--user-data-dir={profile}"):
        options.add_argument(argument)
    saved = os.environ.get("SE_OFFLINE")
    os.environ["SE_OFFLINE"] = "true"
    try:
        driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    finally:
        if saved is None:
            os.environ.pop("SE_OFFLINE", None)
        else:
            os.environ["SE_OFFLINE"] = saved
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def rendered(driver, selector: str) -> bool:
    """The app is connected, its script has finished, and the page shows `selector`."""
    state = driver.execute_script(
        "const app = document.querySelector('[data-testid=stApp]');"
        "return app ? [app.dataset.testScriptState, app.dataset.testConnectionState] : null;")
    return state == ["notRunning", "CONNECTED"] and bool(driver.execute_script(
        "return document.querySelectorAll(arguments[0]).length", selector))


def open_page(driver, dashboard, path: str, selector: str, **params) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(f"{dashboard['base']}/{path}" + (f"?{urlencode(params)}" if params else ""))
    WebDriverWait(driver, PAGE_WAIT_SECONDS).until(lambda d: rendered(d, selector),
                                                   f"{path} never showed {selector}: {main_text(driver)[:2000]}")


def main_text(driver) -> str:
    return driver.execute_script(
        "const main = document.querySelector('[data-testid=stMain]'); return main ? main.innerText : '';")


def metrics(driver) -> dict[str, str]:
    return dict(driver.execute_script("""
        return Array.from(document.querySelectorAll('[data-testid=stMetric]')).map(m => [
            m.querySelector('[data-testid=stMetricLabel]').innerText.trim(),
            m.querySelector('[data-testid=stMetricValue]').innerText.trim()]);"""))


def table(driver, table_id: str) -> list[dict]:
    """The table's rows: {column: (text, data-exact)} plus the row's data-* attributes under '_'."""
    rows = driver.execute_script("""
        const table = document.getElementById(arguments[0]);
        if (!table) return null;
        return Array.from(table.tBodies[0].rows).map(tr => ({
            attributes: Object.assign({}, tr.dataset),
            cells: Object.fromEntries(Array.from(tr.cells).map(td =>
                [td.dataset.col, [td.innerText.trim(), td.dataset.exact ?? null]]))}));""",
                                   table_id)
    assert rows is not None, f"no table #{table_id} on the page: {main_text(driver)[:2000]}"
    return [{**r["cells"], "_": r["attributes"]} for r in rows]


def screenshot(driver, name: str, docs: bool = False) -> Path:
    """A PNG of the page under target/test-artifacts/dashboard/; docs/dashboard.md's copy too when asked."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    assert driver.save_screenshot(str(path)), f"no screenshot {path}"
    if docs and UPDATE_SCREENSHOTS:
        DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
        target = DOCS_IMAGES / f"dashboard-{name}.png"
        shutil.copyfile(path, target)
        if target.stat().st_size > DOCS_IMAGE_BYTES:
            from PIL import Image

            Image.open(path).convert("RGB").quantize(colors=64).save(target, optimize=True)
        assert target.stat().st_size <= DOCS_IMAGE_BYTES, f"{target} is {target.stat().st_size} bytes"
    return path


# ---------- the pages

def test_the_marts_hold_the_hand_added_figures(scenario):
    totals = sql_totals(scenario, **JANUARY, team="team-a")
    assert {label: cents(value) for label, value in totals.items()} == TEAM_A_JANUARY
    assert totals["Billable"] == Decimal("21.125") and totals["BYOK (never billed)"] == Decimal("10")


def test_billable_vs_byok_shows_the_marts_figures(scenario, dashboard, browser):
    open_page(browser, dashboard, "", "#daily-by-team", **JANUARY, team="team-a")
    totals = sql_totals(scenario, **JANUARY, team="team-a")
    assert metrics(browser) == TEAM_A_JANUARY == {label: cents(value) for label, value in totals.items()}
    days = table(browser, "daily-by-team")
    assert [(d["spend_date"][0], d["billable_spend"][0], d["byok_spend"][0]) for d in days] == TEAM_A_DAYS
    expected = sql_daily(scenario, **JANUARY, team="team-a")
    assert [(d["spend_date"][0], d["team_id"][0], d["billable_spend"][0], d["byok_spend"][0], d["spend"][0],
             d["billable_request_count"][0], d["byok_request_count"][0]) for d in days] == \
        [(day, team, cents(billable), cents(byok), cents(spend), str(n_billable), str(n_byok))
         for day, team, billable, byok, spend, n_billable, n_byok in expected]
    # Every cell holds the mart's exact amount, whatever it shows.
    assert [(Decimal(d["billable_spend"][1]), Decimal(d["byok_spend"][1]), Decimal(d["spend"][1])) for d in days] == \
        [(billable, byok, spend) for _, _, billable, byok, spend, _, _ in expected]
    assert "team-a (Team A)" in main_text(browser)
    screenshot(browser, "billable-vs-byok-team-a")

    open_page(browser, dashboard, "", "#daily-by-team", **JANUARY, team="team-a", exact="true")
    assert metrics(browser) == TEAM_A_JANUARY_EXACT
    assert {label: amount(text) for label, text in metrics(browser).items()} == totals
    assert [amount(d["billable_spend"][0]) for d in table(browser, "daily-by-team")] == [e[2] for e in expected]

    open_page(browser, dashboard, "", "#daily-by-team", **JANUARY)
    everyone = sql_totals(scenario, **JANUARY)
    assert metrics(browser) == ALL_TEAMS_JANUARY == {label: cents(value) for label, value in everyone.items()}
    assert [(d["spend_date"][0], d["team_id"][0]) for d in table(browser, "daily-by-team")] == \
        [(day, team) for day, team, *_ in sql_daily(scenario, **JANUARY)]
    screenshot(browser, "billable-vs-byok", docs=True)


def test_top_customers_and_keys_show_the_marts_figures(scenario, dashboard, browser):
    open_page(browser, dashboard, "top-customers-and-keys", "#top-keys", **JANUARY, top=2)
    customers, keys = table(browser, "top-customers"), table(browser, "top-keys")
    assert [(c["customer_id"][0], c["billable_spend"][0], c["byok_spend"][0]) for c in customers] == TOP_2_CUSTOMERS
    assert [(k["key_alias"][0], k["team_id"][0], k["billable_spend"][0], k["byok_spend"][0])
            for k in keys] == TOP_2_KEYS
    assert [(c["customer_id"][0], Decimal(c["billable_spend"][1]), Decimal(c["byok_spend"][1]),
             Decimal(c["spend"][1]), int(c["request_count"][0])) for c in customers] == \
        sql_top(scenario, "customer_id", **JANUARY, limit=2)
    assert [(k["_"]["apiKey"], Decimal(k["billable_spend"][1]), Decimal(k["byok_spend"][1]),
             Decimal(k["spend"][1]), int(k["request_count"][0])) for k in keys] == \
        sql_top(scenario, "api_key", **JANUARY, limit=2)
    screenshot(browser, "top-customers-and-keys", docs=True)

    open_page(browser, dashboard, "top-customers-and-keys", "#top-customers", **JANUARY, team="team-a", exact="true")
    customers = table(browser, "top-customers")
    assert [(c["customer_id"][0], amount(c["billable_spend"][0]), amount(c["byok_spend"][0])) for c in customers] == \
        [(customer, billable, byok) for customer, billable, byok, _, _ in
         sql_top(scenario, "customer_id", **JANUARY, limit=10, team="team-a")]
    assert [(c, cents(amount(b)), cents(amount(y))) for c, b, y in
            [(c["customer_id"][0], c["billable_spend"][0], c["byok_spend"][0]) for c in customers]] == TEAM_A_CUSTOMERS


def test_budget_burn_says_budgets_are_not_available(scenario, dashboard, browser):
    """No LiteLLM team or key table beside these spend logs: no budget is known."""
    held = scenario.query("select count(*) from information_schema.tables "
                          "where table_schema = 'spend_marts' and table_name = 'budget_burn'")[0][0]
    if held:
        assert scenario.query("select count(*) from spend_marts.budget_burn") == [(0,)]
    open_page(browser, dashboard, "budget-burn", "[data-testid=stAlert]")
    assert "Budgets are not available" in main_text(browser)
    screenshot(browser, "budget-burn-not-available")


def test_a_page_says_a_build_is_running_while_the_file_is_held(scenario, dashboard, browser):
    """A writer holds the DuckDB file (as dbt does during a build): the page says so, no traceback."""
    writer = duckdb.connect(scenario.env["SPEND_DUCKDB_PATH"])
    try:
        open_page(browser, dashboard, "", "[data-testid=stAlert]", start="2026-01-02", end="2026-01-30")
        text = main_text(browser)
        assert "a build is running; refresh in a minute" in text and "Traceback" not in text
    finally:
        writer.close()
    open_page(browser, dashboard, "", "#daily-by-team", start="2026-01-02", end="2026-01-30")


# LiteLLM's budgets, beside the spend logs from the scheduled run on (the columns budget_burn reads).
# Every period is the budget's current one (LiteLLM holds its latest budget_reset_at).
TEAM_BUDGETS = [
    # team_id, alias, max_budget, budget_duration, budget_reset_at
    ("team-a", "Team A", 4096, "30d", "2026-02-01 00:00:00"),   # [01-02, 02-01): a1-a6 and the late n1
    ("team-b", "Team B", 1024, "1mo", "2026-02-01 00:00:00"),   # [01-01, 02-01): b1 b2 b3
]
KEY_BUDGETS = [
    # token, team_id, alias, max_budget, budget_duration, budget_reset_at
    ("key-a2", "team-a", "a-dev", 16, "7d", "2026-01-10 00:00:00"),   # [01-03, 01-10): a3 a4
    ("key-b1", "team-b", "b-main", 50, None, None),                   # a limit that never resets
]
# Added by hand: closest to its limit first (scope, owner, max, spent, remaining, used).
CURRENT_BUDGETS = [
    ("team", "team-b", "$1,024.00", "$896.00", "$128.00", "87.50%"),
    ("key", "key-a2", "$16.00", "$12.00", "$4.00", "75.00%"),
    ("team", "team-a", "$4,096.00", "$2,079.13", "$2,016.88", "50.76%"),   # 2079.125 / 4096 = 0.5075988...
]


def write_budget_tables(project) -> None:
    """LiteLLM's team and key tables beside the spend logs, with the budgets above."""
    def literal(value) -> str:
        return "null" if value is None else str(value) if isinstance(value, int) else f"'{value}'"

    def values(rows) -> str:
        return ", ".join("(" + ", ".join(map(literal, r)) + ")" for r in rows)
    with duckdb.connect(project.env["SPEND_DUCKDB_PATH"]) as con:
        con.execute('create table public."LiteLLM_TeamTable" (team_id varchar primary key, team_alias varchar, '
                    "max_budget double, budget_duration varchar, budget_reset_at timestamp)")
        con.execute('create table public."LiteLLM_VerificationToken" (token varchar primary key, team_id varchar, '
                    "key_alias varchar, max_budget double, budget_duration varchar, budget_reset_at timestamp, "
                    "budget_id varchar)")
        con.execute('insert into public."LiteLLM_TeamTable" values ' + values(TEAM_BUDGETS))
        con.execute('insert into public."LiteLLM_VerificationToken" (token, team_id, key_alias, max_budget, '
                    "budget_duration, budget_reset_at) values " + values(KEY_BUDGETS))


@pytest.fixture(scope="module")
def scheduled_run(scenario, dashboard, browser):
    """New spend logs and LiteLLM's budget tables arrive, then `litellm-spend run` writes the
    DuckDB file the dashboard reads, while a browser keeps reloading a page of it."""
    scenario.load_rows(new_rows())
    write_budget_tables(scenario)
    stop, reloads, errors = threading.Event(), [], []
    url = f"{dashboard['base']}/?{urlencode({**JANUARY, 'team': 'team-a'})}"

    def reload_until_stopped() -> None:
        try:
            while not stop.is_set():
                browser.get(url)
                reloads.append(main_text(browser))
                stop.wait(0.5)
        except Exception as error:  # reported by the test, which fails on it
            errors.append(repr(error))

    reloader = threading.Thread(target=reload_until_stopped, daemon=True)
    reloader.start()
    try:
        run = subprocess.run([LITELLM_SPEND, "run", "--project-dir", str(scenario.path), "--target", "duckdb",
                              "--vars", json.dumps({"litellm_schema": scenario.source_schema})],
                             env=scenario.dbt_env(), capture_output=True, text=True, timeout=600)
    finally:
        stop.set()
        reloader.join(timeout=60)
    return run, reloads, errors


def test_a_build_succeeds_while_the_dashboard_is_open(scenario, dashboard, browser, scheduled_run):
    run, reloads, errors = scheduled_run
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert run.stdout.strip().splitlines()[-1].startswith("scheduled run OK"), run.stdout[-2000:]
    assert errors == [] and len(reloads) >= 2
    assert dashboard["server"].poll() is None, dashboard["log"].read_text()[-3000:]

    totals = sql_totals(scenario, **JANUARY, team="team-a")
    assert totals["Billable"] == Decimal("2069.125")
    held = scenario.query("select count(*) from spend_marts.budget_spend_daily where spend_date > '2026-02-02'")
    assert held == [(1,)]
    open_page(browser, dashboard, "", "#daily-by-team", **JANUARY, team="team-a")
    assert metrics(browser)["Billable"] == TEAM_A_JANUARY_AFTER_THE_RUN == cents(totals["Billable"])
    assert ("2026-01-21", "$2,048.00") in [(d["spend_date"][0], d["billable_spend"][0])
                                           for d in table(browser, "daily-by-team")]


def test_budget_burn_shows_the_budget_closest_to_its_limit_first(scenario, dashboard, browser, scheduled_run):
    assert scheduled_run[0].returncode == 0, scheduled_run[0].stdout[-3000:]
    open_page(browser, dashboard, "budget-burn", "#budget-current")
    current = table(browser, "budget-current")
    figures = ("max_budget", "budget_spend", "remaining_budget", "share_used")
    assert [(b["_"]["budgetScope"], b["_"]["budgetOwnerId"], *(b[f][0] for f in figures)) for b in current] == \
        CURRENT_BUDGETS
    assert [(b["owner"][0], b["period"][0]) for b in current] == [
        ("team Team B (team-b)", "2026-01-01 → 2026-02-01"), ("key a-dev (key-a2)", "2026-01-03 → 2026-01-10"),
        ("team Team A (team-a)", "2026-01-02 → 2026-02-01")]
    held = scenario.query(f"select budget_scope, budget_owner_id, {', '.join(figures)} from spend_marts.budget_burn "
                          "where is_current_period and status = 'ok' order by share_used desc")
    assert [(b["_"]["budgetScope"], b["_"]["budgetOwnerId"], *(Decimal(b[f][1]) for f in figures)) for b in current] \
        == [tuple(h) for h in held]
    assert [(b["max_budget"][0], b["budget_spend"][0], b["remaining_budget"][0]) for b in current] == \
        [(cents(m), cents(s), cents(r)) for _, _, m, s, r, _ in held]
    not_ok = scenario.query("select budget_owner_id, status from spend_marts.budget_burn where status <> 'ok' "
                            "and (is_current_period or period_end is null)")
    assert not_ok == [("key-b1", "no_budget_duration")]
    assert [(b["owner"][0], b["status"][0]) for b in table(browser, "budget-not-ok")] == \
        [("key b-main (key-b1)", "no_budget_duration")]
    assert "Budgets are not available" not in main_text(browser)
    screenshot(browser, "budget-burn", docs=True)

    open_page(browser, dashboard, "budget-burn", "#budget-current", exact="true")
    assert [amount(b["budget_spend"][0]) for b in table(browser, "budget-current")] == [h[3] for h in held]


def test_streamlit_wrote_nothing_under_home(dashboard):
    assert dashboard["server"].poll() is None
    assert list(dashboard["home"].iterdir()) == []


# ---------- Postgres: the BI role

def test_on_postgres_the_dashboard_reads_as_the_bi_role(project_factory, monkeypatch):
    from litellm_spend.dashboard import data, queries
    from litellm_spend.dashboard.views import budget_burn
    from litellm_spend.warehouse import Settings

    project = project_factory("postgres")
    role, password = f"bi_dashboard_{secrets.token_hex(4)}", secrets.token_hex(12)
    project.execute(f"create role {role} login password '{password}'")
    project.write_catalog(CATALOG)
    project.load_rows(ROWS)
    project.build(extra_vars={"reader_role": role})

    for name, value in {**project.env, "SPEND_DBT_TARGET": "postgres", "SPEND_BI_PG_USER": role,
                        "SPEND_BI_PG_PASSWORD": password, "SPEND_PG_USER": "no_such_role"}.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(Exception, match="no_such_role"):
        Settings.from_env().connect(read_only=True).close()  # the dbt user is wrong: only the BI role works
    settings = data.reader_settings()
    assert settings.pg_user == role
    fetch = functools.partial(data.fetch, settings)

    january = queries.SpendFilter(dt.date(2026, 1, 1), dt.date(2026, 1, 31), "team-a")
    totals = queries.totals(fetch, january)
    assert {"Billable": totals["billable_spend"], "BYOK (never billed)": totals["byok_spend"],
            "Budget spend (all)": totals["spend"]} == sql_totals(project, **JANUARY, team="team-a")
    assert {label: cents(totals[column]) for label, column in
            (("Billable", "billable_spend"), ("BYOK (never billed)", "byok_spend"), ("Budget spend (all)", "spend"))} \
        == TEAM_A_JANUARY
    days = queries.daily_by_team(fetch, january)
    assert [(d["spend_date"].isoformat(), d["team_id"], d["billable_spend"], d["byok_spend"], d["spend"],
             d["billable_request_count"], d["byok_request_count"]) for d in days] == \
        [tuple(r) for r in sql_daily(project, **JANUARY, team="team-a")]
    everyone = queries.SpendFilter(dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    assert [(c["customer_id"], cents(c["billable_spend"]), cents(c["byok_spend"]))
            for c in queries.top_customers(fetch, everyone, 2)] == TOP_2_CUSTOMERS
    assert [(k["key_alias"], k["team_id"], cents(k["billable_spend"]), cents(k["byok_spend"]))
            for k in queries.top_keys(fetch, everyone, 2)] == TOP_2_KEYS
    # No LiteLLM team or key table beside these spend logs: the page says budgets are not available.
    burn, unavailable = budget_burn.read(fetch)
    assert burn is None and unavailable.startswith("Budgets are not available")
    # It is the BI role: the marts only.
    with pytest.raises(data.NotReadable):
        fetch('select count(*) from "spend_history"."spend_log_history"', {})


def test_the_command_wants_the_bi_role_on_postgres(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("SPEND_BI_")}
    refused = subprocess.run([LITELLM_SPEND, "dashboard", "--target", "postgres"], env={**env, "HOME": str(tmp_path)},
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2
    assert "SPEND_BI_PG_USER is not set" in refused.stderr
