"""The Till RPCs of members: the member desk (look up, register, top up, sell a card;
services.member_desk), a punch card's or package's use (pos redeem; services.redeeming)
and a reward item taken for points (pos reward; services.rewarding), all online through
head office."""

from __future__ import annotations

from common.i18n import N_, Phrase, _
from common.pb.storeledger.v1 import till_pb2
from edge_agent.api.messages import member_desk as m
from edge_agent.api.messages import till as till_messages
from edge_agent.api.till_base import TillBase
from edge_agent.services import member_desk, redeeming, rewarding
from edge_agent.services.member_desk import DeskDone
from edge_agent.services.member_ports import CardOrderAtTill, NewMemberAtTill
from edge_agent.store.journal_codec.entries import movement_pb
from edge_agent.store.journal_codec.members import redemption_pb, reward_pb


class MemberRpcs(TillBase):
    async def LookupMember(self, request, context) -> till_pb2.DeskMember:  # noqa: N802
        shown = await self._call(member_desk.lookup_member, request.member)
        return m.shown_member(shown)

    async def RegisterMember(self, request, context) -> till_pb2.DeskMember:  # noqa: N802
        new = NewMemberAtTill(
            request.phone, request.name, request.card_no, request.birthday, request.consent
        )
        member = await self._call(
            member_desk.register_member, request.till_id, request.cashier, new
        )
        return m.desk_member(member)

    async def _printed(self, till_id: str, done: DeskDone, title: str) -> till_pb2.DeskReply:
        if done.replayed:  # the first answer printed it; pos reprints nothing twice
            return m.desk_reply(done, None)
        what = Phrase(N_("the member-desk receipt"))
        printed = await self._print_text(till_id, what, title, done.receipt_text)
        if done.entry.tender.method == "cash":
            await self._open_drawer(till_id)
        return m.desk_reply(done, printed)

    async def TopUp(self, request, context) -> till_pb2.DeskReply:  # noqa: N802
        done = await self._wrote(
            member_desk.topup, request.till_id, request.cashier, request.member,
            request.paid_minor, m.payment_offer(request.payment),
            request.payment.tendered_minor, request.idempotency_key,
        )  # fmt: skip
        return await self._printed(request.till_id, done, _("Member top-up"))

    async def SellCard(self, request, context) -> till_pb2.DeskReply:  # noqa: N802
        order = CardOrderAtTill(
            request.member, request.kind, tuple(request.covers), request.uses,
            request.paid_minor, request.valid_days, request.shareable,
        )  # fmt: skip
        done = await self._wrote(
            member_desk.sell_card, request.till_id, request.cashier, order,
            m.payment_offer(request.payment), request.payment.tendered_minor,
            request.idempotency_key,
        )  # fmt: skip
        return await self._printed(request.till_id, done, _("Member card sold"))

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
            print=till_messages.print_outcome(printed),
        )

    async def TakeReward(self, request, context) -> till_pb2.TakeRewardReply:  # noqa: N802
        result = await self._wrote(
            rewarding.take_reward, request.till_id, request.cashier, request.member,
            request.sku, request.qty, request.idempotency_key,
        )  # fmt: skip
        printed = await self._print_text(
            request.till_id or "T1",
            Phrase(N_("the reward slip")),
            _("Reward item") if not result.replayed else _("Reward item (copy)"),
            result.slip,
        )
        reply = till_pb2.TakeRewardReply(
            seq=result.seq, reward=reward_pb(result.reward),
            movements=[movement_pb(mv) for mv in result.movements], phone=result.phone_masked,
            receipt_text=result.slip, replayed=result.replayed,
            print=till_messages.print_outcome(printed),
        )  # fmt: skip
        if result.balance is not None:
            reply.balance = result.balance
        return reply
