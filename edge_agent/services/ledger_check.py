"""`edge-agent check`: does every entry's hash follow from the entries before it, every
sale's journal entry agree with its rows, and every level with its movements? (The rules
are in domain.ledger_check.)"""

from __future__ import annotations

from dataclasses import dataclass

from common import journal_kinds as jk
from edge_agent.domain.ledger_check import Mismatch, compare_chain, compare_levels, compare_sales
from edge_agent.services.context import StoreContext


@dataclass(frozen=True)
class LedgerCheck:
    store: str
    sales_checked: int
    stock_levels_checked: int
    mismatches: list[Mismatch]

    @property
    def agrees(self) -> bool:
        return not self.mismatches


def check_ledger(ctx: StoreContext) -> LedgerCheck:
    """Every mismatch in the ledger, read in one snapshot; none when it agrees with itself."""
    with ctx.db.read() as uow:
        journal_sales = list(uow.journal.sales(jk.SALE))
        table_sales = uow.sales.all_rows()
        levels = uow.stock.levels()
        sums = uow.stock.movement_sums()
        chain = uow.journal.chained_entries()
    found = compare_chain(ctx.store_code, chain)
    found += compare_sales(ctx.store_code, journal_sales, table_sales)
    found += compare_levels(ctx.store_code, levels, sums)
    skus = {sku for sku, _ in levels} | {sku for sku, _ in sums}
    return LedgerCheck(ctx.store_code, len(journal_sales), len(skus), found)
