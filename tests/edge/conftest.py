"""Fixtures for edge-agent tests on a real SQLite ledger in tmp_path."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from common.bundle import EnrolmentBundle
from common.certs import ROLE_SERVER, ROLE_STORE, KeyPair, create_ca, issue_certificate
from common.pb.storeledger.v1 import catalogue_pb2, ledger_pb2
from edge_agent.services.context import StoreContext
from edge_agent.services.sync_journal import journal_after
from edge_agent.sync.downstream_handlers import apply_product

COLA_BARCODE = "6901234567892"
CHIPS_BARCODE = "6920000000012"  # valid EAN-13


def seed_catalogue(ctx: StoreContext) -> None:
    products = [
        catalogue_pb2.Product(
            sku="COLA",
            name="Cola 330ml",
            barcodes=[COLA_BARCODE],
            unit="piece",
            price_minor=350,
            cost_minor=200,
            currency="CNY",
            active=True,
        ),
        catalogue_pb2.Product(
            sku="CHIPS",
            name="Chips 70g",
            barcodes=[CHIPS_BARCODE],
            unit="piece",
            price_minor=800,
            cost_minor=500,
            currency="CNY",
            active=True,
        ),
        catalogue_pb2.Product(
            sku="RICE",
            name="Loose rice",
            unit="g",
            price_minor=2,
            cost_minor=1,
            currency="CNY",
            active=True,
        ),
    ]
    for cursor, product in enumerate(products, start=1):
        apply_product(ctx, product, cursor)


def journal_entries(ctx: StoreContext, after: int = 0) -> list[ledger_pb2.JournalEntry]:
    """The journal as head office would receive it."""
    return [
        ledger_pb2.JournalEntry.FromString(e.payload) for e in journal_after(ctx, after, 10_000)
    ]


def entry_at(ctx: StoreContext, seq: int) -> ledger_pb2.JournalEntry:
    return journal_entries(ctx, seq - 1)[0]


def levels(ctx: StoreContext) -> dict[str, int]:
    with ctx.db.read() as uow:
        return dict(uow.stock.levels())


def newest_seq(ctx: StoreContext) -> int:
    with ctx.db.read() as uow:
        return uow.journal.newest_seq()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StoreContext]:
    ctx = StoreContext.open(tmp_path / "ledger.db", "S001", "Corner Shop")
    seed_catalogue(ctx)
    yield ctx
    ctx.close()


@dataclass(frozen=True)
class Pki:
    ca: KeyPair
    server: KeyPair
    store: KeyPair


@pytest.fixture(scope="session")
def pki() -> Pki:
    """A chain CA, head office's server certificate and store S001's client certificate."""
    ca = create_ca("Test chain")
    return Pki(
        ca=ca,
        server=issue_certificate(
            ca,
            "storeledger-headoffice",
            ROLE_SERVER,
            hosts=["storeledger-headoffice", "localhost", "127.0.0.1"],
        ),
        store=issue_certificate(ca, "S001", ROLE_STORE),
    )


def make_bundle(pki: Pki, headoffice_address: str) -> EnrolmentBundle:
    return EnrolmentBundle(
        store_code="S001",
        store_name="Corner Shop",
        headoffice_address=headoffice_address,
        ca_pem=pki.ca.cert_pem.decode(),
        cert_pem=pki.store.cert_pem.decode(),
        key_pem=pki.store.key_pem.decode(),
    )


def wait_for(condition: Callable[[], object], timeout_s: float = 10.0, what: str = "condition"):
    """Poll until condition() is truthy (returns it) or fail after a bounded deadline."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s}s waiting for {what}")
        time.sleep(0.02)
