"""Find a product by part of its name, SKU or barcode (SearchProducts) and pick it."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from common.pb.storeledger.v1 import catalogue_pb2, till_pb2
from edge_agent.tui.amounts import money
from edge_agent.tui.client import Refusal, TillClient

SEARCH_LIMIT = 30


class SearchModal(ModalScreen[catalogue_pb2.Product | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, client: TillClient, text: str = "") -> None:
        super().__init__()
        self._client, self._text = client, text
        self._products: list[catalogue_pb2.Product] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Search products (name, SKU or barcode); Enter searches, ↓ picks")
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
            message.update("type part of a name, SKU or barcode")
            return
        try:
            reply = await self._client.call(
                "SearchProducts", till_pb2.SearchProductsRequest(text=text, limit=SEARCH_LIMIT)
            )
        except Refusal as refusal:
            message.update(str(refusal))
            return
        self._products = list(reply.products)
        results.clear_options()
        results.add_options(
            [
                Option(f"{p.sku:<14} {p.name[:32]:<32} {money(p.price_minor, p.currency):>9}")
                for p in self._products
            ]
        )
        message.update("" if self._products else f"nothing matches {text!r}")
        if self._products:
            results.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._products[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
