"""A member at the till: who they are as this store last saw them, the keys the till books
their payments under, and the offline allowance.

Plain rules (no I/O); services.member_payments asks head office and the ledger.

Keys (shared/MEMBERS_CONTRACT.md): every key sent to head office is derived from the till
command's idempotency key, so a retried sale re-sends the same key and head office books
nothing twice. The stored-value key is the same online and offline: when head office took a
debit whose answer was lost and the till then took it offline, head office finds that key
booked when it applies the sale and books nothing more.

Offline allowance: with head office unreachable the till may debit a member it looked up
online before up to [members] offline_allowance_minor, less what this store took from them
offline that head office has not yet reconciled, and never more than the balance it last
saw, less the same. 0 turns offline debits off.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from common.domain.promotions import Member
from common.i18n import _, display_amount
from edge_agent.domain.errors import HeadOfficeUnreachable, InvalidInput, InvalidTender

STORED_VALUE_SUFFIX = ":sv"
POINTS_SUFFIX = ":pts"
REFUND_SUFFIX = ":svrefund"
_MEMBER_ID = re.compile(r"^M\d{6,}$")
_BIRTHDAY = re.compile(r"^(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class KnownMember:
    """A member as this store last saw them from head office (the member cache): masked
    phone and name only, the birthday without its year."""

    member_id: str
    card_no: str
    qr_code: str
    level: str
    birthday: str  # "MM-DD"; "" when not known
    phone_masked: str
    name_masked: str
    balance_minor: int  # stored value, last known

    def pricing(self) -> Member:
        """The member as the promotions engine prices for them (level and birthday)."""
        month, day = birthday_parts(self.birthday)
        return Member(self.member_id, self.level, month, day)

    def birthday_on(self, day: dt.date) -> bool:
        month, mday = birthday_parts(self.birthday)
        return bool(month) and (month, mday) == (day.month, day.day)


def birthday_parts(birthday: str) -> tuple[int, int]:
    """ "MM-DD" (or "YYYY-MM-DD") as (month, day); (0, 0) when not known or not a date."""
    found = _BIRTHDAY.match(birthday[-5:]) if birthday else None
    if found is None:
        return 0, 0
    month, day = int(found.group(1)), int(found.group(2))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return 0, 0
    return month, day


def lookup_text(text: str) -> str:
    """What the cashier typed or scanned, as the cache is searched: a card number without
    spaces or dashes, in capitals; the rest as typed. Empty is refused."""
    raw = text.strip()
    if not raw:
        raise InvalidInput(_("name the member: a phone number, card number, QR code or member id"))
    if raw.upper().startswith("SLM:") or _MEMBER_ID.match(raw):
        return raw
    return re.sub(r"[\s-]", "", raw).upper()


def stored_value_key(idempotency_key: str) -> str:
    return idempotency_key + STORED_VALUE_SUFFIX


def points_key(idempotency_key: str) -> str:
    return idempotency_key + POINTS_SUFFIX


def refund_key(idempotency_key: str) -> str:
    return idempotency_key + REFUND_SUFFIX


def offline_room(allowance_minor: int, unreconciled_minor: int, last_balance_minor: int) -> int:
    """What the till may still take from a member offline (never below 0)."""
    if allowance_minor <= 0:
        return 0
    return max(0, min(allowance_minor, last_balance_minor) - unreconciled_minor)


def check_offline_debit(
    member: KnownMember,
    amount_minor: int,
    allowance_minor: int,
    unreconciled_minor: int,
    currency: str,
) -> None:
    """Refuse an offline debit beyond what `offline_room` leaves, with the figures."""
    if allowance_minor <= 0:
        raise HeadOfficeUnreachable(
            _(
                "head office did not answer and this store takes no stored value offline; "
                "take another payment or try again when head office answers"
            )
        )
    room = offline_room(allowance_minor, unreconciled_minor, member.balance_minor)
    if amount_minor > room:
        raise InvalidTender(
            _(
                "head office did not answer: offline this till may take at most {room} from "
                "member {member}'s stored value (allowance {allowance}, already taken offline "
                "{taken}, last known balance {balance}); take the rest another way or try "
                "again when head office answers"
            ).format(
                room=display_amount(room, currency),
                member=member.member_id,
                allowance=display_amount(allowance_minor, currency),
                taken=display_amount(unreconciled_minor, currency),
                balance=display_amount(member.balance_minor, currency),
            )
        )


def check_member_tenders(methods: list[str], has_member: bool) -> None:
    """Stored value and points need a member named on the sale."""
    for method in methods:
        if method in ("stored_value", "points") and not has_member:
            raise InvalidTender(
                _("a {method} payment needs the member: name them (--member) first").format(
                    method=method
                )
            )
