"""What every use case needs: the ledger, which store it belongs to, and its till policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from edge_agent.config import DEFAULTS, load_edge_config
from edge_agent.domain.customer_receipt import StoreHeader
from edge_agent.services.member_ports import HeadOfficeMembers, NoHeadOffice
from edge_agent.services.policy import TillPolicy
from edge_agent.services.voucher_ports import HeadOfficeVouchers, NoVoucherOffice
from edge_agent.store.connection import LedgerDatabase
from edge_agent.store.migrations import upgrade_ledger


@dataclass
class StoreContext:
    # The ledger: .write() / .read() yield a unit of work (tests pass a FakeLedger).
    db: LedgerDatabase
    store_code: str
    store_name: str
    currency: str
    policy: TillPolicy = field(default_factory=lambda: TillPolicy.from_config(DEFAULTS))
    # Head office's answers about members (stored value, points, cards, coupons), online;
    # the edge agent sets its MemberTill client, anything else has none.
    members: HeadOfficeMembers = field(default_factory=NoHeadOffice)
    # Head office's answers about group-buy vouchers (scan, verify, cancel), online only.
    vouchers: HeadOfficeVouchers = field(default_factory=NoVoucherOffice)

    @classmethod
    def open(
        cls, db_path: Path, store_code: str, store_name: str = "", currency: str = "CNY"
    ) -> StoreContext:
        """Open (migrating first) the ledger at db_path for a store.

        The till policy comes from the data directory's edge.toml next to the
        ledger (defaults when there is none) and STORELEDGER_EDGE_* overrides.
        """
        upgrade_ledger(db_path)
        policy = TillPolicy.from_config(load_edge_config(db_path.parent))
        return cls(LedgerDatabase(db_path), store_code, store_name or store_code, currency, policy)

    @property
    def header(self) -> StoreHeader:
        """What the store's printed documents say about it."""
        return StoreHeader(self.store_code, self.store_name, self.currency)

    def close(self) -> None:
        self.members.close()
        self.vouchers.close()
        self.db.close()
