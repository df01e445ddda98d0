"""A filled count file of many rows imports into a session the store opened (its 32-character
id left no room in a line id for a row number past 9), once."""

from __future__ import annotations

from edge_agent.services.context import StoreContext
from edge_agent.services.count_documents import import_count_file
from edge_agent.services.counting import start_count
from tests.unit.edge_agent.test_counting import store  # noqa: F401 - the fixture


def test_a_count_file_of_many_rows_imports_once(store: StoreContext) -> None:  # noqa: F811
    session = start_count(store, "max", "skus", skus=["COLA", "CHIPS"])
    assert len(session.session_id) == 32
    rows = "".join(f"A-{n:02d},COLA,,Cola,piece,{n}\n" for n in range(1, 121))
    data = f"location,sku,barcode,name,unit,qty\n{rows}B-01,CHIPS,,Chips,piece,7\n".encode()
    first = import_count_file(store, "ann", session.session_id, data)
    assert not first.replayed and len(first.lines) == 121
    assert max(len(ln.line_id) for ln in first.lines) <= 64
    assert sum(ln.qty_base for ln in first.lines if ln.sku == "COLA") == sum(range(1, 121))
    again = import_count_file(store, "ann", session.session_id, data)
    assert again.replayed and [ln.seq for ln in again.lines] == [ln.seq for ln in first.lines]
