"""Reward items over gRPC: Members.SetReward|EndReward|ListRewards (staff, hoctl member
reward ...) and MemberTill.TakeReward (a store's certificate, pos reward). Mixed into
members_servicer's two servicers; each method unpacks, calls services.rewards, packs."""

from __future__ import annotations

import asyncio
from typing import Any

from common.domain.till_roles import check_staff_code
from common.pb.storeledger.v1 import members_pb2
from headoffice.api.auth import authorised
from headoffice.domain.rewards import RewardItem
from headoffice.domain.roles import Permission, Staff
from headoffice.services import rewards


def reward_message(item: RewardItem) -> members_pb2.RewardItem:
    return members_pb2.RewardItem(
        sku=item.sku, points_cost=item.points_cost, active=item.active,
        changed_at_ms=item.changed_at_ms, changed_by=item.changed_by,
    )  # fmt: skip


class RewardsAdmin:
    _new_uow: Any

    @authorised(Permission.MEMBER_MANAGE)
    async def SetReward(self, request, context, staff: Staff):  # noqa: N802
        item = await asyncio.to_thread(
            rewards.set_reward, self._new_uow(), staff, request.sku, request.points_cost
        )
        return reward_message(item)

    @authorised(Permission.MEMBER_MANAGE)
    async def EndReward(self, request, context, staff: Staff):  # noqa: N802
        item = await asyncio.to_thread(rewards.end_reward, self._new_uow(), staff, request.sku)
        return reward_message(item)

    @authorised(Permission.MEMBER_READ)
    async def ListRewards(self, request, context, staff: Staff):  # noqa: N802
        items = await asyncio.to_thread(rewards.list_rewards, self._new_uow(), staff)
        return members_pb2.ListRewardsReply(items=[reward_message(i) for i in items])


class RewardsTill:
    _new_uow: Any

    async def TakeReward(self, request, context):  # noqa: N802
        from headoffice.api.member_till_servicer import store_of_caller  # the one check

        store = store_of_caller()
        if request.cashier:
            check_staff_code(request.cashier)
        taken = await asyncio.to_thread(
            rewards.take_at_till, self._new_uow, store, request.member, request.sku,
            request.qty, request.key,
        )  # fmt: skip
        return members_pb2.TillRewardReply(
            member_id=taken.member.member_id, phone=taken.member.phone, sku=taken.sku,
            qty=taken.qty, points=taken.points, balance=taken.balance, key=taken.key,
            replayed=taken.replayed,
            movements=[members_pb2.RedemptionMovement(sku=m.sku, qty_base=m.qty_base)
                       for m in taken.moves],
        )  # fmt: skip
