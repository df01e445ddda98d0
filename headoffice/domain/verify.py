"""Comparing a store's own balances with head office's, as of the same sequence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BalanceReport:
    """A store's own balances as of its entry as_of_seq, reported for a comparison."""

    as_of_seq: int
    balances: dict[str, int]
    # The hash of the store's entry as_of_seq (common.domain.entry_chain; b"": not sent).
    as_of_entry_hash: bytes = b""


@dataclass(frozen=True, slots=True)
class Difference:
    sku: str
    head_office_qty_base: int
    store_qty_base: int


def compare_balances(head_office: Mapping[str, int], store: Mapping[str, int]) -> list[Difference]:
    """Every SKU whose quantities differ, sorted by SKU; a missing SKU counts as 0."""
    differences = []
    for sku in sorted(set(head_office) | set(store)):
        ho_qty = head_office.get(sku, 0)
        store_qty = store.get(sku, 0)
        if ho_qty != store_qty:
            differences.append(Difference(sku, ho_qty, store_qty))
    return differences
