"""A stored-value debit authorised online through a real `headoffice serve` on PostgreSQL.

Stores are enrolled with hoctl (one bundle, one mTLS channel each); each store's member
is signed up and topped up through the services on the same database. Then, open loop,
every store sends a fixed rate of calls for a fixed time, first the baseline, then the
debits, on the same channels: the baseline is the empty round trip of gRPC's health
Check through the same server, interceptors and TLS; a debit is MemberTill.AuthoriseDebit
(1 fen, its own idempotency key), which locks the member's account row, books the entry
and commits.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from common.bundle import EnrolmentBundle
from common.pb.storeledger.v1 import members_pb2, members_pb2_grpc
from common.tls import channel_credentials, channel_options
from headoffice.domain.stored_value import POLICY_DEFAULTS, policy_from_config
from headoffice.services import stored_value as sv
from headoffice.services.members import NewMember, add_member
from headoffice.store.engine import create_engine
from headoffice.store.unit_of_work import UnitOfWork
from tests.benchmarks.baselines import percentile
from tests.benchmarks.fresh_headoffice import fresh_headoffice
from tests.benchmarks.report import Figure, Section, ms, progress, summary

P99_TARGET_MS = 50.0
WARM_UP_S = 2.0


def _members(url: str, count: int) -> list[str]:
    engine = create_engine(url)
    policy = policy_from_config(POLICY_DEFAULTS)
    cards = []
    try:
        for n in range(count):
            card = f"BENCH{n:05d}"
            member = add_member(
                UnitOfWork(engine),
                "bench",
                NewMember(phone=f"139{n:08d}", name="Bench", card_no=card),
            )
            sv.topup(UnitOfWork(engine), sv.Request("", f"bench-{n}", "bench"), member.member_id,
                     100_000, policy)  # fmt: skip
            cards.append(card)
    finally:
        engine.dispose()
    return cards


async def _load(
    bundles: list[EnrolmentBundle], cards: list[str], address: str, rate: float, seconds: float,
    debit: bool,
) -> list[float]:  # fmt: skip
    """Latencies (ms) of every call made after the warm-up, all stores at `rate` a second."""
    latencies: list[float] = []
    start = time.monotonic() + 0.5
    record_from = start + WARM_UP_S
    end = record_from + seconds

    async def store(n: int, bundle: EnrolmentBundle) -> None:
        creds = channel_credentials(
            bundle.ca_pem.encode(), bundle.cert_pem.encode(), bundle.key_pem.encode()
        )
        async with grpc.aio.secure_channel(address, creds, options=channel_options()) as ch:
            health = health_pb2_grpc.HealthStub(ch)
            till = members_pb2_grpc.MemberTillStub(ch)
            await health.Check(health_pb2.HealthCheckRequest())  # connect before the clock
            tick = 0
            while True:
                due = start + (tick + n / len(bundles)) / rate
                if due >= end:
                    return
                await asyncio.sleep(max(0.0, due - time.monotonic()))
                sent = time.monotonic()
                if debit:
                    reply = await till.AuthoriseDebit(
                        members_pb2.TillDebitRequest(
                            member=cards[n],
                            amount_minor=1,
                            key=f"{bundle.store_code}-{tick}",
                            cashier="bench",
                        )  # fmt: skip
                    )
                    assert not reply.replayed
                else:
                    await health.Check(health_pb2.HealthCheckRequest())
                if sent >= record_from:
                    latencies.append((time.monotonic() - sent) * 1000)
                tick += 1

    await asyncio.gather(*(store(n, b) for n, b in enumerate(bundles)))
    return latencies


def run(work: Path, admin_dsn: str, stores: int, rate: float, seconds: float) -> Section:
    figures: list[Figure] = []
    with fresh_headoffice(work, admin_dsn) as ho:
        url = ho.db_url
        assert url is not None
        out = work / "bundles"
        out.mkdir()
        paths = [ho.add_store(f"V{n:03d}", f"Bench V{n:03d}", out) for n in range(stores)]
        bundles = [EnrolmentBundle.from_bytes(p.read_bytes(), str(p)) for p in paths]
        cards = _members(url, stores)
        progress(f"head office at {ho.grpc_address}, {stores} stores, {stores} members topped up")
        base = asyncio.run(_load(bundles, cards, ho.grpc_address, rate, seconds, debit=False))
        debits = asyncio.run(_load(bundles, cards, ho.grpc_address, rate, seconds, debit=True))
        b50, b99 = summary(base)
        d50, d99 = summary(debits)
        progress(
            f"baseline p50 {b50:.1f} ms p99 {b99:.1f} ms; debit p50 {d50:.1f} ms p99 {d99:.1f} ms"
        )
        load = f"{stores} stores x {rate:g}/s"
        figures += [
            Figure(f"{load}: empty RPC (health Check) p50", ms(b50)),
            Figure(f"{load}: empty RPC (health Check) p99", ms(b99)),
            Figure(
                f"{load}: stored-value debit p50", f"{ms(d50)} ({d50 / b50:.1f}x the empty RPC)"
            ),
            Figure(
                f"{load}: stored-value debit p99",
                f"{ms(d99)} ({d99 / b99:.1f}x the empty RPC)",
                f"< {P99_TARGET_MS:.0f} ms",
                d99 < P99_TARGET_MS,
            ),
            Figure(
                f"{load}: debit p95 / share over {P99_TARGET_MS:.0f} ms",
                f"{ms(percentile(debits, 95))} / "
                f"{100 * sum(d > P99_TARGET_MS for d in debits) / len(debits):.1f} %",
            ),
            Figure("debits measured", f"{len(debits)}"),
        ]
    return Section(
        title="Stored-value debit through head office (real `headoffice serve` on PostgreSQL)",
        figures=figures,
        notes=[
            "Each store: its own mTLS channel with its enrolment bundle; calls sent open loop "
            f"at a fixed rate, {WARM_UP_S:g} s warm-up not counted, then {seconds:g} s measured; "
            "the baseline (grpc.health Check, an empty round trip through the same server, "
            "interceptors and TLS) runs first on the same channels at the same rate.",
            "A debit: MemberTill.AuthoriseDebit of 1 fen with its own key on the store's member "
            "(lock the account row, check the key, book the entry, commit).",
            "The clients share the machine with head office and PostgreSQL.",
        ],
    )
