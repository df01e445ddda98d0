"""Find a product by part of its name, SKU or barcode (SearchProducts) and pick it."""

from __future__ import annotations

from rich.cells import set_cell_size
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from common.i18n import N_, _
from common.pb.storeledger.v1 import catalogue_pb2, till_pb2
from common.text_safety import printable
from edge_agent.tui.amounts import money
from edge_agent.tui.client import Refusal, TillClient
from edge_agent.tui.plain import plain

SEARCH_LIMIT = 30
SKU_COLUMNS, NAME_COLUMNS, PRICE_COLUMNS = 14, 32, 9


def result_line(product: catalogue_pb2.Product) -> Text:
    """SKU, name and price in columns by display width, so Chinese names line up too."""
    sku = set_cell_size(printable(product.sku), SKU_COLUMNS)
    name = set_cell_size(printable(product.name), NAME_COLUMNS)
    price = money(product.price_minor, product.currency).rjust(PRICE_COLUMNS)
    return Text(f"{sku} {name} {price}")


class SearchModal(ModalScreen[catalogue_pb2.Product | None]):
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, client: TillClient, text: str = "") -> None:
        super().__init__()
        self._client, self._text = client, text
        self._products: list[catalogue_pb2.Product] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(_("Search products by name, SKU or barcode"), classes="dialog-title")
            yield Label(
                _("Enter searches, ↓ goes to the results, Enter picks, Esc closes"), classes="hint"
            )
            yield Input(value=self._text, id="search-text")
            yield OptionList(id="search-results")
            yield Label("", id="search-message", classes="error")

    def on_mount(self) -> None:
        if self._text:
            self._search(self._text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._search(event.value.strip())

    def on_key(self, event) -> None:  # type: ignore[no-untyped-def]
        results = self.query_one("#search-results", OptionList)
        on_text = self.focused is self.query_one("#search-text", Input)
        if event.key == "down" and on_text and results.option_count:
            event.stop()
            results.focus()
            results.highlighted = 0

    @work(exclusive=True)
    async def _search(self, text: str) -> None:
        message = self.query_one("#search-message", Label)
        results = self.query_one("#search-results", OptionList)
        if not text:
            message.update(_("type part of a name, SKU or barcode"))
            return
        try:
            reply = await self._client.call(
                "SearchProducts", till_pb2.SearchProductsRequest(text=text, limit=SEARCH_LIMIT)
            )
        except Refusal as refusal:
            message.update(plain(str(refusal)))
            return
        self._products = list(reply.products)
        results.clear_options()
        results.add_options([Option(result_line(p)) for p in self._products])
        message.update(
            plain("" if self._products else _("nothing matches {text}").format(text=repr(text)))
        )
        if self._products:
            results.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._products[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
