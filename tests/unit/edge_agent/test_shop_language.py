"""The store side speaks the shop's language: receipts, reports, refusals and columns in
Chinese when the call is Chinese, English otherwise; what the journal keeps never changes."""

from __future__ import annotations

import datetime as dt

import pytest

from common import journal_kinds as jk
from common.domain.pricing import ScannedItem
from common.domain.product import CatalogueProduct
from common.i18n import N_, Phrase, in_english, use_language
from edge_agent.domain.approvals import Approval
from edge_agent.domain.customer_receipt import StoreHeader, sale_receipt
from edge_agent.domain.errors import ApprovalRefused, PaymentShort
from edge_agent.domain.receipt_layout import receipt_rows, receipt_text
from edge_agent.domain.reports import TillTotals, close_text, report_text
from edge_agent.domain.sale import build_sale
from edge_agent.domain.sale_record import RecordedSale
from edge_agent.domain.tender import TenderOffer, settle
from edge_agent.domain.text_columns import centre, clip, pair, split_lines, text_width
from edge_agent.services import approving
from tests.unit.edge_agent.fakes import fake_store

COLA = CatalogueProduct("COLA", "可口可乐 330ml", "piece", 350, 200, "CNY")
STORE = StoreHeader("S001", "街角小店", "CNY")


def a_receipt():  # type: ignore[no-untyped-def]
    sale = build_sale(
        "S001", "T1", "小王", "CNY", [ScannedItem("COLA", 2)], [TenderOffer("cash", 1000)],
        lambda code: COLA,
    )  # fmt: skip
    return sale_receipt(STORE, RecordedSale.numbered(sale, "sale-id", 7), 42, 0, dt.UTC)


def test_a_chinese_receipt_says_its_words_in_chinese_with_yuan_amounts() -> None:
    with use_language("zh_CN"):
        text = receipt_text(a_receipt())
    lines = text.splitlines()
    assert "门店 S001" in text and "收银台 T1   收银员 小王" in lines
    assert "销售单 7   流水 #42" in lines
    assert "可口可乐 330ml" in lines
    assert "合计" + " " * 31 + "¥7.00" in lines  # 合计 takes four cells: 4 + 31 + 5 = 40
    assert "现金" + " " * 30 + "¥10.00" in lines
    assert "找零" + " " * 31 + "¥3.00" in lines
    assert "谢谢惠顾" in text and "TOTAL" not in text and "CNY" not in text
    assert all(text_width(line) <= 40 for line in lines)


def test_the_same_receipt_in_english_names_the_currency_with_its_sign() -> None:
    text = receipt_text(a_receipt())
    assert "TOTAL" + " " * 30 + "¥7.00" in text.splitlines()
    assert "合计" not in text and "Thank you for shopping with us" in text


@pytest.mark.parametrize("width", [24, 32, 42, 48])
def test_chinese_rows_fit_the_paper_by_cells_with_amounts_flush_right(width: int) -> None:
    with use_language("zh_CN"):
        rows = receipt_rows(a_receipt(), width)
    assert all(text_width(row.text) <= width for row in rows)
    amounts = [row.text for row in rows if row.text.endswith("¥7.00")]
    assert amounts and all(text_width(text) == width for text in amounts)


def test_x_and_z_reports_and_the_shift_close_in_chinese() -> None:
    totals = TillTotals(sales_count=2, sales_minor=1500, tenders={"cash": (2, 1500)})
    with use_language("zh_CN"):
        z = report_text("z", 3, "2026-11-24", "T1", "小王", totals, "CNY")
        x = report_text("x", 0, "2026-11-24", "T1", "小王", totals, "CNY")
        close = close_text("close", "T1", "小王", [(10000, 1)], 10000, 10150, "CNY")
    assert z.splitlines()[0] == "Z 报表 第 3 号" and "X 报表（本班至今）" in x
    assert "收银台 T1  收银员 小王  2026-11-24" in z
    assert "销售（2）" + " " * 25 + "¥15.00" in z.splitlines()
    assert "现金（2）" + " " * 25 + "¥15.00" in z.splitlines()
    assert "短款" + " " * 30 + "-¥1.50" in close.splitlines()
    assert all(text_width(line) <= 40 for line in z.splitlines() + close.splitlines())


def test_a_refusal_is_said_in_the_language_current_when_it_is_raised() -> None:
    with use_language("zh_CN"), pytest.raises(PaymentShort) as chinese:
        settle(1000, [TenderOffer("cash", 900)], "CNY")
    with pytest.raises(PaymentShort) as english:
        settle(1000, [TenderOffer("cash", 900)], "CNY")
    assert str(chinese.value) == "付款 ¥9.00 不足总额 ¥10.00，还差 ¥1.00"
    assert str(english.value) == "payment ¥9.00 is short of the total ¥10.00 by ¥1.00"


def test_a_refused_approval_is_said_in_chinese_and_journalled_in_english() -> None:
    ctx = fake_store()
    approving.add_manager(ctx, "meg", "246813")
    with use_language("zh_CN"), pytest.raises(ApprovalRefused) as refused:
        approving.approve(ctx, "T1", "ann", "meg", "999111", "no_sale", "no sale")
    assert str(refused.value) == "店长 meg 的密码错误；再错 2 次该店长将被锁定"
    with ctx.db.read() as uow:
        entry = uow.journal.at(uow.journal.newest_seq())
    assert entry.kind is jk.APPROVAL and isinstance(entry.body, Approval)
    assert (
        entry.body.refusal
        == "wrong PIN for manager meg; 2 more wrong and the manager is locked out"
    )


def test_a_phrase_is_put_into_words_when_it_is_shown() -> None:
    printer = Phrase(N_("the receipt printer of till {till}"), till="T1")
    with use_language("zh_CN"):
        assert f"{printer}" == "收银台 T1 的小票打印机"
        assert in_english(printer) == "the receipt printer of till T1"  # for the log
    assert str(printer) == "the receipt printer of till T1"


def test_text_columns_count_a_chinese_character_as_two_cells() -> None:
    assert text_width("可乐 ¥3.50") == 10
    assert clip("可口可乐", 5) == "可口"  # never half a character
    assert pair("合计", "¥7.00", 12) == "合计   ¥7.00"
    assert centre("小票", 8) == "  小票  "
    assert split_lines("可口可乐可口", 5) == ["可口", "可乐", "可口"]
