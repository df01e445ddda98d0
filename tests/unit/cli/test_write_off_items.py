"""SKU=QTY parsing of hoctl writeoff request and pos writeoff: a sentence for every bad line."""

from __future__ import annotations

import pytest

from common.errors import StoreLedgerError
from edge_agent.cli.pos_writeoffs import parse_item as pos_item
from headoffice.cli.hoctl_writeoffs import parse_item as hoctl_item


@pytest.mark.parametrize("parse", [pos_item, hoctl_item])
def test_sku_equals_quantity(parse) -> None:
    item = parse("COLA-330=6")
    assert (item.sku, item.qty_base) == ("COLA-330", 6)
    assert parse("A=B=2").sku == "A=B"  # the quantity is after the last '='
    for text, words in (
        ("COLA-330", "must be SKU=QTY"),
        ("=3", "must be SKU=QTY"),
        ("COLA=0", "positive whole number"),
        ("COLA=1.5", "positive whole number"),
        ("COLA=-2", "positive whole number"),
    ):
        with pytest.raises(StoreLedgerError, match=words):
            parse(text)
