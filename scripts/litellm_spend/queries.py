"""The SQL the commands run: one file per query in sql/ (package data), read and filled here.

A file names each schema it reads by its layer, as a placeholder: `from {marts}.invoice_lines`.
Column lists a command chooses are placeholders too (`group by {group_keys}`). fill() puts in
quoted identifiers, made by identifier(), the one function that writes a name into SQL text:
no setting or option ever becomes SQL. Values are parameters, %(name)s (DuckDB's $name,
warehouse.statements); an optional filter is a parameter that may be null.

    rows = fetch(conn, queries.load("summary/period", marts="spend_marts"))

load() fills every placeholder; the dashboard fills its column lists first and data.fetch the
schema last (fill, then complete). The one file dbt runs (scheduled_run/healed_days) names its
model by ref() instead: dbt fills it.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

PLACEHOLDER = re.compile(r"\{(\w+)\}")


class Fragment(str):
    """SQL text this package wrote (a quoted name, an empty relation): filled in as it is."""


def identifier(*parts: str) -> Fragment:
    """A name, or a dotted path of names, quoted: identifier("spend_marts", "x") is "spend_marts"."x"."""
    for part in parts:
        if not isinstance(part, str) or not part or "\x00" in part:
            raise ValueError(f"not a name: {part!r}")
    return Fragment(".".join('"' + part.replace('"', '""') + '"' for part in parts))


@functools.cache
def template(name: str) -> str:
    """The text of sql/<name>.sql, its placeholders unfilled."""
    return (resources.files(__package__) / "sql" / f"{name}.sql").read_text()


def fill(sql: str, **names: str | list[str] | Fragment) -> str:
    """Each {placeholder} named in `names` as the quoted name given (a list: the names, comma
    separated; a Fragment: as it is). Placeholders not named stay, for a later fill."""
    def name(match: re.Match) -> str:
        if match[1] not in names:
            return match[0]
        value = names[match[1]]
        if isinstance(value, Fragment):
            return value
        if isinstance(value, (list, tuple)):
            return ", ".join(identifier(item) for item in value)
        return identifier(value)
    return PLACEHOLDER.sub(name, sql)


def complete(sql: str) -> str:
    """`sql`, once no placeholder is left in it (a statement to run)."""
    left = PLACEHOLDER.findall(sql)
    if left:
        raise KeyError(f"the query's placeholders {', '.join(sorted(set(left)))} were given no name")
    return sql


def load(name: str, **names: str | list[str] | Fragment) -> str:
    """sql/<name>.sql with every placeholder filled: a statement to run."""
    return complete(fill(template(name), **names))
