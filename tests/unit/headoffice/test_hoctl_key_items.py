"""hoctl count key-items show says whether a store's key items were never set, set to
none, or set (by whom, from where), as text and as JSON (docs/output.md)."""

from __future__ import annotations

import io
import json

import pytest

from common.cli.output import Output
from common.pb.storeledger.v1 import count_admin_pb2
from headoffice.cli.hoctl_key_items import _out

AT_MS = 1_714_552_200_000  # 2024-05-01T08:30:00.000Z


def _shown(fmt: str, **fields: object) -> str:
    stream = io.StringIO()
    _out(Output(fmt, stream), count_admin_pb2.StoreKeyItems(store_code="S001", **fields), False)
    return stream.getvalue()


def test_never_set() -> None:
    assert "nobody has set key items for store S001" in _shown("table")
    shown = json.loads(_shown("json"))
    assert (shown["key_items"], shown["set_from"], shown["set_at"]) == ([], "", None)


def test_set_to_none_is_not_never_set() -> None:
    fields = {"set_by": "admin", "set_at_ms": AT_MS, "set_from": "headoffice"}
    text = _shown("table", **fields)
    assert "store S001 has no key items: admin set none at 2024-05-01T08:30:00.000Z" in text
    shown = json.loads(_shown("json", **fields))
    assert (shown["key_items"], shown["set_from"], shown["set_by"]) == ([], "headoffice", "admin")


@pytest.mark.parametrize("set_from", ["store", "headoffice"])
def test_a_list_says_who_set_it_and_from_where(set_from: str) -> None:
    fields = {"skus": ["TEA", "COLA"], "set_by": "max", "set_at_ms": AT_MS, "set_from": set_from}
    text = _shown("table", **fields)
    assert "key items of store S001: TEA, COLA" in text
    assert "set by max at 2024-05-01T08:30:00.000Z" in text
    assert ("set at the store by its staff" in text) == (set_from == "store")
    shown = json.loads(_shown("json", **fields))
    assert shown["key_items"] == [{"sku": "TEA"}, {"sku": "COLA"}]
    assert shown["set_from"] == set_from
