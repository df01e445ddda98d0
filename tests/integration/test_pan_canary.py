"""The PAN canary: no card number survives anywhere in the chain (issue 12, failure 4).

"References 4000.1298.7654.3215 and 4000_1298_7654_3215 are stored whole at the edge, in
the journal, at head office (SQLite and PostgreSQL) and printed on receipts; 'exp 12/25
cvv 123' is stored."

A real head office (SQLite, then PostgreSQL) and a real edge agent with a receipt printer
on a file take sales, returns and refunds whose card references, refund references and
reasons hold the test card numbers in every form a till meets (dots, underscores, spaces,
dashes, full-width digits, mixed separators, magnetic-stripe tracks), a write-off note and
a cash-out reason holding one, `pos sell` as a process, and references with a CVV or an
expiry (refused). Once head office has committed everything, both processes stop and the
canary scans every file they wrote (the ledger, its WAL, head office's SQLite database,
logs, the printer's paper), every row of both databases (journal payloads decoded as well
as raw; audit records included) and everything pos printed, for the digits of each test
card in any form (common.domain.card_data.contains_pan_digits). None may appear.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import grpc
import psycopg
import pytest
from google.protobuf import text_format

from common.domain.card_data import contains_pan_digits
from common.pb.storeledger.v1 import ledger_pb2, till_pb2
from scripts.chain import EdgeAgent, HeadOffice, wait_caught_up, wait_for
from tests.chain_fixtures import make_catalogue, till_stub

pytestmark = pytest.mark.timeout(300)

# Test card numbers (the issue's, a Mastercard test number, a 19-digit UnionPay one).
PANS = ("4000129876543215", "5555555555554444", "6212345678901234567")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def forms(pan: str) -> list[str]:
    """The card number as cashiers paste, type and swipe it."""
    groups = [pan[i : i + 4] for i in range(0, len(pan), 4)]
    mixed = groups[0] + " " + groups[1] + "-" + groups[2] + "." + "_".join(groups[3:])
    return [
        ".".join(groups),
        "_".join(groups),
        " ".join(groups),
        "-".join(groups),
        pan.translate(FULL_WIDTH),
        f"paid with {mixed} thanks",
        f";{pan}=25121010000000000000?",  # track 2
        f"%B{pan}^DOE/JOHN^2512101?",  # track 1
    ]


def findings(where: str, text: str) -> list[str]:
    return [f"{where}: {pan}" for pan in PANS if contains_pan_digits(text, pan)]


def _cell_texts(value: object) -> Iterator[str]:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        yield value.decode("utf-8", errors="replace")
        try:  # a journal entry's payload, decoded as head office and the edge read it
            entry = ledger_pb2.JournalEntry.FromString(value)
            yield text_format.MessageToString(entry, as_utf8=True)
        except Exception:  # noqa: BLE001 - not every blob is a journal entry
            pass
    elif value is not None:
        yield str(value)


def scan_sqlite(path: Path) -> list[str]:
    found: list[str] = []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    for text in _cell_texts(value):
                        found += findings(f"{path.name} table {table}", text)
    return found


def scan_postgres(url: str) -> list[str]:
    found: list[str] = []
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            )
        ]
        assert "journal_entries" in tables and "audit_log" in tables
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):  # noqa: S608 - our own names
                for value in row:
                    for text in _cell_texts(value):
                        found += findings(f"PostgreSQL table {table}", text)
    return found


def scan_files(root: Path) -> list[str]:
    """Every file under root, raw: databases and their WAL, logs, the printer's paper."""
    found: list[str] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        found += findings(str(path.relative_to(root)), path.read_bytes().decode("utf-8", "replace"))
    return found


def test_the_canary_finds_a_card_number_where_one_is() -> None:
    assert findings("planted", "ref 4000_1298_7654_3215.") == ["planted: 4000129876543215"]
    assert findings("planted", "ref ４０００１２９８７６５４３２１５") == [
        "planted: 4000129876543215"
    ]
    assert findings("reduced", "CARD 400012******3215") == []


def _start(tmp_path: Path, db_url: str | None) -> tuple[HeadOffice, EdgeAgent, list[dict]]:
    ho = HeadOffice(tmp_path / "ho", db_url=db_url)
    ho.init()
    ho.start()
    text, products = make_catalogue(4)
    (tmp_path / "products.csv").write_text(text)
    ho.hoctl("catalogue", "import", str(tmp_path / "products.csv"))
    bundle = ho.add_store("S001", "Corner Shop", tmp_path)
    edge = EdgeAgent(tmp_path / "E", "S001")
    edge.init(bundle)
    paper = tmp_path / "E" / "paper.bin"
    (tmp_path / "E" / "tills.toml").write_text(f'[T1]\nprinter = "file:{paper}"\n')
    edge.start()
    edge.sign_in()  # demo, a store manager, at T1
    wait_for("the catalogue at S001", lambda: edge.status()["product_count"] >= 4, 30)
    return ho, edge, products


def _trade_with_card_numbers(edge: EdgeAgent, products: list[dict]) -> None:
    channel, stub = till_stub(edge)
    try:
        n = 0
        for pan in PANS:
            for reference in forms(pan):
                product = products[n % len(products)]
                price = int(product["price_minor"])
                sold = stub.Sell(
                    till_pb2.SellRequest(
                        till_id="T1", idempotency_key=f"sale-{n}",
                        items=[till_pb2.SellItem(code=product["barcodes"], qty_base=1)],
                        tenders=[till_pb2.TenderRequest(method="card", amount_minor=price,
                                                        reference=reference)],
                    ),
                    timeout=30,
                )  # fmt: skip
                assert "******" in sold.receipt_text
                stub.Return(
                    till_pb2.ReturnRequest(
                        till_id="T1", original_sale_no=sold.sale.sale_no,
                        items=[till_pb2.ReturnItem(code=product["sku"], qty_base=1)],
                        refunds=[till_pb2.TenderRequest(method="card", amount_minor=price,
                                                        reference=reference)],
                        reason=f"customer's card {reference}", idempotency_key=f"return-{n}",
                    ),
                    timeout=30,
                )  # fmt: skip
                n += 1
        for refused in ("exp 12/25 cvv 123", f"{forms(PANS[0])[2]} 12/25", "CVC2: 123"):
            with pytest.raises(grpc.RpcError) as error:
                stub.Sell(
                    till_pb2.SellRequest(
                        till_id="T1",
                        items=[till_pb2.SellItem(code=products[0]["barcodes"], qty_base=1)],
                        tenders=[till_pb2.TenderRequest(method="card", amount_minor=1,
                                                        reference=refused)],
                    ),
                    timeout=30,
                )  # fmt: skip
            assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
            assert "card data is never recorded" in (error.value.details() or "")
    finally:
        channel.close()


@pytest.mark.parametrize("ho_db", ["sqlite", "postgresql"], indirect=True)
def test_no_card_number_is_kept_anywhere_in_the_chain(tmp_path: Path, ho_db: str | None) -> None:
    ho, edge, products = _start(tmp_path, ho_db)
    shown: list[str] = []
    try:
        _trade_with_card_numbers(edge, products)
        # A cashier at pos: the receipt it prints, a write-off note and a cash-out reason.
        pan_form = forms(PANS[1])[0]
        sold = edge.pos("sell", products[1]["barcodes"], "--till", "T1", "--pay",
                        f"card:{products[1]['price_minor']}:{pan_form}")  # fmt: skip
        shown += [sold.stdout, sold.stderr]
        written_off = edge.pos("writeoff", f"{products[2]['sku']}=1", "--reason", "damaged",
                               "--note", f"card {pan_form} left in the box",
                               "--confirm-negative")  # fmt: skip
        shown += [written_off.stdout, written_off.stderr]
        cvv = edge.pos("writeoff", f"{products[2]['sku']}=1", "--reason", "damaged",
                       "--note", "exp 12/25 cvv 123", "--confirm-negative", check=False)  # fmt: skip
        assert cvv.returncode == 1 and "card data is never recorded" in cvv.stderr
        wait_caught_up(ho, [edge])
        stock = ho.hoctl_json("stock", "--store", "S001")
        assert stock  # head office applied the store's documents
    finally:
        edge.stop()
        ho.stop()
    paper = (tmp_path / "E" / "paper.bin").read_bytes()
    assert paper.count(b"400012******3215") >= 2  # the receipts printed the reduced number

    found = scan_files(tmp_path / "E") + scan_files(tmp_path / "ho")
    found += scan_sqlite(tmp_path / "E" / "ledger.db")
    found += scan_postgres(ho_db) if ho_db else scan_sqlite(tmp_path / "ho" / "headoffice.db")
    for n, text in enumerate(shown):
        found += findings(f"pos output {n}", text)
    assert found == []
