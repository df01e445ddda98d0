"""The Till RPCs of members: a punch card's or package's use (pos redeem)."""

from __future__ import annotations

from common.i18n import N_, Phrase, _
from common.pb.storeledger.v1 import till_pb2
from edge_agent.api.messages import till as m
from edge_agent.api.till_base import TillBase
from edge_agent.services import redeeming
from edge_agent.store.journal_codec.entries import movement_pb
from edge_agent.store.journal_codec.members import redemption_pb


class MemberRpcs(TillBase):
    async def Redeem(self, request, context) -> till_pb2.RedeemReply:
        result = await self._wrote(
            redeeming.redeem,
            request.till_id,
            request.cashier,
            request.member,
            request.card_no,
            request.sku,
            request.uses,
            request.idempotency_key,
        )
        printed = await self._print_text(
            request.till_id or "T1",
            Phrase(N_("the redemption slip")),
            _("Card use") if not result.replayed else _("Card use (copy)"),
            result.slip,
        )
        return till_pb2.RedeemReply(
            seq=result.seq,
            redemption=redemption_pb(result.redemption),
            movements=[movement_pb(mv) for mv in result.movements],
            phone=result.phone_masked,
            receipt_text=result.slip,
            replayed=result.replayed,
            print=m.print_outcome(printed),
        )
