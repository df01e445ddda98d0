"""Members, chain-wide: who they are, how a till finds them, and what is personal data.

A member is found by a mainland China mobile number (11 digits, 13x-19x, an optional
+86), by a member card number (8-20 letters or digits, never one that reads as a mobile
number) or by the payload of the member's QR code (`SLM:` and 8-48 letters, digits,
`_` or `-`). Anything else is refused with one sentence saying which shapes are read.

The phone number and the name are personal data: `masked_phone` and `masked_name` are
what logs, the audit log, listings and receipts carry; only `hoctl member show` and
`export` to staff holding member.personal print them whole. Erasure replaces every
personal field with a pseudonym and keeps the member's id, so every ledger row that
names the member stays and still adds up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from common.domain.typed_text import clean_name
from common.errors import InvalidInput
from common.i18n import _

MEMBER_NAME_MAX = 64
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_CARD = re.compile(r"^[A-Z0-9]{8,20}$")
_QR = re.compile(r"^SLM:[A-Za-z0-9_-]{8,48}$")
_MEMBER_ID = re.compile(r"^M\d{6,12}$")
NAMED, ANONYMOUS = "named", "anonymous"


@dataclass(frozen=True)
class Member:
    member_id: str  # M000001
    phone: str  # 11 digits, "" for an anonymous card or once erased
    name: str
    card_no: str  # "" for none
    qr_code: str  # "" for none
    birthday: str  # YYYY-MM-DD or ""
    consent: bool  # agreed to be contacted
    registered_store: str  # the store that signed them up, "" for head office
    level: str
    created_at_ms: int
    created_by: str
    updated_at_ms: int
    erased_at_ms: int = 0
    merged_into: str = ""  # the surviving member's id once merged away

    def with_(self, **changes: object) -> Member:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def card_type(self) -> str:
        """Named (real-name: a phone and a name) or anonymous, for the prepaid-card limits."""
        return NAMED if self.phone and self.name else ANONYMOUS

    @property
    def active(self) -> bool:
        return not self.erased_at_ms and not self.merged_into

    def masked(self) -> dict[str, object]:
        """What logs and the audit log keep: no phone number or name in the clear."""
        return {
            "member_id": self.member_id,
            "phone": masked_phone(self.phone),
            "member_name": masked_name(self.name),
            "has_card": bool(self.card_no),
            "has_qr": bool(self.qr_code),
            "consent": self.consent,
            "registered_store": self.registered_store,
            "level": self.level,
            "erased": bool(self.erased_at_ms),
            "merged_into": self.merged_into,
        }


def member_id_text(number: int) -> str:
    return f"M{number:06d}"


def member_number(member_id: str) -> int:
    if not _MEMBER_ID.match(member_id):
        raise InvalidInput(
            _("member id {member} must be M and at least 6 digits, e.g. M000001").format(
                member=repr(member_id)
            )
        )
    return int(member_id[1:])


def _digits(text: str) -> str:
    compact = re.sub(r"[\s-]", "", text.strip())
    if compact.startswith("+86"):
        compact = compact[3:]
    elif compact.startswith("0086"):
        compact = compact[4:]
    elif len(compact) == 13 and compact.startswith("86"):
        compact = compact[2:]
    return compact


def is_mobile(text: str) -> bool:
    return bool(_MOBILE.match(_digits(text)))


def check_phone(text: str) -> str:
    """A mainland China mobile number as 11 digits (+86, spaces and dashes removed)."""
    digits = _digits(text)
    if not _MOBILE.match(digits):
        raise InvalidInput(
            _(
                "{text} is not a mainland China mobile number: 11 digits starting 13 to 19, "
                "e.g. 13812345678 (+86 allowed)"
            ).format(text=repr(masked_phone(digits) if digits.isdigit() else text.strip()[:24]))
        )
    return digits


def check_card_no(text: str) -> str:
    card = re.sub(r"[\s-]", "", text.strip()).upper()
    if is_mobile(card) or not _CARD.match(card):
        raise InvalidInput(
            _(
                "member card number {card} must be 8 to 20 letters or digits and not a mobile "
                "number"
            ).format(card=repr(card[:24]))
        )
    return card


def check_qr_code(text: str) -> str:
    code = text.strip()
    if not _QR.match(code):
        raise InvalidInput(
            _("member QR code {code} must be SLM: and 8 to 48 letters, digits, _ or -").format(
                code=repr(code[:56])
            )
        )
    return code


def check_member_name(text: str, required: bool) -> str:
    name = clean_name(_("a member's name"), text)
    if len(name) > MEMBER_NAME_MAX:
        raise InvalidInput(
            _("a member's name is at most {limit} characters").format(limit=MEMBER_NAME_MAX)
        )
    if required and not name:
        raise InvalidInput(_("a member with a phone number needs a name (--name)"))
    return name


def check_birthday(text: str, today: date) -> str:
    if not text:
        return ""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        day = None
    if day is None or len(text.strip()) != 10 or day > today or day.year < 1900:
        raise InvalidInput(
            _("birthday {day} must be a past date written YYYY-MM-DD, e.g. 1990-05-17").format(
                day=repr(text.strip()[:24])
            )
        )
    return day.isoformat()


@dataclass(frozen=True)
class Lookup:
    """How a till or hoctl names a member: by `kind` (member_id, phone, card, qr) and value."""

    kind: str
    value: str


def parse_lookup(text: str) -> Lookup:
    """A member id, phone number, card number or QR payload; anything else one sentence."""
    raw = text.strip()
    if _MEMBER_ID.match(raw):
        return Lookup("member_id", raw)
    if _QR.match(raw):
        return Lookup("qr", raw)
    digits = _digits(raw)
    if _MOBILE.match(digits):
        return Lookup("phone", digits)
    card = re.sub(r"[\s-]", "", raw).upper()
    looks_like_phone = len(digits) == 11 and digits.isdigit() and digits.startswith("1")
    if _CARD.match(card) and not looks_like_phone:
        return Lookup("card", card)
    raise InvalidInput(
        _(
            "{text} is neither a mainland China mobile number (11 digits, 13 to 19), a member "
            "card number (8 to 20 letters or digits), a member QR code (SLM:...) nor a member "
            "id (M000001)"
        ).format(text=repr(raw[:24]))
    )


def masked_phone(phone: str) -> str:
    """13812345678 -> 138****5678: enough for a cashier to ask "is this yours?"."""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def masked_name(name: str) -> str:
    """The first character, then one * per character: 张三丰 -> 张**, Ann -> A**."""
    return name[:1] + "*" * (len(name) - 1) if name else ""


def erased(member: Member, pseudonym: str, now_ms: int) -> Member:
    """The member with every personal field replaced; the id, level, store and ledgers stay."""
    return member.with_(
        phone="",
        name=pseudonym,
        card_no="",
        qr_code="",
        birthday="",
        consent=False,
        erased_at_ms=now_ms,
        updated_at_ms=now_ms,
    )
