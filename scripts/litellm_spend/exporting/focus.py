"""A FinOps FOCUS 1.2 file of the published spend: one row per day, team, key, model
and billing class (billable or BYOK), as CSV or Parquet, with exact decimal money.

LiteLLM's own FOCUS exporter is the reference mapping; where it departs from FOCUS
1.2 or from what this project bills, this file does otherwise (docs/exports.md, "FOCUS"):
the team is the team at request time, the billing account is the team invoiced and
the key its sub-account, the billing period is the invoice month, BilledCost is
billable usage only (BYOK rows bill 0 and show their EffectiveCost), ServiceName is
never null, PricingCategory is Standard, and money keeps every digit.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import tempfile
from decimal import Decimal
from pathlib import Path

from litellm_spend import queries
from litellm_spend.exporting.destination import Stop
from litellm_spend.money import exact
from litellm_spend.warehouse import ReportingCalendar, fetch_dicts, literal

MONEY, QUANTITY, TEXT, COUNT = "decimal(38, 18)", "decimal(38, 18)", "varchar", "bigint"
COLUMNS = {
    "BilledCost": MONEY, "BillingAccountId": TEXT, "BillingAccountName": TEXT, "BillingAccountType": TEXT,
    "BillingCurrency": TEXT, "BillingPeriodEnd": TEXT, "BillingPeriodStart": TEXT, "ChargeCategory": TEXT,
    "ChargeClass": TEXT, "ChargeDescription": TEXT, "ChargeFrequency": TEXT, "ChargePeriodEnd": TEXT,
    "ChargePeriodStart": TEXT, "ConsumedQuantity": QUANTITY, "ConsumedUnit": TEXT, "ContractedCost": MONEY,
    "ContractedUnitPrice": MONEY, "EffectiveCost": MONEY, "InvoiceIssuerName": TEXT, "InvoiceId": TEXT,
    "ListCost": MONEY, "ListUnitPrice": MONEY, "AvailabilityZone": TEXT, "PricingCategory": TEXT,
    "PricingCurrency": TEXT, "PricingCurrencyContractedUnitPrice": MONEY, "PricingCurrencyEffectiveCost": MONEY,
    "PricingCurrencyListUnitPrice": MONEY, "PricingQuantity": QUANTITY, "PricingUnit": TEXT, "ProviderName": TEXT,
    "PublisherName": TEXT, "RegionId": TEXT, "RegionName": TEXT, "ResourceId": TEXT, "ResourceName": TEXT,
    "ResourceType": TEXT, "ServiceCategory": TEXT, "ServiceName": TEXT, "ServiceSubcategory": TEXT,
    "SubAccountId": TEXT, "SubAccountName": TEXT, "SubAccountType": TEXT, "Tags": TEXT,
    "x_BillingClass": TEXT, "x_UsageDate": TEXT, "x_PromptTokens": COUNT, "x_CompletionTokens": COUNT,
    "x_TotalTokens": COUNT,
}
def utc_text(day: dt.date, calendar: ReportingCalendar) -> str:
    """The instant `day` starts (its local midnight) as FOCUS writes a datetime: UTC, ISO 8601 with Z."""
    midnight = calendar.start(day).astimezone(dt.timezone.utc)
    return midnight.strftime("%Y-%m-%dT%H:%M:%SZ")


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def publisher(model: str) -> str:
    """The provider in LiteLLM's model string ('openai/gpt-4o' -> 'openai'), when it names one."""
    return model.split("/", 1)[0] if "/" in model else "unknown"


def focus_row(fact: dict, calendar: ReportingCalendar, issuer: str) -> dict:
    day, spend, requests = fact["spend_date"], Decimal(fact["spend"]), Decimal(fact["request_count"])
    byok, model = bool(fact["is_byok"]), fact["model"] or "unknown"
    tags = {key: value for key, value in (("team_id", fact["team_id"]), ("team_alias", fact["team_alias"]),
                                          ("api_key_alias", fact["key_alias"]), ("model", fact["model"] or None),
                                          ("billing_class", "byok" if byok else "billable")) if value is not None}
    return {
        "BilledCost": Decimal(0) if byok else spend,
        "BillingAccountId": fact["team_id"], "BillingAccountName": fact["team_alias"], "BillingAccountType": "Team",
        "BillingCurrency": "USD",
        "BillingPeriodEnd": utc_text(next_month(day), calendar), "BillingPeriodStart": utc_text(day.replace(day=1), calendar),
        "ChargeCategory": "Usage", "ChargeClass": None, "ChargeDescription": f"{model} via LiteLLM"
        + (" (BYOK: the team's own provider account)" if byok else ""),
        "ChargeFrequency": "Usage-Based",
        "ChargePeriodEnd": utc_text(day + dt.timedelta(days=1), calendar), "ChargePeriodStart": utc_text(day, calendar),
        "ConsumedQuantity": requests, "ConsumedUnit": "Requests",
        "ContractedCost": spend, "ContractedUnitPrice": None, "EffectiveCost": spend,
        "InvoiceIssuerName": publisher(model) if byok else issuer, "InvoiceId": None,
        "ListCost": spend, "ListUnitPrice": None, "AvailabilityZone": None,
        "PricingCategory": "Standard", "PricingCurrency": "USD", "PricingCurrencyContractedUnitPrice": None,
        "PricingCurrencyEffectiveCost": spend, "PricingCurrencyListUnitPrice": None,
        "PricingQuantity": requests, "PricingUnit": "Requests",
        "ProviderName": issuer, "PublisherName": publisher(model), "RegionId": None, "RegionName": None,
        "ResourceId": model, "ResourceName": model, "ResourceType": "Model",
        "ServiceCategory": "AI and Machine Learning", "ServiceName": model, "ServiceSubcategory": "Generative AI",
        "SubAccountId": fact["api_key"], "SubAccountName": fact["key_alias"], "SubAccountType": "API Key",
        "Tags": json.dumps(tags),
        "x_BillingClass": "byok" if byok else "billable", "x_UsageDate": day.isoformat(),
        "x_PromptTokens": int(fact["prompt_tokens"]), "x_CompletionTokens": int(fact["completion_tokens"]),
        "x_TotalTokens": int(fact["total_tokens"]),
    }


def focus_rows(conn, marts_schema: str, start: dt.date, end: dt.date, calendar: ReportingCalendar, issuer: str,
               exclude_byok: bool) -> list[dict]:
    facts = fetch_dicts(conn, queries.load("export/focus_spend", marts=marts_schema),
                        {"start": start, "end": end, "exclude_byok": exclude_byok})
    return [focus_row(fact, calendar, issuer) for fact in facts]


def write_csv(path: Path, rows: list[dict]) -> None:
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow(["" if value is None else exact(value) if isinstance(value, Decimal) else value
                             for value in row.values()])


def write_parquet(path: Path, rows: list[dict]) -> None:
    """Through the CSV, read back by DuckDB with every column's FOCUS type: exact decimals."""
    import duckdb

    with tempfile.TemporaryDirectory() as scratch:
        text = Path(scratch) / "focus.csv"
        write_csv(text, rows)
        types = ", ".join(f"'{name}': '{kind}'" for name, kind in COLUMNS.items())
        with duckdb.connect() as con:
            con.execute(f"copy (select * from read_csv({literal(str(text))}, header = true, columns = {{{types}}}, "
                        f"quote = '\"', escape = '\"')) to {literal(str(path))} (format parquet)")


def write(path: Path, rows: list[dict]) -> None:
    if path.suffix.lower() == ".csv":
        write_csv(path, rows)
    elif path.suffix.lower() == ".parquet":
        write_parquet(path, rows)
    else:
        raise Stop(f"--out {path}: name a .csv or a .parquet file")
