"""Members (staff: hoctl member ..., the member reports): each method unpacks, calls one
service in a thread, packs. MemberTill, the stores' side, is member_till_servicer's; both
are served from add_to_server here.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any, cast

import grpc

from common.domain.money import DEFAULT_CURRENCY
from common.pb.storeledger.v1 import members_pb2, members_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.api.member_till_servicer import MemberTillServicer
from headoffice.api.messages.member_loyalty import card_message, points_message
from headoffice.api.messages.member_sales import member_sales_message, offline_debits_message
from headoffice.api.messages.members import (
    booking_message,
    entry_message,
    liability_message,
    member_message,
)
from headoffice.api.rewards_servicer import RewardsAdmin
from headoffice.domain.counts import count_policy
from headoffice.domain.member_levels import level_rules
from headoffice.domain.points_config import points_rule
from headoffice.domain.roles import Permission, Staff
from headoffice.domain.stored_value import StoredValuePolicy, policy_from_config
from headoffice.services import (
    member_loyalty,
    member_merge,
    member_reports,
    members,
    stored_value,
)
from headoffice.services.liability import liability
from headoffice.services.member_ports import MembersUnitOfWorkPort
from headoffice.services.ports import UnitOfWorkFactory

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
