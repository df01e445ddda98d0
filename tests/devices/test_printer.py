"""Receipts through the DeviceHub to real python-escpos connections, read back from the bytes.

Every failure here (full device, a reader that hangs up mid-receipt, a serial
cable pulled mid-receipt, nobody listening, a printer stuck on the previous
job) must come back as a PrintResult warning, never as an exception.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import serial

from common.domain.promotions import LineOffer
from common.i18n import use_language
from edge_agent.devices.escpos_text import CHINESE_OFF, CHINESE_ON
from edge_agent.devices.hub import DeviceHub
from edge_agent.devices.peripherals import PrintResult
from edge_agent.devices.scale import SCALE_PROTOCOLS
from edge_agent.devices.tills_config import parse_tills
from edge_agent.domain.customer_receipt import (
    CustomerReceipt,
    StoreHeader,
    return_receipt,
    sale_receipt,
)
from edge_agent.domain.returns import ReturnLine, SaleReturn
from edge_agent.domain.sale_record import RecordedLine, RecordedSale
from edge_agent.domain.tender import Tender
from edge_agent.domain.text_columns import text_width
from tests.devices.conftest import PtyPair, wait_for
from tests.devices.escpos_decode import decode

TZ = ZoneInfo("Asia/Shanghai")
STORE = StoreHeader("S001", "Corner Shop", "CNY")
AT_MS = 1_700_000_000_000
KICK = b"\x1bp\x00\x32\x32"  # ESC p 0 t1 t2: pulse the drawer on kick pin 2


def hub_for(entry: str, **kwargs) -> DeviceHub:
    return DeviceHub(parse_tills(f"[T1]\n{entry}", frozenset(SCALE_PROTOCOLS)), **kwargs)


def a_sale(lines: int = 0) -> RecordedSale:
    extra = tuple(
        RecordedLine(4 + n, f"S{n}", f"S{n}", f"Item {n}", 1, 100, 100, 100) for n in range(lines)
    )
    return RecordedSale(
        sale_id="sale-7",
        sale_no=7,
        till_id="T1",
        cashier="amy",
        currency="CNY",
        total_minor=1590,
        rounding_minor=-2,
        lines=(
            RecordedLine(1, "COLA", "COLA", "Cola 330ml", 2, 350, 700, list_price_minor=350),
            RecordedLine(
                2, "CHIPS", "CHIPS", "Chips 70g", 1, 800, 700, list_price_minor=800,
                discount_minor=100,
            ),
            RecordedLine(3, "BREAD", "BREAD", "Bread", 1, 192, 192, list_price_minor=250),
            *extra,
        ),
        tenders=(
            Tender("card", 1000, 1000, 0, "622202******1234"),
            Tender("cash", 590, 1000, 410, ""),
        ),
    )  # fmt: skip


def a_receipt(seq: int, lines: int = 0) -> CustomerReceipt:
    """The receipt of a_sale, committed as journal entry seq at AT_MS."""
    return sale_receipt(STORE, a_sale(lines), seq, AT_MS, TZ)


def test_sale_receipt_bytes_say_everything_and_end_with_a_cut(tmp_path: Path) -> None:
    paper = tmp_path / "receipts.bin"
    hub = hub_for(f'printer = "file:{paper}"\ndrawer = true\npaper_width = 32')
    result = hub.print_receipt("T1", a_receipt(42), open_drawer=True)
    assert result == PrintResult(True, True, "")
    printed = decode(paper.read_bytes())
    when = dt.datetime.fromtimestamp(AT_MS // 1000, TZ).strftime("%Y-%m-%d %H:%M:%S")
    assert printed.lines[:6] == [
        "Corner Shop",
        "Store S001",
        "Till T1   Cashier amy",
        "Sale 7   Journal #42",
        when,
        "-" * 32,
    ]
    assert printed.big_lines == ["Corner Shop"]
    assert "Corner Shop" in printed.bold_lines and "Corner Shop" in printed.centred_lines
    body = printed.lines[6:]
    assert body[:8] == [
        "Cola 330ml",
        "  2 x ¥3.50                ¥7.00",
        "Chips 70g",
        "  1 x ¥8.00                ¥8.00",
        "  discount                -¥1.00",
        "Bread",
        "  1 x ¥1.92                ¥1.92",
        "  price override (list ¥2.50)",
    ]
    assert "TOTAL                     ¥15.90" in printed.bold_lines
    for row in (
        "Cash rounding             -¥0.02",
        "CARD 622202******1234     ¥10.00",
        "CASH                      ¥10.00",
        "CHANGE                     ¥4.10",
        "Thank you for shopping with us",
    ):
        assert row in body
    assert all(len(line) <= 32 for line in printed.lines)
    assert "REPRINT" not in "".join(printed.lines)
    assert printed.drawer_pulses == [KICK]
    assert printed.events[0] == "drawer" and printed.events[-1] == "cut"
    assert printed.cuts == 1


def test_reprint_return_and_report_and_the_drawer_alone(tmp_path: Path) -> None:
    paper = tmp_path / "receipts.bin"
    hub = hub_for(f'printer = "file:{paper}"\ndrawer = true')

    assert hub.print_receipt("T1", a_receipt(42), False, reprint=True).printed
    reprint = decode(paper.read_bytes())
    assert "*** REPRINT ***" in reprint.bold_lines
    assert reprint.drawer_pulses == [] and reprint.cuts == 1
    assert all(len(line) <= 42 for line in reprint.lines)

    paper.unlink()
    sale_return = SaleReturn(
        return_id="return-3",
        return_no=3,
        original_sale_id="sale-7",
        original_sale_no=7,
        till_id="T1",
        cashier="amy",
        currency="CNY",
        total_minor=350,
        reason="dented",
        lines=(ReturnLine("COLA", "Cola 330ml", 1, 350, 350, "write_off", 1),),
        refunds=(Tender("cash", 350, 350, 0, ""),),
    )
    receipt = return_receipt(STORE, sale_return, 50, AT_MS, TZ)
    assert hub.print_receipt("T1", receipt, True) == PrintResult(True, True)
    returned = decode(paper.read_bytes())
    assert "RETURN 3 for sale 7" in returned.bold_lines
    assert any(line.startswith("  1 x ¥3.50 written off") for line in returned.lines)
    assert any(line.startswith("REFUND") and line.endswith(" ¥3.50") for line in returned.lines)
    assert returned.drawer_pulses == [KICK] and returned.cuts == 1

    paper.unlink()
    assert hub.print_text("T1", STORE, "Z REPORT 12", "Sales  3\nCash   15.90\n").printed
    report = decode(paper.read_bytes())
    assert report.lines[2:6] == ["Z REPORT 12", "-" * 42, "Sales  3", "Cash   15.90"]
    assert report.cuts == 1 and report.drawer_pulses == []

    paper.unlink()
    assert hub.open_drawer("T1") == PrintResult(False, True, "")
    assert paper.read_bytes() == KICK


def test_tills_without_a_printer_or_drawer_say_so(tmp_path: Path) -> None:
    paper = tmp_path / "receipts.bin"
    hub = hub_for(f'printer = "file:{paper}"')  # no drawer
    result = hub.print_receipt("T1", a_receipt(42), open_drawer=True)
    assert result == PrintResult(True, False, "no cash drawer is configured for till T1")
    assert decode(paper.read_bytes()).drawer_pulses == []
    assert hub.open_drawer("T1").warning == "no cash drawer is configured for till T1"
    assert hub.print_receipt("T9", a_receipt(42), False) == PrintResult(
        False, False, "no receipt printer is configured for till T9"
    )


def test_a_full_device_is_a_warning_not_an_exception() -> None:
    hub = hub_for('printer = "file:/dev/full"\ndrawer = true')  # like a printer out of paper
    result = hub.print_receipt("T1", a_receipt(42), open_drawer=True)
    assert not result.printed and not result.drawer_opened
    assert result.warning.startswith(
        "the receipt printer of till T1 (file:/dev/full) failed while printing: "
    )
    assert result.warning.endswith("the receipt of sale 7 is recorded and can be reprinted")


def _reader_hanging_up_after(fifo: Path, nbytes: int) -> threading.Thread:
    def read_then_hang_up() -> None:
        with open(fifo, "rb") as end:
            end.read(nbytes)

    thread = threading.Thread(target=read_then_hang_up, daemon=True)
    thread.start()
    return thread


def test_a_printer_failing_mid_receipt_is_a_warning(tmp_path: Path) -> None:
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    hub = hub_for(f'printer = "file:{fifo}"\ndrawer = true')
    # Far more than a pipe holds: the printer hangs up after the drawer pulse and 100 bytes.
    reader = _reader_hanging_up_after(fifo, 105)
    result = hub.print_receipt("T1", a_receipt(42, lines=2000), open_drawer=True)
    reader.join(5)
    assert result.printed is False
    assert result.drawer_opened is True  # the pulse went out before the receipt broke off
    assert result.warning.startswith(
        f"the receipt printer of till T1 (file:{fifo}) failed while printing: "
    )
    assert "Broken pipe" in result.warning
    assert result.warning.endswith("the receipt of sale 7 is recorded and can be reprinted")


def test_a_serial_printer_prints_and_a_pulled_cable_mid_receipt_is_a_warning(
    pty_pair: Callable[[str], PtyPair],
) -> None:
    pair = pty_pair("printer")
    hub = hub_for(f'printer = "serial:{pair.device}:19200"', print_timeout_s=30)
    with serial.Serial(str(pair.far), timeout=0.2) as far:
        assert hub.print_text("T1", STORE, "X REPORT", "Sales  3\n").printed
        received = bytearray()
        wait_for(lambda: received.extend(far.read(4096)) or received.endswith(b"\x1dV\x00"))
    report = decode(bytes(received))
    assert report.lines[2:4] == ["X REPORT", "-" * 42] and report.cuts == 1

    outcome: list[PrintResult] = []
    job = threading.Thread(
        target=lambda: outcome.append(hub.print_text("T1", STORE, "X REPORT", "line\n" * 20000)),
        daemon=True,
    )
    with serial.Serial(str(pair.far), timeout=5) as far:
        job.start()
        assert far.read(100)  # the printer has started on the report...
    pair.kill()  # ...and its cable is pulled
    job.join(30)
    assert outcome and not outcome[0].printed
    assert outcome[0].warning.startswith(
        f"the receipt printer of till T1 (serial:{pair.device}:19200) failed while printing: "
    )
    # cable still out: the next document cannot reach the printer at all
    result = hub.print_receipt("T1", a_receipt(42), False)
    assert result.warning.startswith(
        f"the receipt printer of till T1 (serial:{pair.device}:19200) cannot be reached: "
    )


def test_a_network_printer_nobody_answers_is_a_warning() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    hub = hub_for(f'printer = "network:127.0.0.1:{port}"')
    result = hub.print_receipt("T1", a_receipt(42), False)
    assert not result.printed
    assert result.warning.startswith(
        f"the receipt printer of till T1 (network:127.0.0.1:{port}) cannot be reached: "
    )


def test_a_printer_stuck_on_the_last_job_turns_the_next_away_in_bounded_time(
    tmp_path: Path,
) -> None:
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)  # opening it blocks until someone reads: a printer that never answers
    hub = hub_for(f'printer = "file:{fifo}"', busy_wait_s=0.2)
    stuck: list[PrintResult] = []
    first = threading.Thread(
        target=lambda: stuck.append(hub.print_receipt("T1", a_receipt(42), False)),
        daemon=True,
    )
    first.start()
    wait_for(lambda: hub._tills["T1"].print_lock.locked(), 5, "the first job to start")
    second = hub.print_receipt("T1", a_receipt(43), False)
    assert second == PrintResult(
        False,
        False,
        "the receipt printer of till T1 is still busy with the previous document; "
        "the receipt of sale 7 is recorded and can be reprinted",
    )
    with open(fifo, "rb") as printer_end:  # the printer wakes up and takes the first job
        data = printer_end.read()
    first.join(5)
    assert stuck == [PrintResult(True, False, "")]
    assert decode(data).lines[0] == "Corner Shop"


CHINESE_STORE = StoreHeader("S001", "街角小店", "CNY")


def a_chinese_receipt() -> CustomerReceipt:
    sale = a_sale()
    lines = tuple(
        replace(line, name=name)
        for line, name in zip(sale.lines, ("可口可乐 330ml", "薯片 70g", "面包"), strict=True)
    )
    return sale_receipt(CHINESE_STORE, replace(sale, lines=lines, cashier="小王"), 42, AT_MS, TZ)


def test_a_chinese_receipt_prints_in_chinese_and_decodes_from_the_bytes(tmp_path: Path) -> None:
    """The printer is read as a Chinese-market one (Chinese character mode at power-on): the
    Chinese goes in GB18030 two-byte codes, ¥ through a code page with that mode off."""
    paper = tmp_path / "receipts.bin"
    hub = hub_for(f'printer = "file:{paper}"\npaper_width = 32')
    with use_language("zh_CN"):
        assert hub.print_receipt("T1", a_chinese_receipt(), False) == PrintResult(True)
    data = paper.read_bytes()
    printed = decode(data, chinese_mode=True)
    assert printed.lines[:4] == [
        "街角小店",
        "门店 S001",
        "收银台 T1   收银员 小王",
        "销售单 7   流水 #42",
    ]
    assert printed.big_lines == ["街角小店"] and printed.big_chinese_lines == ["街角小店"]
    body = printed.lines[6:]
    assert body[:3] == ["可口可乐 330ml", "  2 x ¥3.50                ¥7.00", "薯片 70g"]
    assert "  折扣                    -¥1.00" in body
    assert "  改价（原价 ¥2.50）" in body
    assert "合计                      ¥15.90" in printed.bold_lines
    for row in ("现金抹零                  -¥0.02", "现金                      ¥10.00",
                "找零                       ¥4.10", "谢谢惠顾", "退换货请保留小票"):  # fmt: skip
        assert row in body
    assert all(text_width(line) <= 32 for line in printed.lines)
    # The same bytes on a printer that starts in code-page mode read the same: every
    # change of mode is said, never assumed.
    assert decode(data, chinese_mode=False).lines == printed.lines
    assert CHINESE_ON in data and CHINESE_OFF in data and "¥".encode("gb18030") not in data


def test_a_printer_without_a_chinese_font_gets_code_pages_only(tmp_path: Path) -> None:
    paper = tmp_path / "receipts.bin"
    hub = hub_for(f'printer = "file:{paper}"\npaper_width = 32\nprinter_charset = "code-pages"')
    with use_language("zh_CN"):
        assert hub.print_receipt("T1", a_chinese_receipt(), False).printed
    data = paper.read_bytes()
    assert CHINESE_ON not in data and CHINESE_OFF not in data and b"\x1c!" not in data
    printed = decode(data, chinese_mode=False)
    assert printed.lines[0] == "????????"  # one '?' per cell: the columns still line up
    assert "????                      ¥15.90" in printed.bold_lines  # 合计: two characters


EVIL_NAME = "\x1b[2J\x1b]0;pwn\x07\u202eevil"


def test_escpos_bytes_never_carry_escape_sequences_from_data(tmp_path: Path) -> None:
    """Issue 12, failure 6: control characters and terminal escapes in names print raw on
    receipts. A product, store and cashier name holding ESC[2J, an OSC title and RLO."""
    evil_sale = replace(
        a_sale(),
        cashier="amy\x1b[31m",
        lines=(RecordedLine(1, "EVIL", "EVIL", EVIL_NAME, 1, 350, 350, list_price_minor=350),),
        total_minor=350,
        rounding_minor=0,
        tenders=(Tender("cash", 350, 350, 0, ""),),
    )
    store = StoreHeader("S001", "Corner\x1b@Shop\x1dV\x00", "CNY")
    paper = tmp_path / "receipts.bin"
    hub = hub_for(f'printer = "file:{paper}"\npaper_width = 32')
    assert hub.print_receipt("T1", sale_receipt(store, evil_sale, 9, AT_MS, TZ), False).printed
    data = paper.read_bytes()
    printed = decode(data)
    text = "\n".join(printed.lines)
    for unwanted in ("\x1b", "\x07", "\u202e", "\x1d", "\x00", "[2J\x1b"):
        assert unwanted not in text
    assert "?[2J?]0;pwn??evil" in printed.lines  # each control printed as one '?'
    assert "Corner?@Shop?V?" in printed.lines
    assert "Till T1   Cashier amy?[31m" in printed.lines
    # The only commands in the bytes are the ones the printer module sends itself.
    assert b"\x1b[" not in data and b"\x1b]" not in data and b"\x07" not in data
    assert printed.cuts == 1


def test_a_receipt_says_why_each_line_got_its_price(tmp_path: Path) -> None:
    """Each promotion that took something off a line prints under it, with its words."""
    cola = RecordedLine(
        1, "COLA", "COLA", "Cola 330ml", 3, 350, 1050, list_price_minor=350,
        offer_discount_minor=407,
        offers=(LineOffer("COLA3", 350, "buy 2 get 1 free"), LineOffer("SPEND", 57, "\x1b[2Jspend")),
    )  # fmt: skip
    sale = replace(a_sale(), lines=(cola,), total_minor=643, rounding_minor=0)
    paper = tmp_path / "receipts.bin"
    hub = hub_for(f'printer = "file:{paper}"\npaper_width = 32')
    assert hub.print_receipt(
        "T1", sale_receipt(STORE, sale, 9, AT_MS, TZ), open_drawer=False
    ).printed
    body = decode(paper.read_bytes()).lines[6:]
    assert body[:4] == [
        "Cola 330ml",
        "  3 x ¥3.50               ¥10.50",
        "  buy 2 get 1 free        -¥3.50",
        "  ?[2Jspend               -¥0.57",  # no control character reaches the paper
    ]
    assert "TOTAL                      ¥6.43" in body
