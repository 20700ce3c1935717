"""The synthetic spend-log generator: determinism, layout and the upstream quirks it must carry."""

import csv
import datetime as dt
import io
import json
import math

import duckdb
import pytest

from conftest import ROOT
from litellm_spend_dev.generate_spend_logs import generate, main
from litellm_spend_dev.spend_logs_layout import (
    SPEND_LOG_COLUMNS, create_duckdb_spend_logs_table, insert_rows_duckdb,
)

N = 5000
T = 'public."LiteLLM_SpendLogs"'
# Window reaching back before 2025-05-01 so status NULL rows exist as well.
ARGS = dict(rows=N, days=30, end_date="2025-05-10", seed=42, verbose=False)
CHECKSUM = f"""
    SELECT count(*), md5(string_agg(
        concat_ws('|', request_id, spend, "startTime", "endTime", team_id, end_user, api_key,
                  model_group, model_id, status, cache_hit, metadata, request_tags, messages,
                  response, proxy_server_request, created_at),
        ',' ORDER BY request_id, created_at))
    FROM {T}"""


def _generate(path, **overrides):
    con = duckdb.connect(str(path))
    stats = generate(con, **{**ARGS, **overrides})
    return con, stats


@pytest.fixture(scope="module")
def logs(tmp_path_factory):
    con, stats = _generate(tmp_path_factory.mktemp("gen") / "spend.duckdb")
    yield con, stats
    con.close()


def one(con, sql):
    return con.execute(sql).fetchone()


def test_same_args_give_identical_data(tmp_path, logs):
    con, _ = logs
    again, _ = _generate(tmp_path / "again.duckdb")
    assert one(again, CHECKSUM) == one(con, CHECKSUM)


def test_chunking_does_not_change_data(tmp_path, logs):
    con, _ = logs
    chunked, _ = _generate(tmp_path / "chunked.duckdb", chunk_rows=700)
    assert one(chunked, CHECKSUM) == one(con, CHECKSUM)


def test_time_ordered_rows_come_in_start_time_order_and_fill_every_day_evenly(tmp_path, logs):
    con, _ = logs
    ordered, _ = _generate(tmp_path / "ordered.duckdb", chunk_rows=2000, time_ordered=True)
    copies = f"SELECT count(*), count(DISTINCT request_id) FROM {T}"
    assert one(ordered, copies) == one(con, copies)
    backward = f"""
        SELECT count(*) FILTER (started < previous) FROM (
            SELECT "startTime" AS started, lag("startTime") OVER (ORDER BY rowid) AS previous FROM {T})"""
    # Only the rows the generator puts exactly on a day's first or last millisecond break the
    # order (re-delivered copies follow their first copy).
    on_day_edges, = one(ordered, f"""
        SELECT count(*) FROM {T}
        WHERE strftime("startTime", '%H:%M:%S.%g') IN ('00:00:00.000', '23:59:59.999')""")
    assert 0 < on_day_edges < 20 and one(ordered, backward)[0] <= on_day_edges
    assert one(con, backward)[0] > N / 4  # drawn start times: the default order is anything but
    # Row i starts at (i + draw) / N of the 30 days: N / 30 = 166.7 first copies a day.
    per_day = ordered.execute(f"""
        SELECT "startTime"::DATE AS day, count(DISTINCT request_id) FROM {T} GROUP BY day ORDER BY day""").fetchall()
    assert [str(day) for day, _ in per_day[:1] + per_day[-1:]] == ["2025-04-11", "2025-05-10"]
    assert len(per_day) == 30 and all(165 <= n <= 168 for _, n in per_day)


class CopyRecorder:
    """A psycopg2 connection as far as the generator's COPY path uses one: it records the CSV."""

    def __init__(self):
        self.csv, self._answers = "", iter([("x",), (1,)])  # the table exists; it has a primary key

    def get_dsn_parameters(self):
        return {}

    def cursor(self):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def execute(self, *args):
        pass

    def fetchone(self):
        return next(self._answers)

    def copy_expert(self, sql, buffer):
        self.csv += buffer.getvalue()

    def commit(self):
        pass


def test_time_ordered_rows_reach_postgres_in_start_time_order():
    """LiteLLM's own table is in "startTime" order: the benchmark's Postgres source can be too."""
    recorder = CopyRecorder()
    generate(recorder, rows=3000, days=10, end_date="2026-03-10", seed=3, time_ordered=True, verbose=False,
             chunk_rows=700)
    rows = list(csv.reader(io.StringIO(recorder.csv)))
    column = [name for name, _ in SPEND_LOG_COLUMNS].index("startTime")
    starts = [row[column] for row in rows if row]
    # Apart from the few rows the generator puts exactly on a day's edges, as for DuckDB above.
    on_edges = [start for start in starts if start[11:] in ("00:00:00", "23:59:59.999")]
    inside = [start for start in starts if start not in on_edges]
    assert len(starts) == 3000 and 0 < len(on_edges) < 20 and inside == sorted(inside)
    assert starts[0][:10] == "2026-03-01" and starts[-1][:10] == "2026-03-10"


def test_different_seed_differs(tmp_path, logs):
    con, _ = logs
    other, _ = _generate(tmp_path / "other.duckdb", seed=43)
    assert one(other, CHECKSUM)[1] != one(con, CHECKSUM)[1]
    ids = [set(r for (r,) in c.execute(f"SELECT request_id FROM {T}").fetchall()) for c in (con, other)]
    assert not ids[0] & ids[1]  # so --append with another seed cannot collide


def test_layout_matches_spend_log_columns(logs):
    con, _ = logs
    rows = con.execute("""SELECT column_name, data_type FROM information_schema.columns
                          WHERE table_schema = 'public' AND table_name = 'LiteLLM_SpendLogs'
                          ORDER BY ordinal_position""").fetchall()
    assert rows == [(n, t) for n, t in SPEND_LOG_COLUMNS]


def test_replace_is_default_and_append_adds(tmp_path):
    con, _ = _generate(tmp_path / "a.duckdb", rows=300)
    before = one(con, f"SELECT count(*) FROM {T}")[0]
    generate(con, **{**ARGS, "rows": 300})
    assert one(con, f"SELECT count(*) FROM {T}")[0] == before
    generate(con, **{**ARGS, "rows": 300, "append": True, "id_offset": 10_000})
    total, distinct = one(con, f"SELECT count(*), count(DISTINCT request_id) FROM {T}")
    assert distinct == 600 and total > before


def test_duplicates_are_identical_redeliveries(logs):
    con, stats = logs
    total, distinct = one(con, f"SELECT count(*), count(DISTINCT request_id) FROM {T}")
    assert distinct == N == stats["distinct_request_ids"]
    assert total - distinct == stats["duplicates"]
    assert 0.5 * 0.005 * N <= stats["duplicates"] <= 1.5 * 0.005 * N
    distinct_rows = one(con, f"SELECT count(*) FROM (SELECT DISTINCT * EXCLUDE (metadata, request_tags, "
                             f"messages, response, proxy_server_request) FROM {T})")[0]
    assert distinct_rows == N  # the copies are identical, not just same-id


def test_quirks_occur(logs):
    con, _ = logs
    r = con.execute(f"""SELECT
        count(*) FILTER (team_id = ''), count(*) FILTER (team_id IS NULL),
        count(*) FILTER (end_user = ''), count(*) FILTER (end_user IS NULL),
        count(*) FILTER (api_key LIKE 'sk-%'), count(*) FILTER (api_key = 'litellm_proxy_master_key'),
        count(*) FILTER (model_group = ''), count(*) FILTER (model_id = ''),
        count(*) FILTER (model_group <> trim(lower(model_group))),
        count(*) FILTER (status IS NULL), count(*) FILTER (status = 'success'),
        count(*) FILTER (strftime("startTime", '%H:%M:%S.%g') IN ('00:00:00.000', '23:59:59.999')),
        count(*) FILTER (length(api_key) = 64)
        FROM {T}""").fetchone()
    assert all(v > 0 for v in r), r
    no_team = (r[0] + r[1]) / N
    assert 0.03 < no_team < 0.07
    assert 0.25 < r[2] / N < 0.35 and 0.02 < r[3] / N < 0.08


def test_cache_hits_and_failures(logs):
    con, _ = logs
    hits, hit_spend, hit_suffix = one(con, f"""SELECT count(*), sum(abs(spend)),
        count(*) FILTER (regexp_matches(request_id, '_cache_hit[0-9]{{13}}$'))
        FROM {T} WHERE cache_hit = 'True'""")
    assert 0.03 * N < hits < 0.07 * N and hit_spend == 0 and hit_suffix == hits
    fails, fail_spend, fail_completion = one(con, f"""SELECT count(*), sum(abs(spend)), sum(completion_tokens)
        FROM {T} WHERE metadata->>'$.status' = 'failure'""")
    assert 0.015 * N < fails < 0.05 * N and fail_spend == 0 and fail_completion == 0
    assert one(con, f"SELECT count(*) FROM {T} WHERE cache_hit NOT IN ('True', 'False', '')")[0] == 0


def test_tokens_spend_and_times_are_consistent(logs):
    con, _ = logs
    bad = one(con, f"""SELECT
        count(*) FILTER (total_tokens <> prompt_tokens + completion_tokens),
        count(*) FILTER ((metadata->>'$.cost_breakdown.total_cost')::DOUBLE <> spend),
        count(*) FILTER ("endTime" < "startTime" OR created_at < "endTime"),
        count(*) FILTER (epoch_us("startTime") % 1000 <> 0),
        count(*) FILTER (call_type = 'aembedding' AND completion_tokens <> 0),
        count(*) FILTER (json_type(request_tags) <> 'ARRAY'
                         OR NOT starts_with(request_tags->>'$[0]', 'User-Agent: '))
        FROM {T}""")
    assert bad == (0, 0, 0, 0, 0, 0)
    window = one(con, f'SELECT min("startTime")::DATE, max("startTime")::DATE FROM {T}')
    assert window == (dt.date(2025, 4, 11), dt.date(2025, 5, 10))


def test_byok_deployments_stay_with_their_teams(logs):
    con, _ = logs
    rows = dict(con.execute(f"""SELECT model_id, list(DISTINCT team_id ORDER BY team_id) FROM {T}
        WHERE model_id IN ('dep-acme-claude-sonnet', 'dep-globex-gpt-4o', 'dep-initech-azure')
        GROUP BY 1""").fetchall())
    assert rows == {"dep-acme-claude-sonnet": ["team-acme"], "dep-globex-gpt-4o": ["team-globex"],
                    "dep-initech-azure": ["team-initech"]}
    assert one(con, f"""SELECT count(*) FROM {T} WHERE model_id = 'dep-initech-azure'
        AND model_group LIKE 'model_name_team-initech_%' AND model = 'azure/initech-gpt-4o'""")[0] > 0


def test_insert_rows_duckdb_round_trips(tmp_path):
    con = duckdb.connect(str(tmp_path / "fixture.duckdb"))
    create_duckdb_spend_logs_table(con)
    base = {"call_type": "acompletion", "startTime": "2025-06-01 00:00:00", "endTime": "2025-06-01 00:00:01"}
    insert_rows_duckdb(con, [
        {**base, "request_id": "nan", "spend": float("nan"), "metadata": {"user_api_key_alias": "a"}},
        {**base, "request_id": "inf", "spend": float("inf"), "request_tags": ["User-Agent: x", "p"]},
        {**base, "request_id": "ninf", "spend": float("-inf"), "team_id": None, "end_user": ""},
    ])
    got = {r[0]: r[1:] for r in con.execute(f"SELECT request_id, spend, metadata, request_tags, team_id, "
                                             f"end_user, api_key, model_group, created_at FROM {T}").fetchall()}
    assert math.isnan(got["nan"][0]) and got["inf"][0] == math.inf and got["ninf"][0] == -math.inf
    assert json.loads(got["nan"][1]) == {"user_api_key_alias": "a"}
    assert json.loads(got["inf"][2]) == ["User-Agent: x", "p"]
    assert json.loads(got["ninf"][1]) == {} and json.loads(got["ninf"][2]) == []  # table defaults
    assert got["ninf"][3:6] == (None, "", "") and got["ninf"][7] is not None


def test_json_as_text_and_primary_key_options():
    con = duckdb.connect()
    create_duckdb_spend_logs_table(con, schema="raw", json_as_text=True, primary_key=True)
    types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                             "WHERE table_schema = 'raw'").fetchall())
    assert types["metadata"] == "VARCHAR" and types["spend"] == "DOUBLE"
    row = {"request_id": "r1", "call_type": "x", "startTime": "2025-01-01", "endTime": "2025-01-01"}
    insert_rows_duckdb(con, [row], schema="raw")
    with pytest.raises(duckdb.ConstraintException):
        insert_rows_duckdb(con, [row], schema="raw")


def test_cli(tmp_path, capsys):
    path = tmp_path / "cli.duckdb"
    main(["--rows", "200", "--duckdb-path", str(path), "--end-date", "2026-01-31", "--days", "3"])
    assert "rows=" in capsys.readouterr().out
    with duckdb.connect(str(path)) as con:
        assert one(con, f"SELECT count(DISTINCT request_id) FROM {T}")[0] == 200


def test_the_demo_shows_a_team_owned_deployment_of_a_public_model_name(tmp_path):
    """`make demo`: a team's own deployment serves a model name the shipped catalog calls
    billable, with no rule naming the deployment, so only LiteLLM's ownership makes it BYOK."""
    con, _ = _generate(tmp_path / "demo.duckdb", rows=2000, with_deployments=True)
    owned = con.execute("""
        select model_id, model_info ->> 'team_id', model_info ->> 'team_public_model_name'
        from public."LiteLLM_ProxyModelTable" where model_info ->> 'team_id' is not null""").fetchall()
    with open(ROOT / "seeds" / "model_catalog.csv", newline="") as file:
        catalog = list(csv.DictReader(file))
    billable_names = {r["model_group"] for r in catalog
                      if r["is_byok"] == "false" and r["model_group"] and not r["model_id"] and not r["team_id"]}
    ruled_deployments = {r["model_id"] for r in catalog if r["model_id"]}
    shown = [(model_id, team) for model_id, team, public_name in owned
             if public_name in billable_names and model_id not in ruled_deployments]
    assert ("dep-globex-gpt-4o", "team-globex") in shown
    used = con.execute(f"select count(*) from {T} where model_id = 'dep-globex-gpt-4o' and model_group = 'gpt-4o'")
    assert used.fetchone()[0] > 0


def test_parquet_output_holds_the_same_rows_in_litellms_columns(tmp_path, logs):
    """--target parquet: LiteLLM's tables as files named after them (the spark target's source),
    the same rows as the same arguments give in DuckDB."""
    from litellm_spend_dev.spark_source import parquet_files

    main(["--target", "parquet", "--parquet-dir", str(tmp_path / "files"), "--rows", str(N), "--days", "30",
          "--end-date", "2025-05-10", "--seed", "42"])
    assert [f.name for f in parquet_files(tmp_path / "files")] == [
        "LiteLLM_ProxyModelTable.parquet", "LiteLLM_SpendLogs.parquet"]
    con, stats = logs
    parquet = f"read_parquet('{tmp_path / 'files' / 'LiteLLM_SpendLogs.parquet'}')"
    columns = [name for name, *_ in con.execute(f"DESCRIBE SELECT * FROM {parquet}").fetchall()]
    assert columns == [name for name, _ in SPEND_LOG_COLUMNS]
    assert one(con, f"SELECT count(*) FROM (SELECT * FROM {parquet} EXCEPT ALL SELECT * FROM {T})")[0] == 0
    assert one(con, f"SELECT count(*) FROM {parquet}")[0] == stats["rows_written"]
    (tmp_path / "files" / "LiteLLM_SpendLog.parquet").write_bytes(b"")  # a misspelt table is refused
    with pytest.raises(SystemExit, match="LiteLLM_SpendLog.parquet"):
        parquet_files(tmp_path / "files")
