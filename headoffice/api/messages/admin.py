"""Admin: stores, sync status and verify replies (hoctl store / sync status / verify)."""

from __future__ import annotations

from common.pb.storeledger.v1 import admin_pb2
from headoffice.domain.certificates import CertificateRecord
from headoffice.domain.stores import Store
from headoffice.services.status import StoreSyncView
from headoffice.services.verify import VerifyResult


def store_info(store: Store) -> admin_pb2.StoreInfo:
    return admin_pb2.StoreInfo(
        store_code=store.code,
        name=store.name,
        disabled=store.disabled,
        created_at_ms=store.created_at_ms,
    )


def certificate_info(record: CertificateRecord, now_ms: int) -> admin_pb2.CertificateInfo:
    return admin_pb2.CertificateInfo(
        store_code=record.subject,
        serial=record.serial or "",
        state=record.state(now_ms),
        issued_at_ms=record.issued_at_ms,
        issued_by=record.issued_by,
        not_after_ms=record.not_after_ms or 0,
        revoked_at_ms=record.revoked_at_ms or 0,
        revoked_by=record.revoked_by or "",
        replaced_by=record.replaced_by or "",
    )


def sync_status_reply(views: list[StoreSyncView]) -> admin_pb2.SyncStatusReply:
    return admin_pb2.SyncStatusReply(
        stores=[
            admin_pb2.StoreSyncStatus(
                store_code=v.store_code,
                name=v.name,
                disabled=v.disabled,
                connected=v.connected,
                committed_seq=v.committed_seq,
                store_newest_seq=v.store_newest_seq,
                backlog_count=v.backlog_count,
                lag_ms=v.lag_ms,
                last_contact_ms=v.last_contact_ms,
                agent_version=v.agent_version,
                refused_since_ms=v.refused_since_ms,
                refused_seq=v.refused_seq,
                refused_reason=v.refused_reason,
                refused_message=v.refused_message,
            )
            for v in views
        ]
    )


def verify_reply(result: VerifyResult) -> admin_pb2.VerifyReply:
    return admin_pb2.VerifyReply(
        store_code=result.store_code,
        match=result.match,
        head_office_seq=result.head_office_seq,
        store_seq=result.store_seq,
        head_office_checksum=result.head_office_checksum,
        store_checksum=result.store_checksum,
        sku_count=result.sku_count,
        diverged_seq=result.diverged_seq,
        differences=[
            admin_pb2.SkuDifference(
                sku=d.sku,
                head_office_qty_base=d.head_office_qty_base,
                store_qty_base=d.store_qty_base,
            )
            for d in result.differences
        ],
        message=result.message,
    )
