"""Proves a restructuring byte-identical: every output a consumer sees, of one fixed scenario, as text.

    PYTHONPATH=scripts python -m litellm_spend_dev.output_snapshot --project OLD --target duckdb --out snap/old
    PYTHONPATH=scripts python -m litellm_spend_dev.output_snapshot --project NEW --target duckdb --out snap/new
    PYTHONPATH=scripts python -m litellm_spend_dev.output_snapshot --compare snap/old snap/new

--project is any checkout of this project (old or new): its dbt project is copied to a scratch
directory, as the tests copy it, and built on the target (duckdb, postgres or spark) through the
fixed scenario of snapshot_scenario.py; the data comes from this tool's own generator, so both
trees read the same rows. Then every relation of the project's schemas (spend_*, listed from the
warehouse) is written to relations/<schema>.<name>.tsv, and on DuckDB and Postgres the outputs of
the tree's own commands (`python -m litellm_spend` with PYTHONPATH=<project>/scripts: summary,
report, invoice, export focus, lago twice and openmeter against loopback stand-ins) to commands/.
Values are as the warehouse prints them, rows sorted; only run-time stamps and the scratch path
are masked (snapshot_files.py). --compare exits 1 and names the files that differ.

The parts: snapshot_scenario (what is loaded and built), snapshot_sources and snapshot_targets
(each warehouse), snapshot_commands (the operator's commands), snapshot_files (masking, files).

For a restructuring: snapshot the commit before it and the result on each target (run one
snapshot twice to see that it is stable), then compare; an intended change shows as a file that
differs and must be explained, anything else is a regression.
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import sys
import tempfile
import time
from pathlib import Path

from litellm_spend_dev import snapshot_scenario
from litellm_spend_dev.snapshot_commands import Commands
from litellm_spend_dev.snapshot_files import Clock, Masker, differing_files, relation_text, write
from litellm_spend_dev.snapshot_targets import WAREHOUSES

# What tests/pytest/conftest.py copies of a project (copy_project), and the example profile as its profile.
PROJECT_PARTS = ["dbt_project.yml", "selectors.yml", "profiles.example.yml", "models", "macros", "seeds", "tests/data", "tests/macros", "config"]


def copy_project(tree: Path, destination: Path) -> Path:
    for part in PROJECT_PARTS:
        source = tree / part
        if source.is_dir():
            shutil.copytree(source, destination / part)
        elif source.exists():
            (destination / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / part)
    shutil.copy2(tree / "profiles.example.yml", destination / "profiles.yml")
    return destination


def dump_relations(warehouse, mask: Masker) -> dict[str, str]:
    """Every relation of the project's schemas as text, by file name."""
    files = {}
    for schema, name, kind in warehouse.relations():
        columns = warehouse.columns(schema, name)
        rows = warehouse.rows(schema, name, [column for column, _ in columns])
        files[f"relations/{schema}.{name}.tsv"] = relation_text(f"{schema}.{name}", kind, columns, rows, mask)
    return files


def index(target: str, timezone: str, files: dict[str, str]) -> str:
    relations = [name for name in files if name.startswith("relations/")]
    lines = [f"target: {target}", f"reporting_timezone: {timezone}",
             f"scenario: {', '.join(label for label, *_ in snapshot_scenario.STEPS)}",
             f"relations: {len(relations)}", f"command outputs: {len(files) - len(relations)}"]
    return "\n".join(lines + sorted(files)) + "\n"


def clear(out: Path) -> None:
    """Removes an earlier snapshot's files, so that none is left over."""
    for folder in ("relations", "commands"):
        shutil.rmtree(out / folder, ignore_errors=True)
    (out / "index.txt").unlink(missing_ok=True)


def snapshot(tree: Path, target: str, out: Path, timezone: str = "UTC", keep: bool = False) -> dict[str, str]:
    """Runs the scenario on a scratch copy of the tree and writes the snapshot to out."""
    scratch = Path(tempfile.mkdtemp(prefix="output_snapshot_"))
    clock = Clock()
    warehouse = WAREHOUSES[target](copy_project(tree, scratch / "project"), scratch)
    try:
        snapshot_scenario.run(warehouse, clock, timezone)
        outputs = {}
        if target != "spark":  # the commands read DuckDB and Postgres only
            with clock.step("commands"):
                outputs = Commands(tree, warehouse).all()
        mask = Masker(clock, scratch)
        files = {**dump_relations(warehouse, mask), **{name: mask(text) for name, text in outputs.items()}}
    finally:
        warehouse.close()
        if not keep:
            shutil.rmtree(scratch, ignore_errors=True)
        else:
            print(f"scratch copy kept: {scratch}")
    clear(out)
    for name, text in files.items():
        write(out, name, text)
    write(out, "index.txt", index(target, timezone, files))
    return files


def compare(a: Path, b: Path, context_lines: int = 12) -> int:
    found = differing_files(a, b)
    for line in found:
        print(line)
        if line.startswith("differs: "):
            name = line.removeprefix("differs: ")
            diff = difflib.unified_diff((a / name).read_text().splitlines(), (b / name).read_text().splitlines(),
                                        str(a / name), str(b / name), n=0, lineterm="")
            print("\n".join(f"    {text}" for text in list(diff)[:context_lines]))
    print(f"{len(found)} files differ" if found else "the snapshots are identical")
    return 1 if found else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, help="a checkout of this project (its root)")
    parser.add_argument("--target", choices=sorted(WAREHOUSES))
    parser.add_argument("--out", type=Path, help="the snapshot's directory (its earlier files are replaced)")
    parser.add_argument("--timezone", default="UTC", help="var reporting_timezone of every build (default UTC)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directory (its path is printed)")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("A", "B"), help="compare two snapshot directories")
    args = parser.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if not (args.project and args.target and args.out):
        parser.error("--project, --target and --out are required (or --compare A B)")
    started = time.monotonic()
    files = snapshot(args.project.resolve(), args.target, args.out.resolve(), args.timezone, args.keep)
    relations = sum(name.startswith("relations/") for name in files)
    print(f"{args.target}: {relations} relations, {len(files) + 1} files in {args.out} "
          f"({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
