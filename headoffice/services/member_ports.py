"""What the member and stored-value use cases need of storage (headoffice.services.members,
stored_value, liability): the members and stored_value repositories beside every other
one (the stores, the audit log). The SQL unit of work implements it; these use cases are tested on both
databases rather than on the in-memory fake, so the fake need not hold members."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from headoffice.domain.members import Lookup, Member
from headoffice.domain.stored_value import Balance, Entry
from headoffice.services.loyalty_ports import EntitlementsPort, PointsPort
from headoffice.services.ports import UnitOfWorkPort


class AccountPort(Protocol):
    member_id: str
    balance: Balance
    topped: Balance


class MembersPort(Protocol):
    def insert(self, member: Member) -> Member: ...

    def update(self, member: Member) -> None: ...

    def get(self, member_id: str) -> Member | None: ...

    def find(self, lookup: Lookup) -> Member | None: ...

    def taken(self, phone: str, card_no: str, qr_code: str) -> list[str]: ...

    def list(
        self, store_code: str = "", level: str = "", after_id: str = "", limit: int = 1000
    ) -> list[Member]: ...


class StoredValuePort(Protocol):
    def open_account(self, member_id: str, now_ms: int) -> None: ...

    def lock_accounts(self, member_ids: list[str]) -> Mapping[str, AccountPort]: ...

    def account(self, member_id: str) -> AccountPort | None: ...

    def by_key(self, store_code: str, idem_key: str) -> Entry | None: ...

    def get(self, entry_id: int) -> Entry | None: ...

    def refunded(self, debit_entry_id: int) -> int: ...

    def append(self, entry: Entry, topped_principal: int = 0, topped_bonus: int = 0) -> Entry: ...

    def entries_of(self, member_id: str) -> list[Entry]: ...

    def sums_of(self, member_id: str) -> Balance: ...

    def net_debits(self, member_id: str, since_ms: int) -> int: ...

    def totals(self, until_ms: int) -> Balance: ...

    def movements(
        self, since_ms: int, until_ms: int
    ) -> list[tuple[str, int, int, int, int, int]]: ...

    def last_topup(self, member_id: str) -> tuple[int, int]: ...

    def expiry_candidates(self, cutoff_ms: int) -> list[str]: ...


class MembersUnitOfWorkPort(UnitOfWorkPort, Protocol):
    """The unit of work with members and stored value besides every other repository."""

    @property
    def members(self) -> MembersPort: ...

    @property
    def stored_value(self) -> StoredValuePort: ...

    @property
    def points(self) -> PointsPort: ...  # the points ledger (levels by points earned, merges)

    @property
    def entitlements(self) -> EntitlementsPort: ...  # punch cards and packages (merges)
