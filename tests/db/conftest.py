"""Fixtures for head-office database tests: a migrated engine on each engine in turn.

The database comes from tests/conftest.py's `migrated_db_url`: a copy of a
template migrated once per session, so a test pays for a copy, not for the
migrations.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

import grpc
import pytest
from sqlalchemy.engine import Engine

from common.certs import KeyPair, create_ca
from common.pb.storeledger.v1 import catalogue_admin_pb2, catalogue_admin_pb2_grpc, ledger_pb2
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


@pytest.fixture
def store(uow: Callable[[], UnitOfWork], ca: KeyPair) -> str:
    add_store(uow(), ca, "S001", "Main Street", "127.0.0.1:1", now_ms=1_000)
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
