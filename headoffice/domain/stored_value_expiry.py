"""Stored value that expires (breakage): the rule of [stored_value] anonymous_expiry_days.

单用途商业预付卡管理办法 art. 22: a named card (记名卡) must not expire; an anonymous one
(不记名卡) not within three years. So only anonymous cards expire, `days` (at least
MIN_EXPIRY_DAYS) after the card's last top-up (or the value a merge brought in, when it
was never topped up): a top-up keeps the whole balance alive. An erased or merged-away
member never expires: the one is owed a cash-out, the other holds nothing.

What is left then is forfeited as one `expire` entry: -principal, -bonus, so the bonus
(赠送) and principal (本金) buckets stay told apart in the liability report's breakage.
Its key names the member and the top-up it counts from, so running the job again books
nothing, and a card topped up again later can expire again under a new key.
"""

from __future__ import annotations

from common.i18n import _
from headoffice.domain.members import ANONYMOUS, Member
from headoffice.domain.report_period import DAY_MS
from headoffice.domain.stored_value import EXPIRE, Balance, Entry, StoredValueRefused

EXPIRY_ACTOR = "job:expire_stored_value"


def expires_at_ms(member: Member, last_topup_ms: int, days: int) -> int | None:
    """When the member's stored value expires; None: never (named, erased, merged, no rule,
    nothing topped up)."""
    if not days or member.card_type != ANONYMOUS or not member.active or not last_topup_ms:
        return None
    return last_topup_ms + days * DAY_MS


def expiry_key(member_id: str, last_topup_entry_id: int) -> str:
    return f"sv-expire:{member_id}:{last_topup_entry_id}"


def expiry_entry(member_id: str, balance: Balance, last_topup_entry_id: int, now_ms: int) -> Entry:
    """The entry forfeiting what is left, bucket by bucket."""
    return Entry(
        0,
        member_id,
        EXPIRE,
        "",
        expiry_key(member_id, last_topup_entry_id),
        balance.total_minor,
        -balance.principal_minor,
        -balance.bonus_minor,
        0,
        last_topup_entry_id,
        now_ms,
        EXPIRY_ACTOR,
    )


def expired(member_id: str, day: str) -> StoredValueRefused:
    return StoredValueRefused(
        _(
            "the stored value of anonymous card {member} expired on {day} (three years or "
            "more after its last top-up); nothing was debited"
        ).format(member=member_id, day=day)
    )
