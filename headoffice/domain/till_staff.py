"""The stores' till staff as head office keeps them: who may sign in at which store's tills.

The roles and what each may do are common.domain.till_roles (the table the edge
agent checks); PINs follow common.domain.pins and only their argon2id hash is kept.
Head office is where staff are added, disabled, re-enabled, given another role or a
new PIN (`hoctl staff ...`, each audited); every change is sent down to the store
(DownstreamEvent.till_staff), which signs people in on the last list it has.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from common.domain.typed_text import clean_note
from common.i18n import _

DISPLAY_NAME_MAX = 64


@dataclass(frozen=True)
class TillStaffMember:
    store_code: str
    staff_code: str
    display_name: str
    role: str
    disabled: bool
    pin_hash: str  # argon2id; never the PIN
    card_hash: str  # sha256 of the staff card's number, "" for none
    updated_at_ms: int
    updated_by: str

    def with_(self, **changes: object) -> TillStaffMember:
        return replace(self, **changes)  # type: ignore[arg-type]

    def as_dict(self) -> dict[str, object]:
        """What the audit log keeps: never the PIN's hash or the card's."""
        return {
            "store": self.store_code,
            "staff_code": self.staff_code,
            "display_name": self.display_name,
            "role": self.role,
            "disabled": self.disabled,
            "has_card": bool(self.card_hash),
        }


def check_display_name(name: str) -> str:
    """Typed text (card data refused or reduced), at most DISPLAY_NAME_MAX characters."""
    return clean_note(_("a staff member's name"), name.strip(), DISPLAY_NAME_MAX)
