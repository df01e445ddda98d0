"""Fixtures for head-office database tests: a migrated engine on each engine in turn.

The database comes from tests/conftest.py's `migrated_db_url`: a copy of a
template migrated once per session, so a test pays for a copy, not for the
migrations.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator

import grpc
import pytest
from sqlalchemy.engine import Engine

from common.certs import KeyPair, create_ca
from common.pb.storeledger.v1 import catalogue_admin_pb2, catalogue_admin_pb2_grpc, ledger_pb2
from headoffice.domain.catalogue import Product
from headoffice.services.members import NewMember, add_member
from headoffice.services.stores import add_store
from headoffice.store.engine import create_engine
from headoffice.store.unit_of_work import UnitOfWork
from tests.journal_entries import delivery, sale  # noqa: F401 - used by tests here

SALE = ledger_pb2.MOVEMENT_REASON_SALE
RECEIPT = ledger_pb2.MOVEMENT_REASON_RECEIPT


@pytest.fixture(scope="session")
def ca() -> KeyPair:
    return create_ca("Test chain")


@pytest.fixture
def engine(migrated_db_url: str) -> Iterator[Engine]:
    engine = create_engine(migrated_db_url)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def uow(engine: Engine) -> Callable[[], UnitOfWork]:
    return lambda: UnitOfWork(engine)


# The SKUs the database tests' entries name: head office refuses an entry for a SKU its
# catalogue does not hold (common.journal_rules), so the `store` fixture's chain sells them.
TEST_SKUS = ("COLA", "WATER", "TEA", *(f"SKU{n}" for n in range(40)))


def seed_catalogue(engine: Engine, skus: Iterable[str], cost_minor: int = 0) -> None:
    """Put goods with these SKUs in the catalogue as they are (no import rules: a test may
    need a SKU with characters an import refuses), at `cost_minor` each."""
    with UnitOfWork(engine) as uow:
        existing = uow.catalogue.existing_skus(skus)
        rows = [
            Product(sku, f"Product {n}", "piece", 200, cost_minor, "test", "CNY", True, ())
            for n, sku in enumerate(skus)
            if sku not in existing
        ]
        uow.catalogue.save_products(rows, set(), 1_000)
        uow.commit()


@pytest.fixture
def store(uow: Callable[[], UnitOfWork], ca: KeyPair, engine: Engine) -> str:
    add_store(uow(), ca, "S001", "Main Street", "127.0.0.1:1", now_ms=1_000)
    seed_catalogue(engine, TEST_SKUS)
    return "S001"


async def import_catalogue_rpc(
    staff_channel: grpc.aio.Channel, csv_text: str
) -> catalogue_admin_pb2.CatalogueImportResult:
    """Import a CSV text through CatalogueAdmin.ImportCatalogue as hoctl does; the result."""
    rows = [
        catalogue_admin_pb2.CatalogueRow(line_no=n, cells=cells)
        for n, cells in enumerate(csv.reader(io.StringIO(csv_text)), start=1)
    ]
    chunk = catalogue_admin_pb2.CatalogueImportChunk(source="test.csv", rows=rows)
    stub = catalogue_admin_pb2_grpc.CatalogueAdminStub(staff_channel)
    progress = [p async for p in stub.ImportCatalogue(iter([chunk]))]
    return progress[-1].result


def add_members(engine: Engine, count: int = 2) -> list[str]:
    """`count` members added at head office, in order: on a fresh database M000001, M000002..."""
    return [
        add_member(
            UnitOfWork(engine), "admin", NewMember(phone=f"1380000{n:04d}", name=f"Member {n}")
        ).member_id
        for n in range(1, count + 1)
    ]


@pytest.fixture
def members(engine: Engine) -> list[str]:
    """Two members (M000001, M000002) the loyalty tests' cards and points name."""
    return add_members(engine)
