"""Demo budgets in LiteLLM's own tables, so the budget burn mart and dashboard page have data.

    python -m litellm_spend_dev.budget_tables [--target duckdb|postgres] [--schema public]

Writes "LiteLLM_TeamTable" rows (one per generated team, with its alias) and
"LiteLLM_VerificationToken" rows (each team's busiest key) with budgets sized from the spend
already in "LiteLLM_SpendLogs": a 30-day budget per team (resetting five days after the
newest request) and a weekly one per key ('7d', resetting three days after it), each a
multiple of the spend of the last 30 (7) days, at a spread of multiples, so some are near or
over their limit by the end of the period. On Postgres the tables come from LiteLLM's migrations; DuckDB gets
the columns budgets need. Run it after generate_spend_logs; it replaces the rows it wrote.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
from decimal import Decimal

from litellm_spend.warehouse.statements import execute, fetch
from litellm_spend.warehouse.settings import Settings
from litellm_spend_dev.generate_spend_logs import TEAMS
from litellm_spend_dev.spend_logs_layout import q

# Budget = spend so far x one of these, team by team: 0.9 is over its limit, 3.0 far from it.
CENT = Decimal("0.01")
MULTIPLES = [Decimal("1.25"), Decimal("0.9"), Decimal("2"), Decimal("1.05"), Decimal("3"), Decimal("1.5")]


def _create_duckdb_tables(conn, schema: str) -> None:
    execute(conn, f"create schema if not exists {q(schema)}")
    execute(conn, f"""create table if not exists {q(schema)}."LiteLLM_TeamTable" (
        team_id varchar primary key, team_alias varchar, max_budget double,
        budget_duration varchar, budget_reset_at timestamp)""")
    execute(conn, f"""create table if not exists {q(schema)}."LiteLLM_VerificationToken" (
        token varchar primary key, key_alias varchar, team_id varchar, max_budget double,
        budget_duration varchar, budget_reset_at timestamp, budget_id varchar)""")


def budgets(conn, schema: str) -> tuple[list[tuple], list[tuple]]:
    """(team rows, key rows) sized from the spend logs now in the table."""
    logs = f'{q(schema)}."LiteLLM_SpendLogs"'
    (newest,), = fetch(conn, f'select max("startTime") from {logs}')
    if newest is None:
        raise SystemExit(f"{logs} is empty: run generate_spend_logs first")
    # Periods that are well under way on the newest day, limits from the spend rate of a
    # whole period: a team's 30 days, a key's 7.
    team_reset = dt.datetime.combine(newest.date() + dt.timedelta(days=5), dt.time())
    key_reset = dt.datetime.combine(newest.date() + dt.timedelta(days=3), dt.time())
    team_rate_from = newest - dt.timedelta(days=30)
    key_start = newest - dt.timedelta(days=7)
    spend = dict(fetch(conn, f"""select team_id, sum(spend) from {logs}
        where "startTime" > '{team_rate_from}' group by team_id"""))
    teams, keys = [], []
    for number, (team_id, alias, *_rest) in enumerate(TEAMS):
        limit = (Decimal(repr(spend.get(team_id) or 1.0)) * MULTIPLES[number % len(MULTIPLES)]).quantize(CENT)
        teams.append((team_id, alias, float(max(limit, CENT)), "30d", team_reset))
    busiest = fetch(conn, f"""select team_id, api_key, total from (
            select team_id, api_key, sum(spend) as total,
                   row_number() over (partition by team_id order by sum(spend) desc, api_key) as rank
            from {logs} where "startTime" >= '{key_start}' and team_id <> '' group by team_id, api_key
        ) as ranked where rank = 1 order by team_id""")
    for number, (team_id, api_key, total) in enumerate(busiest):
        limit = (Decimal(repr(total or 1.0)) * MULTIPLES[(number + 1) % len(MULTIPLES)]).quantize(CENT)
        keys.append((api_key, f"{team_id.removeprefix('team-')}-busiest", team_id, float(max(limit, CENT)),
                     "7d", key_reset))
    return teams, keys


def write(conn, target: str, schema: str) -> tuple[int, int]:
    if target == "duckdb":
        _create_duckdb_tables(conn, schema)
    teams, keys = budgets(conn, schema)
    team_table, key_table = f'{q(schema)}."LiteLLM_TeamTable"', f'{q(schema)}."LiteLLM_VerificationToken"'
    team_ids = ", ".join(f"'{t[0]}'" for t in teams)
    key_ids = ", ".join(f"'{k[0]}'" for k in keys)
    execute(conn, f"delete from {team_table} where team_id in ({team_ids})")
    execute(conn, f"delete from {key_table} where token in ({key_ids})")
    # LiteLLM's own tables have more NOT NULL columns (arrays without defaults); DuckDB's copy has none.
    arrays = ", admins, members, models" if target == "postgres" else ""
    array_values = ", '{}', '{}', '{}'" if target == "postgres" else ""
    for team_id, alias, limit, duration, reset in teams:
        execute(conn, f"""insert into {team_table} (team_id, team_alias, max_budget, budget_duration,
            budget_reset_at{arrays}) values ('{team_id}', '{alias}', {limit}, '{duration}', '{reset}'{array_values})""")
    key_arrays = ", models" if target == "postgres" else ""
    key_array_values = ", '{}'" if target == "postgres" else ""
    for token, alias, team_id, limit, duration, reset in keys:
        execute(conn, f"""insert into {key_table} (token, key_alias, team_id, max_budget, budget_duration,
            budget_reset_at{key_arrays}) values ('{token}', '{alias}', '{team_id}', {limit}, '{duration}',
            '{reset}'{key_array_values})""")
    if target == "postgres":
        conn.commit()
    return len(teams), len(keys)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", choices=["duckdb", "postgres"], default=None)
    parser.add_argument("--duckdb-path", default=None)
    parser.add_argument("--schema", default="public")
    args = parser.parse_args(argv)
    settings = Settings.from_env(target=args.target)
    if args.duckdb_path:
        settings = dataclasses.replace(settings, duckdb_path=args.duckdb_path)
    conn = settings.connect(create=True)
    try:
        teams, keys = write(conn, settings.target, args.schema)
    finally:
        conn.close()
    print(f"budgets written: {teams} teams ('30d'), {keys} keys ('7d')")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
