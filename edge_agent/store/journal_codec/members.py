"""Members' documents in the journal: a redeemed punch-card or package use, a reward item
taken for points."""

from __future__ import annotations

from common.pb.storeledger.v1 import ledger_pb2
from edge_agent.domain.redemptions import Redemption
from edge_agent.domain.rewards import Reward


def redemption_pb(r: Redemption) -> ledger_pb2.Redemption:
    return ledger_pb2.Redemption(
        redemption_id=r.redemption_id,
        member_id=r.member_id,
        card_no=r.card_no,
        sku=r.sku,
        uses=r.uses,
        authorisation_key=r.authorisation_key,
        till_id=r.till_id,
        cashier=r.cashier,
        shift_id=r.shift_id,
        uses_left=r.uses_left,
    )


def redemption_of(m: ledger_pb2.Redemption) -> Redemption:
    return Redemption(
        m.redemption_id, m.member_id, m.card_no, m.sku, m.uses, m.authorisation_key, m.till_id,
        m.cashier, m.shift_id, m.uses_left,
    )  # fmt: skip


def reward_pb(r: Reward) -> ledger_pb2.Reward:
    return ledger_pb2.Reward(
        reward_id=r.reward_id, member_id=r.member_id, sku=r.sku, qty=r.qty, points=r.points,
        authorisation_key=r.authorisation_key, till_id=r.till_id, cashier=r.cashier,
        shift_id=r.shift_id,
    )  # fmt: skip


def reward_of(m: ledger_pb2.Reward) -> Reward:
    return Reward(
        m.reward_id, m.member_id, m.sku, m.qty, m.points, m.authorisation_key, m.till_id,
        m.cashier, m.shift_id,
    )  # fmt: skip
