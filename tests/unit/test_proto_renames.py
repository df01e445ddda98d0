"""Renamed proto fields kept their numbers, so the wire did not change (docs/runtime.md, "Glossary").

The renames of issue 11 ("one vocabulary") changed names only. Field numbers
and types are what protobuf puts on the wire, so an edge agent and a head
office on either side of the upgrade, and every journal entry already stored
(both sides keep serialised JournalEntry payloads), still understand each
other. The bytes below were written by the generated code before the renames;
they must decode under the new names to the same values.
"""

from __future__ import annotations

import pytest
from google.protobuf.message import Message

from common.pb.storeledger.v1 import (
    admin_pb2,
    audit_pb2,
    catalogue_admin_pb2,
    ledger_pb2,
    purchasing_pb2,
    sync_pb2,
    till_pb2,
    transfers_pb2,
)

# message -> {new field name: (old field name, the number both have)}
RENAMED: dict[type[Message], dict[str, tuple[str, int]]] = {
    sync_pb2.Welcome: {"committed_seq": ("last_committed_seq", 2)},
    sync_pb2.BatchAck: {"committed_seq": ("last_committed_seq", 2)},
    sync_pb2.Heartbeat: {"oldest_uncommitted_at_ms": ("oldest_unacked_at_ms", 2)},
    admin_pb2.StoreSyncStatus: {
        "committed_seq": ("last_acked_seq", 5),
        "backlog_count": ("backlog_entries", 7),
    },
    admin_pb2.SkuDifference: {
        "head_office_qty_base": ("head_office_qty", 2),
        "store_qty_base": ("store_qty", 3),
    },
    admin_pb2.VerifyReply: {"sku_count": ("skus_compared", 7)},
    till_pb2.TillStatusReply: {
        "committed_seq": ("acked_seq", 4),
        "backlog_count": ("backlog_entries", 5),
        "downstream_cursor": ("catalogue_cursor", 8),
        "product_count": ("products", 9),
    },
    till_pb2.ReceiveReply: {"delivery": ("receipt", 2)},
    till_pb2.SaleRecord: {"returned_qty_base": ("returned_qty", 3)},
    ledger_pb2.SupplierDelivery: {
        "delivery_id": ("receipt_id", 1),
        "po_id": ("purchase_order_id", 4),
    },
    ledger_pb2.JournalEntry: {"supplier_delivery": ("receipt", 11)},
    ledger_pb2.TillReport: {"no_sale_count": ("no_sales", 17), "void_count": ("voids", 18)},
    purchasing_pb2.PurchaseOrderLine: {
        "ordered_qty_base": ("qty_ordered", 4),
        "received_qty_base": ("qty_received", 6),
    },
    purchasing_pb2.OrderLineRequest: {"ordered_qty_base": ("qty_ordered", 2)},
    purchasing_pb2.ReceiveOrderReply: {"delivery_id": ("receipt_id", 2)},
    transfers_pb2.ListTransfersRequest: {"store_code": ("store", 2)},
    transfers_pb2.InTransitRequest: {"store_code": ("store", 1)},
    audit_pb2.AuditRecord: {"occurred_at_ms": ("at_ms", 2)},
    audit_pb2.VerifyAuditReply: {"record_count": ("records_checked", 2)},
    catalogue_admin_pb2.CategoryNode: {"product_count": ("products", 3)},
}

# Written by the generated code before the renames (old field names in the comments).
OLD_BYTES: dict[type[Message], str] = {
    # Welcome(store_code="S001", last_committed_seq=41, server_time_ms=7)
    sync_pb2.Welcome: "0a045330303110291807",
    # BatchAck(batch_id=3, last_committed_seq=42, applied=2, duplicates=1)
    sync_pb2.BatchAck: "0803102a18022001",
    # Heartbeat(newest_seq=50, oldest_unacked_at_ms=1_700_000_000_123, sent_at_ms=9)
    sync_pb2.Heartbeat: "083210fbd095ffbc312009",
    # StoreSyncStatus(store_code="S001", last_acked_seq=43, store_newest_seq=45,
    #                 backlog_entries=2, lag_ms=10)
    admin_pb2.StoreSyncStatus: "0a0453303031282b302d3802400a",
    # VerifyReply(store_code="S001", skus_compared=12,
    #             differences=[SkuDifference(sku="COLA", head_office_qty=-3, store_qty=5)])
    admin_pb2.VerifyReply: "0a0453303031380c420a0a04434f4c411005180a",
    # TillStatusReply(store_code="S001", newest_seq=9, acked_seq=7, backlog_entries=2,
    #                 catalogue_cursor=31, products=4)
    till_pb2.TillStatusReply: "0a0453303031180920072802401f4804",
    # ReceiveReply(seq=5, receipt=Receipt(receipt_id="DLV-1", supplier_ref="DN-1",
    #              purchase_order_id="PO-3", lines=[ReceiptLine("COLA", 24, 180)]))
    till_pb2.ReceiveReply: (
        "080512200a05444c562d311204444e2d311a0b0a04434f4c41101818b4012204504f2d33"
    ),
    # JournalEntry(seq=5, actor="sam", document_type="receipt", document_id="DLV-1",
    #              receipt=<the Receipt above>)
    ledger_pb2.JournalEntry: (
        "08051a0373616d2207726563656970742a05444c562d315a200a05444c562d311204444e2d311a0b"
        "0a04434f4c41101818b4012204504f2d33"
    ),
    # TillReport(kind="x", no_sales=2, voids=3)
    ledger_pb2.TillReport: "0a0178880102900103",
    # SaleRecord(seq=4, returned_qty={1: 2})
    till_pb2.SaleRecord: "08041a0408011002",
    # PurchaseOrderLine(line_no=1, sku="COLA", qty_ordered=48, unit_cost_minor=180,
    #                   qty_received=24)
    purchasing_pb2.PurchaseOrderLine: "08011204434f4c41203028b4013018",
    # OrderLineRequest(sku="COLA", qty_ordered=48, unit_cost_minor=180)
    purchasing_pb2.OrderLineRequest: "0a04434f4c41103018b401",
    # ReceiveOrderReply(seq=6, receipt_id="DLV-2")
    purchasing_pb2.ReceiveOrderReply: "08061205444c562d32",
    # ListTransfersRequest(state="shipped", store="S002")
    transfers_pb2.ListTransfersRequest: "0a0773686970706564120453303032",
    # InTransitRequest(store="S002")
    transfers_pb2.InTransitRequest: "0a0453303032",
    # AuditRecord(id=1, at_ms=1_700_000_000_000, actor="sam")
    audit_pb2.AuditRecord: "08011080d095ffbc311a0373616d",
    # VerifyAuditReply(intact=True, records_checked=8, last_id=8)
    audit_pb2.VerifyAuditReply: "080110081808",
}


def _delivery() -> ledger_pb2.SupplierDelivery:
    return ledger_pb2.SupplierDelivery(
        delivery_id="DLV-1",
        supplier_ref="DN-1",
        po_id="PO-3",
        lines=[ledger_pb2.SupplierDeliveryLine(sku="COLA", qty_base=24, unit_cost_minor=180)],
    )


# What the old bytes must read as, under the new names.
EXPECTED: dict[type[Message], Message] = {
    sync_pb2.Welcome: sync_pb2.Welcome(store_code="S001", committed_seq=41, server_time_ms=7),
    sync_pb2.BatchAck: sync_pb2.BatchAck(batch_id=3, committed_seq=42, applied=2, duplicates=1),
    sync_pb2.Heartbeat: sync_pb2.Heartbeat(
        newest_seq=50, oldest_uncommitted_at_ms=1_700_000_000_123, sent_at_ms=9
    ),
    admin_pb2.StoreSyncStatus: admin_pb2.StoreSyncStatus(
        store_code="S001", committed_seq=43, store_newest_seq=45, backlog_count=2, lag_ms=10
    ),
    admin_pb2.VerifyReply: admin_pb2.VerifyReply(
        store_code="S001",
        sku_count=12,
        differences=[
            admin_pb2.SkuDifference(sku="COLA", head_office_qty_base=-3, store_qty_base=5)
        ],
    ),
    till_pb2.TillStatusReply: till_pb2.TillStatusReply(
        store_code="S001",
        newest_seq=9,
        committed_seq=7,
        backlog_count=2,
        downstream_cursor=31,
        product_count=4,
    ),
    till_pb2.ReceiveReply: till_pb2.ReceiveReply(seq=5, delivery=_delivery()),
    ledger_pb2.JournalEntry: ledger_pb2.JournalEntry(
        seq=5,
        actor="sam",
        document_type="receipt",
        document_id="DLV-1",
        supplier_delivery=_delivery(),
    ),
    ledger_pb2.TillReport: ledger_pb2.TillReport(kind="x", no_sale_count=2, void_count=3),
    till_pb2.SaleRecord: till_pb2.SaleRecord(seq=4, returned_qty_base={1: 2}),
    purchasing_pb2.PurchaseOrderLine: purchasing_pb2.PurchaseOrderLine(
        line_no=1, sku="COLA", ordered_qty_base=48, unit_cost_minor=180, received_qty_base=24
    ),
    purchasing_pb2.OrderLineRequest: purchasing_pb2.OrderLineRequest(
        sku="COLA", ordered_qty_base=48, unit_cost_minor=180
    ),
    purchasing_pb2.ReceiveOrderReply: purchasing_pb2.ReceiveOrderReply(seq=6, delivery_id="DLV-2"),
    transfers_pb2.ListTransfersRequest: transfers_pb2.ListTransfersRequest(
        state="shipped", store_code="S002"
    ),
    transfers_pb2.InTransitRequest: transfers_pb2.InTransitRequest(store_code="S002"),
    audit_pb2.AuditRecord: audit_pb2.AuditRecord(
        id=1, occurred_at_ms=1_700_000_000_000, actor="sam"
    ),
    audit_pb2.VerifyAuditReply: audit_pb2.VerifyAuditReply(intact=True, record_count=8, last_id=8),
}


@pytest.mark.parametrize("message", RENAMED, ids=lambda m: m.DESCRIPTOR.name)
def test_a_renamed_field_keeps_its_number_and_the_old_name_is_gone(
    message: type[Message],
) -> None:
    fields = message.DESCRIPTOR.fields_by_name
    for new, (old, number) in RENAMED[message].items():
        assert fields[new].number == number, f"{message.DESCRIPTOR.name}.{new}"
        assert old not in fields, f"{message.DESCRIPTOR.name} still has {old}"


@pytest.mark.parametrize("message", OLD_BYTES, ids=lambda m: m.DESCRIPTOR.name)
def test_bytes_written_before_the_renames_read_the_same_under_the_new_names(
    message: type[Message],
) -> None:
    decoded = message.FromString(bytes.fromhex(OLD_BYTES[message]))
    assert decoded == EXPECTED[message]
    # Written again, they are the same bytes: an old reader reads what a new writer writes.
    assert EXPECTED[message].SerializeToString(deterministic=True).hex() == OLD_BYTES[message]


def test_the_supplier_delivery_s_kind_keeps_its_wire_name() -> None:
    """The journal kind and movement reason of a delivery stay "receipt" (stored on both sides)."""
    from common import journal_kinds as jk

    assert jk.SUPPLIER_DELIVERY.name == "receipt"
    assert jk.SUPPLIER_DELIVERY.body_field == "supplier_delivery"
    assert jk.REASON_NAMES[ledger_pb2.MOVEMENT_REASON_RECEIPT] == "receipt"
