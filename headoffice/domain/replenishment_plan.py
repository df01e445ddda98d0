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

from collections.abc import Callable, Collection, Iterator, Sequence
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
    walk = _Donors(surplus, cost_of)
    for need in short:
        left = need.raw_qty_base
        order = walk.order(need.store_code) if walk.costed(need.store_code) else walk.by_code(need)
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


class _Donors:
    """The stores with surplus in the order a short store draws on them: cheapest
    store-to-store cost first, then by store code, those with nothing left skipped.

    With a CostTable (costs set by hand for a few pairs, a default for the rest) the order
    is not sorted again for every short store: the stores at the default cost are walked
    in code order from the first one with anything left (every short store drains them
    from the front, so those emptied gather there), and only the few costed by hand for
    the short store are sorted, before or after them. Any other `cost_of` sorts every
    time. Both give the same order (tests/unit/headoffice/test_replenishment.py)."""

    def __init__(self, surplus: dict[str, int], cost_of: CostOf) -> None:
        self._surplus = surplus
        self._cost_of = cost_of
        self._codes = sorted(surplus)
        self._first = 0
        self._table = cost_of if isinstance(cost_of, CostTable) else None
        self._hand_costs = self._table is None or self._table.any_set()

    def costed(self, to_store: str) -> bool:
        """Whether any cost towards `to_store` may not be the default (order() sorts them
        in); else by_code() gives the same order without sorting."""
        return self._hand_costs and (self._table is None or bool(self._table.costs_to(to_store)))

    def by_code(self, need: Need) -> list[str]:
        """order() when every cost towards the store is the default: the stores with
        something left in code order, as many as its shortage draws on (a list: the caller
        takes from each before the next, and each but the last is emptied)."""
        surplus, codes, to_store = self._surplus, self._codes, need.store_code
        while self._first < len(codes) and surplus[codes[self._first]] == 0:
            self._first += 1
        left = need.raw_qty_base
        chosen = []
        for index in range(self._first, len(codes)):
            if left <= 0:
                break
            code = codes[index]
            if code != to_store and surplus[code] > 0:
                chosen.append(code)
                left -= surplus[code]
        return chosen

    def order(self, to_store: str) -> Iterator[str]:
        surplus = self._surplus
        table = self._cost_of if isinstance(self._cost_of, CostTable) else None
        if table is None:
            yield from sorted(
                (code for code in surplus if code != to_store and surplus[code] > 0),
                key=lambda code: (self._cost_of(code, to_store), code),
            )
            return
        default = table.default_minor
        costed = {code: cost for code, cost in table.costs_to(to_store).items()
                  if cost != default and code in surplus}  # fmt: skip
        ranked = sorted((cost, code) for code, cost in costed.items())
        for cost, code in ranked:
            if cost < default and code != to_store and surplus[code] > 0:
                yield code
        codes = self._codes
        while self._first < len(codes) and surplus[codes[self._first]] == 0:
            self._first += 1
        for index in range(self._first, len(codes)):
            code = codes[index]
            if surplus[code] > 0 and code != to_store and code not in costed:
                yield code
        for cost, code in ranked:
            if cost > default and code != to_store and surplus[code] > 0:
                yield code


class CostTable:
    """Store-to-store cost from the table set by hand, else the configured default."""

    def __init__(self, costs: dict[tuple[str, str], int], default_minor: int) -> None:
        self.default_minor = default_minor
        self._costs = dict(costs)
        self._to: dict[str, dict[str, int]] = {}
        for (from_store, to_store), cost in self._costs.items():
            self._to.setdefault(to_store, {})[from_store] = cost

    def __call__(self, from_store: str, to_store: str) -> int:
        return self._costs.get((from_store, to_store), self.default_minor)

    def any_set(self) -> bool:
        """Whether any cost was set by hand."""
        return bool(self._costs)

    def costs_to(self, to_store: str) -> dict[str, int]:
        """The costs set by hand towards `to_store`, by the store sending."""
        return self._to.get(to_store, {})


def cost_table(costs: dict[tuple[str, str], int], default_minor: int) -> CostTable:
    """Store-to-store cost from the table set by hand, else the configured default."""
    return CostTable(costs, default_minor)
