"""MemberTill over the store's certificate: the adapter behind services.member_ports.

The call itself (channel, deadline, refusals, no answer) is till_rpc.TillRpcClient's; no
answer at all is HeadOfficeUnreachable, which a retry with the same key may follow safely.
"""

from __future__ import annotations

from common.i18n import _
from common.pb.storeledger.v1 import members_pb2, members_pb2_grpc
from edge_agent.services.member_ports import (
    CardAtTill,
    CardOrderAtTill,
    CouponRedeemed,
    MemberAtTill,
    MemberHoldings,
    NewMemberAtTill,
    PointsPaid,
    RewardTaken,
    StoredValueBooked,
    UseAuthorised,
)
from edge_agent.sync.credentials import FixedCredentials, StoreCredentials
from edge_agent.sync.till_rpc import TillRpcClient

DEFAULT_DEADLINE_S = 5.0
# No answer: the call may or may not have reached head office (a retry with the key is safe).


def _member_unanswered(address: str, problem: str) -> str:
    return _(
        "head office at {address} did not answer ({problem}); the till has "
        "recorded nothing, and trying again is safe: under the same key head "
        "office books nothing twice"
    ).format(address=address, problem=problem)


class MemberTillClient(TillRpcClient):
    def __init__(
        self,
        address: str,
        credentials: StoreCredentials | FixedCredentials,
        deadline_s: float = DEFAULT_DEADLINE_S,
    ) -> None:
        super().__init__(
            address, credentials, members_pb2_grpc.MemberTillStub, deadline_s, _member_unanswered
        )

    def lookup(self, member: str) -> MemberAtTill:
        reply = self.call("LookupMember", members_pb2.TillMemberRequest(member=member))
        return member_at_till(reply)

    def authorise_debit(
        self, member: str, amount_minor: int, key: str, cashier: str
    ) -> StoredValueBooked:
        request = members_pb2.TillDebitRequest(
            member=member, amount_minor=amount_minor, key=key, cashier=cashier
        )
        return booked(self.call("AuthoriseDebit", request))

    def refund_debit(
        self, debit_entry_id: int, amount_minor: int, key: str, cashier: str
    ) -> StoredValueBooked:
        request = members_pb2.TillRefundRequest(
            debit_entry_id=debit_entry_id, amount_minor=amount_minor, key=key, cashier=cashier
        )
        return booked(self.call("RefundDebit", request))

    def close(self) -> None:
        with self._lock:
            if self._channel is not None:
                self._channel.close()
                self._channel = None

    def redeem_use(
        self, member: str, card_no: int, sku: str, uses: int, key: str, cashier: str
    ) -> UseAuthorised:
        request = members_pb2.TillRedeemRequest(
            member=member, card_no=card_no, sku=sku, uses=uses, key=key, cashier=cashier
        )
        return use_authorised(self.call("RedeemUse", request))

    def register(self, new: NewMemberAtTill, cashier: str) -> MemberAtTill:
        request = members_pb2.TillRegisterRequest(
            phone=new.phone, name=new.name, card_no=new.card_no, birthday=new.birthday,
            consent=new.consent, cashier=cashier,
        )  # fmt: skip
        return member_at_till(self.call("RegisterMember", request))

    def topup(self, member: str, paid_minor: int, key: str, cashier: str) -> StoredValueBooked:
        request = members_pb2.TillTopUpRequest(
            member=member, paid_minor=paid_minor, key=key, cashier=cashier
        )
        return booked(self.call("TopUp", request))

    def sell_card(self, order: CardOrderAtTill, key: str, cashier: str) -> CardAtTill:
        request = members_pb2.TillSellCardRequest(
            member=order.member, key=key, kind=order.kind, covers=list(order.covers),
            uses=order.uses, paid_minor=order.paid_minor, valid_days=order.valid_days,
            shareable=order.shareable, cashier=cashier,
        )  # fmt: skip
        return card_at_till(self.call("SellCard", request))

    def holdings(self, member: str) -> MemberHoldings:
        reply = self.call("MemberCards", members_pb2.TillMemberRequest(member=member))
        return MemberHoldings(
            reply.member_id, tuple(card_at_till(c) for c in reply.cards), reply.points
        )

    def pay_with_points(
        self,
        member: str,
        amount_minor: int,
        key: str,
        cashier: str,
        document: str,
        max_points: int = 0,
    ) -> PointsPaid:
        request = members_pb2.TillPointsRequest(
            member=member, amount_minor=amount_minor, key=key, cashier=cashier,
            document=document, max_points=max_points,
        )  # fmt: skip
        reply = self.call("PayWithPoints", request)
        return PointsPaid(reply.member_id, reply.points, reply.balance, reply.replayed)

    def redeem_coupon(self, code: str, key: str, cashier: str) -> CouponRedeemed:
        request = members_pb2.TillCouponRequest(code=code, key=key, cashier=cashier)
        return coupon_redeemed(self.call("RedeemCoupon", request))

    def release_coupon(self, code: str, key: str, cashier: str) -> CouponRedeemed:
        request = members_pb2.TillCouponRequest(code=code, key=key, cashier=cashier)
        return coupon_redeemed(self.call("ReleaseCoupon", request))

    def take_reward(self, member: str, sku: str, qty: int, key: str, cashier: str) -> RewardTaken:
        request = members_pb2.TillRewardRequest(
            member=member, sku=sku, qty=qty, key=key, cashier=cashier
        )
        reply = self.call("TakeReward", request)
        return RewardTaken(
            member_id=reply.member_id, phone_masked=reply.phone, sku=reply.sku, qty=reply.qty,
            points=reply.points, balance=reply.balance, key=reply.key,
            moves=tuple((m.sku, m.qty_base) for m in reply.movements), replayed=reply.replayed,
        )  # fmt: skip


def member_at_till(reply: members_pb2.Member) -> MemberAtTill:
    return MemberAtTill(
        member_id=reply.member_id,
        phone_masked=reply.phone,
        name_masked=reply.name,
        card_no=reply.card_no,
        level=reply.level,
        birthday=reply.birthday[-5:] if reply.birthday else "",
        card_type=reply.card_type,
        principal_minor=reply.principal_minor,
        bonus_minor=reply.bonus_minor,
        currency=reply.currency,
        qr_code=reply.qr_code,
    )


def booked(reply: members_pb2.StoredValueBooking) -> StoredValueBooked:
    entry = reply.entry
    return StoredValueBooked(
        entry_id=entry.entry_id,
        key=entry.key,
        amount_minor=entry.amount_minor,
        principal_minor=reply.principal_minor,
        bonus_minor=reply.bonus_minor,
        replayed=reply.replayed,
        entry_principal_minor=entry.principal_minor,
        entry_bonus_minor=entry.bonus_minor,
    )


def use_authorised(reply: members_pb2.TillRedemption) -> UseAuthorised:
    return UseAuthorised(
        member_id=reply.member_id,
        phone_masked=reply.phone,
        card_no=reply.card_no,
        card_kind=reply.kind,
        sku=reply.sku,
        uses=reply.uses,
        uses_left=reply.uses_left,
        key=reply.key,
        moves=tuple((m.sku, m.qty_base) for m in reply.movements),
        replayed=reply.replayed,
    )


def card_at_till(card: members_pb2.MemberCard) -> CardAtTill:
    return CardAtTill(
        entitlement_id=card.entitlement_id, kind=card.kind, covers=tuple(card.covers),
        uses_bought=card.uses_bought, uses_left=card.uses_left,
        value_per_use_minor=card.value_per_use_minor, paid_minor=card.paid_minor,
        expires_at_ms=card.expires_at_ms, stores=tuple(card.store_scope),
        member_id=card.member_id, replayed=card.replayed,
    )  # fmt: skip


def coupon_redeemed(reply: members_pb2.TillCouponReply) -> CouponRedeemed:
    return CouponRedeemed(code=reply.code, promo_id=reply.promo_id, replayed=reply.replayed)
