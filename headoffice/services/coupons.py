"""Single-use coupons at head office: issue, list, show (staff), redeem and release (stores).

Codes are drawn with `secrets` (common.domain.coupons for their shape and check
character); a store redeems one online under its key (invariant 5's pattern: the first
redemption wins, a retry with the key is answered again, nothing is booked twice) and
releases it with the same key when its sale was not kept. Codes are bearer value: the
audit log records how many were issued, never which, and the log masks them.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from common.clock import now_ms as clock_now_ms
from common.domain.coupons import ALPHABET, RANDOM_CHARS, check_campaign, make_code, parse_code
from common.domain.typed_text import clean_reference
from common.errors import InvalidInput, NotFound
from common.i18n import _
from common.logs import log_event
from headoffice.domain.coupons import (
    MAX_ISSUE,
    Coupon,
    CouponRefused,
    Redeemed,
    already_used,
    check_redeemable,
    check_release,
    is_replay,
)
from headoffice.domain.errors import StoreDisabled, UnknownStore
from headoffice.domain.roles import Permission, Staff
from headoffice.services import audit
from headoffice.services.ports_coupons import CouponsUnitOfWorkPort

log = logging.getLogger(__name__)
MAX_LIST = 10_000


def _draw() -> str:
    return "".join(secrets.choice(ALPHABET) for _n in range(RANDOM_CHARS))


def valid_until_ms(text: str, utc_offset_minutes: int) -> int:
    """`YYYY-MM-DD` (to the end of that day) or `YYYY-MM-DD HH:MM` in the shops' time zone,
    as an instant; "" is 0 (as long as the promotion runs)."""
    text = text.strip()
    if not text:
        return 0
    try:
        if len(text) == 10:
            local = datetime.strptime(text, "%Y-%m-%d") + timedelta(days=1)
        else:
            local = datetime.strptime(text, "%Y-%m-%d %H:%M")
    except ValueError:
        raise InvalidInput(
            _("--valid-until {value} is not a day such as 2026-12-31 or a time such as "
              "2026-12-31 18:00").format(value=repr(text))
        ) from None  # fmt: skip
    local -= timedelta(minutes=utc_offset_minutes)
    return int(local.replace(tzinfo=UTC).timestamp() * 1000)


def issue_coupons(
    uow: CouponsUnitOfWorkPort,
    staff: Staff,
    promo_id: str,
    count: int,
    valid_until: str = "",
    utc_offset_minutes: int = 0,
    now_ms: int | None = None,
    draw: Callable[[], str] = _draw,
) -> list[Coupon]:
    """`count` new codes for a coupon-gated promotion that has not ended, in one transaction."""
    staff.require(Permission.CATALOGUE_WRITE)
    if not 1 <= count <= MAX_ISSUE:
        raise InvalidInput(
            _("--count must be 1 to {limit} coupons, got {count}").format(
                limit=MAX_ISSUE, count=count
            )
        )
    now = clock_now_ms() if now_ms is None else now_ms
    until = valid_until_ms(valid_until, utc_offset_minutes)
    if until and until <= now:
        raise InvalidInput(_("--valid-until {value} has passed").format(value=valid_until))
    with uow:
        promotion = uow.promotions.get(promo_id)
        if promotion is None:
            raise NotFound(_("there is no promotion {promo}").format(promo=promo_id))
        campaign = promotion.offer.coupon_code
        if not campaign:
            raise InvalidInput(
                _("promotion {promo} needs no coupon (create it with --coupon CODE)").format(
                    promo=promo_id
                )
            )
        check_campaign(campaign)
        if promotion.ended_at_ms is not None:
            raise CouponRefused(
                _("promotion {promo} has ended; no coupons are issued for it").format(
                    promo=promo_id
                )
            )
        codes: dict[str, None] = {}
        while len(codes) < count:
            codes[make_code(campaign, draw()).text] = None
        for taken in uow.coupons.existing(list(codes)):  # 31^11 codes: next to never
            del codes[taken]
        issued = [Coupon(c, promo_id, campaign, until, now, staff.username) for c in codes]
        uow.coupons.add_many(issued)
        audit.record(
            uow, staff.username, "coupon.issue", "promotion", promo_id, None,
            {"count": len(issued), "valid_until_ms": until}, now_ms=now,
        )  # fmt: skip
        uow.commit()
    return issued


def list_coupons(
    uow: CouponsUnitOfWorkPort, staff: Staff, promo_id: str, state: str, limit: int
) -> list[Coupon]:
    staff.require(Permission.CATALOGUE_READ)
    if state not in ("", "issued", "redeemed", "used"):
        raise InvalidInput(
            _("--state is issued, redeemed or used, got {value}").format(value=repr(state))
        )
    with uow:
        return uow.coupons.list(promo_id, state, max(1, min(limit or MAX_LIST, MAX_LIST)))


def show_coupon(uow: CouponsUnitOfWorkPort, staff: Staff, typed: str) -> Coupon:
    staff.require(Permission.CATALOGUE_READ)
    code = parse_code(typed)
    with uow:
        found = uow.coupons.get(code.text)
    if found is None:
        raise NotFound(_("head office never issued coupon {code}").format(code=code.masked))
    return found


@dataclass(frozen=True)
class TillCoupon:
    """A store's request about one coupon: who asks (from the certificate), the code as
    typed, the store's key and who at the store."""

    store_code: str
    code: str
    key: str
    actor: str


def _key(text: str) -> str:
    key = clean_reference(_("an idempotency key"), text)
    if not key:
        raise InvalidInput(_("a coupon redemption needs an idempotency key"))
    return key


def _check_store(uow: CouponsUnitOfWorkPort, store_code: str) -> None:
    store = uow.stores.get_store(store_code)
    if store is None:
        raise UnknownStore(store_code)
    if store.disabled:
        raise StoreDisabled(store_code)


def redeem_coupon(
    uow: CouponsUnitOfWorkPort,
    ask: TillCoupon,
    utc_offset_minutes: int = 0,
    now_ms: int | None = None,
) -> Redeemed:
    """Redeem a coupon for a store's sale: exactly one of two racing tills wins."""
    code = parse_code(ask.code)
    key = _key(ask.key)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        _check_store(uow, ask.store_code)
        coupon = uow.coupons.get(code.text, for_update=True)
        if coupon is None:
            raise NotFound(_("head office never issued coupon {code}").format(code=code.masked))
        promotion = uow.promotions.get(coupon.promo_id)
        if is_replay(coupon, ask.store_code, key):
            assert promotion is not None
            return Redeemed(coupon, promotion, True)
        promotion = check_redeemable(coupon, promotion, ask.store_code, now, utc_offset_minutes)
        if not uow.coupons.redeem(code.text, ask.store_code, key, now, ask.actor):
            taken = uow.coupons.get(code.text)
            assert taken is not None
            if is_replay(taken, ask.store_code, key):
                return Redeemed(taken, promotion, True)
            raise already_used(taken, utc_offset_minutes)
        uow.commit()
    log_event(
        log, logging.INFO, "coupon redeemed", coupon=code.masked, store=ask.store_code,
        promo_id=coupon.promo_id,
    )  # fmt: skip
    redeemed = Coupon(
        coupon.code, coupon.promo_id, coupon.campaign, coupon.valid_until_ms,
        coupon.issued_at_ms, coupon.issued_by, ask.store_code, key, now, ask.actor,
    )  # fmt: skip
    return Redeemed(redeemed, promotion, False)


def release_coupon(
    uow: CouponsUnitOfWorkPort, ask: TillCoupon, utc_offset_minutes: int = 0
) -> tuple[Coupon, bool]:
    """Give back a coupon the store's key redeemed for a sale it did not keep; (the coupon,
    True) when released now, (the coupon, False) when it was free already (a retry)."""
    code = parse_code(ask.code)
    key = _key(ask.key)
    with uow:
        _check_store(uow, ask.store_code)
        coupon = uow.coupons.get(code.text, for_update=True)
        if coupon is None:
            raise NotFound(_("head office never issued coupon {code}").format(code=code.masked))
        if not check_release(coupon, ask.store_code, key, utc_offset_minutes):
            return coupon, False
        uow.coupons.release(code.text, ask.store_code, key)
        uow.commit()
    log_event(log, logging.INFO, "coupon released", coupon=code.masked, store=ask.store_code)
    return _freed(coupon), True


def _freed(coupon: Coupon) -> Coupon:
    return Coupon(
        coupon.code, coupon.promo_id, coupon.campaign, coupon.valid_until_ms,
        coupon.issued_at_ms, coupon.issued_by,
    )  # fmt: skip
