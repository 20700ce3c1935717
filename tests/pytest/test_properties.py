"""Property-based: adversarial spend logs, and the invariants hold on both adapters.

Hypothesis writes rows with unicode and quotes in ids, very long strings, extreme and
boundary timestamps, token counts near the int4 limit, spend from 1e-12 to 1e6 (and
NaN, infinities, negatives), every status and cache value, re-deliveries. Each
example is loaded and built; the build's own data tests (reconciliation, grain) must
pass, and the marts must equal the independent oracle. A dbt build per example
keeps the example count low: derandomized, so CI runs the same examples each time.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import billing_oracle
from spend_log_fixtures import CATALOG

INT4_MAX = 2**31 - 1
# Postgres text cannot hold NUL; every other character is fair game.
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)
IDS = st.one_of(st.none(), st.just(""), st.just("  "), TEXT, st.sampled_from(["team-a", "o'brien", 'quo"te', "ünï"]),
                st.text(alphabet="xyz'\"é", min_size=200, max_size=300))
TIMES = st.one_of(
    st.datetimes(min_value=dt.datetime(2022, 12, 31), max_value=dt.datetime(2026, 11, 1)),
    st.sampled_from([dt.datetime(2026, 3, 1, 23, 59, 59, 999000), dt.datetime(2026, 3, 2),
                     dt.datetime(2023, 1, 1), dt.datetime(2022, 12, 31, 23, 59, 59, 999000),
                     dt.datetime(1970, 1, 1), dt.datetime(2099, 12, 31, 23, 59, 59)]),
).map(lambda t: t.replace(microsecond=t.microsecond // 1000 * 1000))
SPEND = st.one_of(st.floats(min_value=1e-12, max_value=1e6), st.just(0.0),
                  st.sampled_from([float("nan"), float("inf"), float("-inf"), -0.01, 1e-12, 1e6]))
TOKENS = st.one_of(st.integers(min_value=0, max_value=1000), st.integers(min_value=INT4_MAX - 10, max_value=INT4_MAX),
                   st.integers(min_value=-5, max_value=-1))


@st.composite
def spend_logs(draw):
    rows = []
    for number in range(draw(st.integers(min_value=1, max_value=25))):
        start = draw(TIMES)
        prompt, completion = draw(TOKENS), draw(TOKENS)
        rows.append({
            "request_id": draw(st.one_of(st.just(f"req-{number}-{draw(TEXT)}"), st.just(""))),
            "call_type": "acompletion",
            "api_key": draw(st.one_of(IDS, st.just("sk-live-" + draw(TEXT)))) or "",
            "spend": draw(SPEND),
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": draw(st.one_of(st.just(max(0, min(INT4_MAX, prompt + completion))), TOKENS)),
            "startTime": start.isoformat(sep=" "),
            "endTime": start.isoformat(sep=" "),
            "model": draw(st.sampled_from(["gpt-4o", "mistral/mistral-large", "azure/x", ""])),
            "model_group": draw(st.sampled_from(["gpt-4o", " GPT-4o ", "mistral-large", "claude-sonnet-4", "", None])),
            "model_id": draw(st.sampled_from(["dep-acme-claude", "dep-initech", "dep-other", "", None])),
            "team_id": draw(st.one_of(IDS, st.sampled_from(["team-globex", "team-acme"]))),
            "end_user": draw(IDS),
            "status": draw(st.sampled_from(["success", "failure", None, ""])),
            "cache_hit": draw(st.sampled_from(["True", "False", "", None])),
            "metadata": {"user_api_key_alias": draw(TEXT), "user_api_key_team_alias": draw(TEXT)},
        })
    # Re-deliveries: exact copies of some rows.
    copies = draw(st.lists(st.sampled_from(range(len(rows))), max_size=3))
    return rows + [dict(rows[i]) for i in copies]


def run_property(project, rows):
    project.execute(f"delete from {project.source_table}")
    project.load_rows(rows)
    project.build("--full-refresh", extra_vars={"rebuild_history": True})

    expected = billing_oracle.marts(rows, CATALOG)
    for mart, key in (("budget_spend_daily", "budget"), ("billable_spend_daily", "billable")):
        actual = {(r["spend_date"], r["team_id"], r["customer_id"], r["api_key"]): r for r in project.mart(mart)}
        assert sorted(actual) == sorted(expected[key])
        for grain, figures in expected[key].items():
            for column in ("spend", "total_tokens", "request_count", "failed_request_count", "cache_hit_count"):
                assert actual[grain][column] == figures.get(column, 0), (mart, grain, column)
    _, rejected, _ = billing_oracle.accepted_requests(rows)
    held = project.query(
        f"select coalesce(sum(delivery_count), 0) from {project.relation('spend_log_rejections', 'history')}")
    assert held[0][0] == rejected


@pytest.mark.parametrize("adapter", ["duckdb", "postgres"])
def test_invariants_hold_for_adversarial_spend_logs(adapter, project_factory):
    project = project_factory(adapter)
    project.write_catalog(CATALOG)
    examples = []

    @settings(max_examples=6, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(rows=spend_logs())
    def check(rows):
        run_property(project, rows)
        examples.append(len(rows))

    check()
    assert len(examples) == 6 and sum(examples) > 30  # it really built and compared six batches
