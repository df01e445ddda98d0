"""Adding a batch's sales and returns up for the reports' roll-ups (store/sales_tables.py).

apply_batch passes its valued movements through ReportsTally.passing on their way to
the movements table; the tally reads each sale and return entry's lines for the
revenue (the movements carry no selling price) and its sale and return movements
for the quantity and the cost of goods sold at the moving-average cost they were
valued at. Returns subtract. A bundle's revenue falls on the bundle's SKU and its
cost on its components' (what left the shelf), so per-SKU margin is exact for
goods and whole per store; docs/reports.md says so.

The (day, SKU) sums count days in the shops' time zone: the offset from UTC the
roll-ups were last rebuilt with (report_rollup_settings; [counts]
utc_offset_minutes), so a SKU report's days begin at the shops' midnight as the store
reports' do. The hourly sums stay UTC hours (any whole-hour zone reads them exactly).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from common.journal_kinds import SALE, SALE_RETURN
from headoffice.domain.ledger import EntryHead, ValuedMovement

DAY_MS = 24 * 3600 * 1000
HOUR_MS = 3600 * 1000
SALE_REASONS = frozenset({"sale", "return"})
# The chain's (day, SKU) roll-up keeps this many rows a day and SKU, one for each group of
# stores: every store's apply adds to its group's row, so two stores' applies selling the
# same SKU on the same day wait for each other only when they share a group, and a chain
# report still reads a few rows a SKU-day instead of one a store.
CHAIN_SHARDS = 8

# (day, sku) -> [qty_base, amount_minor, cost_minor, lines]
SkuSums = dict[tuple[int, str], list[int]]
# (hour, cashier, shift_id) -> [sales_count, returns_count, qty_base, amount_minor,
#                               returns_minor, cost_minor]
HourSums = dict[tuple[int, str, str], list[int]]


def chain_shard(store_code: str) -> int:
    """The store's group in the chain roll-up: the same for a store every time (CRC-32)."""
    return zlib.crc32(store_code.encode()) % CHAIN_SHARDS


class ReportsTally:
    """The sales of one batch, added up by (shops' day, SKU) and by (UTC hour, cashier,
    shift). `day_offset_minutes`: the shops' offset from UTC that days are counted in."""

    def __init__(self, entries: Sequence[Any], day_offset_minutes: int = 0) -> None:
        self._entries = entries  # the batch's entries, in the order their movements come
        self._offset_ms = day_offset_minutes * 60_000
        self.by_sku: SkuSums = {}
        self.by_hour: HourSums = {}

    def passing(
        self,
        valued: Iterable[tuple[EntryHead, list[ValuedMovement]]],
        shaped: Sequence[bool] = (),
    ) -> Iterator[tuple[EntryHead, list[ValuedMovement]]]:
        """Yield the valued movements unchanged, adding up each sale and return on the way.

        `shaped`: per entry, whether it is a sale in shape (journal_rules.sale_in_shape: one
        sale movement per line, in line order, of the line's SKU), which apply_batch's pass
        has decided already; such a sale is added up line by line with its movement."""
        sale, sale_return = SALE.name, SALE_RETURN.name
        flags = shaped or [False] * len(self._entries)
        for entry, (head, moves), in_shape in zip(self._entries, valued, flags, strict=True):
            kind = head[1]
            if kind == sale:
                self.add(entry.sale, head[4], moves, 1, in_shape)
            elif kind == sale_return:
                self.add(entry.sale_return, head[4], moves, -1)
            yield head, moves

    def add(
        self,
        body: Any,
        occurred_at_ms: int,
        moves: list[ValuedMovement],
        sign: int,
        in_shape: bool = False,
    ) -> None:
        """One sale (sign 1) or return (sign -1): its lines' revenue, its movements' cost."""
        day = (occurred_at_ms + self._offset_ms) // DAY_MS
        by_sku = self.by_sku
        qty_total = cost_total = 0
        if in_shape:  # a sale whose movement i is its line i's SKU sold: one lookup a line
            self._add_in_shape(body, occurred_at_ms, day, moves)
            return
        for sku, qty, reason, unit_cost in moves:
            if reason not in SALE_REASONS:
                continue  # a returned item written off: its write_off is shrink, not a sale
            sums = by_sku.get((day, sku))
            if sums is None:
                sums = by_sku[(day, sku)] = [0, 0, 0, 0]
            sums[0] -= qty
            sums[2] -= qty * unit_cost
            qty_total -= qty
            cost_total -= qty * unit_cost
        amount_total = 0
        for line in body.lines:
            sums = by_sku.get((day, line.sku))
            if sums is None:
                sums = by_sku[(day, line.sku)] = [0, 0, 0, 0]
            # What was paid: a sale line less its promotions' share (a return line's
            # amount is already what it refunded).
            paid = line.amount_minor - getattr(line, "offer_discount_minor", 0)
            sums[1] += sign * paid
            sums[3] += sign
            amount_total += paid
        hour = self._hour(body, occurred_at_ms)
        if sign > 0:
            hour[0] += 1
        else:
            hour[1] += 1
            hour[4] += amount_total
        hour[2] += qty_total
        hour[3] += sign * amount_total
        hour[5] += cost_total

    def _add_in_shape(
        self, body: Any, occurred_at_ms: int, day: int, moves: list[ValuedMovement]
    ) -> None:
        """add() of a sale in shape: the same sums, each line and its movement at once (the
        line's SKU is its movement's, and every movement is a sale's), without reading the
        lines' SKUs from the message."""
        by_sku = self.by_sku
        qty_total = cost_total = amount_total = 0
        for (sku, qty, _reason, unit_cost), line in zip(moves, body.lines, strict=True):
            amount = line.amount_minor - line.offer_discount_minor  # what was paid
            cost = qty * unit_cost
            sums = by_sku.get((day, sku))
            if sums is None:
                by_sku[(day, sku)] = [-qty, amount, -cost, 1]
            else:
                sums[0] -= qty
                sums[1] += amount
                sums[2] -= cost
                sums[3] += 1
            qty_total -= qty
            cost_total -= cost
            amount_total += amount
        hour = self._hour(body, occurred_at_ms)
        hour[0] += 1
        hour[2] += qty_total
        hour[3] += amount_total
        hour[5] += cost_total

    def _hour(self, body: Any, occurred_at_ms: int) -> list[int]:
        """The sums of the sale's (hour, cashier, shift)."""
        key = (occurred_at_ms // HOUR_MS, body.cashier, body.shift_id)
        hour = self.by_hour.get(key)
        if hour is None:
            hour = self.by_hour[key] = [0, 0, 0, 0, 0, 0]
        return hour
