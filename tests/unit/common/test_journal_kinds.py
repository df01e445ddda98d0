"""The journal-kind table covers the proto: every body field has a kind, every reason a name."""

from __future__ import annotations

import pytest

from common import journal_kinds as jk
from common.pb.storeledger.v1 import ledger_pb2


def test_every_body_field_of_the_proto_has_a_kind() -> None:
    oneof = ledger_pb2.JournalEntry.DESCRIPTOR.oneofs_by_name[jk.BODY_ONEOF]
    covered = {kind.body_field for kind in jk.KINDS.values()}
    missing = sorted(field.name for field in oneof.fields if field.name not in covered)
    assert missing == [], f"JournalEntry body fields without a journal kind: {missing}"


def test_every_movement_reason_of_the_proto_has_a_name() -> None:
    numbers = {n for _, n in ledger_pb2.MovementReason.items() if n}
    assert set(jk.REASON_NAMES) == numbers
    assert jk.REASON_NAMES[ledger_pb2.MOVEMENT_REASON_TRANSFER_OUT] == "transfer_out"
    assert jk.REASON_NUMBERS["supplier_return"] == ledger_pb2.MOVEMENT_REASON_SUPPLIER_RETURN


def test_kind_names_fit_the_document_type_column_and_are_unique() -> None:
    for name, kind in jk.KINDS.items():
        assert name == kind.name and len(name) <= jk.MAX_KIND_NAME


def test_an_unknown_kind_is_refused_with_a_sentence_naming_it() -> None:
    with pytest.raises(jk.UnknownJournalKind, match="'stocktake_magic' is not one"):
        jk.kind_named("stocktake_magic")


def test_a_kind_naming_an_unknown_reason_or_body_cannot_be_made() -> None:
    with pytest.raises(ValueError, match="unknown movement reasons"):
        jk.JournalKind("toy", "no_sale", {"teleport": jk.IN})
    with pytest.raises(ValueError, match="does not have"):
        jk.register(jk.JournalKind("toy", "no_such_body"))
    with pytest.raises(ValueError, match="registered twice"):
        jk.register(jk.JournalKind("sale", "sale"))


def test_signs() -> None:
    assert jk.OUT.allows(-1) and not jk.OUT.allows(1) and not jk.OUT.allows(0)
    assert jk.IN.allows(5) and not jk.IN.allows(-5)
    assert jk.EITHER.allows(-2) and jk.EITHER.allows(2) and not jk.EITHER.allows(0)
    assert jk.SALE.sign_of("sale") is jk.OUT and jk.SALE.sign_of("receipt") is None


def test_a_toy_kind_registers_and_unregisters() -> None:
    toy = jk.JournalKind("toy_count", "no_sale", {"adjustment": jk.EITHER})
    jk.register(toy)
    try:
        assert jk.kind_named("toy_count") is toy
    finally:
        jk.unregister(toy)
    assert "toy_count" not in jk.KINDS
