"""Take a reward item for points at the till: head office takes the points, the store
journals the goods leaving (issue 15, section 4: points redeemed for reward items).

Points are never spent offline (shared/DESIGN.md invariant 5): head office takes them
under a key derived from the command's idempotency key (MemberTill.TakeReward, in the
store's namespace) and answers with the movements the items make (the goods, or a
bundle's components). Only then does the store journal one `reward` entry with exactly
those movements. A retried command: the store's recorded entry when it has one,
otherwise head office answers the same points again under the same key (nothing is
taken twice) and the store journals them once. Head office away or saying no: its
sentence, and nothing is written at the store.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from common import journal_kinds as jk
from common.domain.entitlements import check_uses
from common.domain.typed_text import clean_reference
from common.errors import InvalidInput
from common.i18n import _
from common.ids import new_document_id
from common.logs import log_event
from edge_agent.domain.idempotency import KeyedRequest, keyed
from edge_agent.domain.journal import Movement
from edge_agent.domain.redemptions import redemption_movements
from edge_agent.domain.rewards import Reward, reward_key, slip_text
from edge_agent.services.context import StoreContext
from edge_agent.services.keys import remember, replayed
from edge_agent.services.shifts import joined_shift_id
from edge_agent.store.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RewardResult:
    seq: int
    reward: Reward
    movements: tuple[Movement, ...]
    phone_masked: str  # as head office gave it; "" when answered from the store's journal
    balance: int | None  # the member's points after it; None from the store's journal
    occurred_at_ms: int
    replayed: bool
    slip: str


def take_reward(
    ctx: StoreContext,
    till_id: str,
    cashier: str,
    member: str,
    sku: str,
    qty: int = 1,
    idempotency_key: str = "",
) -> RewardResult:
    """Take `qty` of reward item `sku` for the member `member` names (as scanned or typed)
    and journal the goods leaving; the refusal's sentence otherwise, nothing written."""
    member = clean_reference(_("the member"), member)
    sku = clean_reference(_("the SKU"), sku)
    if not member or not sku:
        raise InvalidInput(_("a reward item needs the member and the SKU"))
    check_uses(_("quantity"), qty)
    key = idempotency_key or new_document_id()
    request = keyed("reward", key, [till_id, member, sku, qty])
    with ctx.db.read() as uow:
        done = _recorded(ctx, uow, request)
        if done is not None:
            return done
        _shift_id(ctx, uow, till_id, cashier)  # refused before head office takes points
    # Online, outside any ledger transaction: the till waits for head office, not the ledger.
    taken = ctx.members.take_reward(member, sku, qty, reward_key(key), cashier)
    with ctx.db.write() as uow:
        done = _recorded(ctx, uow, request)  # another attempt with the key got here first
        if done is not None:
            return done
        body = Reward(
            new_document_id(), taken.member_id, taken.sku, taken.qty, taken.points,
            reward_key(key), till_id, cashier, _shift_id(ctx, uow, till_id, cashier),
        )  # fmt: skip
        movements = redemption_movements(taken.moves)
        entry = uow.journal.append(jk.REWARD, body.reward_id, cashier, body, movements)
        remember(uow, request, entry.seq)
        slip = _slip(ctx, uow, body, taken.phone_masked, taken.balance, entry.occurred_at_ms)
    # The member by id only: no phone or name reaches the log.
    log_event(log, logging.INFO, "reward item taken", seq=entry.seq, member_id=body.member_id,
              sku=body.sku, qty=body.qty, points=body.points,
              replayed_at_head_office=taken.replayed)  # fmt: skip
    return RewardResult(
        entry.seq, body, movements, taken.phone_masked, taken.balance, entry.occurred_at_ms,
        False, slip,
    )  # fmt: skip


def _recorded(
    ctx: StoreContext, uow: UnitOfWork, request: KeyedRequest | None
) -> RewardResult | None:
    seq = replayed(uow, request)
    if seq is None:
        return None
    body, movements, occurred = uow.journal.reward_at(seq)
    slip = _slip(ctx, uow, body, "", None, occurred)
    return RewardResult(seq, body, movements, "", None, occurred, True, slip)


def _shift_id(ctx: StoreContext, uow: UnitOfWork, till_id: str, cashier: str) -> str:
    no_shift = _("till {till} has no open shift; open one before giving a reward item").format(
        till=till_id
    )
    return joined_shift_id(uow, till_id, cashier, ctx.policy.require_open_shift, no_shift)


def _slip(
    ctx: StoreContext,
    uow: UnitOfWork,
    body: Reward,
    phone_masked: str,
    balance: int | None,
    occurred_ms: int,
) -> str:
    def name_of(sku: str) -> str:
        product = uow.catalogue.product_by_sku(sku)
        return product.name if product is not None else sku

    when = dt.datetime.fromtimestamp(occurred_ms / 1000, ctx.policy.time_zone)
    return slip_text(body, phone_masked, balance, name_of, when.strftime("%Y-%m-%d %H:%M"))
