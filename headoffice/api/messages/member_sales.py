"""Member sales and offline-debit report messages (protos/storeledger/v1/members.proto)."""

from __future__ import annotations

from common.pb.storeledger.v1 import members_pb2
from headoffice.domain.member_sales import MemberFigures, OfflineDebitRow
from headoffice.services.member_reports import Days


def member_sales_message(
    days: Days, rows: list[MemberFigures], currency: str
) -> members_pb2.MemberSalesReply:
    return members_pb2.MemberSalesReply(
        rows=[
            members_pb2.MemberSalesRow(
                member_id=r.member_id,
                phone=r.phone,
                store_code=r.store_code,
                sales_count=r.sales,
                visits=r.visits,
                returns_count=r.returns,
                net_minor=r.net_minor,
                points_earned=r.points,
                first_day=r.first_day,
                last_day=r.last_day,
            )  # fmt: skip
            for r in rows
        ],
        first_day=days.first_day,
        last_day=days.last_day,
        utc_offset_minutes=days.utc_offset_minutes,
        currency=currency,
    )


def offline_debits_message(
    days: Days, rows: list[OfflineDebitRow], currency: str
) -> members_pb2.OfflineDebitsReply:
    return members_pb2.OfflineDebitsReply(
        debits=[
            members_pb2.OfflineDebit(
                store_code=r.store_code,
                key=r.idem_key,
                member_id=r.member_id,
                sale_id=r.sale_id,
                day=r.day,
                amount_minor=r.amount_minor,
                taken_minor=r.taken_minor,
                shortfall_minor=r.shortfall_minor,
                allowance_minor=r.allowance_minor,
                over_allowance=r.over_allowance,
            )  # fmt: skip
            for r in rows
        ],
        first_day=days.first_day,
        last_day=days.last_day,
        currency=currency,
    )
