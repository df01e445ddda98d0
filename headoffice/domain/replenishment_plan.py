"""Transfers before purchases: one SKU's needs across the chain become proposed lines.

Every store short of its order-up-to (a positive raw suggestion) is served,
largest shortage first, from other stores' surplus (headoffice.domain.replenishment.
Need.surplus_qty_base), cheapest store-to-store cost first, then by store code;
a disabled store neither gives nor receives. What the chain cannot cover
becomes a purchase line for the SKU's supplier, rounded up to the supplier's
pack size and minimum order; a SKU without a supplier leaves an `unsourced`
line a buyer sees but cannot approve. Transfers are never rounded to packs
(stores move base units).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from headoffice.domain.replenishment import Need, Stock, round_to_pack

TRANSFER = "transfer"
PURCHASE = "purchase"
UNSOURCED = "unsourced"
KINDS = (TRANSFER, PURCHASE, UNSOURCED)


@dataclass(frozen=True, slots=True)
class SupplyTerms:
    """Who supplies a SKU and in what steps: its pack size and minimum order, in base units."""

    sku: str
    supplier_code: str
    pack_qty_base: int = 1
    min_order_qty_base: int = 0
    unit_cost_minor: int = 0


@dataclass(frozen=True, slots=True)
class PlanLine:
    """One proposed movement of stock to `need.store_code`: a transfer from `from_store`, a
    purchase from `supplier_code`, or an unsourced shortage."""

    kind: str
    need: Need
    qty_base: int  # what the line proposes (a purchase after rounding)
    raw_qty_base: int  # the part of the need it covers before rounding
    from_store: str = ""
    from_stock: Stock | None = None
    supplier_code: str = ""
    pack_qty_base: int = 1
    min_order_qty_base: int = 0
    unit_cost_minor: int = 0

    @property
    def value_minor(self) -> int:
        return self.qty_base * self.unit_cost_minor


CostOf = Callable[[str, str], int]


def plan_sku(
    needs: Sequence[Need],
    terms: SupplyTerms | None,
    cost_of: CostOf,
    disabled: Collection[str] = (),
    recipients: Collection[str] | None = None,
    unit_cost_minor: int = 0,
) -> list[PlanLine]:
    """The lines for one SKU; `recipients` limits who is served (a run for one store)."""
    short = [
        n
        for n in needs
        if n.raw_qty_base > 0
        and n.store_code not in disabled
        and (recipients is None or n.store_code in recipients)
    ]
    short.sort(key=lambda n: (-n.raw_qty_base, n.store_code))
    surplus = {
        n.store_code: n.surplus_qty_base
        for n in needs
        if n.store_code not in disabled and n.surplus_qty_base > 0
    }
    donors = {n.store_code: n for n in needs if n.store_code in surplus}
    lines: list[PlanLine] = []
    for need in short:
        left = need.raw_qty_base
        order = sorted(
            (code for code in surplus if code != need.store_code and surplus[code] > 0),
            key=lambda code: (cost_of(code, need.store_code), code),
        )
        for code in order:
            if left == 0:
                break
            qty = min(left, surplus[code])
            surplus[code] -= qty
            left -= qty
            lines.append(
                PlanLine(
                    kind=TRANSFER,
                    need=need,
                    qty_base=qty,
                    raw_qty_base=qty,
                    from_store=code,
                    from_stock=donors[code].stock,
                    unit_cost_minor=unit_cost_minor,
                )
            )
        if left == 0:
            continue
        if terms is None:
            lines.append(PlanLine(kind=UNSOURCED, need=need, qty_base=left, raw_qty_base=left,
                                  unit_cost_minor=unit_cost_minor))  # fmt: skip
            continue
        lines.append(
            PlanLine(
                kind=PURCHASE,
                need=need,
                qty_base=round_to_pack(left, terms.pack_qty_base, terms.min_order_qty_base),
                raw_qty_base=left,
                supplier_code=terms.supplier_code,
                pack_qty_base=terms.pack_qty_base,
                min_order_qty_base=terms.min_order_qty_base,
                unit_cost_minor=terms.unit_cost_minor or unit_cost_minor,
            )
        )
    return lines


def cost_table(costs: dict[tuple[str, str], int], default_minor: int) -> CostOf:
    """Store-to-store cost from the table set by hand, else the configured default."""

    def cost_of(from_store: str, to_store: str) -> int:
        return costs.get((from_store, to_store), default_minor)

    return cost_of
