"""Single-use coupons at the till: checked here, priced with, redeemed at head office.

A coupon's shape and check character are checked before anything else (`presented`,
common.domain.coupons), so a typo never reaches head office. The sale is priced with it
(its campaign unlocks the promotion whose coupon code it names); a coupon that takes
nothing off the cart is refused rather than spent. Then, inside the sale's transaction
and after the till's own checks, head office redeems each coupon online under
"<the sale's idempotency key>:coupon" (`redeem_for_sale`): a retry of the sale sends the
same key and is answered again, another till's sale is refused. Should the sale then not
commit, the transaction gives each coupon back (ReleaseCoupon, same key) as it rolls back.
With head office unreachable the sale is refused with a sentence and nothing is written;
the cashier may sell without the coupon.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from typing import Protocol

from common.domain.coupons import campaign_of, mask, parse_codes
from common.domain.promotions import Offer
from common.i18n import _
from common.ids import new_document_id
from common.logs import log_event
from edge_agent.domain.errors import HeadOfficeUnreachable, InvalidInput
from edge_agent.domain.sale import Sale
from edge_agent.services.context import StoreContext
from edge_agent.services.member_ports import HeadOfficeMembers

log = logging.getLogger(__name__)
KEY_SUFFIX = ":coupon"


class _Promotions(Protocol):
    def in_force(self, at_ms: int) -> list[Offer]: ...


class _SaleUnitOfWork(Protocol):
    @property
    def promotions(self) -> _Promotions: ...

    def after_rollback(self, undo: Callable[[], None]) -> None: ...


def presented(typed: Iterable[str]) -> tuple[str, ...]:
    """The coupons typed for a sale in their canonical form; InvalidInput for a wrong shape
    or check character, the same coupon twice, or too many."""
    return tuple(code.text for code in parse_codes(typed))


def coupon_key(idempotency_key: str) -> str:
    """The key a sale redeems its coupons under: a retry of the sale sends the same."""
    return (idempotency_key or new_document_id()) + KEY_SUFFIX


def check_coupons_count(sale: Sale, offers: Iterable[Offer]) -> None:
    """Each coupon must unlock a promotion that took something off this sale."""
    by_id = {offer.offer_id: offer for offer in offers}
    applied = {o.offer_id for line in sale.lines for o in line.offers if o.discount_minor}
    gates = {by_id[o].coupon_code for o in applied if o in by_id and by_id[o].coupon_code}
    known = {by_id[o].coupon_code for o in sale.promo_ids if o in by_id}
    for code in sale.coupons:
        campaign = campaign_of(code)
        if campaign in gates:
            continue
        if campaign not in known:
            raise InvalidInput(
                _("coupon {code} is for no promotion this store runs now; sell without it")
                .format(code=mask(code))
            )  # fmt: skip
        raise InvalidInput(
            _("coupon {code} takes nothing off this sale; keep it for a sale it applies to")
            .format(code=mask(code))
        )  # fmt: skip


def redeem_for_sale(
    ctx: StoreContext,
    uow: _SaleUnitOfWork,
    sale: Sale,
    at_ms: int,
    idempotency_key: str,
    cashier: str,
) -> Sale:
    """The sale with the key its coupons were redeemed under at head office (none: the sale
    as it is); each redemption is given back if the sale's transaction rolls back."""
    if not sale.coupons:
        return sale
    presented(sale.coupons)
    check_coupons_count(sale, uow.promotions.in_force(at_ms))
    key = coupon_key(idempotency_key)
    for code in sale.coupons:
        try:
            ctx.members.redeem_coupon(code, key, cashier)
        except HeadOfficeUnreachable as exc:
            raise HeadOfficeUnreachable(
                _(
                    "head office cannot be reached to redeem coupon {code}; nothing was "
                    "written: sell without the coupon, or try again with the same key"
                ).format(code=mask(code))
            ) from exc
        uow.after_rollback(partial(_release, ctx.members, code, key, cashier))
        log_event(log, logging.INFO, "coupon redeemed", coupon=mask(code), till_id=sale.till_id)
    return replace(sale, coupon_key=key)


def _release(members: HeadOfficeMembers, code: str, key: str, cashier: str) -> None:
    """Give a coupon back for a sale that was not kept; a failure is logged (the coupon stays
    with the key: the same sale retried with its key uses it again)."""
    try:
        members.release_coupon(code, key, cashier)
    except Exception as exc:  # giving back must never hide why the sale failed
        log_event(log, logging.WARNING, "coupon not released", coupon=mask(code), problem=str(exc))
        return
    log_event(log, logging.INFO, "coupon released", coupon=mask(code))
