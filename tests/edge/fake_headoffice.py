"""A tiny real head office for sync tests: a grpc.aio StoreSync servicer over mTLS that
applies entries in order exactly once and records what it was sent."""

from __future__ import annotations

import asyncio

import grpc

from common.pb.storeledger.v1 import ledger_pb2, sync_pb2, sync_pb2_grpc
from common.tls import peer_identity, server_credentials, server_options
from tests.edge.conftest import Pki


class FakeHeadOffice(sync_pb2_grpc.StoreSyncServicer):
    def __init__(self) -> None:
        self.last_committed = 0
        self.applied: list[ledger_pb2.JournalEntry] = []
        self.batches: list[list[int]] = []  # seqs of each batch received
        self.hellos: list[sync_pb2.Hello] = []
        self.heartbeats: list[sync_pb2.Heartbeat] = []
        self.reports: list[sync_pb2.BalanceReport] = []
        self.refusals_to_send = 0
        # While set, every batch is refused as an invalid entry with this reason code.
        self.refuse_with = ""
        self.batch_times: list[float] = []  # loop time each batch arrived
        self.hello_times: list[float] = []
        # While set, every Upstream call is refused after its Hello (a disabled store).
        self.deny = ""
        self.want_balance = False
        self.peer_names: list[str] = []
        self.catalogue: list[sync_pb2.DownstreamEvent] = []
        self.downstream_requests: list[sync_pb2.DownstreamRequest] = []

    async def Downstream(self, request, context: grpc.aio.ServicerContext):  # type: ignore[no-untyped-def, override]
        self.downstream_requests.append(request)
        for event in self.catalogue:
            if event.cursor > request.after_cursor:
                yield event
        await asyncio.Event().wait()  # keep the stream open, as head office does

    async def Upstream(self, request_iterator, context: grpc.aio.ServicerContext) -> None:  # type: ignore[override]
        self.peer_names.append(peer_identity(context.auth_context()).name)
        first = await context.read()
        self.hellos.append(first.hello)
        self.hello_times.append(asyncio.get_running_loop().time())
        if self.deny:
            await context.abort(grpc.StatusCode.PERMISSION_DENIED, self.deny)
        await context.write(
            sync_pb2.UpstreamReply(
                welcome=sync_pb2.Welcome(
                    store_code=first.hello.store_code, committed_seq=self.last_committed
                )
            )
        )
        while True:
            message = await context.read()
            if message == grpc.aio.EOF:
                return
            kind = message.WhichOneof("kind")
            if kind == "heartbeat":
                self.heartbeats.append(message.heartbeat)
                if self.want_balance:
                    self.want_balance = False
                    await context.write(
                        sync_pb2.UpstreamReply(
                            balance_request=sync_pb2.BalanceRequest(request_id="r1")
                        )
                    )
            elif kind == "balance_report":
                self.reports.append(message.balance_report)
            elif kind == "batch":
                await context.write(self._apply(message.batch))

    def _apply(self, batch: sync_pb2.EntryBatch) -> sync_pb2.UpstreamReply:
        seqs = [e.seq for e in batch.entries]
        self.batches.append(seqs)
        self.batch_times.append(asyncio.get_running_loop().time())
        new = [e for e in batch.entries if e.seq > self.last_committed]
        if self.refuse_with and new:
            return sync_pb2.UpstreamReply(
                refused=sync_pb2.BatchRefused(
                    batch_id=batch.batch_id,
                    reason=sync_pb2.REFUSAL_REASON_INVALID_ENTRY,
                    expected_seq=self.last_committed + 1,
                    message=f"entry {new[0].seq} refused ({self.refuse_with})",
                    reason_code=self.refuse_with,
                    refused_seq=new[0].seq,
                )
            )
        if self.refusals_to_send or (new and new[0].seq != self.last_committed + 1):
            self.refusals_to_send = max(0, self.refusals_to_send - 1)
            return sync_pb2.UpstreamReply(
                refused=sync_pb2.BatchRefused(
                    batch_id=batch.batch_id,
                    reason=sync_pb2.REFUSAL_REASON_SEQUENCE_GAP,
                    expected_seq=self.last_committed + 1,
                    message="gap",
                )
            )
        for entry in new:
            assert entry.seq == self.last_committed + 1
            self.applied.append(entry)
            self.last_committed = entry.seq
        return sync_pb2.UpstreamReply(
            ack=sync_pb2.BatchAck(
                batch_id=batch.batch_id,
                committed_seq=self.last_committed,
                applied=len(new),
                duplicates=len(seqs) - len(new),
            )
        )


async def start_fake(fake: FakeHeadOffice, pki: Pki, port: int = 0) -> tuple[grpc.aio.Server, int]:
    server = grpc.aio.server(options=server_options())
    sync_pb2_grpc.add_StoreSyncServicer_to_server(fake, server)
    bound = server.add_secure_port(
        f"127.0.0.1:{port}",
        server_credentials(pki.ca.cert_pem, pki.server.cert_pem, pki.server.key_pem),
    )
    await server.start()
    return server, bound


async def until(condition, timeout_s: float = 10.0, what: str = "condition"):  # type: ignore[no-untyped-def]
    """Await until condition() is truthy, failing after a bounded deadline."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout_s}s waiting for {what}")
        await asyncio.sleep(0.01)
