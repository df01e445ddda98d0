"""hoctl transfer and pos transfer read SKU=QTY lines; bad ones get one sentence."""

from __future__ import annotations

import pytest

from common.errors import InvalidInput, StoreLedgerError
from edge_agent.cli.pos_transfers import parse_confirmations
from headoffice.cli.hoctl import build_parser
from headoffice.cli.hoctl_transfers import parse_items


def test_hoctl_reads_sku_equals_quantity() -> None:
    items = parse_items(["COLA-330=24", "A=B=2"])
    assert [(i.sku, i.qty_base) for i in items] == [("COLA-330", 24), ("A=B", 2)]
    for bad in ("COLA", "=3", "COLA=", "COLA=2@180"):
        with pytest.raises(StoreLedgerError, match="must be SKU=QTY in base units"):
            parse_items([bad])
    for bad in ("COLA=1.5", "COLA=x", "CHIPS=-1", "CHIPS=0"):
        with pytest.raises(StoreLedgerError, match="positive whole number"):
            parse_items([bad])


def test_pos_reads_confirmations() -> None:
    assert [(i.sku, i.qty_base) for i in parse_confirmations(["COLA=0"])] == [("COLA", 0)]
    with pytest.raises(InvalidInput, match="positive whole number.*0 allowed"):
        parse_confirmations(["COLA=2.5"])
    with pytest.raises(InvalidInput, match="must be SKU=QTY"):
        parse_confirmations(["COLA"])


def test_hoctl_transfer_arguments() -> None:
    parser = build_parser()
    args = parser.parse_args(["transfer", "create", "--from", "S001", "--to", "S002", "X=1"])
    assert (args.from_store, args.to_store, args.items) == ("S001", "S002", ["X=1"])
    args = parser.parse_args(["transfer", "resolve", "TR1", "--as", "transit-loss"])
    assert args.as_ == "transit-loss" and args.context == "transfer resolve"
    with pytest.raises(SystemExit):
        parser.parse_args(["transfer", "resolve", "TR1", "--as", "shrug"])
    with pytest.raises(SystemExit):
        parser.parse_args(["transfer", "list", "--state", "lost"])
