"""Transfers, purchase orders, supplier returns and write-offs: the stock documents' storage (Protocols; the unit of work in headoffice.services.ports holds them)."""

from __future__ import annotations

from collections.abc import (
    Iterable,
)
from typing import Protocol

from headoffice.domain.purchasing import PurchaseOrder, Supplier, SupplierReturn
from headoffice.domain.transfers import Transfer
from headoffice.domain.write_offs import WriteOff


class TransfersPort(Protocol):
    """Inter-store transfers with their lines, and what a shipment's movements were valued at."""

    def insert_transfer(
        self,
        from_store: str,
        to_store: str,
        lines: Iterable[tuple[str, int]],
        created_by: str,
        now_ms: int,
    ) -> int: ...

    def get_transfer(self, number: int, lock: bool = False) -> Transfer | None: ...

    def list_transfers(self, state: str = "", store_code: str = "") -> list[Transfer]: ...

    def in_transit_transfers(self, states: Iterable[str]) -> list[Transfer]: ...

    def save(self, before: Transfer, after: Transfer) -> None: ...

    def movement_costs(self, store_code: str, seq: int) -> dict[str, int]: ...


class PurchasingPort(Protocol):
    """Suppliers, purchase orders with their lines, and supplier returns."""

    def get_supplier(self, code: str) -> Supplier | None: ...

    def list_suppliers(self) -> list[Supplier]: ...

    def insert_supplier(self, supplier: Supplier) -> None: ...

    def supplier_names(self, codes: set[str]) -> dict[str, str]: ...

    def insert_order(self, order: PurchaseOrder) -> int: ...

    def save_order(self, order: PurchaseOrder) -> None: ...

    def get_order(self, po_no: int, *, lock: bool = False) -> PurchaseOrder | None: ...

    def list_orders(self, store_code: str = "", state: str = "") -> list[PurchaseOrder]: ...

    def insert_supplier_return(
        self,
        store_code: str,
        seq: int,
        return_id: str,
        supplier_code: str,
        reason: str,
        actor: str,
        occurred_at_ms: int,
    ) -> None: ...

    def list_supplier_returns(
        self, store_code: str = "", supplier_code: str = ""
    ) -> list[SupplierReturn]: ...


class WriteOffsPort(Protocol):
    """Write-offs with their lines, the approval threshold and what each store was sent."""

    def insert(self, row: WriteOff) -> None: ...

    def update(self, row: WriteOff) -> None: ...

    def get(self, write_off_id: str, lock: bool = False) -> WriteOff | None: ...

    def select(
        self, store_codes: Iterable[str] | None, state: str, limit: int = 1000
    ) -> list[WriteOff]: ...

    def threshold(self, lock: bool = False) -> int: ...

    def set_threshold(self, threshold_minor: int, now_ms: int) -> None: ...

    def sent_threshold(self, store_code: str) -> int | None: ...

    def set_sent_threshold(self, store_code: str, threshold_minor: int) -> None: ...
