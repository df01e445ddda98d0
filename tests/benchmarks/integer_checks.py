"""The integer triggers' cost on the till's hot path: the median time of one durable sale (3
lines, one a bundle) on a ledger with migration 0010_integer_checks and on one downgraded
before it, interleaved twice. Run: .venv/bin/python -m tests.benchmarks.integer_checks [N]
(not part of `make bench`)."""

import statistics
import sys
import tempfile
import time
from pathlib import Path

from alembic import command

from common.domain.pricing import ScannedItem
from edge_agent.domain.tender import TenderOffer
from edge_agent.services.context import StoreContext
from edge_agent.services.selling import sell
from edge_agent.store.migrations import alembic_config
from edge_agent.sync.downstream_handlers import apply_product
from tests.edge.conftest import seed_catalogue
from tests.edge.test_bounds_till import _part, _product


def run(guarded: bool, n: int) -> float:
    db = Path(tempfile.mkdtemp()) / "ledger.db"
    ctx = StoreContext.open(db, "S001", "Bench")
    seed_catalogue(ctx)
    apply_product(
        ctx, _product("PARTY", 1000, "bundle", components=[_part("COLA", 2), _part("CHIPS", 1)]), 50
    )
    if not guarded:
        command.downgrade(alembic_config(db), "0009_command_keys")
    items = [ScannedItem("COLA", 2), ScannedItem("CHIPS", 1), ScannedItem("PARTY", 1)]
    times = []
    for i in range(n):
        t = time.perf_counter()
        sell(ctx, "T1", "ann", items, [TenderOffer("cash", 10_000)], f"k{i}")
        times.append(time.perf_counter() - t)
    ctx.close()
    return statistics.median(times) * 1000


n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
for round_ in range(2):
    print(
        f"round {round_}: without triggers {run(False, n):.3f} ms/sale, with triggers {run(True, n):.3f} ms/sale (median of {n})"
    )
