"""Staff users and the audit log (hoctl user ... / hoctl audit ...)."""

from __future__ import annotations

from common.pb.storeledger.v1 import audit_pb2, staff_pb2
from headoffice.domain.actors import actor_query
from headoffice.domain.audit_chain import AuditFilter, AuditRecord
from headoffice.domain.audit_check import ChainCheck
from headoffice.domain.roles import ROLE_PERMISSIONS, Staff, StaffUser

MAX_AUDIT_PAGE = 5_000


def user_info(user: StaffUser) -> staff_pb2.UserInfo:
    return staff_pb2.UserInfo(
        username=user.username,
        role=user.role,
        stores=list(user.stores),
        disabled=user.disabled,
        created_at_ms=user.created_at_ms,
        created_by=user.created_by,
        permissions=sorted(p.value for p in ROLE_PERMISSIONS.get(user.role, ())),
    )


def who_am_i(staff: Staff) -> staff_pb2.UserInfo:
    return staff_pb2.UserInfo(
        username=staff.username,
        role=staff.role,
        stores=sorted(staff.stores),
        permissions=sorted(p.value for p in staff.permissions),
    )


def audit_filter(request: audit_pb2.ListAuditRequest) -> AuditFilter:
    """The filter asked for; a page of at most MAX_AUDIT_PAGE records (1,000 unless asked).
    An actor that is not NAME, NAME@STORE or @STORE is refused with a sentence."""
    return AuditFilter(
        actor=actor_query(request.actor),
        entity=request.entity,
        entity_id=request.entity_id,
        action=request.action,
        since_ms=request.since_ms,
        until_ms=request.until_ms,
        after_id=request.after_id,
        limit=min(request.limit or 1000, MAX_AUDIT_PAGE),
    )


def audit_record(record: AuditRecord) -> audit_pb2.AuditRecord:
    return audit_pb2.AuditRecord(
        id=record.id,
        occurred_at_ms=record.occurred_at_ms,
        actor=record.actor,
        action=record.action,
        entity=record.entity,
        entity_id=record.entity_id,
        before_json=record.before_json,
        after_json=record.after_json,
        prev_hash=record.prev_hash,
        hash=record.hash,
    )


def chain_check_reply(check: ChainCheck) -> audit_pb2.VerifyAuditReply:
    return audit_pb2.VerifyAuditReply(
        intact=check.intact,
        record_count=check.checked,
        last_id=check.last_id,
        last_hash=check.last_hash,
        problems=[
            audit_pb2.AuditProblem(id=p.audit_id, problem=p.problem, kind=p.kind)
            for p in check.problems
        ],
        keyed_from_id=check.keyed_from,
        notices=check.notices,
    )
