"""Counting one stocktake session at the till: scan (or type) what is on the shelf.

A scan from the serial scanner, or a code typed (or wedged) with Enter, adds one count
line as the agent decides it: one piece, a pack's units, a weighed label's weight, or an
unknown barcode kept for follow-up. "12*CODE" (or "12*" then a scan) counts twelve;
"-2*CODE" corrects an earlier line and asks why. F2 changes the shelf location the lines
are counted at; F10 submits. Blind: the book quantity shows only when the agent says the
person may see it (book_shown). Each line carries its own key, so a retry after a lost
reply never counts twice.
"""

from __future__ import annotations

import uuid

import grpc
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Label

from common.domain.stocktake import check_location
from common.errors import InvalidInput
from common.i18n import N_, _
from common.pb.storeledger.v1 import store_counts_pb2 as pb
from edge_agent.tui.client import Refusal
from edge_agent.tui.plain import plain, plain_row
from edge_agent.tui.screens.base import TillScreen
from edge_agent.tui.screens.count_entry import pending_qty, split_count, typed_line
from edge_agent.tui.screens.count_submit import confirm_and_submit
from edge_agent.tui.screens.modals import PromptModal
from edge_agent.tui.widgets.key_bar import KeyBar
from edge_agent.tui.widgets.status_bar import StatusBar

# Sending one line again after no answer (same key: the agent records it once at most).
SEND_ATTEMPTS = 3
RETRY_CODES = (grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.UNAVAILABLE)


class CountScreen(TillScreen):
    BINDINGS = [
        Binding("f2", "location", N_("Location")),
        Binding("f5", "send_again", N_("Send again")),
        Binding("f10", "submit", N_("Submit")),
        Binding("escape", "back", N_("Back to sale")),
    ]

    def __init__(self, session: pb.StoreCountSession) -> None:
        super().__init__()
        self.session = session
        self.location = ""
        self.lines: list[pb.StoreCountLine] = []
        self.book_shown = False
        self.differences: dict[str, int] = {}  # SKU -> counted minus book (book shown only)
        self.names: dict[str, str] = {}
        self.unsent: pb.AddCountLineRequest | None = None  # no answer yet: F5 sends it again

    def compose(self) -> ComposeResult:
        yield StatusBar()
        yield Label("", id="count-head", classes="dialog-title")
        yield Label("", id="count-location", classes="warning")
        yield DataTable(id="lines", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="entry"):
            yield Input(
                placeholder=_("scan or type a code (12*CODE counts twelve, -2*CODE corrects)"),
                id="code",
            )
        yield Label("", id="count-total")
        yield Label("", id="message")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.show_head()
        self.show_location()
        self.query_one("#code", Input).focus()
        self.load_lines()

    def show_head(self) -> None:
        s = self.session
        head = _("Count {session} ({title}): {state}, round {round}").format(
            session=s.session_id, title=s.title or s.scope.kind, state=s.state, round=s.round or 1
        )
        self.query_one("#count-head", Label).update(plain(head))

    def show_location(self) -> None:
        where = self.location or _("none (F2 sets it)")
        self.query_one("#count-location", Label).update(
            plain(_("Shelf location: {location}").format(location=where))
        )

    # -- the lines ----------------------------------------------------------------------
    @work(exclusive=True, group="count-lines")
    async def load_lines(self) -> None:
        till = self.till
        request = pb.CountActionRequest(session_id=self.session.session_id)
        try:
            reply = await till.client.count_call("ListCountLines", request, till.till_id)
        except Refusal as refusal:
            self.say(str(refusal))
            return
        self.session, self.book_shown = reply.session, reply.book_shown
        self.lines = list(reply.lines)
        self.show_head()
        await self.learn_names()
        await self.learn_differences()
        self.show_lines()

    async def learn_names(self) -> None:
        """Each SKU's name from the store's catalogue (asked once per SKU)."""
        for sku in {ln.sku for ln in self.lines if ln.sku} - set(self.names):
            try:
                self.names[sku] = (await self.till.client.scan(sku)).product.name
            except Refusal:
                self.names[sku] = ""  # gone from the catalogue: the SKU alone says it

    async def learn_differences(self) -> None:
        """Counted minus book per SKU so far, for a person who may see the book."""
        if not self.book_shown:
            return
        till = self.till
        request = pb.CountActionRequest(session_id=self.session.session_id)
        try:
            reply = await till.client.count_call("ShowCount", request, till.till_id)
        except Refusal as refusal:
            self.say(str(refusal))
            return
        self.differences = {r.sku: r.variance_qty_base for r in reply.results if r.book_shown}

    def show_lines(self) -> None:
        table = self.query_one("#lines", DataTable)
        table.clear(columns=True)
        columns = ["#", _("SKU"), _("Item"), _("Qty"), _("Location")]
        if self.book_shown:
            columns += [_("Book"), _("Difference")]
        table.add_columns(*columns)
        for n, ln in enumerate(self.lines, start=1):
            if ln.sku:
                cells = [str(n), ln.sku, self.names.get(ln.sku, ""), str(ln.qty_base), ln.location]
            else:
                # Short, so an 80-column till needs no sideways scroll; the message line
                # said it is kept for follow-up.
                unknown = _("unknown barcode {code}").format(code=ln.scanned_code)
                cells = [str(n), "", unknown, str(ln.qty_base), ln.location]
            if self.book_shown:
                diff = self.differences.get(ln.sku) if ln.sku else None
                cells += [
                    str(ln.book_qty_base) if ln.sku and ln.book_shown else "",
                    "" if diff is None else f"{diff:+d}",
                ]
            table.add_row(*plain_row(*cells))
        if self.lines:
            table.move_cursor(row=len(self.lines) - 1)
        units = sum(ln.qty_base for ln in self.lines)
        self.query_one("#count-total", Label).update(
            plain(
                _("your lines: {lines}, units counted: {units}").format(
                    lines=len(self.lines), units=units
                )
            )
        )

    # -- scanning -----------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            return
        try:
            qty, code = split_count(text)
        except InvalidInput as exc:
            event.input.value = ""
            self.say(str(exc))
            return
        if not code:  # "12*": the next scan counts twelve
            self.say(_("now scan the item to count {qty} of it").format(qty=qty), "info")
            return
        event.input.value = ""
        self.count(code, qty)

    def scan_from_device(self, code: str) -> None:
        """A serial scanner's read: a quantity typed before it ("12*") applies to it."""
        entry = self.query_one("#code", Input)
        qty = None
        qty = pending_qty(entry.value)
        if qty is not None:
            entry.value = ""
        self.count(code, qty)

    def scanner_problem(self, problem: str) -> None:
        if problem:
            self.say(problem, "warning")

    @work(group="count-scan")
    async def count(self, code: str, qty: int | None) -> None:
        request = pb.AddCountLineRequest(session_id=self.session.session_id, location=self.location)
        if qty is None:
            request.code = code  # the agent decides: a piece, a pack, a label's weight
        else:
            typed = await typed_line(self, code, qty, request)
            if typed is None:
                return
            request = typed
        if request.qty_base < 0:
            reason = await self.app.push_screen_wait(
                PromptModal(
                    _("Correction"),
                    _("why take {qty} off {sku}? (Esc: not corrected)").format(
                        qty=-request.qty_base, sku=request.sku
                    ),
                )
            )
            self.query_one("#code", Input).focus()
            if not reason:
                self.say(_("not corrected: a correction needs its reason"), "warning")
                return
            request.reason = reason
        request.line_id = uuid.uuid4().hex
        await self.send(request)

    async def send(self, request: pb.AddCountLineRequest) -> None:
        """AddCountLine with a bounded retry under the same key; unanswered, F5 sends it again."""
        till = self.till
        self.unsent = request
        for attempt in range(1, SEND_ATTEMPTS + 1):
            try:
                reply = await till.client.count_call("AddCountLine", request, till.till_id)
                break
            except Refusal as refusal:
                if refusal.code not in RETRY_CODES:
                    self.unsent = None  # refused: nothing was written
                    self.say(str(refusal))
                    return
                if attempt == SEND_ATTEMPTS:
                    self.say(
                        _("{problem}; F5 sends the line again (it is never counted twice)").format(
                            problem=refusal
                        )
                    )
                    return
        self.unsent = None
        await self.took(reply)

    async def took(self, reply: pb.AddCountLineReply) -> None:
        line = reply.line
        if not any(ln.line_id == line.line_id for ln in self.lines):
            self.lines.append(line)
        self.book_shown = self.book_shown or line.book_shown
        await self.learn_names()
        await self.learn_differences()
        self.show_lines()
        if not line.sku:
            said = _("unknown barcode {code} recorded for follow-up").format(code=line.scanned_code)
        else:
            said = f"{line.sku} {self.names.get(line.sku, '')}  {line.qty_base:+d}"
        if reply.replayed:
            said = _("{line} (recorded before: nothing new written)").format(line=said)
        self.say(said, "warning" if not line.sku else "info")

    @work(exclusive=True, group="count-resend")  # never cancels a scan still being sent
    async def action_send_again(self) -> None:
        if self.unsent is None:
            self.say(_("every line is recorded; nothing to send again"), "info")
            return
        await self.send(self.unsent)

    # -- location, submit, back ---------------------------------------------------------
    @work(exclusive=True, group="count-location")
    async def action_location(self) -> None:
        typed = await self.app.push_screen_wait(
            PromptModal(_("Shelf location"), _("where you count now, e.g. A-01"), self.location)
        )
        self.query_one("#code", Input).focus()
        if typed is None:
            return
        try:
            self.location = check_location(typed) if typed.strip() else ""
        except InvalidInput as exc:
            self.say(str(exc))
            return
        self.show_location()
        self.say(_("counting at {location}").format(location=self.location or "-"), "info")

    @work(exclusive=True, group="count-submit")
    async def action_submit(self) -> None:
        reply = await confirm_and_submit(self)
        self.query_one("#code", Input).focus()
        if reply is not None:
            self.session = reply.session
            self.show_head()

    def action_back(self) -> None:
        self.app.pop_screen()
