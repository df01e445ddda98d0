"""Each call is answered in its caller's language: AcceptLanguage on a real grpc.aio server
on loopback, send_language() on the client's channel."""

from __future__ import annotations

import asyncio
import logging

import grpc

from common.i18n import _, choose_language, current_language, use_language
from common.rpc.interceptors import ErrorMapping
from common.rpc.language import (
    AcceptLanguage,
    language_metadata,
    send_language,
    sending_language,
)

SERVICE = "test.Speak"


async def _unary(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
    if request == b"refuse":
        choose_language("fr", {}, "store.language")  # raises ConfigError, said in a language
    return f"{current_language()} {_('TOTAL')}".encode()


async def _stream(request: bytes, context: grpc.aio.ServicerContext):
    for _n in range(2):
        await asyncio.sleep(0)
        yield current_language().encode()


async def _collect(requests, context: grpc.aio.ServicerContext) -> bytes:  # type: ignore[no-untyped-def]
    async for _request in requests:
        pass
    return current_language().encode()


async def _chat(requests, context: grpc.aio.ServicerContext):  # type: ignore[no-untyped-def]
    async for _request in requests:
        yield current_language().encode()


async def _serve() -> tuple[grpc.aio.Server, int]:
    server = grpc.aio.server(
        interceptors=[AcceptLanguage(default="en"), ErrorMapping(logging.getLogger("test"))]
    )
    server.add_generic_rpc_handlers(
        (
            grpc.method_handlers_generic_handler(
                SERVICE,
                {
                    "Unary": grpc.unary_unary_rpc_method_handler(_unary),
                    "Stream": grpc.unary_stream_rpc_method_handler(_stream),
                    "Collect": grpc.stream_unary_rpc_method_handler(_collect),
                    "Chat": grpc.stream_stream_rpc_method_handler(_chat),
                },
            ),
        )
    )
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    return server, port


def test_the_server_answers_in_the_language_the_call_asks_for() -> None:
    async def run() -> dict[str, object]:
        server, port = await _serve()
        seen: dict[str, object] = {}
        try:
            async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
                unary = channel.unary_unary(f"/{SERVICE}/Unary")
                stream = channel.unary_stream(f"/{SERVICE}/Stream")
                seen["zh"] = (await unary(b"", metadata=language_metadata("zh_CN"))).decode()
                seen["none"] = (await unary(b"")).decode()
                header = (("accept-language", "fr-FR, zh;q=0.5"),)
                seen["ranked"] = (await unary(b"", metadata=header)).decode()
                seen["unknown"] = (await unary(b"", metadata=(("accept-language", "de"),))).decode()
                seen["stream"] = [
                    r.decode() async for r in stream(b"", metadata=language_metadata("zh_CN"))
                ]
                seen["after"] = (await unary(b"")).decode()
                try:
                    await unary(b"refuse", metadata=language_metadata("zh_CN"))
                except grpc.aio.AioRpcError as exc:
                    seen["refusal"] = (exc.code(), exc.details())
        finally:
            await server.stop(None)
        return seen

    seen = asyncio.run(run())
    assert seen["zh"] == "zh_CN 合计"
    assert seen["none"] == "en TOTAL"  # the server's default
    assert seen["ranked"] == "zh_CN 合计"  # French first, but we have no French
    assert seen["unknown"] == "en TOTAL"
    assert seen["stream"] == ["zh_CN", "zh_CN"]
    assert seen["after"] == "en TOTAL"  # one call's language never leaks into the next
    code, details = seen["refusal"]  # type: ignore[misc]
    assert code == grpc.StatusCode.FAILED_PRECONDITION
    assert details.startswith("store.language 必须是 en, zh_CN 之一")


def test_a_channel_sends_the_current_language_unless_the_call_names_one() -> None:
    async def run() -> list[str]:
        server, port = await _serve()
        try:
            async with grpc.aio.insecure_channel(
                f"127.0.0.1:{port}", interceptors=send_language()
            ) as channel:
                unary = channel.unary_unary(f"/{SERVICE}/Unary")
                stream = channel.unary_stream(f"/{SERVICE}/Stream")
                collect = channel.stream_unary(f"/{SERVICE}/Collect")
                chat = channel.stream_stream(f"/{SERVICE}/Chat")
                with use_language("zh_CN"):
                    chinese = (await unary(b"")).decode()
                    streamed = [r.decode() async for r in stream(b"")]
                    collected = (await collect(iter([b"a", b"b"]))).decode()
                    chatted = [r.decode() async for r in chat(iter([b"a"]))]
                    named = (await unary(b"", metadata=language_metadata("en"))).decode()
                english = (await unary(b"")).decode()
        finally:
            await server.stop(None)
        return [chinese, *streamed, collected, *chatted, named, english]

    assert asyncio.run(run()) == [
        "zh_CN 合计",
        "zh_CN",
        "zh_CN",
        "zh_CN",
        "zh_CN",
        "en TOTAL",
        "en TOTAL",
    ]


def test_a_synchronous_channel_sends_the_language_current_at_each_call() -> None:
    """pos's channel (grpc's synchronous one): every call shape asks for the language
    current when it is made; a call naming its own keeps it."""

    def calls(port: int) -> list[str]:
        channel = sending_language(grpc.insecure_channel(f"127.0.0.1:{port}"))
        try:
            unary = channel.unary_unary(f"/{SERVICE}/Unary")
            stream = channel.unary_stream(f"/{SERVICE}/Stream")
            collect = channel.stream_unary(f"/{SERVICE}/Collect")
            chat = channel.stream_stream(f"/{SERVICE}/Chat")
            with use_language("zh_CN"):
                said = [unary(b"").decode(), *(r.decode() for r in stream(b""))]
                said.append(collect(iter([b"a", b"b"])).decode())
                said.extend(r.decode() for r in chat(iter([b"a"])))
                said.append(unary(b"", metadata=language_metadata("en")).decode())
            said.append(unary(b"").decode())
        finally:
            channel.close()
        return said

    async def run() -> list[str]:
        server, port = await _serve()
        try:
            # The blocking calls run in a thread (which starts in this context, in English).
            return await asyncio.to_thread(calls, port)
        finally:
            await server.stop(None)

    assert asyncio.run(run()) == [
        "zh_CN 合计",
        "zh_CN",
        "zh_CN",
        "zh_CN",
        "zh_CN",
        "en TOTAL",
        "en TOTAL",
    ]
