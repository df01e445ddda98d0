"""The shared server interceptors on a real grpc.aio server on loopback."""

from __future__ import annotations

import asyncio
import logging

import grpc
import pytest
from grpc._cython.cygrpc import ExecuteBatchError

from common.errors import InvalidInput, NotFound, Refused
from common.rpc.interceptors import ErrorMapping, Timing

SERVICE = "test.Echo"


async def _unary(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
    text = request.decode()
    if text == "bad":
        raise InvalidInput("quantity must be a positive whole number of pieces, got -3")
    if text == "missing":
        raise NotFound("SKU X is not in the catalogue")
    if text == "closed":
        raise Refused("purchase order PO-1 is closed")
    if text == "bug":
        raise KeyError("secret-internal-detail")
    return request


async def _stream(request: bytes, context: grpc.aio.ServicerContext):
    yield b"one"
    if request == b"bug":
        raise ZeroDivisionError("hidden")
    if request == b"gone":  # as grpc's core says a write found its peer gone
        raise ExecuteBatchError('Failed "execute_batch"')
    yield b"two"


def _handlers() -> grpc.GenericRpcHandler:
    return grpc.method_handlers_generic_handler(
        SERVICE,
        {
            "Unary": grpc.unary_unary_rpc_method_handler(_unary),
            "Stream": grpc.unary_stream_rpc_method_handler(_stream),
        },
    )


async def _serve(observed: list[tuple[str, str]]) -> tuple[grpc.aio.Server, int]:
    server = grpc.aio.server(
        interceptors=[
            Timing(lambda method, code, _s: observed.append((method, code))),
            ErrorMapping(logging.getLogger("test.rpc"), "test"),
        ]
    )
    server.add_generic_rpc_handlers((_handlers(),))
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    return server, port


def test_errors_map_to_codes_and_bugs_to_internal_with_a_request_id(caplog) -> None:
    observed: list[tuple[str, str]] = []

    async def run() -> list[tuple[grpc.StatusCode, str]]:
        server, port = await _serve(observed)
        results = []
        try:
            async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
                call = channel.unary_unary(f"/{SERVICE}/Unary")
                for text in ("ok", "bad", "missing", "closed", "bug"):
                    try:
                        reply = await call(text.encode())
                        results.append((grpc.StatusCode.OK, reply.decode()))
                    except grpc.aio.AioRpcError as exc:
                        results.append((exc.code(), exc.details()))
                stream = channel.unary_stream(f"/{SERVICE}/Stream")
                got = []
                try:
                    async for reply in stream(b"bug"):
                        got.append(reply)
                except grpc.aio.AioRpcError as exc:
                    results.append((exc.code(), exc.details()))
                assert got == [b"one"]
        finally:
            await server.stop(None)
        return results

    with caplog.at_level(logging.ERROR, logger="test.rpc"):
        results = asyncio.run(run())
    codes = [code for code, _ in results]
    assert codes == [
        grpc.StatusCode.OK,
        grpc.StatusCode.INVALID_ARGUMENT,
        grpc.StatusCode.NOT_FOUND,
        grpc.StatusCode.FAILED_PRECONDITION,
        grpc.StatusCode.INTERNAL,
        grpc.StatusCode.INTERNAL,
    ]
    assert results[1][1] == "quantity must be a positive whole number of pieces, got -3"
    internal = results[4][1]
    assert "secret-internal-detail" not in internal and "Traceback" not in internal
    request_id = internal.split("request id ")[1].split()[0]
    logged = [r for r in caplog.records if r.fields.get("request_id") == request_id]
    assert logged and logged[0].exc_info is not None
    assert "hidden" not in results[5][1]
    assert [code for _, code in observed] == [
        "OK", "INVALID_ARGUMENT", "NOT_FOUND", "FAILED_PRECONDITION", "INTERNAL", "INTERNAL",
    ]  # fmt: skip
    assert observed[0][0] == f"/{SERVICE}/Unary"


@pytest.mark.parametrize(
    "exc, code",
    [
        (InvalidInput("x"), grpc.StatusCode.INVALID_ARGUMENT),
        (Refused("x"), grpc.StatusCode.FAILED_PRECONDITION),
        (RuntimeError("x"), grpc.StatusCode.INTERNAL),
    ],
)
def test_status_table(exc: BaseException, code: grpc.StatusCode) -> None:
    from common.rpc.status import status_for

    assert status_for(exc) is code


def test_a_write_to_a_peer_gone_is_no_unexpected_error(caplog) -> None:
    """A store SIGKILLed while head office writes to its stream: nobody to answer, no bug."""

    async def run() -> list[bytes]:
        server, port = await _serve([])
        try:
            async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
                return [r async for r in channel.unary_stream(f"/{SERVICE}/Stream")(b"gone")]
        finally:
            await server.stop(None)

    with caplog.at_level(logging.INFO, logger="test.rpc"):
        assert asyncio.run(run()) == [b"one"]
    said = [r.getMessage() for r in caplog.records]
    assert "unexpected error in RPC" not in said
    assert "call ended: its peer went away" in said
