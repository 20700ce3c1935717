"""A separate process that opens one SPEND_SPARK_HOME (Derby admits one process at a time, and the
test process's own Spark session is fixed to its own home) and does one job for
test_spark_kills.py, printing JSON on its last line:

    load <schema> <dir> [append]   the Parquet files of dir as LiteLLM's tables (as load_parquet_table)
    read <schema>                  what a reader of the marts sees, the history's request ids, and the
                                   tables and partitions runs left

Run as: PYTHONPATH=tests/pytest python spark_kill_reader.py <spark_home> <job> ...
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pyspark.sql import SparkSession

# The test runs it with tests/pytest on PYTHONPATH.
from engine_equality import RUN_STAMPS, canonical

MARTS = ("billable_spend_daily", "budget_spend_daily", "spend_by_model_daily")


def session(home: str) -> SparkSession:
    # The profile's settings that decide what a query returns (profiles.example.yml, spark).
    return (SparkSession.builder.master("local[1]").config("spark.sql.catalogImplementation", "hive")
            .config("spark.sql.warehouse.dir", f"{home}/warehouse")
            .config("spark.hadoop.javax.jdo.option.ConnectionURL", f"jdbc:derby:;databaseName={home}/metastore_db;create=true")
            .config("spark.sql.session.timeZone", "UTC").config("spark.sql.timestampType", "TIMESTAMP_NTZ")
            .config("spark.sql.decimalOperations.allowPrecisionLoss", "false")
            .config("spark.ui.enabled", "false").enableHiveSupport().getOrCreate())


def mart_rows(spark, table: str) -> list[list[str]]:
    columns = sorted(f.name for f in spark.table(table).schema.fields if f.name not in RUN_STAMPS)
    return sorted([repr(canonical(v)) for v in r] for r in spark.table(table).select(*columns).collect())


def main(home: str, job: str, schema: str, *rest: str) -> dict:
    spark = session(home)
    if job == "load":
        spark.sql("create database if not exists public")
        for path in sorted(Path(rest[0]).glob("LiteLLM_*.parquet")):
            table = f"public.`{path.stem}`"
            if len(rest) > 1 and path.stem == "LiteLLM_SpendLogs":
                spark.sql(f"insert into {table} by name select * from parquet.`{path}`")
            else:
                spark.sql(f"drop table if exists {table}")
                spark.sql(f"create table {table} using parquet as select * from parquet.`{path}`")
        return {}
    tables = [r.tableName for r in spark.sql(f"show tables in {schema}_marts").collect() + spark.sql(
        f"show tables in {schema}_history").collect() if not r.isTemporary]
    partitions = {mart: [p for (p,) in spark.sql(f"show partitions {schema}_marts.{mart}__days").collect()]
                  for mart in MARTS}
    return {"marts": {mart: mart_rows(spark, f"{schema}_marts.{mart}") for mart in MARTS},
            "history": sorted(r[0] for r in spark.sql(f"select request_id from {schema}_history.spend_log_history").collect()),
            "tables": tables, "partitions": partitions}


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:])))
