"""Reward items: SKUs of the chain's catalogue a member may take for points (issue 15,
section 4). Head office staff set, end and list them (hoctl member reward ...); a till
asks MemberTill.TakeReward, which takes the points under the till's key in the store's
namespace (till_points.till_points_key) and answers with the stock the items move.

A retry with the key answers with what the key took, even if the item was ended or its
cost changed since; the same key for another SKU, quantity or member is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from common.clock import now_ms as clock_now_ms
from common.domain.consumables import RedemptionMove
from common.domain.entitlements import check_uses
from common.domain.loyalty_errors import PointsRefused
from common.domain.points import check_reward, reward_cost
from common.i18n import _
from headoffice.domain.errors import UnknownProduct
from headoffice.domain.members import Member
from headoffice.domain.rewards import RewardItem
from headoffice.domain.roles import Permission, Staff
from headoffice.services import audit, members
from headoffice.services.entitlements import check_texts, moves_of
from headoffice.services.member_ports import MembersUnitOfWorkPort
from headoffice.services.points import take_reward
from headoffice.services.till_points import till_points_key


class RewardsPort(Protocol):
    def get(self, sku: str) -> RewardItem | None: ...

    def all(self, active_only: bool = False) -> list[RewardItem]: ...

    def put(self, item: RewardItem) -> None: ...


class RewardsUnitOfWorkPort(MembersUnitOfWorkPort, Protocol):
    @property
    def rewards(self) -> RewardsPort: ...


def _row(item: RewardItem) -> dict[str, object]:
    return {"points_cost": item.points_cost, "active": item.active}


def set_reward(
    uow: RewardsUnitOfWorkPort, staff: Staff, sku: str, points_cost: int, now_ms: int | None = None
) -> RewardItem:
    """Offer `sku` (in the catalogue) for `points_cost` points an item; audited."""
    staff.require(Permission.MEMBER_MANAGE)
    check_texts(skus=[sku])
    reward_cost(points_cost)
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        if sku not in uow.catalogue.products_by_sku([sku]):
            raise UnknownProduct(sku)
        before = uow.rewards.get(sku)
        item = RewardItem(sku, points_cost, True, now, staff.username)
        uow.rewards.put(item)
        audit.record(
            uow, staff.username, "reward.set", "reward_item", sku,
            None if before is None else _row(before), _row(item), now_ms=now,
        )  # fmt: skip
        uow.commit()
    return item


def end_reward(
    uow: RewardsUnitOfWorkPort, staff: Staff, sku: str, now_ms: int | None = None
) -> RewardItem:
    """Stop offering `sku` for points; audited. Refused for a SKU never offered."""
    staff.require(Permission.MEMBER_MANAGE)
    check_texts(skus=[sku])
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        before = uow.rewards.get(sku)
        if before is None:
            raise PointsRefused(_("{sku} is not a reward item").format(sku=sku))
        item = RewardItem(sku, before.points_cost, False, now, staff.username)
        uow.rewards.put(item)
        audit.record(
            uow, staff.username, "reward.end", "reward_item", sku, _row(before), _row(item),
            now_ms=now,
        )  # fmt: skip
        uow.commit()
    return item


def list_rewards(uow: RewardsUnitOfWorkPort, staff: Staff) -> list[RewardItem]:
    """Every reward item, ended ones too, by SKU."""
    staff.require(Permission.MEMBER_READ)
    with uow:
        return uow.rewards.all()


@dataclass(frozen=True)
class TakenReward:
    member: Member  # masked
    sku: str
    qty: int
    points: int  # taken, positive
    balance: int  # after it
    key: str  # the points ledger's key (the store's namespace)
    replayed: bool
    moves: tuple[RedemptionMove, ...]


def reward_document(sku: str, qty: int) -> str:
    """The points entry's document: what the key took (checked on a retry and on apply)."""
    return f"reward {sku} x{qty}"


def take_at_till(
    new_uow: Callable[[], RewardsUnitOfWorkPort],
    store_code: str,
    member_text: str,
    sku: str,
    qty: int,
    key: str,
    now_ms: int | None = None,
) -> TakenReward:
    """Take `qty` x the reward item's cost from the member `member_text` names, once per
    `key`; PointsRefused (nothing taken) for a SKU not offered or a short balance."""
    now = clock_now_ms() if now_ms is None else now_ms
    check_uses(_("quantity"), qty)
    check_texts(skus=[sku])
    member = members.lookup_at_till(new_uow(), member_text).member
    ledger_key = till_points_key(store_code, key)
    with new_uow() as uow:
        recorded = uow.points.by_key(ledger_key)
        item = uow.rewards.get(sku)
        moves = moves_of(uow.catalogue, sku, qty)
        balance = uow.points.balance(member.member_id)
    if recorded is not None:
        cost = -recorded.points  # what the key took; a different request is refused below
    elif item is None or not item.active:
        raise PointsRefused(_("{sku} is not offered for points").format(sku=sku))
    else:
        # The sentence names the cost; the ledger refuses a balance spent meanwhile too.
        cost = check_reward(reward_cost(item.points_cost * qty), balance)
    posted = take_reward(
        new_uow(), member.member_id, ledger_key, cost, reward_document(sku, qty), now
    )
    taken = -sum(e.points for e in posted.entries)
    return TakenReward(member, sku, qty, taken, posted.balance, ledger_key, posted.replayed, moves)
