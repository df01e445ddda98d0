"""Who is calling: the verified client certificate of each call, read once by an interceptor.

Every call to head office arrives over mTLS; `CallerIdentity` reads the
peer's certificate into a context variable before the servicer runs, so
@authorised (staff) and the sync servicer (stores) ask `caller()` instead of
each parsing the auth context. The variable is the call's own: grpc.aio runs
each call in its own task, whose context is a copy, so the value is set once
and goes with the task (asyncio.to_thread copies it into the worker thread).
A call without a usable certificate is not refused here; `caller()` raises
the reason (IdentityError, PERMISSION_DENIED) when a servicer needs it, so
health checks and reflection keep working for every verified peer.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from contextvars import ContextVar
from typing import Any

import grpc

from common.certs import Identity
from common.errors import IdentityError
from common.i18n import _
from common.rpc.interceptors import Behaviour, wrap_handler
from common.tls import peer_identity

_CALLER: ContextVar[Identity | IdentityError | None] = ContextVar("caller", default=None)


def caller() -> Identity:
    """The identity in the current call's client certificate, or IdentityError saying why not."""
    found = _CALLER.get()
    if found is None:
        raise IdentityError(_("the call's identity is unknown: it did not pass CallerIdentity"))
    if isinstance(found, IdentityError):
        raise found
    return found


def _identify(context: grpc.aio.ServicerContext) -> Identity | IdentityError:
    try:
        return peer_identity(context.auth_context())
    except IdentityError as exc:
        return exc


class CallerIdentity(grpc.aio.ServerInterceptor):
    """Sets `caller()` for the duration of each call from its peer certificate."""

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        handler = await continuation(handler_call_details)
        return wrap_handler(handler, handler_call_details.method, self._wrap)

    @staticmethod
    def _wrap(method: str, behaviour: Behaviour, response_streaming: bool) -> Behaviour:
        if response_streaming:

            async def streaming(request: Any, context: grpc.aio.ServicerContext) -> AsyncIterator:
                _CALLER.set(_identify(context))
                result = behaviour(request, context)
                if inspect.isasyncgen(result):
                    async for reply in result:
                        yield reply
                else:
                    await result

            return streaming

        async def unary(request: Any, context: grpc.aio.ServicerContext) -> Any:
            _CALLER.set(_identify(context))
            return await behaviour(request, context)

        return unary
