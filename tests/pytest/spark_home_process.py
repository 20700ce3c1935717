"""A process of its own on one SPEND_SPARK_HOME for test_spark_kills.py (Derby admits one process
per home, and the test process's own Spark session is fixed to its own home). It does its steps in
order in one Spark session, as one JVM start, printing `STEP <json>` after each:

    load:<dir>      the Parquet files of dir as LiteLLM's tables (as load_parquet_table)
    append:<dir>    dir's LiteLLM_SpendLogs appended to the loaded table, the other tables replaced
    read            what a reader of the marts sees, the history's request ids, and the tables and
                    partitions runs left
    dbt:<args>      one dbt invocation in this process (dbt-spark's session method reuses this
                    session), its arguments shell-quoted; exits 1 if it fails

A dbt step the test kills (its SPEND_SPARK_PAUSE_AT hook) kills the whole process: a read after a
kill is the first step of the next process, so it sees only what the killed run left on disk.

Run as: PYTHONPATH=tests/pytest python spark_home_process.py <spark_home> <schema> <project> <step> ...
"""

from __future__ import annotations

import json
import os
import shlex
import sys
from pathlib import Path

from pyspark.sql import SparkSession

# The test runs it with tests/pytest on PYTHONPATH.
from engine_equality import RUN_STAMPS, canonical

MARTS = ("billable_spend_daily", "budget_spend_daily", "spend_by_model_daily")


def session(home: str) -> SparkSession:
    # The profile's static settings (profiles.example.yml, spark): dbt's session method then gets
    # this session and sets its own runtime settings on it.
    return (SparkSession.builder.master(os.environ.get("SPEND_SPARK_MASTER", "local[2]"))
            .config("spark.sql.catalogImplementation", "hive")
            .config("spark.sql.warehouse.dir", f"{home}/warehouse")
            .config("spark.hadoop.javax.jdo.option.ConnectionURL", f"jdbc:derby:;databaseName={home}/metastore_db;create=true")
            .config("spark.driver.extraJavaOptions", f"-Dderby.stream.error.file={home}/derby.log "
                    "-Dlog4j.configurationFile=config/spark-log4j2.properties")
            .config("spark.sql.session.timeZone", "UTC").config("spark.sql.timestampType", "TIMESTAMP_NTZ")
            .config("spark.sql.decimalOperations.allowPrecisionLoss", "false")
            .config("spark.ui.enabled", "false").enableHiveSupport().getOrCreate())


def load(spark, directory: str, append: bool) -> dict:
    spark.sql("create database if not exists public")
    for path in sorted(Path(directory).glob("LiteLLM_*.parquet")):
        table = f"public.`{path.stem}`"
        if append and path.stem == "LiteLLM_SpendLogs":
            spark.sql(f"insert into {table} by name select * from parquet.`{path}`")
        else:
            spark.sql(f"drop table if exists {table}")
            spark.sql(f"create table {table} using parquet as select * from parquet.`{path}`")
    return {}


def mart_rows(spark, table: str) -> list[list[str]]:
    columns = sorted(f.name for f in spark.table(table).schema.fields if f.name not in RUN_STAMPS)
    return sorted([repr(canonical(v)) for v in r] for r in spark.table(table).select(*columns).collect())


def read(spark, schema: str) -> dict:
    tables = [r.tableName for r in spark.sql(f"show tables in {schema}_marts").collect() + spark.sql(
        f"show tables in {schema}_history").collect() if not r.isTemporary]
    partitions = {mart: [p for (p,) in spark.sql(f"show partitions {schema}_marts.{mart}__days").collect()]
                  for mart in MARTS}
    return {"marts": {mart: mart_rows(spark, f"{schema}_marts.{mart}") for mart in MARTS},
            "history": sorted(r[0] for r in spark.sql(f"select request_id from {schema}_history.spend_log_history").collect()),
            "tables": tables, "partitions": partitions}


def dbt(arguments: str) -> dict:
    from dbt.cli.main import dbtRunner

    result = dbtRunner().invoke(shlex.split(arguments))
    if not result.success:
        sys.exit(1)
    return {}


def main(home: str, schema: str, project: str, *steps: str) -> None:
    os.chdir(project)
    spark = session(home)
    for step in steps:
        step, _, argument = step.partition(":")
        if step in ("load", "append"):
            done = load(spark, argument, append=step == "append")
        elif step == "read":
            done = read(spark, schema)
        else:
            done = dbt(argument)
        print("STEP " + json.dumps(done), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
