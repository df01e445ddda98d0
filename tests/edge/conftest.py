"""Fixtures for edge-agent tests on a real SQLite ledger in tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from common.pb.storeledger.v1 import catalogue_pb2
from edge_agent.services.catalogue import apply_catalogue_change
from edge_agent.services.context import StoreContext

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
        apply_catalogue_change(ctx, product, cursor)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[StoreContext]:
    ctx = StoreContext.open(tmp_path / "ledger.db", "S001", "Corner Shop")
    seed_catalogue(ctx)
    yield ctx
    ctx.close()
