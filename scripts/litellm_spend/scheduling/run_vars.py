"""The scheduled run's --vars, checked before dbt reads them.

dbt reads --vars as YAML, which turns a date-shaped value into a date: 2026-13-01
then fails inside the YAML parser ("month must be in 1..12"), before the project's
own check of its vars (macros/vars/validate_vars.sql) can name the var. Here every
value is read as text first, so a wrong date is named with its var.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import yaml

DATE_VARS = ("reprocess_from", "earliest_valid_date", "invoice_as_of")


class VarsError(ValueError):
    """--vars that dbt could not read, or a date var that is no calendar date."""


def _as_text(dbt_vars: str) -> dict:
    try:
        parsed = yaml.load(dbt_vars, Loader=yaml.BaseLoader)  # every scalar as text: no date is constructed
    except yaml.YAMLError as error:
        raise VarsError(f"--vars is not YAML or JSON ({error.__class__.__name__}): {dbt_vars}") from None
    if not isinstance(parsed, dict):
        raise VarsError(f"--vars must be a mapping such as '{{\"reprocess_from\": \"2026-10-01\"}}', got: {dbt_vars}")
    return parsed


def check_dates(dbt_vars: str | None) -> None:
    """Raises VarsError naming the first date var that is not a calendar date as YYYY-MM-DD."""
    if not dbt_vars:
        return
    for name, value in _as_text(dbt_vars).items():
        if name not in DATE_VARS or value in ("", "null", "~"):
            continue
        try:
            ok = re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None and dt.date.fromisoformat(value) is not None
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise VarsError(f"{name} must be a calendar date written YYYY-MM-DD, such as 2026-03-01, got: {value!r}")


def with_deep_check(dbt_vars: str | None) -> str:
    """The run's --vars with deep_check on (dbt reads --vars as YAML, of which JSON is a part)."""
    merged = yaml.safe_load(dbt_vars) if dbt_vars else {}
    if not isinstance(merged, dict):
        raise VarsError(f"--vars must be a mapping, got: {dbt_vars}")
    return json.dumps({**merged, "deep_check": True}, default=str)
