"""The Streamlit entry of the dashboard: three pages on the marts.

Started by `litellm-spend dashboard`, which passes Streamlit's settings (headless, no usage
statistics, no file watcher). By hand, the same:

    .venv/bin/streamlit run scripts/litellm_spend/dashboard/app.py --server.headless true \
        --browser.gatherUsageStats false -- --target duckdb
"""

from __future__ import annotations

import argparse
import sys

import streamlit as st

from litellm_spend.dashboard import cached, data, filters
from litellm_spend.dashboard.queries import Fetch
from litellm_spend.dashboard.views import billable_byok, budget_burn, top_spenders

VIEWS = [billable_byok, top_spenders, budget_burn]
VIEWS_BY_TITLE = {view.TITLE: view for view in VIEWS}


def target_argument(argv: list[str]) -> str | None:
    """--target after `--` on the streamlit command line; None: SPEND_DBT_TARGET."""
    parser = argparse.ArgumentParser(prog="litellm-spend dashboard app", add_help=False)
    parser.add_argument("--target", default=None)
    return parser.parse_known_args(argv)[0].target


def page(view, fetch: Fetch, chosen: dict) -> st.Page:
    def run() -> None:
        view.render(fetch, **chosen)
    run.__name__ = view.URL_PATH.replace("-", "_")
    return st.Page(run, title=view.TITLE, url_path=view.URL_PATH, default=view is VIEWS[0])


def choose(view, fetch: Fetch) -> dict:
    """The sidebar's widgets the page uses. They are made here, in the entry script, not in the
    page: a widget made in a page is another widget on every page, and its URL parameter would
    be dropped on a page switch."""
    chosen = {}
    if "choice" in view.CHOICES:
        chosen["choice"] = filters.spend_choice(fetch)
    if "top" in view.CHOICES:
        chosen["top"] = filters.top_count()
    chosen["exact"] = filters.exact_amounts()
    return chosen


def main() -> None:
    st.set_page_config(page_title="LiteLLM spend", layout="wide")
    try:
        fetch = cached.fetcher(target_argument(sys.argv[1:]))
    except ValueError as error:  # an unknown target, or Postgres without SPEND_BI_PG_USER
        st.error(str(error))
        st.stop()
    chosen: dict = {}
    current = st.navigation([page(view, fetch, chosen) for view in VIEWS])
    try:
        chosen.update(choose(VIEWS_BY_TITLE[current.title], fetch))
        current.run()
    except data.DatabaseBusy as busy:
        st.warning(str(busy))
    except data.MissingRelation as missing:
        st.error(f"The marts are not built here yet ({missing}): build them first (`make demo`, `dbt build` "
                 "or `litellm-spend run`).")
    except data.DashboardError as error:
        st.error(str(error))


if __name__ == "__main__":
    main()
