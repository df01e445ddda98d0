"""In-memory repositories of head office's documents: transfers, purchasing, write-offs, users.

Part of tests/unit/headoffice/fakes.py's FakeUnitOfWork; each mirrors the SQL
of its headoffice/store/*_repo.py (what is stored, how reads are ordered).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from headoffice.domain.purchasing import PurchaseOrder, Supplier, SupplierReturn
from headoffice.domain.roles import StaffUser
from headoffice.domain.transfers import LineState, Transfer
from headoffice.domain.write_offs import WriteOff
from tests.unit.headoffice.fake_tables import SupplierReturnHead, Tables


def _by_sku(lines: Iterable[LineState]) -> tuple[LineState, ...]:
    return tuple(sorted(lines, key=lambda line: line.sku))


class FakeTransfers:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    def insert_transfer(
        self,
        from_store: str,
        to_store: str,
        lines: Iterable[tuple[str, int]],
        created_by: str,
        now_ms: int,
    ) -> int:
        number = self._t.next_id("transfers")
        self._t.transfers[number] = Transfer(
            id=number,
            from_store=from_store,
            to_store=to_store,
            state="open",
            created_at_ms=now_ms,
            created_by=created_by,
            updated_at_ms=now_ms,
            lines=_by_sku(LineState(sku, qty) for sku, qty in lines),
        )
        return number

    def get_transfer(self, number: int, lock: bool = False) -> Transfer | None:
        return self._t.transfers.get(number)

    def list_transfers(self, state: str = "", store_code: str = "") -> list[Transfer]:
        return [
            row
            for _, row in sorted(self._t.transfers.items())
            if (not state or row.state == state)
            and (not store_code or store_code in (row.from_store, row.to_store))
        ]

    def in_transit_transfers(self, states: Iterable[str]) -> list[Transfer]:
        wanted = set(states)
        return [row for _, row in sorted(self._t.transfers.items()) if row.state in wanted]

    def save(self, before: Transfer, after: Transfer) -> None:
        # Lines are updated or added, never deleted, as transfers_repo.save does.
        stored = self._t.transfers[after.id]
        lines = {line.sku: line for line in stored.lines}
        lines.update((line.sku, line) for line in after.lines)
        self._t.transfers[after.id] = replace(after, lines=_by_sku(lines.values()))

    def movement_costs(self, store_code: str, seq: int) -> dict[str, int]:
        return {
            m.sku: m.unit_cost_minor
            for m in self._t.movements
            if m.store_code == store_code and m.seq == seq
        }


class FakePurchasing:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    def get_supplier(self, code: str) -> Supplier | None:
        return self._t.suppliers.get(code)

    def list_suppliers(self) -> list[Supplier]:
        return [self._t.suppliers[code] for code in sorted(self._t.suppliers)]

    def insert_supplier(self, supplier: Supplier) -> None:
        self._t.suppliers[supplier.code] = supplier

    def supplier_names(self, codes: set[str]) -> dict[str, str]:
        return {code: self._t.suppliers[code].name for code in codes if code in self._t.suppliers}

    def insert_order(self, order: PurchaseOrder) -> int:
        po_no = self._t.next_id("purchase_orders")
        self._t.orders[po_no] = self._read(replace(order, po_no=po_no))
        return po_no

    def save_order(self, order: PurchaseOrder) -> None:
        # Only the state, the time and the lines change, as purchasing_repo.save_order writes.
        stored = self._t.orders[order.po_no]
        self._t.orders[order.po_no] = self._read(
            replace(stored, state=order.state, updated_at_ms=order.updated_at_ms, lines=order.lines)
        )

    @staticmethod
    def _read(order: PurchaseOrder) -> PurchaseOrder:
        return replace(order, lines=tuple(sorted(order.lines, key=lambda line: line.line_no)))

    def get_order(self, po_no: int, *, lock: bool = False) -> PurchaseOrder | None:
        return self._t.orders.get(po_no)

    def list_orders(self, store_code: str = "", state: str = "") -> list[PurchaseOrder]:
        return [
            order
            for _, order in sorted(self._t.orders.items())
            if (not store_code or order.store_code == store_code)
            and (not state or order.state == state)
        ]

    def insert_supplier_return(
        self,
        store_code: str,
        seq: int,
        return_id: str,
        supplier_code: str,
        reason: str,
        actor: str,
        occurred_at_ms: int,
    ) -> None:
        self._t.supplier_returns.append(
            SupplierReturnHead(
                store_code, seq, return_id, supplier_code, reason, actor, occurred_at_ms
            )
        )

    def list_supplier_returns(
        self, store_code: str = "", supplier_code: str = ""
    ) -> list[SupplierReturn]:
        heads = sorted(
            (
                h
                for h in self._t.supplier_returns
                if (not store_code or h.store_code == store_code)
                and (not supplier_code or h.supplier_code == supplier_code)
            ),
            key=lambda h: (h.occurred_at_ms, h.store_code, h.seq),
        )
        return [
            SupplierReturn(
                h.store_code,
                h.seq,
                h.return_id,
                h.supplier_code,
                h.reason,
                h.actor,
                h.occurred_at_ms,
                tuple(
                    (m.sku, -m.qty_base, m.unit_cost_minor)
                    for m in self._t.movements
                    if m.store_code == h.store_code
                    and m.seq == h.seq
                    and m.reason == "supplier_return"
                ),
            )  # fmt: skip
            for h in heads
        ]


class FakeWriteOffs:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    def insert(self, row: WriteOff) -> None:
        self._t.write_offs[row.write_off_id] = row

    def update(self, row: WriteOff) -> None:
        stored = self._t.write_offs[row.write_off_id]
        self._t.write_offs[row.write_off_id] = replace(
            stored,
            state=row.state,
            decided_by=row.decided_by,
            decided_at_ms=row.decided_at_ms,
            decision_note=row.decision_note,
            done_seq=row.done_seq,
            done_at_ms=row.done_at_ms,
        )

    def get(self, write_off_id: str, lock: bool = False) -> WriteOff | None:
        return self._t.write_offs.get(write_off_id)

    def select(
        self, store_codes: Iterable[str] | None, state: str, limit: int = 1000
    ) -> list[WriteOff]:
        codes = None if store_codes is None else set(store_codes)
        rows = [
            row
            for row in self._t.write_offs.values()
            if (codes is None or row.store_code in codes) and (not state or row.state == state)
        ]
        rows.sort(key=lambda row: (row.requested_at_ms, row.write_off_id), reverse=True)
        return rows[:limit]

    def threshold(self, lock: bool = False) -> int:
        return self._t.write_off_threshold

    def set_threshold(self, threshold_minor: int, now_ms: int) -> None:
        self._t.write_off_threshold = threshold_minor

    def sent_threshold(self, store_code: str) -> int | None:
        return self._t.sent_thresholds.get(store_code)

    def set_sent_threshold(self, store_code: str, threshold_minor: int) -> None:
        self._t.sent_thresholds[store_code] = threshold_minor


class FakeUsers:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    def get_user(self, username: str) -> StaffUser | None:
        return self._t.users.get(username)

    def list_users(self) -> list[StaffUser]:
        return [self._t.users[name] for name in sorted(self._t.users)]

    def insert_user(self, user: StaffUser) -> None:
        self._t.users[user.username] = replace(user, stores=tuple(sorted(user.stores)))

    def set_disabled(self, username: str, disabled: bool) -> None:
        if username in self._t.users:
            self._t.users[username] = replace(self._t.users[username], disabled=disabled)
