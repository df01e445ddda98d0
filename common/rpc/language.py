"""Each call answered in its caller's language: an `accept-language` metadata entry.

A client sends the language its user reads (`send_language()` on an aio channel,
`sending_language(channel)` around a synchronous one, or `language_metadata()` on
one call); the server's `AcceptLanguage` interceptor
reads it and runs the call with that language current (common.i18n), so every
sentence the call says (refusals, receipts, reports) is in the caller's language.
A call without the entry, or naming no language we have, gets the server's own.

Install AcceptLanguage first (outermost), so that the error mapping's sentences,
the INTERNAL one included, are said in the caller's language too:

    grpc.aio.server(interceptors=[AcceptLanguage(), Timing(...), ErrorMapping(...)])

JSON for scripts does not change with the language; only sentences and labels do.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any, NamedTuple

import grpc

from common.i18n import current_language, parse_accept_language, use_language
from common.i18n.translate import speak_for_this_task
from common.rpc.interceptors import Behaviour, wrap_handler

ACCEPT_LANGUAGE = "accept-language"  # gRPC metadata keys are lower case


def language_tag(language: str) -> str:
    """zh_CN -> zh-CN: the form Accept-Language uses (BCP 47)."""
    return language.replace("_", "-")


def language_metadata(language: str = "") -> tuple[tuple[str, str], ...]:
    """The metadata a client adds to a call to be answered in `language` (default: the
    current one)."""
    return ((ACCEPT_LANGUAGE, language_tag(language or current_language())),)


def caller_language(metadata: Sequence[tuple[str, Any]] | None) -> str | None:
    """The language the caller asked for, if it is one we have."""
    for key, value in metadata or ():
        if key.lower() == ACCEPT_LANGUAGE:
            text = value.decode() if isinstance(value, bytes) else str(value)
            return parse_accept_language(text)
    return None


class AcceptLanguage(grpc.aio.ServerInterceptor):
    """Runs each call in the language its `accept-language` names, else `default` (the
    process's current language when the call starts, if no default is given)."""

    def __init__(self, default: str = "") -> None:
        self._default = default

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler | None:
        handler = await continuation(handler_call_details)
        asked = caller_language(handler_call_details.invocation_metadata)
        language = asked or self._default or current_language()

        def wrapper(method: str, behaviour: Behaviour, response_streaming: bool) -> Behaviour:
            return _speaking(language, behaviour, response_streaming)

        return wrap_handler(handler, handler_call_details.method, wrapper)


def _speaking(language: str, behaviour: Behaviour, response_streaming: bool) -> Behaviour:
    if response_streaming:

        async def streaming(request: Any, context: grpc.aio.ServicerContext) -> AsyncIterator:
            # Each call runs in its own task, whose context ends with the call; an async
            # generator cannot reset a contextvar safely (it may be closed from another task).
            speak_for_this_task(language)
            result = behaviour(request, context)
            if inspect.isasyncgen(result):
                async for reply in result:
                    yield reply
            else:
                await result

        return streaming

    async def unary(request: Any, context: grpc.aio.ServicerContext) -> Any:
        with use_language(language):
            return await behaviour(request, context)

    return unary


def _with_language(details: grpc.aio.ClientCallDetails) -> grpc.aio.ClientCallDetails:
    metadata = grpc.aio.Metadata(*(details.metadata or ()))
    if ACCEPT_LANGUAGE not in metadata:
        metadata.add(ACCEPT_LANGUAGE, language_tag(current_language()))
    return grpc.aio.ClientCallDetails(
        details.method, details.timeout, metadata, details.credentials, details.wait_for_ready
    )


class _SendsLanguageUnaryUnary(grpc.aio.UnaryUnaryClientInterceptor):
    async def intercept_unary_unary(self, continuation, client_call_details, request):  # type: ignore[no-untyped-def]
        return await continuation(_with_language(client_call_details), request)


class _SendsLanguageUnaryStream(grpc.aio.UnaryStreamClientInterceptor):
    async def intercept_unary_stream(self, continuation, client_call_details, request):  # type: ignore[no-untyped-def]
        return await continuation(_with_language(client_call_details), request)


class _SendsLanguageStreamUnary(grpc.aio.StreamUnaryClientInterceptor):
    async def intercept_stream_unary(self, continuation, client_call_details, request_iterator):  # type: ignore[no-untyped-def]
        return await continuation(_with_language(client_call_details), request_iterator)


class _SendsLanguageStreamStream(grpc.aio.StreamStreamClientInterceptor):
    async def intercept_stream_stream(self, continuation, client_call_details, request_iterator):  # type: ignore[no-untyped-def]
        return await continuation(_with_language(client_call_details), request_iterator)


def send_language() -> list[grpc.aio.ClientInterceptor]:
    """Channel interceptors adding the current language (at call time) to every call that
    does not name one: grpc.aio.insecure_channel(target, interceptors=send_language()).

    One per call shape: grpc.aio files an interceptor under the first shape it implements.
    """
    return [
        _SendsLanguageUnaryUnary(),
        _SendsLanguageUnaryStream(),
        _SendsLanguageStreamUnary(),
        _SendsLanguageStreamStream(),
    ]


class _CallDetails(NamedTuple):
    """grpc.ClientCallDetails for the synchronous channel (grpc gives no constructor)."""

    method: str
    timeout: float | None
    metadata: Sequence[tuple[str, str | bytes]] | None
    credentials: grpc.CallCredentials | None
    wait_for_ready: bool | None
    compression: grpc.Compression | None


class _SendsLanguage(
    grpc.UnaryUnaryClientInterceptor,
    grpc.UnaryStreamClientInterceptor,
    grpc.StreamUnaryClientInterceptor,
    grpc.StreamStreamClientInterceptor,
):
    """The synchronous channel's interceptor: one class serves every call shape there."""

    @staticmethod
    def _details(details: grpc.ClientCallDetails) -> _CallDetails:
        metadata = list(details.metadata or ())
        if not any(key.lower() == ACCEPT_LANGUAGE for key, _value in metadata):
            metadata.append((ACCEPT_LANGUAGE, language_tag(current_language())))
        return _CallDetails(
            details.method,
            details.timeout,
            metadata,
            details.credentials,
            getattr(details, "wait_for_ready", None),
            getattr(details, "compression", None),
        )

    def intercept_unary_unary(self, continuation, client_call_details, request):  # type: ignore[no-untyped-def]
        return continuation(self._details(client_call_details), request)

    def intercept_unary_stream(self, continuation, client_call_details, request):  # type: ignore[no-untyped-def]
        return continuation(self._details(client_call_details), request)

    def intercept_stream_unary(self, continuation, client_call_details, request_iterator):  # type: ignore[no-untyped-def]
        return continuation(self._details(client_call_details), request_iterator)

    def intercept_stream_stream(self, continuation, client_call_details, request_iterator):  # type: ignore[no-untyped-def]
        return continuation(self._details(client_call_details), request_iterator)


def sending_language(channel: grpc.Channel) -> grpc.Channel:
    """A synchronous channel that adds the current language (at call time) to every call
    that does not name one: sending_language(grpc.insecure_channel(target)). Closing the
    returned channel closes the one it wraps."""
    return grpc.intercept_channel(channel, _SendsLanguage())
