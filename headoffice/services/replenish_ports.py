"""What replenishment needs of storage (headoffice.services.ports lists the other ports).

Attribute           Protocol               SQL implementation (headoffice/store/)
replenish           ReplenishPort          replenish_repo.ReplenishRepository
replenish_figures   ReplenishFiguresPort   replenish_figures_repo.ReplenishFiguresRepository
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from headoffice.domain.demand import DemandSums
from headoffice.domain.replenishment import MinMax, Need, Policy, Stock
from headoffice.domain.replenishment_plan import SupplyTerms
from headoffice.domain.replenishment_runs import Run, RunLine


class ReplenishPort(Protocol):
    """Min/max, store-to-store costs and supply terms set by hand, and the run documents."""

    def set_min_max(self, rows: list[MinMax], now_ms: int, by: str) -> None: ...

    def clear_min_max(self, store_code: str, sku: str) -> bool: ...

    def min_max_rows(self, store_code: str = "", sku: str = "") -> list[MinMax]: ...

    def set_cost(
        self, from_store: str, to_store: str, cost_minor: int, now_ms: int, by: str
    ) -> None: ...

    def costs(self) -> dict[tuple[str, str], int]: ...

    def set_supply(self, terms: SupplyTerms, now_ms: int, by: str) -> None: ...

    def supply_terms(self) -> dict[str, SupplyTerms]: ...

    def insert_run(self, run: Run) -> int: ...

    def insert_lines(self, run_no: int, lines: Sequence[RunLine]) -> None: ...

    def insert_line_rows(self, run_no: int, rows: Sequence[tuple[object, ...]]) -> None: ...

    def get_run(
        self, run_no: int, lock: bool = False, after_line: int = 0, limit: int | None = None
    ) -> Run | None: ...

    def run_totals(self, run_no: int) -> tuple[int, int]: ...

    def list_runs(self, limit: int = 50) -> list[tuple[Run, int, int]]: ...

    def save_approval(self, run: Run) -> None: ...


class ReplenishFiguresPort(Protocol):
    """The figures a run reads from the ledger, stock, transfers and purchase orders."""

    def goods(self, category: str = "") -> dict[str, int]: ...

    def demand_sums(
        self, now_ms: int, window_days: int, category: str = ""
    ) -> Iterator[tuple[str, str, DemandSums]]: ...

    def on_hand_rows(self, category: str = "") -> Iterator[tuple[str, str, int]]: ...

    def keep_demand(self, now_ms: int) -> str: ...

    def candidates(
        self, policy: Policy, spans: dict[str, int], store_code: str = "", every_donor: bool = True
    ) -> Iterator[Need]: ...

    def reorder_points(
        self, policy: Policy, spans: dict[str, int], store_code: str = "", low_only: bool = False
    ) -> Iterator[tuple[str, str, int, int, int, str]]: ...

    def open_positions(self) -> dict[tuple[str, str], Stock]: ...

    def stock(self, skus: set[str] | None = None) -> dict[tuple[str, str], Stock]: ...

    def lead_time_samples(self) -> dict[str, list[int]]: ...

    def last_ordered_terms(self) -> dict[str, SupplyTerms]: ...
