"""The layers of the warehouse and the schema each one lands in.

dbt puts a model of layer L in <profile schema>_L (spend_marts, spend_invoicing, ...): the
folder's +schema in dbt_project.yml, appended to the profile's schema. The export ledger,
which only the commands write, follows the same rule (spend_exports).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from litellm_spend.warehouse.settings import Settings

LAYERS = ("staging", "history", "run", "intermediate", "invoicing", "marts", "exports")


def schema(settings: Settings, layer: str) -> str:
    """The schema of a layer on this target: schema(settings, "marts") == "spend_marts"."""
    if layer not in LAYERS:
        raise ValueError(f"unknown layer {layer!r}: expected one of {', '.join(LAYERS)}")
    return f"{settings.schema}_{layer}"
