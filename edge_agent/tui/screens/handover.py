"""Handing the till over to the next cashier: the same blind count as a close, then the next
cashier's name and PIN. The agent closes this shift and opens theirs with the counted cash as
its float, then signs the next cashier in at the till (their PIN checked there); the sale
screen carries on with the new cashier and shift. A wrong PIN leaves their shift open and
the login screen asking for it.

While the store has key items (pos count key-items), the next cashier counts each after
their PIN, item by item: Enter confirms an item's count and moves to the next; changing
a confirmed count takes its confirmation back, and the till is handed over only with
every item confirmed (services.handover_counts checks the counts again)."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.widgets import Input, Label

from common.i18n import N_, _, display_amount
from common.pb.storeledger.v1 import store_counts_pb2, till_pb2
from edge_agent.tui.client import Refusal
from edge_agent.tui.plain import plain
from edge_agent.tui.screens.shift_close import ShiftCloseScreen, count_result


class HandoverScreen(ShiftCloseScreen):
    HEADING = N_("Hand over the till: count the drawer, then the next cashier's name")
    DEFAULT_CSS = """
    #spot-counts { height: auto; margin-top: 1; }
    .spot-counts { grid-size: 3; grid-columns: auto 10 1fr; grid-rows: 1; grid-gutter: 1 2;
                   height: auto; }
    """
    BINDINGS = [
        Binding("f10", "close_shift", N_("Hand over")),
        Binding("escape", "back", N_("Back")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.key_items: list[str] = []
        self.confirmed: dict[int, int] = {}  # key item's index -> its confirmed count

    def more_fields(self) -> ComposeResult:
        with Grid(classes="form next-cashier"):
            yield Label(_("Next cashier"), classes="form-label")
            yield Input(placeholder=_("name; Enter hands over"), id="next-cashier", compact=True)
            yield Label(_("PIN"), classes="form-label")
            yield Input(password=True, id="next-pin", compact=True)
        yield Vertical(id="spot-counts")

    def on_mount(self) -> None:
        super().on_mount()
        self.load_key_items()

    @work(exclusive=True, group="key-items")
    async def load_key_items(self) -> None:
        try:
            reply = await self.till.client.call(
                "ListKeyItems",
                store_counts_pb2.KeyItemsRequest(till_id=self.till.till_id),
                service="counts",
            )
        except Refusal as refusal:
            self.say(str(refusal))
            return
        self.key_items = list(reply.skus)
        if not self.key_items:
            return
        box = self.query_one("#spot-counts", Vertical)
        await box.mount(
            Label(
                _("Spot count by the next cashier: count each key item, Enter confirms it"),
                classes="hint",
            )
        )
        grid = Grid(classes="spot-counts")
        await box.mount(grid)
        for i, sku in enumerate(self.key_items):
            await grid.mount(
                Label(plain(sku), classes="form-label"),
                Input(placeholder="0", id=f"spot-{i}", restrict=r"\d*", compact=True),
                Label("", id=f"spot-ok-{i}"),
            )

    def _spot_index(self, input_id: str | None) -> int | None:
        if input_id and input_id.startswith("spot-") and not input_id.startswith("spot-ok-"):
            return int(input_id.removeprefix("spot-"))
        return None

    def on_input_changed(self, event: Input.Changed) -> None:
        """A confirmed count that changes is no longer confirmed."""
        i = self._spot_index(event.input.id)
        if i is not None and self.confirmed.pop(i, None) is not None:
            self.query_one(f"#spot-ok-{i}", Label).update("")

    def _confirm_spot(self, i: int, text: str) -> None:
        sku = self.key_items[i]
        if not text.strip():
            self.say(_("type the count of {sku}, then Enter to confirm it").format(sku=sku))
            return
        self.confirmed[i] = int(text)
        self.query_one(f"#spot-ok-{i}", Label).update(
            plain(_("{sku}: {qty} confirmed").format(sku=sku, qty=int(text)))
        )
        if i + 1 < len(self.key_items):
            self.query_one(f"#spot-{i + 1}", Input).focus()
        else:
            self.action_close_shift()

    def _first_unconfirmed(self) -> int | None:
        return next((i for i in range(len(self.key_items)) if i not in self.confirmed), None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """The name after the last count; other counts go on as in a close (the base handler,
        which Textual calls after this one unless the default is prevented)."""
        if event.input.id == "next-cashier":
            event.stop()
            event.prevent_default()
            if event.value.strip():
                self.query_one("#next-pin", Input).focus()
            else:
                self.action_close_shift()  # says the name is missing
        elif event.input.id == "next-pin":
            event.stop()
            event.prevent_default()
            waiting = self._first_unconfirmed()
            if waiting is not None:
                self.query_one(f"#spot-{waiting}", Input).focus()
            else:
                self.action_close_shift()
        elif self._spot_index(event.input.id) is not None:
            event.stop()
            event.prevent_default()
            self._confirm_spot(self._spot_index(event.input.id) or 0, event.value)
        elif event.input.id == f"count-{self.till.denominations[-1]}":
            event.stop()
            event.prevent_default()
            self.query_one("#next-cashier", Input).focus()

    @work(exclusive=True)
    async def action_close_shift(self) -> None:
        from edge_agent.tui.screens.sale import SaleScreen

        till = self.till
        next_cashier = self.query_one("#next-cashier", Input).value.strip()
        if not next_cashier:
            self.say(_("type the next cashier's name"))
            self.query_one("#next-cashier", Input).focus()
            return
        waiting = self._first_unconfirmed()
        if waiting is not None:
            self.say(
                _("{cashier} counts and confirms each key item first (Enter): {sku} is next")
                .format(cashier=next_cashier, sku=self.key_items[waiting])
            )  # fmt: skip
            self.query_one(f"#spot-{waiting}", Input).focus()
            return
        try:
            reply = await till.client.call(
                "Handover",
                till_pb2.HandoverRequest(
                    till_id=till.till_id,
                    cashier=till.cashier,
                    next_cashier=next_cashier,
                    counted=self.counted(),
                    spot_counts=[
                        till_pb2.SpotCount(sku=sku, qty_base=self.confirmed[i])
                        for i, sku in enumerate(self.key_items)
                    ],
                ),
            )
        except Refusal as refusal:
            self.say(str(refusal))
            return
        pin_input = self.query_one("#next-pin", Input)
        pin, pin_input.value = pin_input.value, ""
        try:
            await till.client.call(
                "SignIn",
                till_pb2.SignInRequest(till_id=till.till_id, staff_code=next_cashier, pin=pin),
            )
        except Refusal as refusal:
            from edge_agent.tui.screens.login import LoginScreen

            till.cashier = next_cashier
            self.app.switch_screen(LoginScreen())
            self.app.notify(str(refusal), severity="error")
            return
        previous, cur = till.cashier, till.currency
        till.cashier, till.shift = next_cashier, reply.next_shift
        till.paint_status()
        note = _(
            "{previous} handed over: {count}. {next}'s shift is open with {amount} in the drawer"
        ).format(
            previous=previous,
            count=count_result(reply.event, cur),
            next=next_cashier,
            amount=display_amount(reply.next_shift.float_minor, cur),
        )
        if reply.event.spot_count_outside:
            note = _("{note}. Spot count: {n} item(s) outside tolerance: {skus}").format(
                note=note,
                n=len(reply.event.spot_count_outside),
                skus=", ".join(reply.event.spot_count_outside),
            )
        if reply.print.warning:
            note = _("{note}. {problem}").format(note=note, problem=reply.print.warning)
        warned = bool(reply.print.warning or reply.event.spot_count_outside)
        self.dismiss(None)
        for screen in self.app.screen_stack:
            if isinstance(screen, SaleScreen):
                screen.say(note, "warning" if warned else "info")

    def action_z_report(self) -> None:
        self.say(_("the Z report is for the end of the day: close the shift (F12 → c) first"))
