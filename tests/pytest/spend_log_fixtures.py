"""Hand-written spend-log rows and a catalog that exercise every billing rule."""

from __future__ import annotations

CATALOG = [
    {"model_group": "gpt-4o", "is_byok": "false"},
    {"model_group": "claude-sonnet-4", "is_byok": "false"},
    {"model_group": "mistral-large", "is_byok": "true"},
    {"model_group": "claude-sonnet-4", "model_id": "dep-acme-claude", "is_byok": "true"},
    {"model_group": "gpt-4o", "team_id": "team-globex", "is_byok": "true", "valid_from": "2026-03-10", "valid_to": "2026-03-20"},
    {"model_id": "dep-initech", "is_byok": "true"},
]


def row(request_id, start, spend, **columns) -> dict:
    """One raw row with the upstream defaults a test does not care about."""
    base = {
        "request_id": request_id,
        "call_type": "acompletion",
        "api_key": "key-a",
        "spend": spend,
        "prompt_tokens": 10,
        "completion_tokens": 20,
        "total_tokens": 30,
        "startTime": start,
        "endTime": start,
        "model": "gpt-4o",
        "model_group": "gpt-4o",
        "team_id": "team-a",
        "end_user": "cust-1",
        "status": "success",
        "cache_hit": "False",
        "metadata": {"user_api_key_alias": "alias-a", "user_api_key_team_alias": "Team A"},
        "messages": {"content": "a prompt that is personal data"},
        "requester_ip_address": "10.0.0.1",
    }
    base.update(columns)
    return base


ROWS = [
    row("a", "2026-03-01 10:00:00", 0.1),
    row("b", "2026-03-01 11:00:00", 0.2, model_group=" GPT-4o "),
    row("c", "2026-03-01 12:00:00", 0.3, model_group="", model="gpt-4o"),
    row("d", "2026-03-01 13:00:00", 1.5, model_group="mistral-large", model="mistral/mistral-large"),
    row("e", "2026-03-02 09:00:00", 2.25, model_group="claude-sonnet-4", model_id="dep-acme-claude", team_id="team-acme"),
    row("f", "2026-03-02 09:30:00", 0.75, model_group="claude-sonnet-4", model_id="dep-shared", team_id="team-acme"),
    row("g", "2026-03-09 23:59:59.999", 0.4, team_id="team-globex"),
    row("h", "2026-03-10 00:00:00.000", 0.5, team_id="team-globex"),
    row("i", "2026-03-19 23:59:59.999", 0.6, team_id="team-globex"),
    row("j", "2026-03-20 00:00:00.000", 0.7, team_id="team-globex"),
    row("k", "2026-03-03 08:00:00", 3.0, model_group="model_name_team-initech_4f2a", model="azure/initech-gpt-4o",
        model_id="dep-initech", team_id="team-initech"),
    row("l", "2026-03-03 09:00:00", 0.05, model_group="llama-x", model="ollama/llama-x", team_id=""),
    row("m", "2026-03-03 10:00:00", 0.01, team_id=None, end_user=None, api_key=""),
    row("n", "2026-03-03 11:00:00", 0.02, api_key="sk-test-raw-key"),
    row("a", "2026-03-01 10:00:00", 0.1, updated_at="2026-03-01 10:00:05"),
    row("p", "2026-03-04 10:00:00", 0.0, status="failure", completion_tokens=0, total_tokens=10),
    row("q_cache_hit1772618400000", "2026-03-04 11:00:00", 0.0, cache_hit="True"),
    row("r", "2026-03-04 12:00:00", float("nan")),
    row("s", "2026-03-04 13:00:00", -0.5),
    row("", "2026-03-04 14:00:00", 0.9),
    row("u", "2025-04-01 10:00:00", 0.123456789012345, status=None, end_user=""),
]

# Hand-added from the rows above (UTC days), not computed by any code under test.
HAND_TOTALS_UTC = {
    "raw_rows": 21,
    "rejected_rows": 3,       # r (NaN), s (negative), '' (no request_id)
    "duplicate_rows": 1,      # a delivered twice
    "requests": 17,
    "billable_spend": "2.653456789012345",  # a b c f g j l m n u (+ p, q at 0)
    "byok_spend": "7.85",                   # d e h i k
    "budget_spend": "10.503456789012345",
}
