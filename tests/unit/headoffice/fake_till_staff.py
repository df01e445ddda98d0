"""The stores' till staff in memory (headoffice/store/till_staff_repo.py's twin)."""

from __future__ import annotations

from headoffice.domain.till_staff import TillStaffMember
from tests.unit.headoffice.fake_tables import DuplicateKey, Tables


class FakeTillStaff:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    def get(self, store_code: str, staff_code: str, lock: bool = False) -> TillStaffMember | None:
        return self._t.till_staff.get((store_code, staff_code))

    def insert(self, member: TillStaffMember) -> None:
        key = (member.store_code, member.staff_code)
        if key in self._t.till_staff:
            raise DuplicateKey(f"till_staff {key}")
        self._t.till_staff[key] = member

    def update(self, member: TillStaffMember) -> None:
        key = (member.store_code, member.staff_code)
        if key in self._t.till_staff:
            self._t.till_staff[key] = member

    def list(self, store_codes: list[str] | None = None) -> list[TillStaffMember]:
        return [
            m
            for key, m in sorted(self._t.till_staff.items())
            if store_codes is None or m.store_code in store_codes
        ]
