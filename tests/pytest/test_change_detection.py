"""Changes no count shows: a warehouse copy of the spend logs kept by upserts rewrites rows in
place. Each change below sets updated_at, as such a copy does, and only plain scheduled runs
follow (no vars): the marts end equal to one build over the source as it is. Without
updated_at (older LiteLLM, or a copy that does not maintain it) the deep check finds them.
Both adapters.
"""

from __future__ import annotations

import pytest

MARTS = ("budget_spend_daily", "billable_spend_daily", "spend_by_model_daily")
NOW = "2026-12-01 00:00:00"


def marts(project) -> dict[str, list[dict]]:
    return {mart: sorted(project.mart(mart), key=repr) for mart in MARTS}


def ids_on(project, day: str, count: int, offset: int = 0) -> list[str]:
    """`count` request ids that started on `day` (UTC), in id order."""
    rows = project.query(f'select request_id from {project.source_table} where "startTime" >= \'{day}\' '
                         f'and "startTime" < cast(\'{day}\' as date) + 1 order by request_id')
    return [r[0] for r in rows][offset:offset + count]


def in_list(ids: list[str]) -> str:
    return ", ".join(f"'{i}'" for i in ids)


def rebuilt_days(project) -> dict[str, str]:
    return {day.isoformat(): reasons for day, reasons in project.query(
        f"select spend_date, reasons from {project.relation('run_window', 'run')} where window_part = 'rebuild'")}


def full_rebuild(project) -> dict[str, list[dict]]:
    """The marts of one build over the source as it is now (the history rebuilt from it)."""
    project.build("--full-refresh", extra_vars={"rebuild_history": True})
    return marts(project)


@pytest.fixture
def pair(request, project_factory):
    adapter = request.param
    return project_factory(adapter), project_factory(adapter)


@pytest.mark.parametrize("pair", ["duckdb", "postgres"], indirect=True)
def test_changes_in_place_heal_in_the_next_plain_run_whatever_the_counts(pair):
    scheduled, reference = pair
    for project in pair:
        project.generate(rows=6000, days=30, end_date="2026-03-10", seed=31, id_offset=0)
    scheduled.build()
    before = marts(scheduled)

    # Weeks old, far outside the lookback: re-priced, re-teamed and re-keyed in place,
    # and 40 requests moved 9 days later while 40 others moved 9 days earlier, so that
    # both days keep their counts.
    repriced, reteamed = ids_on(scheduled, "2026-02-14", 3), ids_on(scheduled, "2026-02-16", 4)
    rekeyed = ids_on(scheduled, "2026-02-18", 2)
    later, earlier = ids_on(scheduled, "2026-02-12", 40), ids_on(scheduled, "2026-02-21", 40)
    changes = [
        f"update {{t}} set spend = spend * 3 + 0.5, updated_at = '{NOW}' where request_id in ({in_list(repriced)})",
        f"update {{t}} set team_id = 'team-reassigned', updated_at = '{NOW}' where request_id in ({in_list(reteamed)})",
        f"update {{t}} set api_key = 'key-rotated', updated_at = '{NOW}' where request_id in ({in_list(rekeyed)})",
        f"""update {{t}} set "startTime" = "startTime" + interval '9 days', "endTime" = "endTime" + interval '9 days',
            updated_at = '{NOW}' where request_id in ({in_list(later)})""",
        f"""update {{t}} set "startTime" = "startTime" - interval '9 days', "endTime" = "endTime" - interval '9 days',
            updated_at = '{NOW}' where request_id in ({in_list(earlier)})""",
    ]
    counts = {day: len(ids_on(scheduled, day, 10_000)) for day in ("2026-02-12", "2026-02-21")}
    for project in pair:
        for change in changes:
            project.execute(change.format(t=project.source_table))
    assert {day: len(ids_on(scheduled, day, 10_000)) for day in counts} == counts  # the counts balance out

    scheduled.build()
    days = rebuilt_days(scheduled)
    for day in ("2026-02-12", "2026-02-14", "2026-02-16", "2026-02-18", "2026-02-21"):
        assert day in days, (day, days)
    assert all("changed_in_place" in days[day] for day in ("2026-02-12", "2026-02-14", "2026-02-21")), days
    healed = marts(scheduled)
    assert healed != before
    assert healed == full_rebuild(reference)
    # Nothing more to find: the next run rebuilds only its lookback.
    scheduled.build()
    assert set(rebuilt_days(scheduled).values()) == {"lookback"}


@pytest.mark.parametrize("pair", ["duckdb", "postgres"], indirect=True)
def test_the_deep_check_heals_what_no_updated_at_shows(pair):
    """A source whose updated_at does not move (older LiteLLM has none; some copies do not
    maintain it): a plain run cannot see a row changed in place, the deep check's content
    digest finds its day and heals it in that run. A row purged from the source changes
    nothing: the history keeps it, and the marts keep billing it."""
    scheduled, reference = pair
    for project in pair:
        project.generate(rows=4000, days=20, end_date="2026-03-10", seed=32, id_offset=0)
    scheduled.build()
    repriced, reteamed = ids_on(scheduled, "2026-02-25", 2), ids_on(scheduled, "2026-02-23", 3)
    purged = ids_on(scheduled, "2026-02-27", 3)
    for project in pair:  # updated_at left as it was
        project.execute(f"update {project.source_table} set spend = spend + 1 where request_id in ({in_list(repriced)})")
        project.execute(f"update {project.source_table} set team_id = 'team-reassigned' "
                        f"where request_id in ({in_list(reteamed)})")
    before = marts(scheduled)
    scheduled.build()
    assert marts(scheduled) == before  # unseen by a plain run

    scheduled.execute(f"delete from {scheduled.source_table} where request_id in ({in_list(purged)})")
    scheduled.build(extra_vars={"deep_check": True})
    days = rebuilt_days(scheduled)
    assert all("changed_in_place" in days[day] for day in ("2026-02-23", "2026-02-25")), days
    assert "2026-02-27" not in days, days
    assert marts(scheduled) == full_rebuild(reference)


def updated_in_place(project) -> int:
    """Postgres' own count of the source's rows updated in place (pg_stat_user_tables)."""
    return project.query(f"select n_tup_upd from pg_stat_user_tables where relid = '{project.source_table}'::regclass")[0][0]


def newest_update_read(build) -> bool:
    """Whether the build read the source's newest updated_at per day (the SQL it logged)."""
    return "max(source_updated_at) as latest_source_update from " in build.output


@pytest.mark.parametrize("project", ["postgres"], indirect=True)
def test_on_postgres_the_newest_update_is_read_only_when_rows_were_updated(project):
    """The per-day newest updated_at is a pass over the whole table's heap on Postgres. A run
    records the server's count of rows updated in place; while it stays the same no row was
    written again, and the next run reads the counts alone. An update moves the count: read."""
    project.generate(rows=3000, days=20, end_date="2026-03-10", seed=33, id_offset=0)
    project.build()
    project.build()
    recorded = project.query(f"select distinct source_updates_seen from {project.relation('spend_log_source_days', 'history')} "
                             f"where recorded_at = (select max(recorded_at) from "
                             f"{project.relation('spend_log_source_days', 'history')})")
    assert recorded == [(updated_in_place(project),)]

    assert not newest_update_read(project.build())

    repriced = ids_on(project, "2026-02-20", 2)
    count_before = updated_in_place(project)
    project.execute(f"update {project.source_table} set spend = spend * 2 + 1, updated_at = '{NOW}' "
                    f"where request_id in ({in_list(repriced)})")
    assert updated_in_place(project) == count_before + 2
    before = marts(project)
    assert newest_update_read(project.build())
    assert "changed_in_place" in rebuilt_days(project)["2026-02-20"]
    assert marts(project) != before
