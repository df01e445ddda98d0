"""Members (staff, hoctl member ... and report liability) and MemberTill (stores): each
method unpacks, calls one service in a thread, packs.

MemberTill takes the store from the caller's certificate (invariant 6), never from the
message; a staff or another chain's certificate is refused before anything is read.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any, cast

import grpc

from common.certs import ROLE_STORE
from common.domain.money import DEFAULT_CURRENCY
from common.domain.points import PointsRule
from common.domain.till_roles import check_staff_code
from common.i18n import _
from common.pb.storeledger.v1 import members_pb2, members_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.api.caller import caller
from headoffice.api.messages.member_loyalty import card_message, points_message
from headoffice.api.messages.member_sales import member_sales_message, offline_debits_message
from headoffice.api.messages.members import (
    booking_message,
    entry_message,
    liability_message,
    member_message,
)
from headoffice.api.rewards_servicer import RewardsAdmin, RewardsTill
from headoffice.domain.actors import at_store
from headoffice.domain.counts import count_policy
from headoffice.domain.errors import StoreIdentityMismatch
from headoffice.domain.member_levels import level_rules
from headoffice.domain.points_config import points_rule
from headoffice.domain.roles import Permission, Staff
from headoffice.domain.stored_value import StoredValuePolicy, policy_from_config
from headoffice.services import (
    coupons,
    member_desk,
    member_loyalty,
    member_merge,
    member_reports,
    members,
    stored_value,
    till_points,
)
from headoffice.services.liability import liability
from headoffice.services.member_ports import MembersUnitOfWorkPort
from headoffice.services.ports import UnitOfWorkFactory
from headoffice.services.till_redemptions import redeem_at_till

SERVICE = members_pb2.DESCRIPTOR.services_by_name["Members"]
TILL_SERVICE = members_pb2.DESCRIPTOR.services_by_name["MemberTill"]
CURRENCY = DEFAULT_CURRENCY


def add_to_server(
    server: grpc.aio.Server,
    new_uow: UnitOfWorkFactory,
    auth: Authorizer,
    config: dict[str, dict[str, Any]],
) -> None:
    """Serve both with [members], [stored_value] and [counts] utc_offset_minutes (a wrong
    one stops the start with its sentence)."""
    uow = cast("partial[MembersUnitOfWorkPort]", new_uow)
    policy = policy_from_config(config.get("stored_value", {}))
    servicer = MembersServicer(
        uow, auth, policy, level_rules(config.get("members", {})),
        count_policy(config.get("counts", {})).utc_offset_minutes,
    )  # fmt: skip
    members_pb2_grpc.add_MembersServicer_to_server(servicer, server)
    offset = count_policy(config.get("counts", {})).utc_offset_minutes
    till = MemberTillServicer(uow, policy, points_rule(config.get("points", {})), offset)
    members_pb2_grpc.add_MemberTillServicer_to_server(till, server)


class MembersServicer(RewardsAdmin, members_pb2_grpc.MembersServicer):
    def __init__(
        self,
        new_uow: Any,
        auth: Authorizer,
        policy: StoredValuePolicy,
        rules: tuple,  # type: ignore[type-arg]
        utc_offset_minutes: int,
    ) -> None:
        self._new_uow = new_uow
        self._auth = auth
        self._policy = policy
        self._rules = rules
        self._utc_offset = utc_offset_minutes

    @authorised(Permission.MEMBER_MANAGE)
    async def AddMember(self, request, context, staff: Staff):  # noqa: N802
        new = members.NewMember(
            request.phone, request.name, request.card_no, request.qr_code, request.birthday,
            request.consent, request.store_code,
        )  # fmt: skip
        if request.store_code:
            staff.check_store(request.store_code)
        m = await asyncio.to_thread(members.add_member, self._new_uow(), staff.username, new)
        personal = staff.may(Permission.MEMBER_PERSONAL)
        return member_message(m if personal else members.masked(m), None, personal, CURRENCY)

    @authorised(Permission.MEMBER_READ)
    async def ShowMember(self, request, context, staff: Staff):  # noqa: N802
        view = await asyncio.to_thread(members.show_member, self._new_uow(), staff, request.member)
        return member_message(view.member, view.balance, view.personal, CURRENCY)

    @authorised(Permission.MEMBER_READ)
    async def ListMembers(self, request, context, staff: Staff):  # noqa: N802
        rows = await asyncio.to_thread(
            members.list_members, self._new_uow(), staff, request.store_code, request.level
        )
        return members_pb2.ListMembersReply(
            members=[member_message(m, None, False, CURRENCY) for m in rows]
        )

    @authorised(Permission.MEMBER_PERSONAL)
    async def MergeMembers(self, request, context, staff: Staff):  # noqa: N802
        caps = {
            "named": self._policy.named_cap_minor,
            "anonymous": self._policy.anonymous_cap_minor,
        }
        merged = await asyncio.to_thread(
            member_merge.merge_members, self._new_uow(), staff, request.survivor,
            request.duplicate, caps,
        )  # fmt: skip
        return members_pb2.MergeMembersReply(
            survivor=member_message(members.masked(merged.survivor), None, False, CURRENCY),
            duplicate=member_message(members.masked(merged.duplicate), None, False, CURRENCY),
            moved_principal_minor=merged.moved_principal_minor,
            moved_bonus_minor=merged.moved_bonus_minor,
            moved_points=merged.moved_points,
            moved_cards=list(merged.moved_cards),
        )

    @authorised(Permission.MEMBER_READ)
    async def MemberCards(self, request, context, staff: Staff):  # noqa: N802
        member_id, cards = await asyncio.to_thread(
            member_loyalty.member_cards, self._new_uow(), staff, request.member
        )
        return members_pb2.MemberCardsReply(
            member_id=member_id, cards=[card_message(c) for c in cards], currency=CURRENCY
        )

    @authorised(Permission.MEMBER_READ)
    async def MemberPoints(self, request, context, staff: Staff):  # noqa: N802
        points = await asyncio.to_thread(
            member_loyalty.member_points, self._new_uow(), staff, request.member
        )
        return points_message(points)

    @authorised(Permission.MEMBER_MANAGE)
    async def SellCard(self, request, context, staff: Staff):  # noqa: N802
        order = member_loyalty.CardOrder(
            request.member, request.key, request.kind, frozenset(request.covers), request.uses,
            request.paid_minor, request.valid_days, frozenset(request.stores), request.shareable,
        )  # fmt: skip
        stored, new = await asyncio.to_thread(
            member_loyalty.sell_card_at_head_office, self._new_uow(), staff, order
        )
        return card_message(stored, replayed=not new)

    @authorised(Permission.MEMBER_MANAGE)
    async def RefundCard(self, request, context, staff: Staff):  # noqa: N802
        done = await asyncio.to_thread(
            member_loyalty.refund_card_at_head_office, self._new_uow(), staff,
            request.entitlement_id, request.key,
        )  # fmt: skip
        return members_pb2.CardRefundReply(
            entitlement_id=done.use.card_no, member_id=done.use.member_id,
            paid_back_minor=done.use.value_minor, uses_left=done.use.uses_left,
            replayed=done.replayed, currency=CURRENCY,
        )  # fmt: skip

    @authorised(Permission.MEMBER_PERSONAL)
    async def ExportMember(self, request, context, staff: Staff):  # noqa: N802
        m, balance, entries = await asyncio.to_thread(
            members.export_member, self._new_uow(), staff, request.member
        )
        return members_pb2.MemberExport(
            member=member_message(m, balance, True, CURRENCY),
            entries=[entry_message(e) for e in entries],
        )

    @authorised(Permission.MEMBER_PERSONAL)
    async def EraseMember(self, request, context, staff: Staff):  # noqa: N802
        m = await asyncio.to_thread(members.erase_member, self._new_uow(), staff, request.member)
        return member_message(m, None, False, CURRENCY)

    @authorised(Permission.MEMBER_MANAGE)
    async def EvaluateLevels(self, request, context, staff: Staff):  # noqa: N802
        changes = await asyncio.to_thread(
            member_merge.evaluate_levels, self._new_uow(), staff, self._rules
        )
        return members_pb2.EvaluateLevelsReply(
            changes=[members_pb2.LevelChange(member_id=c.member_id, before=c.before, after=c.after)
                     for c in changes]
        )  # fmt: skip

    @authorised(Permission.MEMBER_MANAGE)
    async def TopUp(self, request, context, staff: Staff):  # noqa: N802
        req = stored_value.Request(stored_value.HEAD_OFFICE, request.key, staff.username)
        booked = await asyncio.to_thread(
            stored_value.once_more_on_key_race,
            partial(
                stored_value.topup, self._new_uow(), req, request.member, request.paid_minor,
                self._policy, staff,
            ),
        )  # fmt: skip
        return booking_message(booked, CURRENCY)

    @authorised(Permission.MEMBER_MANAGE)
    async def CashOut(self, request, context, staff: Staff):  # noqa: N802
        req = stored_value.Request(stored_value.HEAD_OFFICE, request.key, staff.username)
        booked = await asyncio.to_thread(
            stored_value.cash_out_member, self._new_uow(), staff, req, request.member,
            self._policy,
        )  # fmt: skip
        return booking_message(booked, CURRENCY)

    @authorised(Permission.MEMBER_READ)
    async def MemberLedger(self, request, context, staff: Staff):  # noqa: N802
        m, balance, entries = await asyncio.to_thread(
            stored_value.ledger, self._new_uow(), staff, request.member
        )
        return members_pb2.MemberExport(
            member=member_message(members.masked(m), balance, False, CURRENCY),
            entries=[entry_message(e) for e in entries],
        )

    @authorised(Permission.REPORT_READ)
    async def Liability(self, request, context, staff: Staff):  # noqa: N802
        report = await asyncio.to_thread(
            liability, self._new_uow(), staff, request.day, self._utc_offset
        )
        return liability_message(report, CURRENCY)

    @authorised(Permission.MEMBER_READ)
    async def MemberSales(self, request, context, staff: Staff):  # noqa: N802
        days, rows = await asyncio.to_thread(
            member_reports.member_sales_report, self._new_uow(), staff, request.member,
            request.store_code, request.since, request.until, self._utc_offset,
        )  # fmt: skip
        return member_sales_message(days, rows, CURRENCY)

    @authorised(Permission.MEMBER_READ)
    async def OfflineDebits(self, request, context, staff: Staff):  # noqa: N802
        days, rows = await asyncio.to_thread(
            member_reports.offline_debits_report, self._new_uow(), staff, request.store_code,
            request.since, request.until, request.exceeded_only, self._utc_offset,
        )  # fmt: skip
        return offline_debits_message(days, rows, CURRENCY)


def _store_code() -> str:
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
        _store_code()
        view = await asyncio.to_thread(members.lookup_at_till, self._new_uow(), request.member)
        reply = member_message(view.member, view.balance, False, CURRENCY)
        # The till prices birthday offers: the month and day, never the year.
        reply.birthday = view.member.birthday[-5:] if view.member.birthday else ""
        return reply

    async def PayWithPoints(self, request, context):  # noqa: N802
        store = _store_code()
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
        store = _store_code()
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
        store = _store_code()
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
        store = _store_code()
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
        store = _store_code()
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
        store = _store_code()
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
        store = _store_code()
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
        store = _store_code()
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
    store = _store_code()
    actor = at_store(check_staff_code(request.cashier) if request.cashier else "", store).text
    return coupons.TillCoupon(store, request.code, request.key, actor)
