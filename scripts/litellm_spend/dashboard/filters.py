"""The sidebar's widgets, each bound to a URL query parameter of the same name:

    ?start=2026-01-01&end=2026-01-31&team=team-a&top=5&exact=true

A link names exactly what it shows, and a page opened with those parameters shows them. Without
them a page shows the last 30 days the marts hold, every team, 10 customers and keys, and money
in cents.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from litellm_spend.dashboard import queries
from litellm_spend.dashboard.queries import Fetch, SpendFilter

ALL_TEAMS = ""
DEFAULT_DAYS = 30
DEFAULT_TOP = 10


@dataclass(frozen=True)
class Choice:
    spend: SpendFilter
    team_label: str


def exact_amounts() -> bool:
    """The "Exact amounts" switch: every digit of each amount instead of cents."""
    return st.sidebar.checkbox("Exact amounts", key="exact", bind="query-params",
                               help="Every digit the marts hold instead of cents rounded half-up. "
                                    "Hovering a figure shows it exactly too.")


def top_count() -> int:
    return int(st.sidebar.number_input("How many customers and keys", min_value=1, max_value=100,
                                       value=DEFAULT_TOP, step=1, key="top", bind="query-params"))


def spend_choice(fetch: Fetch) -> Choice:
    """The date range and team; stops the page when the marts hold no spend or a day is missing or
    the range is reversed."""
    first_day, last_day = queries.coverage(fetch)
    if last_day is None:
        st.info("The marts hold no spend yet: load spend logs and build them.")
        st.stop()
    default_start = max(first_day, last_day - dt.timedelta(days=DEFAULT_DAYS - 1))
    labels = {ALL_TEAMS: "All teams"}
    for team in queries.teams(fetch):
        team_id, alias = team["team_id"], team["team_alias"]
        labels[team_id] = f"{team_id} ({alias})" if alias and alias != team_id else team_id
    with st.sidebar:
        start = st.date_input("From", value=default_start, key="start", bind="query-params", format="YYYY-MM-DD")
        end = st.date_input("To (included)", value=last_day, key="end", bind="query-params", format="YYYY-MM-DD")
        # The option's label is what the URL holds: the team_id itself (the alias goes below).
        team = st.selectbox("Team", list(labels), format_func=lambda option: option or labels[ALL_TEAMS],
                            key="team", bind="query-params")
        if team != ALL_TEAMS and labels[team] != team:
            st.caption(labels[team])
        st.caption(f"The marts hold {first_day} to {last_day}.")
    if start is None or end is None:
        st.info("Pick the first and the last day to show.")
        st.stop()
    if end < start:
        st.error(f"The range ends ({end}) before it starts ({start}): pick an end on or after the start.")
        st.stop()
    spend_filter = SpendFilter(start=start, end=end, team_id=None if team == ALL_TEAMS else team)
    return Choice(spend=spend_filter, team_label=labels[team])
