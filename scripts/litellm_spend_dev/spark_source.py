"""Load Parquet files of LiteLLM's tables as the source of the `spark` target.

    python -m litellm_spend_dev.generate_spend_logs --target parquet --parquet-dir spend-parquet
    python -m litellm_spend_dev.spark_source spend-parquet            # replaces the tables
    python -m litellm_spend_dev.spark_source more-parquet --append    # adds spend-log rows

Run it in the project directory: each LiteLLM_<Name>.parquet found becomes the table
LiteLLM_<Name> of the source schema (var litellm_schema, default public), through dbt and
the spark target's own profile, so the session is the one `dbt build` opens. --append adds
to "LiteLLM_SpendLogs" only; the other tables hold current state and are replaced.
"""

import argparse
import json
import sys
from pathlib import Path

from litellm_spend_dev.parquet_export import LITELLM_TABLES


def parquet_files(location):
    location = Path(location).resolve()
    files = [location] if location.is_file() else sorted(location.glob("LiteLLM_*.parquet"))
    unknown = [f.name for f in files if f.stem not in LITELLM_TABLES]
    if unknown or not files:
        raise SystemExit(f"{location}: expected files named after LiteLLM's tables "
                         f"({', '.join(t + '.parquet' for t in LITELLM_TABLES)}); found {unknown or 'none'}")
    return files


def load_commands(location, append=False):
    """The dbt commands that load each file: `dbt run-operation load_parquet_table ...`."""
    return [["run-operation", "load_parquet_table", "--args", json.dumps(
        {"path": str(path), "identifier": path.stem, "append": append and path.stem == "LiteLLM_SpendLogs"})]
        for path in parquet_files(location)]


def load(location, append=False, target="spark"):
    """Runs them in this process, so that one Spark session serves every file."""
    from dbt.cli.main import dbtRunner

    runner = dbtRunner()
    for command in load_commands(location, append):
        result = runner.invoke([*command, "--target", target])
        if not result.success:
            raise SystemExit(f"{' '.join(command[:2])} failed: {result.exception or 'see the dbt log above'}")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("location", help="a directory of LiteLLM_<Name>.parquet files, or one such file")
    p.add_argument("--append", action="store_true", help='add the rows to "LiteLLM_SpendLogs" instead of replacing it')
    p.add_argument("--target", default="spark", help="dbt target (default spark)")
    a = p.parse_args(argv)
    load(a.location, append=a.append, target=a.target)


if __name__ == "__main__":
    sys.exit(main())
