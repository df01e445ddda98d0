"""The reports' storage: sales figures and roll-ups, alerts (Protocols; the unit of work in headoffice.services.ports holds them)."""

from __future__ import annotations

from collections.abc import (
    Iterable,
    Sequence,
)
from typing import Protocol

from headoffice.domain.alerts import NegativeLevel, PostedSession, WriteOffValues
from headoffice.domain.report_period import Period
from headoffice.domain.sales_reports import SalesFigures
from headoffice.domain.sales_tally import HourSums, SkuSums
from headoffice.domain.stock_reports import Lot, StockRow
from headoffice.domain.supplier_reports import Receipt, SentOrder


class SalesReportPort(Protocol):
    """The reports' sales roll-ups (store/sales_report_repo.py): added to by apply_batch,
    read by services/sales_reports.py and services/stock_reports.py."""

    def add(
        self,
        store_code: str,
        by_sku: SkuSums,
        by_hour: HourSums,
        by_day: Sequence[tuple[int, Sequence[int]]] = (),
    ) -> None:
        """A batch's sales added to the store's roll-ups: by (day, SKU), by (hour, cashier,
        shift) and, `by_day`, its sales at cost by UTC day and hour (sales_day_rollup,
        domain/sales_rollup.py), all together (one statement on PostgreSQL)."""

    def sku_day_offset(self) -> int: ...

    def set_sku_day_offset(self, minutes: int) -> None: ...

    def has_sku_rows(self) -> bool: ...

    def sales_by(
        self, by: str, store_codes: Iterable[str] | None, period: Period
    ) -> list[SalesFigures]: ...

    def revenue_by_day(
        self, store_codes: Iterable[str] | None, first_day: int, end_day: int, offset_min: int
    ) -> dict[int, int]: ...

    def stock_rows(
        self, store_codes: Iterable[str] | None, first_day: int, end_day: int
    ) -> list[StockRow]: ...

    def stock_values(self, store_codes: Iterable[str] | None) -> dict[str, int]: ...

    def shrink_by_store(
        self, store_codes: Iterable[str] | None, since_ms: int, until_ms: int
    ) -> dict[str, tuple[int, int, int]]: ...

    def add_lots(
        self, store_code: str, seq: int, lots: list[tuple[int, str, int, int]]
    ) -> None: ...

    def lots_and_stock(
        self, store_codes: Iterable[str] | None, last_expiry_day: int
    ) -> tuple[list[Lot], dict[tuple[str, str], tuple[int, int]]]: ...

    def add_po_receipt(
        self, store_code: str, seq: int, po_no: int, at_ms: int,
        lines: list[tuple[int, str, int, int]],
    ) -> None: ...  # fmt: skip

    def supplier_facts(
        self, store_codes: Iterable[str] | None, since_ms: int, until_ms: int
    ) -> tuple[list[SentOrder], list[Receipt]]: ...


class SalesRollupPort(Protocol):
    """Each store's sales at cost by day and hour, added to as apply_batch writes the sale and
    return movements (domain/sales_rollup.py)."""

    def add(self, store_code: str, days: Sequence[tuple[int, Sequence[int]]]) -> None: ...


class AlertsPort(Protocol):
    """Alert facts (levels below zero, posted sessions added up, write-offs by period) and
    the per-store counts the last evaluation left for /metrics."""

    def negative_levels(self, store_code: str = "") -> list[NegativeLevel]: ...

    def posted_sessions(self, since_ms: int, store_code: str = "") -> list[PostedSession]: ...

    def write_off_values(
        self, recent_since_ms: int, baseline_since_ms: int, until_ms: int, store_code: str = ""
    ) -> list[WriteOffValues]: ...

    def replace_counts(self, counts: dict[tuple[str, str], int], now_ms: int) -> None: ...

    def counts(self) -> list[tuple[str, str, int, int]]: ...
