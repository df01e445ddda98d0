"""Member and stored-value messages (protos/storeledger/v1/members.proto) from the domain."""

from __future__ import annotations

from common.pb.storeledger.v1 import members_pb2
from headoffice.domain.members import Member
from headoffice.domain.stored_value import Balance, Entry
from headoffice.services.liability import Liability
from headoffice.services.stored_value import Booked


def member_message(
    m: Member, balance: Balance | None, personal: bool, currency: str
) -> members_pb2.Member:
    """`m` as the service gave it (masked unless `personal`); the birthday only when personal."""
    balance = balance or Balance(0, 0)
    return members_pb2.Member(
        member_id=m.member_id, phone=m.phone, name=m.name, card_no=m.card_no,
        qr_code=m.qr_code, birthday=m.birthday if personal else "", consent=m.consent,
        registered_store=m.registered_store, level=m.level, created_at_ms=m.created_at_ms,
        created_by=m.created_by, updated_at_ms=m.updated_at_ms, erased_at_ms=m.erased_at_ms,
        merged_into=m.merged_into, personal=personal, card_type=m.card_type,
        principal_minor=balance.principal_minor, bonus_minor=balance.bonus_minor,
        currency=currency,
    )  # fmt: skip


def entry_message(e: Entry) -> members_pb2.StoredValueEntry:
    return members_pb2.StoredValueEntry(
        entry_id=e.entry_id, member_id=e.member_id, kind=e.kind, store_code=e.store_code,
        key=e.idem_key, amount_minor=e.amount_minor, principal_minor=e.principal_minor,
        bonus_minor=e.bonus_minor, payout_minor=e.payout_minor, ref_entry_id=e.ref_entry_id,
        created_at_ms=e.created_at_ms, actor=e.actor,
    )  # fmt: skip


def booking_message(b: Booked, currency: str) -> members_pb2.StoredValueBooking:
    return members_pb2.StoredValueBooking(
        entry=entry_message(b.entry),
        principal_minor=b.balance.principal_minor,
        bonus_minor=b.balance.bonus_minor,
        replayed=b.replayed,
        currency=currency,
    )


def liability_message(r: Liability, currency: str) -> members_pb2.LiabilityReply:
    return members_pb2.LiabilityReply(
        day=r.day, utc_offset_minutes=r.utc_offset_minutes, currency=currency,
        opening_principal_minor=r.opening.principal_minor,
        opening_bonus_minor=r.opening.bonus_minor,
        topup_principal_minor=r.topup_principal_minor, topup_bonus_minor=r.topup_bonus_minor,
        topup_count=r.topup_count, redeemed_principal_minor=r.redeemed_principal_minor,
        redeemed_bonus_minor=r.redeemed_bonus_minor, debit_count=r.debit_count,
        refund_count=r.refund_count, cash_out_minor=r.cash_out_minor,
        forfeited_minor=r.forfeited_minor, closing_principal_minor=r.closing.principal_minor,
        closing_bonus_minor=r.closing.bonus_minor, balanced=r.balanced,
        expired_principal_minor=r.expired_principal_minor,
        expired_bonus_minor=r.expired_bonus_minor, expire_count=r.expire_count,
    )  # fmt: skip
