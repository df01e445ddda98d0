"""Who is calling: the verified client certificate of each call, read once by an interceptor.

Every call to head office arrives over mTLS; `CallerIdentity` reads the
peer's certificate into a context variable before the servicer runs, so
@authorised (staff) and the sync servicer (stores) ask `caller()` instead of
each parsing the auth context. The variable is the call's own: grpc.aio runs
each call in its own task, whose context is a copy, so the value is set once
and goes with the task (asyncio.to_thread copies it into the worker thread).

TLS has checked the certificate's CA and dates; the interceptor then checks its
serial against head office's revocation list (headoffice.api.revocations) and
refuses a revoked or superseded certificate at once, every method alike, with
PERMISSION_DENIED and a sentence saying when, by whom and what to do; each
refusal is logged, once per minute per peer and certificate. A long stream
(a store's Upstream or Downstream) calls `still_accepted()` as it goes, so a
revoke ends it too.

A call without a usable certificate is not refused here; `caller()` raises
the reason (IdentityError, PERMISSION_DENIED) when a servicer needs it, so
health checks and reflection keep working for every verified peer.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextvars import ContextVar
from functools import partial
from typing import Any

import grpc

from common.certs import Identity
from common.clock import now_ms
from common.errors import IdentityError
from common.i18n import _
from common.rpc.interceptors import Behaviour, wrap_handler
from common.tls import peer_identity
from headoffice.api.refusal_log import RefusalLog
from headoffice.api.revocations import RevocationCache
from headoffice.domain.certificates import refusal_sentence
from headoffice.domain.errors import CertificateRefused

log = logging.getLogger(__name__)

_CALLER: ContextVar[Identity | IdentityError | None] = ContextVar("caller", default=None)
# How the current call checks its certificate again (a long stream, as it goes).
_RECHECK: ContextVar[Callable[[], Awaitable[None]] | None] = ContextVar("recheck", default=None)


def caller() -> Identity:
    """The identity in the current call's client certificate, or IdentityError saying why not."""
    found = _CALLER.get()
    if found is None:
        raise IdentityError(_("the call's identity is unknown: it did not pass CallerIdentity"))
    if isinstance(found, IdentityError):
        raise found
    return found


async def still_accepted() -> None:
    """Raise CertificateRefused if the current call's certificate has been revoked since it began."""
    recheck = _RECHECK.get()
    if recheck is not None:
        await recheck()


def _identify(context: grpc.aio.ServicerContext) -> Identity | IdentityError:
    try:
        return peer_identity(context.auth_context())
    except IdentityError as exc:
        return exc


class CallerIdentity(grpc.aio.ServerInterceptor):
    """Sets `caller()` for the duration of each call from its peer certificate, and refuses a
    certificate on the revocation list (when given one)."""

    def __init__(
        self, revocations: RevocationCache | None = None, refusals: RefusalLog | None = None
    ) -> None:
        self._revocations = revocations
        self.refusals = refusals or RefusalLog(log, "certificate refused")

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        handler = await continuation(handler_call_details)
        return wrap_handler(handler, handler_call_details.method, self._wrap)

    async def _check(self, identity: Identity, peer: str, method: str) -> None:
        if self._revocations is None:
            return
        record = (await self._revocations.current()).refusal(identity, now_ms())
        if record is None:
            return
        host = peer.split(":", 1)[1].rsplit(":", 1)[0] if ":" in peer else peer
        self.refusals.refused(
            (host, identity.serial_text),
            peer=peer, role=identity.role, name=identity.name, serial=identity.serial_text,
            reason=record.revoked_reason, rpc=method,
        )  # fmt: skip
        raise CertificateRefused(refusal_sentence(identity, record))

    async def _enter(self, context: grpc.aio.ServicerContext, method: str) -> None:
        found = _identify(context)
        _CALLER.set(found)
        if isinstance(found, Identity):
            check = partial(self._check, found, context.peer(), method)
            _RECHECK.set(check)
            await check()

    def _wrap(self, method: str, behaviour: Behaviour, response_streaming: bool) -> Behaviour:
        if response_streaming:

            async def streaming(request: Any, context: grpc.aio.ServicerContext) -> AsyncIterator:
                await self._enter(context, method)
                result = behaviour(request, context)
                if inspect.isasyncgen(result):
                    async for reply in result:
                        yield reply
                else:
                    await result

            return streaming

        async def unary(request: Any, context: grpc.aio.ServicerContext) -> Any:
            await self._enter(context, method)
            return await behaviour(request, context)

        return unary
