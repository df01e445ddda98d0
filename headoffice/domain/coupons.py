"""Single-use coupons at head office: what one is, and whether a store may redeem it now.

A coupon is issued against a coupon-gated promotion (common.domain.coupons for the code).
A store redeems it online, under a key derived from its sale's idempotency key: the first
redemption wins, a retry with the same store and key is answered again (`replayed`), any
other is refused with where and when it was used. A redemption the store's sale did not
keep (its local commit failed) is released with the same key; once head office has applied
the sale that names it, the coupon is used for good.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from common.domain.coupons import mask
from common.errors import Refused
from common.i18n import _
from headoffice.domain.promotions import Promotion

MAX_ISSUE = 10_000  # coupons one `hoctl coupon issue` makes
ISSUED, REDEEMED, USED = "issued", "redeemed", "used"
COUPON_NOT_REDEEMED = "coupon_not_redeemed"  # the reason code of a refused batch


class CouponRefused(Refused):
    """A redemption or release that breaks a rule; nothing was changed."""


@dataclass(frozen=True)
class Coupon:
    code: str  # canonical, CAMPAIGN-XXXX-XXXX-XXXX
    promo_id: str
    campaign: str  # the promotion's coupon code when it was issued
    valid_until_ms: int  # 0: as long as the promotion runs
    issued_at_ms: int
    issued_by: str
    redeemed_store: str = ""  # "" while not redeemed
    redeemed_key: str = ""
    redeemed_at_ms: int = 0
    redeemed_by: str = ""
    used_seq: int = 0  # the journal entry of the sale head office applied it with; 0: none

    @property
    def state(self) -> str:
        if self.used_seq:
            return USED
        return REDEEMED if self.redeemed_store else ISSUED

    @property
    def masked(self) -> str:
        return mask(self.code)


@dataclass(frozen=True)
class Redeemed:
    coupon: Coupon
    promotion: Promotion
    replayed: bool  # the store's key had redeemed it already: nothing new was written


def shop_time(at_ms: int, utc_offset_minutes: int) -> str:
    local = datetime.fromtimestamp(at_ms / 1000, UTC) + timedelta(minutes=utc_offset_minutes)
    return local.strftime("%Y-%m-%d %H:%M")


def already_used(coupon: Coupon, utc_offset_minutes: int) -> CouponRefused:
    return CouponRefused(
        _("coupon {code} was already used at {store} on {when}").format(
            code=coupon.masked,
            store=coupon.redeemed_store,
            when=shop_time(coupon.redeemed_at_ms, utc_offset_minutes),
        )
    )


def is_replay(coupon: Coupon, store_code: str, key: str) -> bool:
    return coupon.redeemed_store == store_code and coupon.redeemed_key == key


def check_redeemable(
    coupon: Coupon,
    promotion: Promotion | None,
    store_code: str,
    now_ms: int,
    utc_offset_minutes: int,
) -> Promotion:
    """The promotion the coupon unlocks, when `store_code` may redeem it at `now_ms`;
    CouponRefused with the reason otherwise (checked in this order: used, expired, the
    promotion gone, ended, not started, not for this store)."""
    if coupon.redeemed_store:
        raise already_used(coupon, utc_offset_minutes)
    if coupon.valid_until_ms and now_ms >= coupon.valid_until_ms:
        raise CouponRefused(
            _("coupon {code} expired on {when}").format(
                code=coupon.masked, when=shop_time(coupon.valid_until_ms, utc_offset_minutes)
            )
        )
    if promotion is None:
        raise CouponRefused(
            _("coupon {code} is for promotion {promo}, which head office does not have").format(
                code=coupon.masked, promo=coupon.promo_id
            )
        )
    offer = promotion.offer
    local = datetime.fromtimestamp(now_ms / 1000, UTC).replace(tzinfo=None) + timedelta(
        minutes=utc_offset_minutes
    )
    if promotion.ended_at_ms is not None or (offer.ends is not None and local >= offer.ends):
        raise CouponRefused(
            _("coupon {code} is for promotion {promo}, which has ended").format(
                code=coupon.masked, promo=offer.offer_id
            )
        )
    if offer.starts is not None and local < offer.starts:
        raise CouponRefused(
            _("coupon {code} is for promotion {promo}, which starts on {when}").format(
                code=coupon.masked,
                promo=offer.offer_id,
                when=offer.starts.strftime("%Y-%m-%d %H:%M"),
            )
        )
    if offer.stores and store_code not in offer.stores:
        raise CouponRefused(
            _("coupon {code} is for promotion {promo}, which store {store} does not run").format(
                code=coupon.masked, promo=offer.offer_id, store=store_code
            )
        )
    if offer.coupon_code != coupon.campaign:
        raise CouponRefused(
            _("coupon {code}: promotion {promo} no longer takes coupon code {campaign}").format(
                code=coupon.masked, promo=offer.offer_id, campaign=coupon.campaign
            )
        )
    return promotion


def check_release(coupon: Coupon, store_code: str, key: str, utc_offset_minutes: int) -> bool:
    """True when the release has something to do; False when the coupon is free already
    (released before: a retry); CouponRefused when another redemption holds it or the sale
    that used it has reached head office."""
    if not coupon.redeemed_store:
        return False
    if not is_replay(coupon, store_code, key):
        raise CouponRefused(
            _("coupon {code} was redeemed by another sale (at {store} on {when}); that sale "
              "alone may give it back").format(
                code=coupon.masked, store=coupon.redeemed_store,
                when=shop_time(coupon.redeemed_at_ms, utc_offset_minutes),
            )
        )  # fmt: skip
    if coupon.used_seq:
        raise CouponRefused(
            _("coupon {code} is used by sale entry {seq} of store {store}, which head office "
              "has applied; it cannot be given back").format(
                code=coupon.masked, seq=coupon.used_seq, store=coupon.redeemed_store
            )
        )  # fmt: skip
    return True


def check_sale_coupon(
    coupon: Coupon | None, code_masked: str, store_code: str, coupon_key: str, seq: int
) -> None:
    """A sale head office applies may name a coupon only when that store redeemed it under
    the sale's coupon key, and no other sale has used it."""
    if coupon is None:
        raise CouponRefused(
            _("the sale names coupon {code}, which head office never issued").format(
                code=code_masked
            )
        )
    if not coupon_key or not is_replay(coupon, store_code, coupon_key):
        raise CouponRefused(
            _("the sale names coupon {code}, which store {store} did not redeem for it").format(
                code=coupon.masked, store=store_code
            )
        )
    if coupon.used_seq and coupon.used_seq != seq:
        raise CouponRefused(
            _("coupon {code} is used already, by entry {seq}").format(
                code=coupon.masked, seq=coupon.used_seq
            )
        )
