"""Head office's effects are registered against the journal-kind table, one per kind that has one.

Adding a kind is a registry line and its effect: the toy-kind test below adds
both inside the test and sees apply_batch run the effect on the fake unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

import headoffice.services.sync  # noqa: F401 - imports the effect modules, which register
from common import journal_kinds as jk
from common.pb.storeledger.v1 import ledger_pb2
from headoffice.domain.documents import JournalDocument
from headoffice.services import audit, effects
from headoffice.services.effects import EFFECTS, effect
from headoffice.services.ports import UnitOfWorkPort
from headoffice.services.sync import apply_batch
from headoffice.store import journal_codec
from tests.journal_entries import sale_of
from tests.unit.headoffice.fake_ledger import FakeJournal
from tests.unit.headoffice.fakes import FakeDatabase, FakeUnitOfWork

WRITE_OFF = ledger_pb2.MOVEMENT_REASON_WRITE_OFF
SALE = ledger_pb2.MOVEMENT_REASON_SALE


def test_every_kind_with_an_effect_has_exactly_one_and_no_other_kind_has_any() -> None:
    with_effect = sorted(k.name for k in jk.KINDS.values() if k.headoffice_effect)
    assert sorted(EFFECTS) == with_effect
    for name in with_effect:
        assert EFFECTS[name].kind is jk.KINDS[name]


def test_every_effects_body_type_decodes_from_its_kinds_body() -> None:
    for registered in EFFECTS.values():
        journal_codec.check_body_type(registered.body_type, registered.kind.body_field)


def test_a_second_effect_or_an_effect_for_a_kind_without_one_is_refused() -> None:
    @dataclass(frozen=True)
    class Nothing:
        pass

    def again(uow: UnitOfWorkPort, store: str, doc: JournalDocument[Any], now: int) -> bool:
        return False

    with pytest.raises(ValueError, match="already has the effect on_shipment"):
        effect(jk.TRANSFER_SHIPMENT, body=Nothing)(again)
    with pytest.raises(ValueError, match="journal kind sale has headoffice_effect=False"):
        effect(jk.SALE, body=Nothing)(again)
    assert EFFECTS["transfer_shipment"].run.__name__ == "on_shipment"
    assert "sale" not in EFFECTS


# -- a toy kind: one registry line and one effect, both in this test --------------------


@dataclass(frozen=True)
class TastedLine:
    sku: str
    qty_base: int


@dataclass(frozen=True)
class TastingBody:
    """What the effect reads of the toy kind's body (a CartVoid message)."""

    till_id: str
    lines: tuple[TastedLine, ...]


TOY = jk.JournalKind("toy_tasting", "cart_void", {"write_off": jk.OUT}, headoffice_effect=True)
SEEN: list[JournalDocument[TastingBody]] = []


def on_tasting(
    uow: UnitOfWorkPort, store_code: str, document: JournalDocument[TastingBody], now_ms: int
) -> bool:
    SEEN.append(document)
    lines = [{"sku": line.sku, "qty_base": line.qty_base} for line in document.body.lines]
    audit.record(uow, f"store {store_code}", "tasting.record", "tasting", document.document_id,
                 None, {"till": document.body.till_id, "lines": lines}, now_ms)  # fmt: skip
    return True


@pytest.fixture
def toy_kind() -> Any:
    jk.register(TOY)
    effect(TOY, body=TastingBody)(on_tasting)
    SEEN.clear()
    yield TOY
    effects.unregister(TOY)
    jk.unregister(TOY)


def tasting(seq: int) -> ledger_pb2.JournalEntry:
    return ledger_pb2.JournalEntry(
        seq=seq,
        occurred_at_ms=1_000 + seq,
        actor="anna",
        document_type="toy_tasting",
        document_id=f"taste-{seq}",
        movements=[ledger_pb2.Movement(sku="COLA", qty_base=-2, reason=WRITE_OFF)],
        cart_void=ledger_pb2.CartVoid(
            till_id="T1", cashier="anna", lines=[ledger_pb2.SaleLine(sku="COLA", qty_base=2)]
        ),
    )


def sale(seq: int) -> ledger_pb2.JournalEntry:
    return sale_of(seq, [("COLA", 1)])


def test_a_toy_kind_reaches_its_effect_through_apply_batch(
    toy_kind: jk.JournalKind, monkeypatch: pytest.MonkeyPatch
) -> None:
    decoded: list[str] = []
    real_document = FakeJournal.document

    def counting(entry: Any, kind: jk.JournalKind, body_type: type[Any]) -> Any:
        decoded.append(kind.name)
        return real_document(entry, kind, body_type)

    monkeypatch.setattr(FakeJournal, "document", staticmethod(counting))
    db = FakeDatabase()
    db.seed_store("S001")
    db.seed_product("COLA")
    uow = FakeUnitOfWork(db)
    result = apply_batch(uow, "S001", [sale(1), tasting(2), sale(3)], now_ms=9_000)
    assert (result.applied, result.notify_downstream) == (3, True)
    assert db.levels_of("S001") == {"COLA": -4}
    (document,) = SEEN
    assert (document.seq, document.actor, document.kind, document.document_id) == (
        2,
        "anna",
        toy_kind,
        "taste-2",
    )
    assert document.body == TastingBody("T1", (TastedLine("COLA", 2),))
    assert [r.action for r in db.tables.audit] == ["tasting.record"]
    assert decoded == ["toy_tasting"]  # only the entry whose kind has an effect is decoded


def test_without_its_registry_line_the_toy_kind_is_refused() -> None:
    from headoffice.domain.errors import InvalidEntry

    SEEN.clear()
    db = FakeDatabase()
    db.seed_store("S001")
    with pytest.raises(InvalidEntry, match="'toy_tasting' is not one StoreLedger knows"):
        apply_batch(FakeUnitOfWork(db), "S001", [tasting(1)])
    assert db.sync_of("S001").committed_seq == 0 and not SEEN
