"""Server interceptors both gRPC servers install: error mapping and call timing.

Servicer methods stay thin: they raise our errors (common.errors) and let
`ErrorMapping` end the call with the status code from common.rpc.status and
the error's sentence as the details. An exception that is not ours is a bug:
the caller gets INTERNAL with a request id, and the server logs the same id
with the traceback, so support can find it without the caller ever seeing a
traceback. `Timing` hands each call's method, status code and duration to an
observer (a Prometheus histogram on both sides).

Each interceptor wraps the method handler grpc.aio found, whatever its shape
(unary or streaming on either side); `wrap_handler` does that once.
"""

from __future__ import annotations

import inspect
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import grpc
from grpc._cython.cygrpc import ExecuteBatchError

from common.errors import StoreLedgerError
from common.i18n import _
from common.logs import log_event
from common.rpc.status import status_for

# (request or request iterator, context) -> reply, or an async iterator of replies.
Behaviour = Callable[[Any, grpc.aio.ServicerContext], Any]
# Given the RPC's full method name and its behaviour, the behaviour to run instead.
Wrapper = Callable[[str, Behaviour, bool], Behaviour]

_FACTORIES = {
    (False, False): grpc.unary_unary_rpc_method_handler,
    (False, True): grpc.unary_stream_rpc_method_handler,
    (True, False): grpc.stream_unary_rpc_method_handler,
    (True, True): grpc.stream_stream_rpc_method_handler,
}


def wrap_handler(
    handler: grpc.RpcMethodHandler | None, method: str, wrapper: Wrapper
) -> grpc.RpcMethodHandler | None:
    """The same handler with its behaviour replaced by wrapper(method, behaviour, streams)."""
    if handler is None:
        return None
    shape = (bool(handler.request_streaming), bool(handler.response_streaming))
    behaviour = (
        handler.unary_unary or handler.unary_stream or handler.stream_unary or handler.stream_stream
    )
    return _FACTORIES[shape](
        wrapper(method, behaviour, shape[1]),
        request_deserializer=handler.request_deserializer,
        response_serializer=handler.response_serializer,
    )


def _is_abort(exc: BaseException) -> bool:
    # context.abort() ends a call by raising grpc.aio.AbortError: already mapped.
    return isinstance(exc, grpc.aio.AbortError)


def _peer_gone(exc: BaseException) -> bool:
    # A write to a stream whose peer vanished (a store SIGKILLed, its connection reset) can
    # fail in grpc's core before the call is seen cancelled: nobody is left to answer, and
    # nothing failed here (found by the chain simulator's kill_edge, issue 17). grpc has no
    # public name for the error.
    return isinstance(exc, ExecuteBatchError)


class ErrorMapping(grpc.aio.ServerInterceptor):
    """Our errors become their status code and sentence; anything else INTERNAL with an id."""

    def __init__(self, logger: logging.Logger, service_name: str = "") -> None:
        self._log = logger
        self._service = service_name

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        handler = await continuation(handler_call_details)
        return wrap_handler(handler, handler_call_details.method, self._wrap)

    async def _abort(
        self, context: grpc.aio.ServicerContext, method: str, exc: BaseException
    ) -> None:
        if isinstance(exc, StoreLedgerError):
            await context.abort(status_for(exc), str(exc))
        if _peer_gone(exc):
            log_event(self._log, logging.INFO, "call ended: its peer went away", rpc=method,
                      detail=str(exc))  # fmt: skip
            return
        request_id = uuid.uuid4().hex[:12]
        self._log.error(
            "unexpected error in RPC",
            exc_info=(type(exc), exc, exc.__traceback__),
            extra={"fields": {"rpc": method, "request_id": request_id}},
        )
        rpc = method.rsplit("/", 1)[-1]
        if self._service:
            # The service's name in the caller's language: a server marks it with N_().
            sentence = _(
                "the {service} server failed unexpectedly in {rpc}; request id {request_id} "
                "is in its log"
            ).format(service=_(self._service), rpc=rpc, request_id=request_id)
        else:
            sentence = _(
                "the server failed unexpectedly in {rpc}; request id {request_id} is in its log"
            ).format(rpc=rpc, request_id=request_id)
        await context.abort(grpc.StatusCode.INTERNAL, sentence)

    def _wrap(self, method: str, behaviour: Behaviour, response_streaming: bool) -> Behaviour:
        if response_streaming:

            async def streaming(request: Any, context: grpc.aio.ServicerContext) -> AsyncIterator:
                try:
                    result = behaviour(request, context)
                    if inspect.isasyncgen(result):
                        async for reply in result:
                            yield reply
                    else:
                        await result
                except Exception as exc:
                    if _is_abort(exc):
                        raise
                    await self._abort(context, method, exc)

            return streaming

        async def unary(request: Any, context: grpc.aio.ServicerContext) -> Any:
            try:
                return await behaviour(request, context)
            except Exception as exc:
                if _is_abort(exc):
                    raise
                await self._abort(context, method, exc)

        return unary


# method, status code name, seconds
Observer = Callable[[str, str, float], None]


class Timing(grpc.aio.ServerInterceptor):
    """Hands each finished call's method, status code and duration to `observe`.

    Install it outside ErrorMapping so the code it sees is the one the caller gets.
    Streaming calls are timed from start to end of the stream.
    """

    def __init__(self, observe: Observer, logger: logging.Logger | None = None) -> None:
        self._observe = observe
        self._log = logger

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        handler = await continuation(handler_call_details)
        return wrap_handler(handler, handler_call_details.method, self._wrap)

    def _done(self, method: str, started: float, code: str) -> None:
        elapsed = time.perf_counter() - started
        try:
            self._observe(method, code, elapsed)
        except Exception as exc:  # a metrics failure must never fail the call
            if self._log is not None:
                log_event(
                    self._log, logging.WARNING, "rpc timing failed", rpc=method, error=str(exc)
                )

    @staticmethod
    def _code(context: grpc.aio.ServicerContext, exc: BaseException | None) -> str:
        code = context.code()
        if code is None:
            return "OK" if exc is None else "UNKNOWN"
        return code.name if isinstance(code, grpc.StatusCode) else str(code)

    def _wrap(self, method: str, behaviour: Behaviour, response_streaming: bool) -> Behaviour:
        if response_streaming:

            async def streaming(request: Any, context: grpc.aio.ServicerContext) -> AsyncIterator:
                started = time.perf_counter()
                failure: BaseException | None = None
                try:
                    result = behaviour(request, context)
                    if inspect.isasyncgen(result):
                        async for reply in result:
                            yield reply
                    else:
                        await result
                except BaseException as exc:
                    failure = exc
                    raise
                finally:
                    self._done(method, started, self._code(context, failure))

            return streaming

        async def unary(request: Any, context: grpc.aio.ServicerContext) -> Any:
            started = time.perf_counter()
            failure: BaseException | None = None
            try:
                return await behaviour(request, context)
            except BaseException as exc:
                failure = exc
                raise
            finally:
                self._done(method, started, self._code(context, failure))

        return unary
