"""pos count and hoctl count print a count's scope as a readable, safe cell, never a Python dict."""

from __future__ import annotations

import csv
import io

import pytest

from common.cli.output import Output
from common.pb.storeledger.v1 import count_admin_pb2, stocktake_pb2, store_counts_pb2
from edge_agent.cli.count_documents import SESSION_COLUMNS, session_document
from headoffice.cli.count_documents import LIST_COLUMNS
from headoffice.cli.count_documents import session_document as ho_session_document


def _scope(kind: str, **lists: list[str]) -> stocktake_pb2.CountScope:
    return stocktake_pb2.CountScope(kind=kind, **lists)


def _store_rows(scope: stocktake_pb2.CountScope) -> list[dict]:
    s = store_counts_pb2.StoreCountSession(session_id="CS-1", state="open", scope=scope)
    return [session_document(s, "CNY")]


def _ho_rows(scope: stocktake_pb2.CountScope) -> list[dict]:
    s = count_admin_pb2.CountSessionInfo(session_id="CS-1", store_code="S001", scope=scope)
    return [ho_session_document(s)]


def _printed(fmt: str, rows: list[dict], columns: list) -> str:
    stream = io.StringIO()
    Output(fmt, stream).listing(rows, columns)
    return stream.getvalue()


SIDES = [(_store_rows, SESSION_COLUMNS), (_ho_rows, LIST_COLUMNS)]


@pytest.mark.parametrize(("rows", "columns"), SIDES)
def test_sessions_csv_has_the_scope_as_name_value_pairs(rows, columns) -> None:
    scope = _scope("category", categories=["drinks", "snacks"], skus=["COLA-330", "TEA-500"])
    text = _printed("csv", rows(scope), columns)
    assert "{" not in text and "'categories'" not in text
    record = next(csv.DictReader(io.StringIO(text)))
    assert record["scope_kind"] == "category"
    assert record["scope"] == "category=drinks category=snacks"
    assert record["sku_count"] == "2"


@pytest.mark.parametrize(("rows", "columns"), SIDES)
def test_sessions_table_shows_what_the_scope_covers(rows, columns) -> None:
    text = _printed("table", rows(_scope("location", locations=["A-", "backroom"])), columns)
    assert "location=A- location=backroom" in text and "{" not in text


@pytest.mark.parametrize(("rows", "columns"), SIDES)
def test_a_hostile_category_name_is_made_safe_in_both_formats(rows, columns) -> None:
    scope = _scope("category", categories=["=cmd|' /C calc'!A0", "tea\x1b[2J"])
    data = rows(scope)
    for fmt in ("csv", "table"):
        text = _printed(fmt, data, columns)
        assert "\x1b" not in text
    record = next(csv.DictReader(io.StringIO(_printed("csv", data, columns))))
    assert not record["scope"].startswith(("=", "+", "-", "@"))


def test_a_full_scope_lists_no_skus_in_the_cell() -> None:
    skus = [f"SKU-{n:05d}" for n in range(20_000)]
    text = _printed("csv", _store_rows(_scope("full", skus=skus)), SESSION_COLUMNS)
    record = next(csv.DictReader(io.StringIO(text)))
    assert record["scope"] == "" and record["sku_count"] == "20000"
