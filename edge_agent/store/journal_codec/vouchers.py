"""Voucher documents in the journal: a group-buy voucher redeemed, and its cancel."""

from __future__ import annotations

from common.pb.storeledger.v1 import voucher_entries_pb2
from edge_agent.domain.vouchers import VoucherCancel, VoucherRedemption


def voucher_redemption_pb(v: VoucherRedemption) -> voucher_entries_pb2.VoucherRedemptionEntry:
    return voucher_entries_pb2.VoucherRedemptionEntry(
        redemption_id=v.redemption_id, platform=v.platform, code_masked=v.code_masked,
        product_id=v.product_id, count=v.count, request_id=v.request_id, till_id=v.till_id,
        cashier=v.cashier, shift_id=v.shift_id,
    )  # fmt: skip


def voucher_redemption_of(m: voucher_entries_pb2.VoucherRedemptionEntry) -> VoucherRedemption:
    return VoucherRedemption(
        m.redemption_id, m.platform, m.code_masked, m.product_id, m.count, m.request_id,
        m.till_id, m.cashier, m.shift_id,
    )  # fmt: skip


def voucher_cancel_pb(v: VoucherCancel) -> voucher_entries_pb2.VoucherCancelEntry:
    return voucher_entries_pb2.VoucherCancelEntry(
        redemption_id=v.redemption_id, platform=v.platform, code_masked=v.code_masked,
        request_id=v.request_id, till_id=v.till_id, cashier=v.cashier,
    )  # fmt: skip


def voucher_cancel_of(m: voucher_entries_pb2.VoucherCancelEntry) -> VoucherCancel:
    return VoucherCancel(
        m.redemption_id, m.platform, m.code_masked, m.request_id, m.till_id, m.cashier
    )
