"""A member's sale on paper: the masked phone, level, stored-value balance after, points paid
and the offline mark, read back from the ESC/POS bytes (tests/devices/escpos_decode)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

from common.i18n import use_language
from edge_agent.devices.hub import DeviceHub
from edge_agent.devices.peripherals import PrintResult
from edge_agent.devices.scale import SCALE_PROTOCOLS
from edge_agent.devices.tills_config import parse_tills
from edge_agent.domain.customer_receipt import ReceiptMember, StoreHeader, sale_receipt
from edge_agent.domain.sale_record import RecordedLine, RecordedSale
from edge_agent.domain.tender import Tender
from edge_agent.domain.text_columns import text_width
from tests.devices.escpos_decode import decode

TZ = ZoneInfo("Asia/Shanghai")
STORE = StoreHeader("S001", "Corner Shop", "CNY")
AT_MS = 1_700_000_000_000
SALE = RecordedSale(
    sale_id="sale-8",
    sale_no=8,
    till_id="T1",
    cashier="amy",
    currency="CNY",
    total_minor=1000,
    lines=(RecordedLine(1, "TEA", "TEA", "Iced tea", 2, 500, 1000, list_price_minor=500),),
    tenders=(
        Tender("points", 300, 300, 0, "", "k1:pts", False, 300),
        Tender("stored_value", 700, 700, 0, "", "k1:sv", True),
    ),
    member_id="M000001",
    member_level="gold",
)
MEMBER = ReceiptMember("138****5678", "gold", 22_300, 300, True)


def printed(tmp_path: Path, member: ReceiptMember | None, language: str = "en") -> list[str]:
    paper = tmp_path / "receipts.bin"
    hub = DeviceHub(
        parse_tills(f'[T1]\nprinter = "file:{paper}"\npaper_width = 32', frozenset(SCALE_PROTOCOLS))
    )
    with use_language(language):
        receipt = sale_receipt(STORE, SALE, 9, AT_MS, TZ, member)
        assert hub.print_receipt("T1", receipt, False) == PrintResult(True)
    lines = decode(paper.read_bytes(), chinese_mode=language == "zh_CN").lines
    assert all(text_width(line) <= 32 for line in lines)
    return lines


def test_a_member_receipt_prints_the_masked_phone_balance_points_and_offline(
    tmp_path: Path,
) -> None:
    lines = printed(tmp_path, MEMBER)
    for row in ("POINTS                     ¥3.00", "STORED VALUE               ¥7.00",
                "Member 138****5678 (gold)", "Stored value balance     ¥223.00",
                "Points paid                  300"):  # fmt: skip
        assert row in lines
    assert any(line.startswith("OFFLINE: stored value taken") for line in lines)
    assert not any("13812345678" in line for line in lines)


def test_a_reprint_names_the_member_by_id_without_a_balance(tmp_path: Path) -> None:
    lines = printed(tmp_path, None)
    assert "Member M000001 (gold)" in lines and "Points paid                  300" in lines
    assert not any("balance" in line for line in lines)
    online = replace(SALE, tenders=(Tender("cash", 1000, 1000, 0, ""),), member_level="")
    paper = tmp_path / "other.bin"
    hub = DeviceHub(parse_tills(f'[T1]\nprinter = "file:{paper}"', frozenset(SCALE_PROTOCOLS)))
    hub.print_receipt("T1", sale_receipt(STORE, online, 9, AT_MS, TZ), False)
    lines = decode(paper.read_bytes()).lines
    assert "Member M000001" in lines and not any("OFFLINE" in line for line in lines)


def test_a_chinese_member_receipt(tmp_path: Path) -> None:
    lines = printed(tmp_path, MEMBER, "zh_CN")
    assert "会员 138****5678（gold）" in lines
    assert any(line.startswith("储值余额") and line.endswith("¥223.00") for line in lines)
    assert any(line.startswith("离线") for line in lines)
