"""A store-side fuzzer: random and crafted batches through a real store certificate (issue 12).

Hypothesis builds batches of journal entries, most of them what a till writes (sales of
goods, supplier deliveries), some crafted the way a hostile or broken store would: an
unknown SKU, quantities and costs anywhere in int64, movements that do not match their
document, a negative delivery, a wrong sign, a document left out, a card number in a
tender's reference, a gap or a rewritten replay. Each goes over mTLS with S001's
certificate to a real head-office gRPC server on loopback (SQLite and PostgreSQL), as a
store's Upstream stream sends it. Whatever the batch, head office either applies it
exactly (every level moves by the batch's movements, the committed sequence reaches its
last entry) or refuses it with a reason code, and then no level and no committed sequence
moves. A batch built valid must apply; one built with a known defect must be refused.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import grpc
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from common.domain.limits import INT64_MAX
from common.pb.storeledger.v1 import ledger_pb2, sync_pb2, sync_pb2_grpc
from common.tls import channel_credentials, channel_options
from headoffice.api.server import serve_headoffice
from headoffice.services.stores import add_store
from headoffice.store.tables import stock_levels
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.conftest import seed_catalogue
from tests.db.test_sync_server import Chain, make_chain
from tests.journal_entries import delivery, sale_of

pytestmark = pytest.mark.timeout(120)
SKUS = ("COLA", "WATER", "TEA")
EXAMPLES = 60  # per database: about two seconds each here, well under a minute
INT64 = st.integers(min_value=-(2**63), max_value=INT64_MAX)


@pytest.fixture(scope="module")
def chain() -> Chain:
    return make_chain()


@contextmanager
def headoffice_on_loopback(engine: Engine, chain: Chain) -> Iterator[int]:
    """A real head-office gRPC server in a thread of its own; yields its port."""
    ready = threading.Event()
    port: list[int] = []
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()

    async def main() -> None:
        async with serve_headoffice(engine, chain.tls, "127.0.0.1:0", grace_s=0.2) as running:
            port.append(running.port)
            ready.set()
            await stop.wait()

    thread = threading.Thread(target=loop.run_until_complete, args=(main(),), daemon=True)
    thread.start()
    try:
        assert ready.wait(30), "head office did not start"
        yield port[0]
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(30)


def levels(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(stock_levels.c.sku, stock_levels.c.qty_base).where(
                stock_levels.c.store_code == "S001"
            )
        ).all()
    return {sku: int(qty) for sku, qty in rows if qty}


# -- entries as a till writes them, and the defects a crafted batch carries ---------------

good_sale = st.builds(
    lambda lines: sale_of(0, lines),
    st.lists(st.tuples(st.sampled_from(SKUS), st.integers(1, 50)), min_size=1, max_size=4),
)
good_delivery = st.builds(
    lambda lines: delivery(0, lines),
    st.lists(
        st.tuples(st.sampled_from(SKUS), st.integers(1, 1_000), st.integers(0, 10_000)),
        min_size=1,
        max_size=3,
    ),
)


def unknown_sku(entry: ledger_pb2.JournalEntry, _value: int) -> None:
    entry.movements[0].sku = "NO-SUCH-SKU"


def movement_qty(entry: ledger_pb2.JournalEntry, value: int) -> None:
    was = entry.movements[0].qty_base  # small: a till's
    entry.movements[0].qty_base = value if value != was else was + 1


def document_qty(entry: ledger_pb2.JournalEntry, value: int) -> None:
    lines = entry.sale.lines if entry.HasField("sale") else entry.supplier_delivery.lines
    was = lines[0].qty_base  # small: a till's
    lines[0].qty_base = value if value != was else -was


def huge_delivery(entry: ledger_pb2.JournalEntry, _value: int) -> None:
    entry.CopyFrom(delivery(0, [("COLA", INT64_MAX, INT64_MAX)]))


def negative_delivery(entry: ledger_pb2.JournalEntry, value: int) -> None:
    qty = -(abs(value) % 10**9 + 1)
    entry.CopyFrom(delivery(0, [("WATER", qty, 100)]))


def other_sku_moved(entry: ledger_pb2.JournalEntry, _value: int) -> None:
    """1 water sold, 1,000 cola taken."""
    entry.CopyFrom(sale_of(0, [("WATER", 1)]))
    entry.movements[0].sku = "COLA"
    entry.movements[0].qty_base = -1000


def no_document(entry: ledger_pb2.JournalEntry, _value: int) -> None:
    entry.ClearField(entry.WhichOneof("body") or "sale")


def card_number(entry: ledger_pb2.JournalEntry, _value: int) -> None:
    entry.CopyFrom(sale_of(0, [("TEA", 1)]))
    entry.sale.tenders[0].reference = "4000.1298.7654.3215"


def unknown_kind(entry: ledger_pb2.JournalEntry, _value: int) -> None:
    entry.document_type = "toy_kind"


DEFECTS = [
    unknown_sku, movement_qty, document_qty, huge_delivery, negative_delivery,
    other_sku_moved, no_document, card_number, unknown_kind,
]  # fmt: skip
crafted = st.tuples(
    st.one_of(good_sale, good_delivery), st.sampled_from(DEFECTS), INT64.filter(bool)
)


@st.composite
def batches(draw: st.DrawFn) -> tuple[list[ledger_pb2.JournalEntry], bool, int]:
    """(entries without sequence numbers, built valid?, sequence offset: 1 continues)."""
    entries = draw(st.lists(st.one_of(good_sale, good_delivery), min_size=1, max_size=5))
    valid = True
    if draw(st.booleans()):
        entry, defect, value = draw(crafted)
        defect(entry, value)
        entries.insert(draw(st.integers(0, len(entries))), entry)
        valid = False
    offset = draw(st.sampled_from([1, 1, 1, 1, 2, 0]))  # mostly continuing; a gap; a replay
    return entries, valid, offset


def expected_moves(entries: list[ledger_pb2.JournalEntry]) -> dict[str, int]:
    net: dict[str, int] = {}
    for entry in entries:
        for m in entry.movements:
            net[m.sku] = net.get(m.sku, 0) + m.qty_base
    return net


def send(stub: sync_pb2_grpc.StoreSyncStub, entries: list[ledger_pb2.JournalEntry],
         newest: int) -> tuple[int, sync_pb2.UpstreamReply]:  # fmt: skip
    """Hello and one batch on a new Upstream stream: (committed seq at hello, the reply)."""
    hello = sync_pb2.Hello(store_code="S001", agent_version="fuzz/1", newest_seq=newest)
    messages = [
        sync_pb2.UpstreamMessage(hello=hello),
        sync_pb2.UpstreamMessage(batch=sync_pb2.EntryBatch(batch_id=1, entries=entries)),
    ]
    replies = stub.Upstream(iter(messages), timeout=30)
    welcome = next(replies).welcome
    reply = next(replies)
    replies.cancel()
    return welcome.committed_seq, reply


def test_head_office_applies_a_store_batch_exactly_or_refuses_it_with_a_reason(
    engine: Engine, chain: Chain
) -> None:
    add_store(UnitOfWork(engine), chain.tls.ca, "S001", "Store S001", "unused:1")
    seed_catalogue(engine, SKUS, cost_minor=100)
    cert = chain.stores["S001"]
    creds = channel_credentials(chain.tls.ca.cert_pem, cert.cert_pem, cert.key_pem)
    committed = [0]
    examples = [0]
    outcomes = {"applied": 0, "refused": 0}
    with (
        headoffice_on_loopback(engine, chain) as port,
        grpc.secure_channel(f"127.0.0.1:{port}", creds, options=channel_options()) as ch,
    ):
        stub = sync_pb2_grpc.StoreSyncStub(ch)

        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
        @given(batches())
        def one_batch(drawn: tuple[list[ledger_pb2.JournalEntry], bool, int]) -> None:
            built, valid, offset = drawn
            entries = [ledger_pb2.JournalEntry() for _ in built]
            first = max(committed[0] + offset, 1)
            continues = first == committed[0] + 1
            examples[0] += 1  # document ids never repeat: a replay is always other content
            for n, (entry, original) in enumerate(zip(entries, built, strict=True)):
                entry.CopyFrom(original)
                entry.seq = first + n
                entry.document_id = f"{entry.document_type}-{examples[0]}-{n}"
            before = levels(engine)
            at_hello, reply = send(stub, entries, entries[-1].seq)
            assert at_hello == committed[0]
            kind = reply.WhichOneof("kind")
            assert kind in ("ack", "refused"), reply
            if kind == "ack":
                new = [e for e in entries if e.seq > committed[0]]
                assert valid and continues, f"head office applied a crafted batch: {entries}"
                assert reply.ack.committed_seq == entries[-1].seq
                after = dict(before)
                for sku, qty in expected_moves(new).items():
                    after[sku] = after.get(sku, 0) + qty
                assert levels(engine) == {s: q for s, q in after.items() if q}
                committed[0] = reply.ack.committed_seq
                outcomes["applied"] += 1
            else:
                refused = reply.refused
                assert refused.reason_code and refused.message, reply
                assert not (valid and continues), f"refused a valid batch: {refused.message}"
                assert levels(engine) == before  # stock never moves for a refused batch
                outcomes["refused"] += 1

        one_batch()
    # Both outcomes really happened (a fuzzer that only ever refuses proves nothing).
    assert outcomes["applied"] > 0 and outcomes["refused"] > 0, outcomes
