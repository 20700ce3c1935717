"""The usage-billing exports: what to send (usage), what was sent (ledger), how (delivery)."""
