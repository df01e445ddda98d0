"""An amount a cashier must read at a glance (the total, what is left to pay, the change):
its figures three lines high, the caption and currency beside them.

Only the figures are drawn large (Textual's Digits has no ¥ or letters); the caption
column says what the amount is, its currency mark and an optional note (the rounded
cash total).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Digits, Static

from common.domain.money import format_minor
from common.i18n import display_amount
from common.i18n.amounts import currency_mark


class BigAmount(Horizontal):
    DEFAULT_CSS = """
    BigAmount { width: auto; height: 3; }
    BigAmount > .big-amount--caption { width: auto; height: 3; padding-right: 1; text-style: bold; }
    BigAmount > Digits { width: auto; text-style: bold; color: $success; }
    BigAmount.due > Digits { color: $warning; }
    """

    def __init__(self, *, id: str | None = None, classes: str = "") -> None:
        super().__init__(id=id, classes=classes)
        self.caption = ""
        self.amount_minor = 0
        self.currency = ""
        self.note = ""

    def compose(self) -> ComposeResult:
        yield Static("", classes="big-amount--caption")
        yield Digits("")

    def show(self, caption: str, amount_minor: int, currency: str, note: str = "") -> None:
        self.caption, self.amount_minor, self.currency, self.note = (
            caption,
            amount_minor,
            currency,
            note,
        )
        lines = [caption, currency_mark(currency)] + ([note] if note else [])
        self.query_one(".big-amount--caption", Static).update("\n".join(lines))
        self.query_one(Digits).update(format_minor(amount_minor, currency))

    @property
    def figures(self) -> str:
        """What the large digits say ('27.50')."""
        return self.query_one(Digits).value

    @property
    def plain(self) -> str:
        """The amount as one line of text: 'TOTAL ¥27.50  cash ¥27.00'."""
        text = f"{self.caption} {display_amount(self.amount_minor, self.currency)}"
        return f"{text}  {self.note}" if self.note else text
