"""The text files of an output snapshot (litellm_spend_dev.output_snapshot): masking of what a run
cannot reproduce, one file per relation or command output, and the comparison of two snapshots.

A value is run-dependent when it is a stamp of the wall clock: every date-time written while the
snapshot ran (dbt's run_started_at, the ledger's recorded_at, a default of now()). Those are found
by value, whatever column holds them, and replaced by the step of the scenario that wrote them
(`<run time: build 2>`), so two runs print the same text and a stamp still shows which step made it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from contextlib import contextmanager
from pathlib import Path

# A date-time as warehouses and commands print it: to the minute (an invoice's "issued ... 21:03
# UTC") or to the second, with a fraction and a UTC offset (Postgres' timestamptz) or not.
STAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2}(?:\.\d{1,9})?)?(Z|([+-]\d{2}):?(\d{2})?)?")
NULL = r"\N"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Clock:
    """The wall-clock interval of each step of the scenario, in UTC."""

    def __init__(self):
        self.steps: list[tuple[str, dt.datetime, dt.datetime]] = []
        self.started = utc_now()

    @contextmanager
    def step(self, label: str):
        start = utc_now().replace(microsecond=0)  # stamps written as whole seconds still fall in
        try:
            yield
        finally:
            self.steps.append((label, start, utc_now()))

    def label(self, stamp: dt.datetime, to_the_minute: bool = False) -> str | None:
        """The step that was running at `stamp` (the latest to have started), None outside the run.
        A stamp to the minute names no step: two steps may start within one minute."""
        first = self.started.replace(second=0 if to_the_minute else self.started.second, microsecond=0)
        if not first <= stamp <= utc_now():
            return None
        started = [label for label, start, _ in self.steps if start <= stamp]
        return "<run time>" if to_the_minute else f"<run time: {started[-1] if started else 'setup'}>"


class Masker:
    """Replaces the clock's stamps and the scratch directory in text."""

    def __init__(self, clock: Clock, scratch: Path):
        self.clock, self.scratch = clock, str(scratch)

    def stamp(self, match: re.Match) -> str:
        day, minutes, seconds, _, offset_hours, offset_minutes = match.groups()
        try:
            moment = dt.datetime.fromisoformat(f"{day} {minutes}{(seconds or '')[:10]}")
        except ValueError:
            return match.group(0)
        if offset_hours:  # a zoned stamp: its UTC wall time
            sign = -1 if offset_hours[0] == "-" else 1
            moment -= dt.timedelta(hours=int(offset_hours), minutes=sign * int(offset_minutes or 0))
        return self.clock.label(moment, to_the_minute=seconds is None) or match.group(0)

    def __call__(self, text: str | None) -> str | None:
        if text is None:
            return None
        return STAMP.sub(self.stamp, text.replace(self.scratch, "<scratch>"))


class Number(str):
    """A JSON number as the command wrote it, digit for digit."""


def _canonical(value) -> str:
    if isinstance(value, Number):
        return value
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(key)}: {_canonical(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(sorted(_canonical(item) for item in value)) + "]"
    return json.dumps(value)


def sorted_json(text: str) -> str:
    """JSON whose arrays are in no defined order (a grouped query's): every array sorted, one line
    per element of the outer one; keys, numbers and strings exactly as written."""
    value = json.loads(text, parse_float=Number, parse_int=Number)
    items = sorted(_canonical(item) for item in value) if isinstance(value, list) else [_canonical(value)]
    return "\n".join(items) + "\n"


def cell(value: str | None) -> str:
    if value is None:
        return NULL
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def relation_text(name: str, kind: str, columns: list[tuple[str, str]], rows: list[tuple], mask: Masker) -> str:
    """A relation as text: a header naming its kind, columns, types and masked columns, then its
    rows tab-separated (NULL as \\N), each value as the warehouse prints it, sorted by every column."""
    masked_rows = [tuple(mask(value) for value in row) for row in rows]
    masked_columns = sorted({columns[i][0] for row, masked in zip(rows, masked_rows)
                             for i, (before, after) in enumerate(zip(row, masked)) if before != after})
    masked_rows.sort(key=lambda row: [(value is not None, value or "") for value in row])
    header = [f"# relation: {name} ({kind})",
              "# columns: " + ", ".join(f"{column} {kind_}" for column, kind_ in columns),
              "# masked (run-time stamps or paths replaced): " + (", ".join(masked_columns) or "none"),
              f"# rows: {len(rows)}",
              "\t".join(column for column, _ in columns)]
    return "\n".join(header + ["\t".join(cell(value) for value in row) for row in masked_rows]) + "\n"


def write(out: Path, name: str, text: str) -> None:
    path = out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def differing_files(a: Path, b: Path) -> list[str]:
    """The files whose text differs between two snapshot directories, or that only one holds."""
    names_a = {str(p.relative_to(a)) for p in a.rglob("*") if p.is_file()}
    names_b = {str(p.relative_to(b)) for p in b.rglob("*") if p.is_file()}
    found = [f"only in {a}: {name}" for name in sorted(names_a - names_b)]
    found += [f"only in {b}: {name}" for name in sorted(names_b - names_a)]
    found += [f"differs: {name}" for name in sorted(names_a & names_b)
              if (a / name).read_bytes() != (b / name).read_bytes()]
    return found
