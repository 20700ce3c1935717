"""The pages' reads: data.fetch behind st.cache_data.

Every widget change reruns a page and every reload starts a session, each asking the same
questions again. Results are cached for CACHE_SECONDS, keyed on the target, the statement, its
parameters and data.data_version (the DuckDB file's size and modification time): the file is
opened only when the question or the data changed, and a finished build shows at the next
render. On Postgres a page may lag a build by up to CACHE_SECONDS.

Errors are not cached: a page that met a running build asks again on the next render.
"""

from __future__ import annotations

import streamlit as st

from litellm_spend.dashboard import data
from litellm_spend.dashboard.queries import Fetch

CACHE_SECONDS = 60


@st.cache_data(ttl=CACHE_SECONDS, max_entries=512, show_spinner=False)
def _fetch(target: str | None, version: tuple | None, sql: str, params: tuple) -> list[dict]:
    return data.fetch(data.reader_settings(target), sql, dict(params))


def fetcher(target: str | None) -> Fetch:
    """fetch(sql, params) for the queries module, reading `target` (None: SPEND_DBT_TARGET)."""
    settings = data.reader_settings(target)

    def fetch(sql: str, params: dict) -> list[dict]:
        return _fetch(target, data.data_version(settings), sql, tuple(sorted(params.items())))
    return fetch
