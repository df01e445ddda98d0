"""Choosing the stocktake to count in (F12 → k): an open session of the store, or a new one
from a small form (scope, what it covers, title, where the tills sell from).

Only a person whose role may count gets here; anyone else hears the refusal sentence on
the sale screen. Everything goes to the store's edge agent, so it works while head office
is unreachable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.widgets import DataTable, Input, Label

from common.domain.stocktake import COUNTING_STATES
from common.domain.till_roles import COUNT, not_permitted_sentence
from common.i18n import N_, _
from common.pb.storeledger.v1 import store_counts_pb2 as pb
from common.pb.storeledger.v1 import till_pb2
from edge_agent.tui.client import Refusal
from edge_agent.tui.plain import plain_row
from edge_agent.tui.screens.base import TillScreen
from edge_agent.tui.widgets.key_bar import KeyBar
from edge_agent.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from edge_agent.tui.screens.sale import SaleScreen

# The scopes the form offers (pos count start offers abc too: a head-office matter).
SCOPES = ("full", "category", "location", "skus")
FORM_FIELDS = ("count-scope", "count-covers", "count-title", "count-selling")


def split_list(text: str) -> list[str]:
    """'drinks, snacks' -> ['drinks', 'snacks']."""
    return [part.strip() for part in text.split(",") if part.strip()]


async def open_count(screen: SaleScreen) -> None:
    """The menu's entry: the count screen for a person who may count, else the refusal."""
    till = screen.till
    if screen.cart.lines:
        screen.say(_("finish or void the sale on screen before counting stock"))
        return
    try:
        who = await till.client.call(
            "WhoIsSignedIn", till_pb2.WhoIsSignedInRequest(till_id=till.till_id)
        )
    except Refusal as refusal:
        screen.say(str(refusal))
        return
    if COUNT not in who.permissions:
        screen.say(not_permitted_sentence(who.staff_code, who.role, COUNT))
        return
    screen.app.push_screen(CountPickScreen())


class CountPickScreen(TillScreen):
    BINDINGS = [
        Binding("f2", "new_count", N_("New count")),
        Binding("escape", "back", N_("Back")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sessions: list[pb.StoreCountSession] = []

    def compose(self) -> ComposeResult:
        yield StatusBar()
        with Vertical(classes="panel"):
            yield Label(_("Count stock: choose a count and Enter"), classes="dialog-title")
            table: DataTable[str] = DataTable(id="count-sessions", cursor_type="row")
            table.add_columns(_("Count"), _("Title"), _("Scope"), _("State"), _("Round"))
            yield table
            yield Label(_("or start a new count (F2):"), classes="dialog-title")
            with Grid(classes="form"):
                yield Label(_("Scope"), classes="form-label")
                yield Input(
                    placeholder=_("full, category, location or skus"),
                    id="count-scope",
                    compact=True,
                )
                yield Label(_("Covers"), classes="form-label")
                yield Input(
                    placeholder=_("categories, locations or SKUs, separated by commas"),
                    id="count-covers",
                    compact=True,
                )
                yield Label(_("Title"), classes="form-label")
                yield Input(id="count-title", compact=True)
                yield Label(_("Selling location"), classes="form-label")
                yield Input(
                    placeholder=_("where the tills sell from, e.g. floor; Enter starts"),
                    id="count-selling",
                    compact=True,
                )
        yield Label("", id="message")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#count-sessions", DataTable).focus()
        self.load_sessions()

    @work(exclusive=True, group="count-sessions")
    async def load_sessions(self) -> None:
        till = self.till
        try:
            reply = await till.client.count_call(
                "ListCounts", pb.ListStoreCountsRequest(), till.till_id
            )
        except Refusal as refusal:
            self.say(str(refusal))
            return
        self.sessions = [s for s in reply.sessions if s.state in COUNTING_STATES]
        table = self.query_one("#count-sessions", DataTable)
        table.clear()
        for s in self.sessions:
            table.add_row(
                *plain_row(s.session_id, s.title, s.scope.kind, s.state, str(s.round or 1))
            )
        if not self.sessions:
            self.say(_("no count is open in this store: F2 starts one"), "info")
            self.action_new_count()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.sessions):
            self.count_in(self.sessions[event.cursor_row])

    def count_in(self, session: pb.StoreCountSession) -> None:
        from edge_agent.tui.screens.count import CountScreen

        self.app.switch_screen(CountScreen(session))

    def action_new_count(self) -> None:
        self.query_one("#count-scope", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        field = event.input.id or ""
        if field in FORM_FIELDS[:-1]:
            self.query_one(f"#{FORM_FIELDS[FORM_FIELDS.index(field) + 1]}", Input).focus()
        else:
            self.start_count()

    @work(exclusive=True, group="count-start")
    async def start_count(self) -> None:
        till = self.till
        scope = self.query_one("#count-scope", Input).value.strip().lower()
        covers = split_list(self.query_one("#count-covers", Input).value)
        if scope not in SCOPES:
            self.say(_("the scope is one of {scopes}").format(scopes=", ".join(SCOPES)), "warning")
            self.query_one("#count-scope", Input).focus()
            return
        request = pb.StartCountRequest(
            kind=scope,
            categories=covers if scope == "category" else [],
            locations=covers if scope == "location" else [],
            skus=covers if scope == "skus" else [],
            title=self.query_one("#count-title", Input).value.strip(),
            selling_locations=split_list(self.query_one("#count-selling", Input).value),
        )
        try:
            reply = await till.client.count_call("StartCount", request, till.till_id)
        except Refusal as refusal:
            self.say(str(refusal))
            return
        self.count_in(reply.session)

    def action_back(self) -> None:
        self.app.pop_screen()
