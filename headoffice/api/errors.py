"""The one mapping from our errors to gRPC status codes; the details are the sentence."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, NoReturn, TypeVar

import grpc

from common.errors import ConfigError, IdentityError, InvalidInput, NotFound, StoreLedgerError
from headoffice.domain.errors import (
    DatabaseUnavailable,
    StoreAlreadyExists,
    StoreDidNotAnswer,
    StoreDisabled,
    UnknownProduct,
    UnknownStore,
    UnknownUser,
    UserAlreadyExists,
)
from headoffice.domain.purchasing_errors import (
    SupplierAlreadyExists,
    UnknownPurchaseOrder,
    UnknownSupplier,
)
from headoffice.domain.transfers import UnknownTransfer
from headoffice.domain.write_offs import UnknownWriteOff

_CODES: list[tuple[type[BaseException], grpc.StatusCode]] = [
    (IdentityError, grpc.StatusCode.PERMISSION_DENIED),
    (StoreDisabled, grpc.StatusCode.PERMISSION_DENIED),
    (UnknownStore, grpc.StatusCode.NOT_FOUND),
    (UnknownProduct, grpc.StatusCode.NOT_FOUND),
    (UnknownUser, grpc.StatusCode.NOT_FOUND),
    (UnknownTransfer, grpc.StatusCode.NOT_FOUND),
    (UnknownWriteOff, grpc.StatusCode.NOT_FOUND),
    (StoreAlreadyExists, grpc.StatusCode.ALREADY_EXISTS),
    (UserAlreadyExists, grpc.StatusCode.ALREADY_EXISTS),
    (UnknownSupplier, grpc.StatusCode.NOT_FOUND),
    (UnknownPurchaseOrder, grpc.StatusCode.NOT_FOUND),
    (SupplierAlreadyExists, grpc.StatusCode.ALREADY_EXISTS),
    (NotFound, grpc.StatusCode.NOT_FOUND),  # e.g. an unknown barcode in a priced cart
    (InvalidInput, grpc.StatusCode.INVALID_ARGUMENT),
    (DatabaseUnavailable, grpc.StatusCode.UNAVAILABLE),
    (StoreDidNotAnswer, grpc.StatusCode.DEADLINE_EXCEEDED),
    (ConfigError, grpc.StatusCode.FAILED_PRECONDITION),
    (StoreLedgerError, grpc.StatusCode.FAILED_PRECONDITION),
]


def status_for(exc: BaseException) -> grpc.StatusCode:
    for kind, code in _CODES:
        if isinstance(exc, kind):
            return code
    return grpc.StatusCode.INTERNAL


async def abort_with(context: grpc.aio.ServicerContext, exc: StoreLedgerError) -> NoReturn:
    await context.abort(status_for(exc), str(exc))
    raise AssertionError("context.abort returned")  # pragma: no cover


T = TypeVar("T")


def maps_errors(
    method: Callable[..., Awaitable[T]],
) -> Callable[..., Awaitable[T]]:
    """Decorate a unary servicer method: our errors end the call with their code and sentence."""

    @functools.wraps(method)
    async def wrapper(self: Any, request: Any, context: grpc.aio.ServicerContext) -> T:
        try:
            return await method(self, request, context)
        except StoreLedgerError as exc:
            await abort_with(context, exc)

    return wrapper
