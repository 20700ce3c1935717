"""The billing rules of the README and docs/billing.md, re-implemented in plain Python.

Tests compare the marts against this, computed from the same hand-written rows:
an implementation that shares no code with the SQL under test.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

SCALE = Decimal("1e-18")
EARLIEST_VALID = datetime(2023, 1, 1)  # var earliest_valid_date's default
FUTURE_MARGIN_HOURS = 24                 # var future_margin_hours's default
MAX_REQUEST_SPEND = 10000.0              # var max_request_spend's default (USD)


def is_blank(value) -> bool:
    # SQL trim() removes spaces only, not every Unicode space.
    return value is None or (isinstance(value, str) and value.strip(" ") == "")


def money(value: float) -> Decimal:
    # repr() is the shortest text that round-trips the float: the amount LiteLLM meant.
    return Decimal(repr(float(value))).quantize(SCALE, rounding=ROUND_HALF_UP)


def parse_ts(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def spend_date(start: datetime, reporting_timezone: str) -> date:
    utc = start.replace(tzinfo=timezone.utc)
    return utc.astimezone(ZoneInfo(reporting_timezone)).date()


def is_valid_json_text(value) -> bool:
    """Metadata given as text (a warehouse copy's text column) must parse; blank is absent."""
    if not isinstance(value, str) or is_blank(value):
        return True
    try:
        json.loads(value)
    except ValueError:
        return False
    return True


def rejection_reason(row: dict) -> str | None:
    spend = row.get("spend", 0.0)
    if is_blank(row.get("request_id")):
        return "missing request_id"
    if row.get("startTime") is None:
        return "missing startTime"
    if spend is None:
        return "missing spend"
    if math.isnan(spend) or math.isinf(spend):
        return "spend is NaN or infinite"
    if spend < 0:
        return "negative spend"
    if spend > MAX_REQUEST_SPEND:
        return "spend above max_request_spend"
    if any((row.get(c) or 0) < 0 for c in ("prompt_tokens", "completion_tokens", "total_tokens")):
        return "negative token count"
    if not is_valid_json_text(row.get("metadata")):
        return "metadata is not valid JSON"
    if parse_ts(row["startTime"]) < EARLIEST_VALID:
        return "startTime before earliest_valid_date"
    if parse_ts(row["startTime"]) > datetime.utcnow() + timedelta(hours=FUTURE_MARGIN_HOURS):
        return "startTime too far in the future"
    return None


# A virtual key: "sk-" in any case, at the start or after a character that is no letter or digit.
SECRET = re.compile(r"(^|[^A-Za-z0-9])[sS][kK]-")


# Blank characters around a pasted key, and an HTTP "Bearer " prefix: not part of the key.
BLANKS = " \t\n\x0b\x0c\r\xa0"
BEARER = re.compile(r"^[Bb][Ee][Aa][Rr][Ee][Rr] +")


def secret_digest(value: str) -> str:
    """LiteLLM's hash_token of the key a pasted value holds: sha256 hex of it, once the
    blanks around it and a Bearer prefix are gone (the key's own case kept)."""
    secret = BEARER.sub("", value.strip(BLANKS)).strip(BLANKS)
    return hashlib.sha256(secret.encode()).hexdigest()


def unsecret(value):
    """A text that looks like a key becomes its digest (secret_digest)."""
    if isinstance(value, str) and SECRET.search(value):
        return secret_digest(value)
    return value


def clean_id(value: str | None, default: str | None = None) -> str | None:
    """An id without the blanks around it, its case kept; blank is absent (default)."""
    text = value.strip(BLANKS) if value is not None else ""
    return text or default


def clean(row: dict, reporting_timezone: str) -> dict:
    row = {column: unsecret(value) for column, value in row.items()}
    api_key = None if is_blank(row.get("api_key")) else row["api_key"]
    model_group = None if is_blank(row.get("model_group")) else row["model_group"]
    model = None if is_blank(row.get("model")) else row["model"]
    name = model_group if model_group is not None else model
    status = (row.get("status") or "").strip(" ").lower()
    return {
        "request_id": row["request_id"],
        "api_key": api_key or "unassigned",
        "team_id": clean_id(row.get("team_id"), "unassigned"),
        "customer_id": clean_id(row.get("end_user"), "unassigned"),
        "catalog_model_name": name.strip(" ").lower() if name is not None else None,
        "model_id": clean_id(row.get("model_id")),
        "spend": money(row.get("spend", 0.0)),
        "prompt_tokens": row.get("prompt_tokens") or 0,
        "completion_tokens": row.get("completion_tokens") or 0,
        "total_tokens": row.get("total_tokens") or 0,
        "is_failure": status == "failure",
        "is_cache_hit": (row.get("cache_hit") or "").strip(" ").lower() in ("true", "1", "yes"),
        "spend_date": spend_date(parse_ts(row["startTime"]), reporting_timezone),
        "updated_at": parse_ts(row.get("updated_at")),
    }


def accepted_requests(rows: list[dict], reporting_timezone: str = "UTC") -> tuple[list[dict], int, int]:
    """(kept requests, rejected row count, duplicate row count)."""
    kept: dict[str, dict] = {}
    rejected = duplicates = 0
    for row in rows:
        if rejection_reason(row):
            rejected += 1
            continue
        request = clean(row, reporting_timezone)
        previous = kept.get(request["request_id"])
        if previous is not None:
            duplicates += 1
            # The most recently written copy wins.
            if (request["updated_at"] or datetime.min) <= (previous["updated_at"] or datetime.min):
                continue
        kept[request["request_id"]] = request
    return list(kept.values()), rejected, duplicates


def rule_applies(rule: dict, request: dict) -> bool:
    group = None if is_blank(rule.get("model_group")) else rule["model_group"].strip(" ").lower()
    model_id = None if is_blank(rule.get("model_id")) else rule["model_id"]
    team_id = None if is_blank(rule.get("team_id")) else rule["team_id"]
    valid_from = None if is_blank(rule.get("valid_from")) else date.fromisoformat(rule["valid_from"])
    valid_to = None if is_blank(rule.get("valid_to")) else date.fromisoformat(rule["valid_to"])
    return (
        (group is None or group == request["catalog_model_name"])
        and (model_id is None or model_id == request["model_id"])
        and (team_id is None or team_id == request["team_id"])
        and (valid_from is None or request["spend_date"] >= valid_from)
        and (valid_to is None or request["spend_date"] < valid_to)
    )


def tier(rule: dict) -> int:
    """The issue's precedence, strongest first: 1 deployment rule, 2 ownership, 3 team rule, 4 model group."""
    if not is_blank(rule.get("model_id")):
        return 1
    if not is_blank(rule.get("team_id")):
        return 3
    return 4


def owner(request: dict, ownership: list[dict]) -> str | None:
    """The team that owned the request's deployment on its day. Each ownership entry is
    {model_id, owner_team_id, owned_from, owned_to}: dates, None = open."""
    for period in ownership:
        if (
            request["model_id"] == period["model_id"]
            and (period.get("owned_from") is None or request["spend_date"] >= period["owned_from"])
            and (period.get("owned_to") is None or request["spend_date"] < period["owned_to"])
        ):
            return period["owner_team_id"]
    return None


def is_byok(request: dict, catalog: list[dict], ownership: list[dict] = ()) -> bool:
    says = [(tier(rule), str(rule["is_byok"]).strip().lower() in ("true", "yes", "1"))
            for rule in catalog if rule_applies(rule, request)]
    if request["model_id"] and owner(request, ownership) is not None:
        says.append((2, True))
    if not says:
        return False
    deciding = min(level for level, _ in says)
    verdicts = {verdict for level, verdict in says if level == deciding}
    if len(verdicts) > 1:
        raise ValueError(f"catalog conflict for {request}")
    return verdicts.pop()


def marts(rows: list[dict], catalog: list[dict], reporting_timezone: str = "UTC",
          ownership: list[dict] = ()) -> dict[str, dict]:
    """{'budget': {grain: figures}, 'billable': {grain: figures}} for the given raw rows,
    team-owned deployments as given by `ownership` (see owner())."""
    requests, _, _ = accepted_requests(rows, reporting_timezone)
    budget: dict[tuple, dict] = defaultdict(lambda: defaultdict(lambda: 0))
    billable: dict[tuple, dict] = defaultdict(lambda: defaultdict(lambda: 0))
    for request in requests:
        grain = (request["spend_date"].isoformat(), request["team_id"], request["customer_id"], request["api_key"])
        byok = is_byok(request, catalog, ownership)
        targets = [budget[grain]] + ([] if byok else [billable[grain]])
        for figures in targets:
            figures["spend"] += request["spend"]
            figures["prompt_tokens"] += request["prompt_tokens"]
            figures["completion_tokens"] += request["completion_tokens"]
            figures["total_tokens"] += request["total_tokens"]
            figures["request_count"] += 1
            figures["failed_request_count"] += int(request["is_failure"])
            figures["cache_hit_count"] += int(request["is_cache_hit"])
        budget[grain]["byok_spend" if byok else "billable_spend"] += request["spend"]
        budget[grain]["byok_request_count" if byok else "billable_request_count"] += 1
    return {
        "budget": {grain: dict(figures) for grain, figures in budget.items()},
        "billable": {grain: dict(figures) for grain, figures in billable.items()},
    }
