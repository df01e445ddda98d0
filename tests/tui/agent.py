"""A real edge agent (a process, head office absent) with the tests' catalogue, for the till
screen. Starting, serving and stopping it is tools/till_rig.py's (shared with the docs
screenshots); this module adds the catalogue the tests' barcodes name.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from common.pb.storeledger.v1 import catalogue_pb2
from edge_agent.services.context import StoreContext
from edge_agent.sync.downstream_handlers import apply_product
from tests.edge.conftest import seed_catalogue
from tools import till_rig
from tools.till_rig import MANAGER, MANAGER_PIN, Agent, add_manager, serve, stop_agent

__all__ = [
    "EXTRA_PRODUCTS",
    "MANAGER",
    "MANAGER_PIN",
    "Agent",
    "add_manager",
    "load_catalogue",
    "serve",
    "start_agent",
    "stop_agent",
]

EXTRA_PRODUCTS = [
    ("TEA-GREEN", "Green tea 500ml", "6901234560015", 450),
    ("TEA-BLACK", "Black tea 500ml", "6901234560022", 450),
    ("WIPES", "Car wipes 20 pack", "6901234560039", 1290),
]


def load_catalogue(ledger: Path) -> None:
    ctx = StoreContext.open(ledger, "S001")
    try:
        seed_catalogue(ctx)  # COLA, CHIPS, RICE (sold by the gram)
        for cursor, (sku, name, barcode, price) in enumerate(EXTRA_PRODUCTS, start=100):
            product = catalogue_pb2.Product(
                sku=sku,
                name=name,
                barcodes=[barcode],
                unit="piece",
                price_minor=price,
                cost_minor=price // 2,
                currency="CNY",
                active=True,
            )
            apply_product(ctx, product, cursor)
    finally:
        ctx.close()


def start_agent(
    tmp: Path,
    catalogue: Callable[[Path], None] = load_catalogue,
    approvals: dict[str, bool] | None = None,
    tills_toml: str = "",
    store: dict[str, str] | None = None,
) -> Agent:
    """tools.till_rig.start_agent with the tests' catalogue (COLA, CHIPS, RICE, teas, wipes)."""
    return till_rig.start_agent(tmp, catalogue, approvals, tills_toml, store)
