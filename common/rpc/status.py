"""The one table from our error categories (common.errors) to gRPC status codes.

Both servers (head office and the edge agent) and both clients read it, so an
error means the same thing wherever it is raised. The first matching row wins;
the fallback for any other StoreLedgerError is FAILED_PRECONDITION (the state
refuses the request); an exception that is not ours is INTERNAL.
"""

from __future__ import annotations

import grpc

from common.errors import (
    AlreadyExists,
    Exhausted,
    InvalidInput,
    NotFound,
    PermissionDenied,
    Refused,
    StoreLedgerError,
    TimedOut,
    Unauthenticated,
    Unavailable,
)

STATUS_CODES: tuple[tuple[type[StoreLedgerError], grpc.StatusCode], ...] = (
    (InvalidInput, grpc.StatusCode.INVALID_ARGUMENT),
    (NotFound, grpc.StatusCode.NOT_FOUND),
    (AlreadyExists, grpc.StatusCode.ALREADY_EXISTS),
    (Unauthenticated, grpc.StatusCode.UNAUTHENTICATED),
    (PermissionDenied, grpc.StatusCode.PERMISSION_DENIED),
    (Unavailable, grpc.StatusCode.UNAVAILABLE),
    (Exhausted, grpc.StatusCode.RESOURCE_EXHAUSTED),
    (TimedOut, grpc.StatusCode.DEADLINE_EXCEEDED),
)
OUR_FALLBACK = grpc.StatusCode.FAILED_PRECONDITION
NOT_OURS = grpc.StatusCode.INTERNAL


def status_for(exc: BaseException) -> grpc.StatusCode:
    """The status code a caller sees for `exc`."""
    if not isinstance(exc, StoreLedgerError):
        return NOT_OURS
    for kind, code in STATUS_CODES:
        if isinstance(exc, kind):
            return code
    return OUR_FALLBACK


def error_for(code: grpc.StatusCode, sentence: str) -> StoreLedgerError:
    """The other way: what a status code another of our servers sent means here, carrying its
    sentence, so a call passed on (till -> edge agent -> head office) keeps its category."""
    for kind, known in STATUS_CODES:
        if known == code:
            return kind(sentence)
    return Refused(sentence)
