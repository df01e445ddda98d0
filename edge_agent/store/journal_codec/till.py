"""Shift events, till reports, approvals and no-sales <-> ledger_pb2."""

from __future__ import annotations

from common.pb.storeledger.v1 import ledger_pb2
from edge_agent.domain.approvals import Approval
from edge_agent.domain.member_desk import MemberDeskEntry
from edge_agent.domain.reports import TillReport
from edge_agent.domain.shift import ShiftEvent
from edge_agent.domain.till_actions import NoSale
from edge_agent.store.journal_codec.sales import tender_pb


def shift_event_pb(e: ShiftEvent) -> ledger_pb2.ShiftEvent:
    return ledger_pb2.ShiftEvent(
        shift_id=e.shift_id,
        till_id=e.till_id,
        cashier=e.cashier,
        kind=e.kind,
        amount_minor=e.amount_minor,
        counted=[ledger_pb2.DenominationCount(denomination_minor=d, count=c) for d, c in e.counted],
        counted_minor=e.counted_minor,
        expected_cash_minor=e.expected_cash_minor,
        over_short_minor=e.over_short_minor,
        reason=e.reason,
        next_cashier=e.next_cashier,
        next_shift_id=e.next_shift_id,
        approval_id=e.approval_id,
        spot_count_session_id=e.spot_count_session_id,
        spot_count_outside=list(e.spot_count_outside),
    )


def till_report_pb(r: TillReport) -> ledger_pb2.TillReport:
    t = r.totals
    return ledger_pb2.TillReport(
        kind=r.kind,
        number=r.number,
        business_date=r.business_date,
        till_id=r.till_id,
        cashier=r.cashier,
        sales_count=t.sales_count,
        sales_minor=t.sales_minor,
        returns_count=t.returns_count,
        returns_minor=t.returns_minor,
        discounts_minor=t.discounts_minor,
        rounding_minor=t.rounding_minor,
        tenders=[
            ledger_pb2.TenderTotal(method=m, count=n, amount_minor=a)
            for m, (n, a) in sorted(t.tenders.items())
        ],
        cash_in_minor=t.cash_in_minor,
        cash_out_minor=t.cash_out_minor,
        float_minor=t.float_minor,
        expected_cash_minor=t.expected_cash_minor,
        no_sale_count=t.no_sale_count,
        void_count=t.void_count,
        text=r.text,
        member_desk_tenders=[
            ledger_pb2.TenderTotal(method=m, count=n, amount_minor=a)
            for m, (n, a) in sorted(t.member_desk.items())
        ],
        member_desk_count=t.member_desk_count,
    )


def approval_pb(a: Approval) -> ledger_pb2.Approval:
    return ledger_pb2.Approval(
        approval_id=a.approval_id,
        action=a.action,
        manager=a.manager,
        till_id=a.till_id,
        cashier=a.cashier,
        details=a.details,
        granted=a.granted,
        refusal=a.refusal,
    )


def no_sale_pb(n: NoSale) -> ledger_pb2.NoSale:
    return ledger_pb2.NoSale(
        till_id=n.till_id, cashier=n.cashier, approval_id=n.approval_id, reason=n.reason
    )


def member_desk_pb(e: MemberDeskEntry) -> ledger_pb2.MemberDesk:
    return ledger_pb2.MemberDesk(
        desk_id=e.desk_id, kind=e.kind, till_id=e.till_id, cashier=e.cashier,
        shift_id=e.shift_id, member_id=e.member_id, paid_minor=e.paid_minor,
        tenders=[tender_pb(e.tender)], booking_key=e.booking_key, bonus_minor=e.bonus_minor,
        principal_after_minor=e.principal_after_minor, bonus_after_minor=e.bonus_after_minor,
        entitlement_id=e.entitlement_id, currency=e.currency,
    )  # fmt: skip
