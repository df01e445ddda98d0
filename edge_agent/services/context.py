"""What every use case needs: the ledger and which store it belongs to."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from edge_agent.store.connection import LedgerDatabase
from edge_agent.store.migrations import upgrade_ledger


@dataclass
class StoreContext:
    db: LedgerDatabase
    store_code: str
    store_name: str
    currency: str

    @classmethod
    def open(
        cls, db_path: Path, store_code: str, store_name: str = "", currency: str = "CNY"
    ) -> StoreContext:
        """Open (migrating first) the ledger at db_path for a store."""
        upgrade_ledger(db_path)
        return cls(LedgerDatabase(db_path), store_code, store_name or store_code, currency)

    def close(self) -> None:
        self.db.close()
