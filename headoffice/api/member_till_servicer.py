"""MemberTill, the stores' member service: each method unpacks, calls one service in a
thread, packs. The store comes from the caller's certificate (invariant 6), never from the
message; a staff or another chain's certificate is refused before anything is read.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

from common.certs import ROLE_STORE
from common.domain.money import DEFAULT_CURRENCY
from common.domain.points import PointsRule
from common.domain.till_roles import check_staff_code
from common.i18n import _
from common.pb.storeledger.v1 import members_pb2, members_pb2_grpc
from headoffice.api.caller import caller
from headoffice.api.messages.member_loyalty import card_message
from headoffice.api.messages.members import (
    booking_message,
    member_message,
)
from headoffice.api.rewards_servicer import RewardsTill
from headoffice.domain.actors import at_store
from headoffice.domain.errors import StoreIdentityMismatch
from headoffice.domain.stored_value import StoredValuePolicy
from headoffice.services import (
    coupons,
    member_desk,
    members,
    stored_value,
    till_points,
)
from headoffice.services.till_redemptions import redeem_at_till

CURRENCY = DEFAULT_CURRENCY


def store_of_caller() -> str:
    """The store the caller's certificate names; a staff or other certificate is refused."""
    identity = caller()
    if identity.role != ROLE_STORE:
        raise StoreIdentityMismatch(
            _(
                "members at the till (stored value, points, cards, coupons) need a store's "
                "certificate, not a {role} certificate ({name})"
            ).format(role=identity.role, name=identity.name)
        )
    return identity.name


class MemberTillServicer(RewardsTill, members_pb2_grpc.MemberTillServicer):
    def __init__(
        self,
        new_uow: Any,
        policy: StoredValuePolicy,
        rule: PointsRule | None = None,
        utc_offset_minutes: int = 0,
    ) -> None:
        self._new_uow = new_uow
        self._policy = policy
        self._rule = rule or PointsRule()
        self._utc_offset = utc_offset_minutes

    async def LookupMember(self, request, context):  # noqa: N802
        store_of_caller()
        view = await asyncio.to_thread(members.lookup_at_till, self._new_uow(), request.member)
        reply = member_message(view.member, view.balance, False, CURRENCY)
        # The till prices birthday offers: the month and day, never the year.
        reply.birthday = view.member.birthday[-5:] if view.member.birthday else ""
        return reply

    async def PayWithPoints(self, request, context):  # noqa: N802
        store = store_of_caller()
        if request.cashier:
            check_staff_code(request.cashier)
        paid = await asyncio.to_thread(
            till_points.pay_at_till, self._new_uow, store, request.member, request.key,
            request.amount_minor, self._rule, request.document or request.key,
            request.max_points,
        )  # fmt: skip
        return members_pb2.TillPointsReply(
            member_id=paid.member_id, points=paid.points, balance=paid.balance,
            replayed=paid.replayed,
        )  # fmt: skip

    async def AuthoriseDebit(self, request, context):  # noqa: N802
        store = store_of_caller()
        actor = at_store(check_staff_code(request.cashier) if request.cashier else "", store).text
        req = stored_value.Request(store, request.key, actor)
        booked = await asyncio.to_thread(
            stored_value.once_more_on_key_race,
            partial(
                stored_value.debit, self._new_uow(), req, request.member, request.amount_minor,
                self._policy,
            ),
        )  # fmt: skip
        return booking_message(booked, CURRENCY)

    async def RefundDebit(self, request, context):  # noqa: N802
        store = store_of_caller()
        actor = at_store(check_staff_code(request.cashier) if request.cashier else "", store).text
        req = stored_value.Request(store, request.key, actor)
        booked = await asyncio.to_thread(
            stored_value.once_more_on_key_race,
            partial(
                stored_value.refund, self._new_uow(), req, request.debit_entry_id,
                request.amount_minor,
            ),
        )  # fmt: skip
        return booking_message(booked, CURRENCY)

    async def RedeemUse(self, request, context):  # noqa: N802
        store = store_of_caller()
        actor = at_store(check_staff_code(request.cashier) if request.cashier else "", store).text
        done = await asyncio.to_thread(
            redeem_at_till, self._new_uow, store, request.member, request.card_no, request.sku,
            request.uses, request.key, actor,
        )  # fmt: skip
        use = done.done.use
        return members_pb2.TillRedemption(
            member_id=done.member.member_id, phone=done.member.phone, card_no=use.card_no,
            kind=done.card_kind, sku=use.sku, uses=use.uses, uses_left=use.uses_left,
            key=use.key, replayed=done.done.replayed, at_ms=use.at_ms,
            movements=[members_pb2.RedemptionMovement(sku=m.sku, qty_base=m.qty_base)
                       for m in use.moves],
        )  # fmt: skip

    async def RegisterMember(self, request, context):  # noqa: N802
        store = store_of_caller()
        actor = at_store(check_staff_code(request.cashier) if request.cashier else "", store).text
        new = members.NewMember(
            request.phone, request.name, request.card_no, request.qr_code, request.birthday,
            request.consent,
        )  # fmt: skip
        m = await asyncio.to_thread(
            member_desk.register_at_till, self._new_uow(), store, actor, new
        )
        return member_message(m, None, False, CURRENCY)

    async def TopUp(self, request, context):  # noqa: N802
        store = store_of_caller()
        actor = at_store(check_staff_code(request.cashier) if request.cashier else "", store).text
        req = stored_value.Request(store, request.key, actor)
        booked = await asyncio.to_thread(
            stored_value.once_more_on_key_race,
            partial(
                stored_value.topup, self._new_uow(), req, request.member, request.paid_minor,
                self._policy,
            ),
        )  # fmt: skip
        return booking_message(booked, CURRENCY)

    async def SellCard(self, request, context):  # noqa: N802
        store = store_of_caller()
        actor = at_store(check_staff_code(request.cashier) if request.cashier else "", store).text
        order = member_desk.TillCardOrder(
            request.member, request.key, request.kind, frozenset(request.covers), request.uses,
            request.paid_minor, request.valid_days, request.shareable,
        )  # fmt: skip
        stored, new = await asyncio.to_thread(
            member_desk.sell_card_at_till, self._new_uow(), store, actor, order
        )
        return card_message(stored, replayed=not new)

    async def MemberCards(self, request, context):  # noqa: N802
        store = store_of_caller()
        held = await asyncio.to_thread(
            member_desk.holdings_at_till, self._new_uow(), request.member, store
        )
        return members_pb2.TillMemberCards(
            member_id=held.member_id, cards=[card_message(c) for c in held.cards],
            points=held.points, currency=CURRENCY,
        )  # fmt: skip

    async def RedeemCoupon(self, request, context):  # noqa: N802
        ask = _till_coupon(request)
        done = await asyncio.to_thread(
            coupons.redeem_coupon, self._new_uow(), ask, self._utc_offset
        )
        return members_pb2.TillCouponReply(
            code=done.coupon.code, promo_id=done.coupon.promo_id, replayed=done.replayed,
            valid_until_ms=done.coupon.valid_until_ms,
        )  # fmt: skip

    async def ReleaseCoupon(self, request, context):  # noqa: N802
        ask = _till_coupon(request)
        coupon, released = await asyncio.to_thread(
            coupons.release_coupon, self._new_uow(), ask, self._utc_offset
        )
        return members_pb2.TillCouponReply(
            code=coupon.code, promo_id=coupon.promo_id, replayed=not released,
            valid_until_ms=coupon.valid_until_ms,
        )  # fmt: skip


def _till_coupon(request: members_pb2.TillCouponRequest) -> coupons.TillCoupon:
    store = store_of_caller()
    actor = at_store(check_staff_code(request.cashier) if request.cashier else "", store).text
    return coupons.TillCoupon(store, request.code, request.key, actor)
