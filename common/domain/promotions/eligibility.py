"""May an offer apply to this customer here and now? The first condition that fails, as a note.

Conditions are checked in a fixed order (window, days, hours, store, member, level,
birthday, coupon) so the note a cashier reads is the same on every till. A birthday on
29 February counts on 28 February in other years.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime

from common.domain.promotions.cart import PricingContext
from common.domain.promotions.offers import BIRTHDAY_DAY, BIRTHDAY_MONTH, Offer
from common.i18n import _

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Note:
    """Why an offer did or did not apply: a code for scripts and a sentence for people."""

    offer_id: str
    code: str
    text: str


def clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def when_text(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def why_not(offer: Offer, ctx: PricingContext) -> Note | None:
    """None when every condition holds, else the first one that does not."""
    now = ctx.when
    member = ctx.member
    oid = offer.offer_id
    if offer.starts is not None and now < offer.starts:
        return Note(
            oid,
            "not_started",
            _("starts {start}").format(start=when_text(offer.starts)),
        )
    if offer.ends is not None and now >= offer.ends:
        return Note(oid, "ended", _("ended {end}").format(end=when_text(offer.ends)))
    if offer.days and now.isoweekday() not in offer.days:
        days = ", ".join(DAY_NAMES[d - 1] for d in sorted(offer.days))
        return Note(oid, "wrong_day", _("only on {days}").format(days=days))
    minute = now.hour * 60 + now.minute
    if not offer.from_minute <= minute < offer.until_minute:
        return Note(
            oid,
            "wrong_time",
            _("only from {start} to {end}").format(
                start=clock(offer.from_minute), end=clock(offer.until_minute)
            ),
        )
    if offer.stores and ctx.store_code not in offer.stores:
        return Note(
            oid, "wrong_store", _("not offered in store {store}").format(store=ctx.store_code)
        )
    if offer.needs_member and member is None:
        return Note(oid, "members_only", _("for members only"))
    if offer.levels and (member is None or member.level not in offer.levels):
        return Note(
            oid,
            "wrong_level",
            _("only for member levels {levels}").format(levels=", ".join(sorted(offer.levels))),
        )
    if offer.birthday and member is not None and not _birthday(offer.birthday, member, now):
        if offer.birthday == BIRTHDAY_MONTH:
            return Note(oid, "not_birthday", _("only in the member's birthday month"))
        return Note(oid, "not_birthday", _("only on the member's birthday"))
    if offer.coupon_code and offer.coupon_code not in ctx.coupon_campaigns:
        return Note(oid, "no_coupon", _("needs coupon {code}").format(code=offer.coupon_code))
    return None


def _birthday(scope: str, member: object, now: datetime) -> bool:
    month = getattr(member, "birth_month", 0)
    day = getattr(member, "birth_day", 0)
    if not month:
        return False
    if scope == BIRTHDAY_MONTH:
        return month == now.month
    if scope == BIRTHDAY_DAY:
        if (month, day) == (2, 29) and not calendar.isleap(now.year):
            day = 28
        return (month, day) == (now.month, now.day)
    return False
