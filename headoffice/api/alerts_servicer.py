"""AlertsAdmin: hoctl alerts; unpack, call the service, pack."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import grpc

from common.clock import now_ms
from common.domain.money import DEFAULT_CURRENCY, format_minor
from common.pb.storeledger.v1 import alerts_admin_pb2, alerts_admin_pb2_grpc
from headoffice.api.auth import Authorizer, authorised
from headoffice.domain.alerts import Alert, AlertPolicy, alert_policy, describe
from headoffice.domain.roles import Permission, Staff
from headoffice.services.alerts import LowStockSource, list_alerts
from headoffice.services.ports import UnitOfWorkFactory

SERVICE = alerts_admin_pb2.DESCRIPTOR.services_by_name["AlertsAdmin"]


def add_to_server(
    server: grpc.aio.Server,
    new_uow: UnitOfWorkFactory,
    auth: Authorizer,
    config: dict[str, dict[str, Any]],
    heartbeat_timeout_ms: int,
    low_stock_source: LowStockSource | None = None,
) -> AlertPolicy:
    """Serve AlertsAdmin with the [alerts] thresholds (out of range: ConfigError, no start);
    low stock too with a source of reorder points (replenishment's)."""
    policy = alert_policy(config["alerts"])
    servicer = AlertsServicer(new_uow, auth, policy, heartbeat_timeout_ms, low_stock_source)
    alerts_admin_pb2_grpc.add_AlertsAdminServicer_to_server(servicer, server)
    return policy


def utc_time(ms: int) -> str:
    """2026-12-05 11:30:00 UTC (minutes are what a person needs here)."""
    when = dt.datetime.fromtimestamp(ms / 1000, dt.UTC)
    return when.strftime("%Y-%m-%d %H:%M:%S UTC")


def alert_row(alert: Alert, currency: str) -> alerts_admin_pb2.AlertRow:
    return alerts_admin_pb2.AlertRow(
        kind=alert.kind, severity=alert.severity, store_code=alert.store_code, sku=alert.sku,
        session_id=alert.session_id, qty_base=alert.qty_base,
        reorder_point_qty_base=alert.reorder_point_qty_base, value_minor=alert.value_minor,
        normal_minor=alert.normal_minor, outside_bp=alert.outside_bp, lag_ms=alert.lag_ms,
        last_contact_ms=alert.last_contact_ms,
        message=describe(
            alert, format_minor(alert.value_minor, currency),
            format_minor(alert.normal_minor, currency), utc_time(alert.last_contact_ms),
        ),
    )  # fmt: skip


class AlertsServicer(alerts_admin_pb2_grpc.AlertsAdminServicer):
    def __init__(
        self,
        new_uow: UnitOfWorkFactory,
        auth: Authorizer,
        policy: AlertPolicy,
        heartbeat_timeout_ms: int,
        low_stock_source: LowStockSource | None = None,
    ) -> None:
        self._low_stock_source = low_stock_source
        self._new_uow = new_uow
        self._auth = auth
        self._policy = policy
        self._heartbeat_timeout_ms = heartbeat_timeout_ms

    @authorised(Permission.ALERT_READ)
    async def ListAlerts(self, request, context, staff: Staff):  # noqa: N802
        found = await asyncio.to_thread(
            list_alerts, self._new_uow(), staff, self._policy, now_ms(), request.store_code,
            request.kind, self._heartbeat_timeout_ms, self._low_stock_source,
        )  # fmt: skip
        return alerts_admin_pb2.ListAlertsReply(
            alerts=[alert_row(a, DEFAULT_CURRENCY) for a in found], currency=DEFAULT_CURRENCY
        )
