"""Where the dbt project is: found from the working directory or the package's location, never from the import path."""

from __future__ import annotations

from pathlib import Path

# scripts/litellm_spend/project.py -> the repository root, when run from a checkout
# (an editable install). Installed non-editable the package sits in site-packages and
# this candidate holds no dbt_project.yml.
PACKAGE_ROOT = Path(__file__).resolve().parents[2]

PROJECT_DIR_HELP = ("the dbt project (default: the current directory if it holds dbt_project.yml, "
                    "else the checkout this package is installed from, if that holds one)")


def default_project_dir(cwd: Path | None = None) -> Path | None:
    """The current directory if it holds dbt_project.yml, else the package's checkout if
    that holds one, else None."""
    for candidate in (Path.cwd() if cwd is None else cwd, PACKAGE_ROOT):
        if (candidate / "dbt_project.yml").is_file():
            return candidate
    return None
