"""Stocktake's storage: the count policy, count sessions and their lines and results, the accuracy sums (Protocols; the unit of work in headoffice.services.ports holds them)."""

from __future__ import annotations

from collections.abc import (
    Iterable,
    Sequence,
)
from typing import Any, Protocol

from common.domain import stocktake as st
from headoffice.domain.accuracy import CountFact
from headoffice.domain.accuracy_sums import Sums
from headoffice.domain.counts import CountSession, HoCountLine, PostedResult, StoreKeyItems


class CountPolicyPort(Protocol):
    """The count tolerance each store was last sent down its stream."""

    def sent_tolerance(self, store_code: str, lock: bool = False) -> st.Tolerance | None: ...

    def set_sent_tolerance(self, store_code: str, tolerance: st.Tolerance) -> None: ...

    def key_items(self, store_code: str) -> StoreKeyItems: ...

    def set_key_items(self, items: StoreKeyItems) -> None: ...


class CountsPort(Protocol):
    """Count sessions, their lines and posted results, and what stocktake reads of the ledger
    (the book at a journal position, sales by value, the category tree)."""

    def insert(self, row: CountSession) -> None: ...

    def update(self, row: CountSession) -> None: ...

    def get(self, session_id: str, lock: bool = False) -> CountSession | None: ...

    def state_of(self, session_id: str, lock: bool = False) -> tuple[str, str] | None: ...

    def select(
        self, store_codes: Iterable[str] | None, state: str, limit: int = 1000
    ) -> list[CountSession]: ...

    def active(self, store_code: str) -> list[CountSession]: ...

    def insert_line(self, line: HoCountLine) -> None: ...

    def lines(self, session_id: str) -> list[HoCountLine]: ...

    def unknown_lines(self, session_id: str) -> list[HoCountLine]: ...

    def line_counts(self, session_id: str) -> tuple[int, int, int, int]: ...

    def sku_figures(
        self,
        session_id: str,
        store_code: str,
        selling_locations: Sequence[str],
        by_round: bool = True,
        posted: bool = True,
        variance_only: bool = False,
    ) -> Sequence[Any]: ...

    def place_lines(self, session_id: str) -> Sequence[Any]: ...

    def not_counted(self, session_id: str, store_code: str) -> list[str]: ...

    def book_at(self, store_code: str, sku: str, seq: int) -> int: ...

    def insert_results(self, rows: Sequence[PostedResult]) -> None: ...

    def posted_results(self, session_id: str) -> list[PostedResult]: ...

    def count_facts(self, store_codes: Iterable[str] | None, since_ms: int) -> list[CountFact]: ...

    def last_counted(self, store_code: str) -> dict[str, int]: ...

    def sales_values(self, store_code: str, since_ms: int) -> dict[str, int]: ...

    def skus_in_categories(self, categories: Iterable[str]) -> list[str]: ...

    def categories_of(self, skus: Iterable[str]) -> dict[str, str]: ...

    def stocked_skus(self, store_code: str) -> list[str]: ...


class AccuracyPort(Protocol):
    """The accuracy report's sums: posted count results and sales, added up by the database."""

    def count_sums(
        self,
        store_codes: Iterable[str] | None,
        since_ms: int,
        bucket: str,
        utc_offset_minutes: int = 0,
        top_n: int = 10,
    ) -> Sums: ...

    def sales_by_period(
        self,
        store_codes: Iterable[str] | None,
        since_ms: int,
        bucket: str,
        utc_offset_minutes: int = 0,
    ) -> dict[tuple[str, str], int]: ...
