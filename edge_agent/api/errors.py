"""The one mapping from our errors to gRPC status codes, the sentence as the details."""

from __future__ import annotations

import grpc

from common.errors import IdentityError, InvalidInput, StoreLedgerError
from edge_agent.devices.errors import DeviceError, DeviceNotConfigured
from edge_agent.domain.errors import (
    AlreadyInitialised,
    ApprovalNeeded,
    LedgerUnavailable,
    NotInitialised,
    ProductNotOnSale,
    ShiftState,
    UnknownBarcode,
    UnknownDocument,
    ZReportAlreadyRun,
)
from edge_agent.domain.purchasing_errors import PurchaseOrderFinished
from edge_agent.domain.transfers import TransferNotAllowed

_CODES: list[tuple[type[StoreLedgerError], grpc.StatusCode]] = [
    (InvalidInput, grpc.StatusCode.INVALID_ARGUMENT),
    (UnknownBarcode, grpc.StatusCode.NOT_FOUND),
    (UnknownDocument, grpc.StatusCode.NOT_FOUND),
    (ApprovalNeeded, grpc.StatusCode.PERMISSION_DENIED),
    (ShiftState, grpc.StatusCode.FAILED_PRECONDITION),
    (TransferNotAllowed, grpc.StatusCode.FAILED_PRECONDITION),
    (ZReportAlreadyRun, grpc.StatusCode.ALREADY_EXISTS),
    (ProductNotOnSale, grpc.StatusCode.FAILED_PRECONDITION),
    (PurchaseOrderFinished, grpc.StatusCode.FAILED_PRECONDITION),
    (NotInitialised, grpc.StatusCode.FAILED_PRECONDITION),
    (AlreadyInitialised, grpc.StatusCode.FAILED_PRECONDITION),
    (IdentityError, grpc.StatusCode.PERMISSION_DENIED),
    (LedgerUnavailable, grpc.StatusCode.UNAVAILABLE),
    (DeviceNotConfigured, grpc.StatusCode.NOT_FOUND),
    # A missing or silent scale is the till's state, not the agent's: UNAVAILABLE
    # would read to a client as "the agent is down".
    (DeviceError, grpc.StatusCode.FAILED_PRECONDITION),
]


def status_code_for(exc: StoreLedgerError) -> grpc.StatusCode:
    for kind, code in _CODES:
        if isinstance(exc, kind):
            return code
    return grpc.StatusCode.INTERNAL


async def abort_with(context: grpc.aio.ServicerContext, exc: StoreLedgerError) -> None:
    """End the call with the error's status code and its sentence (never returns)."""
    await context.abort(status_code_for(exc), str(exc))
