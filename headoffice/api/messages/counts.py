"""Stocktake messages: head office's count sessions and reports <-> protobuf."""

from __future__ import annotations

from common.domain import stocktake as st
from common.pb.storeledger.v1 import stocktake_pb2
from headoffice.domain.counts import CountSession


def scope_message(scope: st.Scope) -> stocktake_pb2.CountScope:
    return stocktake_pb2.CountScope(
        kind=scope.kind,
        categories=list(scope.categories),
        locations=list(scope.locations),
        abc_classes=list(scope.abc_classes),
        skus=list(scope.skus),
    )


def tolerance_message(tolerance: st.Tolerance) -> stocktake_pb2.CountTolerance:
    return stocktake_pb2.CountTolerance(
        a_bp=tolerance.a_bp,
        b_bp=tolerance.b_bp,
        c_bp=tolerance.c_bp,
        value_minor=tolerance.value_minor,
        second_approval_minor=tolerance.second_approval_minor,
    )


def count_order(
    session: CountSession, action: str, by: str = "", second_by: str = "", note: str = ""
) -> stocktake_pb2.CountOrder:
    """What a store is told to do with a session head office holds."""
    return stocktake_pb2.CountOrder(
        session_id=session.session_id,
        action=action,
        scope=scope_message(session.scope),
        tolerance=tolerance_message(session.tolerance),
        classes=[
            stocktake_pb2.SkuClass(sku=sku, abc_class=cls)
            for sku, cls in sorted(session.classes.items())
        ],
        title=session.title,
        blind=session.blind,
        note=note,
        by=by,
        second_by=second_by,
    )
