"""dbt inside this process: the project parsed once, then every command of the run on it.

A second dbt process cost a day run at 10M rows 5.7 s of start-up and parsing.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from litellm_spend.warehouse import is_locked


class Dbt:
    """dbt in this process, the project parsed once with this run's target and vars."""

    def __init__(self, target: str | None, dbt_vars: str | None):
        from dbt.cli.main import dbtRunner  # here, not at the top: `litellm-spend --help` stays fast

        self.runner_class = dbtRunner
        self.options: list[str] = []
        if target:
            self.options += ["--target", target]
        if dbt_vars:
            self.options += ["--vars", dbt_vars]
        # As `dbt` run in the project directory: its profiles.yml first, else dbt's default.
        if "DBT_PROFILES_DIR" not in os.environ and Path("profiles.yml").exists():
            self.options += ["--profiles-dir", "."]
        self.manifest = None

    def _invoke(self, args: list[str]):
        """Runs one dbt command (its log goes to stdout as usual); returns (dbt's result, log text)."""
        messages: list[str] = []
        runner = self.runner_class(manifest=self.manifest, callbacks=[lambda event: messages.append(event.info.msg)])
        result = runner.invoke([*args, *self.options])
        text = "\n".join(messages) + ("\n" + str(result.exception) if result.exception else "")
        return result, text

    def invoke_retrying_while_locked(self, args: list[str], wait_seconds: float) -> tuple[bool, str]:
        """DuckDB allows one writing process per file: wait for another holder to let go."""
        deadline = time.monotonic() + wait_seconds
        while True:
            result, text = self._invoke(args)
            if result.success or not is_locked(text) or time.monotonic() >= deadline:
                return result.success, text
            print(f"DuckDB file is locked by another process; retrying for {deadline - time.monotonic():.0f}s more",
                  flush=True)
            time.sleep(min(5.0, max(0.5, deadline - time.monotonic())))

    def query(self, inline_sql: str) -> list[tuple]:
        """Rows of a query over the project's models (dbt show, silenced), or [] if it fails."""
        result, _ = self._invoke(["--log-level", "none", "--no-write-json", "show", "--inline", inline_sql, "--limit", "-1"])
        if not result.success or not result.result.results:
            return []
        return [tuple(row) for row in result.result.results[0].agate_table.rows]

    def parse(self) -> bool:
        """Parses the project; later commands reuse the manifest instead of parsing again."""
        result, _ = self._invoke(["parse"])
        if result.success:
            self.manifest = result.result
        return result.success
