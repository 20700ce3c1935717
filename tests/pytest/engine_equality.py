"""Every relation the project builds, compared value by value between a DuckDB and a Spark copy.

Both sides are read by their own engine's client (DuckDB's Python API, the Spark session's
collect()), not through the project's SQL. Money compares as exact decimals: 1.50 and 1.5 are
one value, 1.5 and 1.500000000000000001 are not.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections import Counter

# Stamped with the time of the run that wrote them: two runs never share them, by construction.
RUN_STAMPS = {"built_at", "issued_at", "loaded_at", "observed_at", "published_at", "recorded_at", "run_started_at"}
# A rejected row's identity across runs, a digest of its columns as the engine prints them: each
# engine prints a float its own way (NaN is 'nan' on DuckDB, 'NaN' on Postgres and Spark; 1e20 is
# '1e+20' or '1.0E20'), so digests differ between engines and stay stable within one. Rejected
# rows still compare by every other column, counted: a row rejected twice would show.
ENGINE_SPECIFIC = {"row_fingerprint"}


def canonical(value):
    if isinstance(value, decimal.Decimal):
        return ("number", value.normalize() if value else decimal.Decimal(0))
    if isinstance(value, float):
        return ("float", repr(value))
    if isinstance(value, dt.datetime):
        return ("timestamp", value.replace(tzinfo=None).isoformat())
    if isinstance(value, dt.date):
        return ("date", value.isoformat())
    return (type(value).__name__, value)


def duckdb_relations(con, schema: str) -> dict[str, list[str]]:
    """{layer.name: columns} of every table and view of the project's schemas (<schema>_<layer>)."""
    rows = con.execute(
        "select table_schema, table_name, column_name from information_schema.columns"
        " where starts_with(table_schema, ?) order by table_schema, table_name, ordinal_position",
        [f"{schema}_"]).fetchall()
    relations: dict[str, list[str]] = {}
    for table_schema, table_name, column in rows:
        relations.setdefault(f"{table_schema[len(schema) + 1:]}.{table_name}", []).append(column)
    return relations


def spark_relations(spark, schema: str) -> dict[str, list[str]]:
    relations = {}
    for (database,) in spark.sql(f"show databases like '{schema}_*'").collect():
        for row in spark.sql(f"show tables in `{database}`").collect():
            # A versioned_days mart's tables (<mart>__days, <mart>__published) are Spark's
            # storage of the view that is compared.
            if row.isTemporary or row.tableName.endswith(("__days", "__published")):
                continue
            fields = spark.table(f"`{database}`.`{row.tableName}`").schema.fields
            # started_utc_day: the day partition of Spark's history tables only (macros/spark/day_partitions.sql),
            # derived from started_at, which is compared.
            names = [f.name for f in fields if not (database.endswith("_history") and f.name == "started_utc_day")]
            relations[f"{database[len(schema) + 1:]}.{row.tableName}"] = names
    return relations


def differences(duck_con, duck_schema: str, spark, spark_schema: str) -> list[str]:
    """What differs between the two copies; empty when every relation holds the same rows."""
    duck = duckdb_relations(duck_con, duck_schema)
    spark_side = spark_relations(spark, spark_schema)
    found = [f"only on DuckDB: {name}" for name in sorted(duck.keys() - spark_side.keys())]
    found += [f"only on Spark: {name}" for name in sorted(spark_side.keys() - duck.keys())]
    for name in sorted(duck.keys() & spark_side.keys()):
        if sorted(duck[name]) != sorted(spark_side[name]):
            found.append(f"{name}: columns differ: DuckDB {duck[name]}, Spark {spark_side[name]}")
            continue
        columns = [c for c in duck[name] if c not in RUN_STAMPS | ENGINE_SPECIFIC]
        layer, table = name.split(".")
        duck_rows = Counter(tuple(map(canonical, row)) for row in duck_con.execute(
            f'select {", ".join(chr(34) + c + chr(34) for c in columns)} from "{duck_schema}_{layer}"."{table}"'
        ).fetchall())
        spark_rows = Counter(tuple(map(canonical, row)) for row in
                             spark.table(f"`{spark_schema}_{layer}`.`{table}`").select(*columns).collect())
        if duck_rows != spark_rows:
            only_duck, only_spark = duck_rows - spark_rows, spark_rows - duck_rows
            found.append(f"{name}: {sum(duck_rows.values())} rows on DuckDB, {sum(spark_rows.values())} on Spark; "
                         f"{sum(only_duck.values())} only on DuckDB, e.g. {sorted(only_duck)[:1]}; "
                         f"{sum(only_spark.values())} only on Spark, e.g. {sorted(only_spark)[:1]}")
    return found
