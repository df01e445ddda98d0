"""The reports head office runs (`hoctl report NAME`) and how a sales report may group its
rows: names only, so a client can list them without loading the reports' code."""

from __future__ import annotations

NAMES = (
    "sales", "margin", "cashiers", "turnover", "shrink", "slow-movers", "no-sale", "near-expiry",
    "suppliers",
)  # fmt: skip
SALES_BY = ("store", "category", "sku", "day", "hour", "cashier")
