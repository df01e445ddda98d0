"""A replenishment run as a document: its lines with every input, and what approval allows.

A run is `proposed` when computed, `partly_approved` while some of its lines
are approved and others still open, `approved` when none is left open.
Approving lines creates their transfers and purchase orders (one transfer per
pair of stores, one order per store and supplier) and records each line's
document; a line is approved once (a second approval of it is refused).
Approval is refused whole when the stock a chosen line was computed from has
changed since (beyond what the run's own approved lines explain): the
sentence names the store and SKU that moved, and a new run is the answer.
Unsourced lines (no supplier) are never approved.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from common.i18n import _
from headoffice.domain.replenishment import Stock
from headoffice.domain.replenishment_errors import InvalidReplenishment, RunRefused
from headoffice.domain.replenishment_plan import TRANSFER, UNSOURCED, PlanLine

PROPOSED = "proposed"
PARTLY_APPROVED = "partly_approved"
APPROVED = "approved"
RUN_STATES = (PROPOSED, PARTLY_APPROVED, APPROVED)

_RUN_ID = re.compile(r"^(?:R-?)?([0-9]{1,18})$", re.IGNORECASE)


def run_id(run_no: int) -> str:
    return f"R-{run_no}"


def parse_run_id(text: str) -> int:
    """'R-3', 'r3' or '3' -> 3."""
    match = _RUN_ID.match(text.strip())
    if not match or int(match.group(1)) <= 0:
        raise InvalidReplenishment(
            _("replenishment run id {text} must look like R-3 (or just the number 3)").format(
                text=repr(text)
            )
        )
    return int(match.group(1))


@dataclass(frozen=True, slots=True)
class RunLine:
    """One stored line: what it proposes, and every input of the suggestion behind it."""

    line_no: int
    kind: str
    state: str
    store_code: str
    sku: str
    from_store: str
    supplier_code: str
    qty_base: int
    raw_qty_base: int
    pack_qty_base: int
    min_order_qty_base: int
    unit_cost_minor: int
    source: str
    velocity_milli: int
    sigma_milli: int
    lead_time_days: int
    review_period_days: int
    z_milli: int
    on_hand_qty_base: int
    inbound_qty_base: int
    on_order_qty_base: int
    reserved_qty_base: int
    order_up_to_qty_base: int
    reorder_point_qty_base: int
    need_qty_base: int
    from_on_hand_qty_base: int = 0
    from_reserved_qty_base: int = 0
    document_id: str = ""

    @property
    def value_minor(self) -> int:
        return self.qty_base * self.unit_cost_minor

    @property
    def position_qty_base(self) -> int:
        return self.stock.position

    @property
    def stock(self) -> Stock:
        return Stock(
            self.on_hand_qty_base,
            self.inbound_qty_base,
            self.on_order_qty_base,
            self.reserved_qty_base,
        )

    def as_dict(self) -> dict[str, object]:
        """The line as `show --format json` and the audit log give it (docs/output.md)."""
        return {
            "line_no": self.line_no,
            "kind": self.kind,
            "state": self.state,
            "store": self.store_code,
            "sku": self.sku,
            "from_store": self.from_store,
            "supplier": self.supplier_code,
            "qty_base": self.qty_base,
            "raw_qty_base": self.raw_qty_base,
            "pack_qty_base": self.pack_qty_base,
            "min_order_qty_base": self.min_order_qty_base,
            "unit_cost_minor": self.unit_cost_minor,
            "value_minor": self.value_minor,
            "source": self.source,
            "velocity_milli": self.velocity_milli,
            "sigma_milli": self.sigma_milli,
            "lead_time_days": self.lead_time_days,
            "review_period_days": self.review_period_days,
            "z_milli": self.z_milli,
            "on_hand_qty_base": self.on_hand_qty_base,
            "inbound_qty_base": self.inbound_qty_base,
            "on_order_qty_base": self.on_order_qty_base,
            "reserved_qty_base": self.reserved_qty_base,
            "position_qty_base": self.position_qty_base,
            "order_up_to_qty_base": self.order_up_to_qty_base,
            "reorder_point_qty_base": self.reorder_point_qty_base,
            "need_qty_base": self.need_qty_base,
            "from_on_hand_qty_base": self.from_on_hand_qty_base,
            "from_reserved_qty_base": self.from_reserved_qty_base,
            "document_id": self.document_id,
        }


@dataclass(frozen=True, slots=True)
class Run:
    run_no: int
    state: str
    store_filter: str
    category_filter: str
    service_level_bp: int
    review_period_days: int
    window_days: int
    transfer_lead_time_days: int
    created_at_ms: int
    created_by: str
    approved_at_ms: int = 0
    approved_by: str = ""
    lines: tuple[RunLine, ...] = ()
    # How many lines the run has: a run just computed carries only its first lines
    # (services/replenish_run.py); 0 when `lines` is all of them.
    line_count: int = 0
    lines_value_minor: int = 0  # with line_count: the value of all the lines

    @property
    def run_id(self) -> str:
        return run_id(self.run_no)

    @property
    def lines_in_all(self) -> int:
        return max(self.line_count, len(self.lines))

    def as_dict(self) -> dict[str, object]:
        return {
            "run_id": self.run_id,
            "state": self.state,
            "store": self.store_filter,
            "category": self.category_filter,
            "service_level_bp": self.service_level_bp,
            "review_period_days": self.review_period_days,
            "window_days": self.window_days,
            "transfer_lead_time_days": self.transfer_lead_time_days,
            "approved_by": self.approved_by,
            "lines": [line.as_dict() for line in self.lines],
        }


def line_row(line_no: int, line: PlanLine) -> tuple[int | str, ...]:
    """A planned line as RunLine's fields in order, a plain tuple: what a run writes for
    each of its lines past the first ones it returns (no object a line, millions of them)."""
    need = line.need
    stock = need.stock
    donor = line.from_stock or _NO_STOCK
    return (
        line_no, line.kind, PROPOSED, need.store_code, need.sku, line.from_store,
        line.supplier_code, line.qty_base, line.raw_qty_base, line.pack_qty_base,
        line.min_order_qty_base, line.unit_cost_minor, need.source, need.velocity_milli,
        need.sigma_milli, need.lead_time_days, need.review_period_days, need.z_milli,
        stock.on_hand_qty_base, stock.inbound_qty_base, stock.on_order_qty_base,
        stock.reserved_qty_base, need.order_up_to_qty_base, need.reorder_point_qty_base,
        need.raw_qty_base, donor.on_hand_qty_base, donor.reserved_qty_base, "",
    )  # fmt: skip


_NO_STOCK = Stock()


def chosen_lines(run: Run, wanted: Collection[int]) -> list[RunLine]:
    """The lines an approval takes: those numbered, or every line still open when none are;
    refused when there is none left, a number is not a line of the run, or names a line
    approved already or one without a supplier."""
    open_lines = {
        ln.line_no: ln for ln in run.lines if ln.kind != UNSOURCED and ln.state == PROPOSED
    }
    if not wanted:
        if not open_lines:
            raise RunRefused(
                _("replenishment run {run_id} has no line left to approve (it is {state})").format(
                    run_id=run.run_id, state=run.state
                )
            )
        return list(open_lines.values())
    by_no = {line.line_no: line for line in run.lines}
    for number in wanted:
        line = by_no.get(number)
        if line is None:
            raise InvalidReplenishment(
                _("replenishment run {run_id} has no line {line_no}").format(
                    run_id=run.run_id, line_no=number
                )
            )
        if line.kind == UNSOURCED:
            raise InvalidReplenishment(
                _("line {line_no} of {run_id} has no supplier for {sku}; set one with "
                  "'hoctl replenish supplier set' and run again").format(
                    line_no=number, run_id=run.run_id, sku=line.sku
                )
            )  # fmt: skip
        if line.state != PROPOSED:
            raise RunRefused(
                _("line {line_no} of {run_id} is approved already ({document})").format(
                    line_no=number, run_id=run.run_id, document=line.document_id
                )
            )
    return [open_lines[n] for n in sorted(set(wanted))]


def expected_stock(run: Run) -> dict[tuple[str, str], Stock]:
    """The stock the run was computed from, plus what its approved lines have added since
    (a transfer is inbound at its receiver and reserved at its sender, an order on order)."""
    stock: dict[tuple[str, str], Stock] = {}
    for line in run.lines:
        stock.setdefault((line.store_code, line.sku), line.stock)
        if line.kind == TRANSFER:
            stock.setdefault(
                (line.from_store, line.sku),
                Stock(line.from_on_hand_qty_base, reserved_qty_base=line.from_reserved_qty_base),
            )
    for line in run.lines:
        if line.state != APPROVED:
            continue
        key = (line.store_code, line.sku)
        if line.kind == TRANSFER:
            stock[key] = replace(
                stock[key], inbound_qty_base=stock[key].inbound_qty_base + line.qty_base
            )
            donor = (line.from_store, line.sku)
            stock[donor] = replace(
                stock[donor], reserved_qty_base=stock[donor].reserved_qty_base + line.qty_base
            )
        else:
            stock[key] = replace(
                stock[key], on_order_qty_base=stock[key].on_order_qty_base + line.qty_base
            )
    return stock


def check_unchanged(
    run: Run, lines: Sequence[RunLine], now: Mapping[tuple[str, str], Stock]
) -> None:
    """Refuse when the stock a chosen line was computed from is not what it is now (less
    what the run's own approved lines explain): the receiving store's on hand, inbound, on
    order and reserved; the sending store's on hand and reserved."""
    then = expected_stock(run)
    for line in lines:
        key = (line.store_code, line.sku)
        current = now.get(key, Stock())
        if current != then[key]:
            raise RunRefused(
                _(
                    "the stock of {sku} at {store} changed since {run_id} was computed (position "
                    "{before} then, {after} now); run a new one"
                ).format(sku=line.sku, store=line.store_code, run_id=run.run_id,
                         before=then[key].position, after=current.position)
            )  # fmt: skip
        if line.kind == TRANSFER:
            donor_key = (line.from_store, line.sku)
            donor, was = now.get(donor_key, Stock()), then[donor_key]
            if (donor.on_hand_qty_base, donor.reserved_qty_base) != (
                was.on_hand_qty_base, was.reserved_qty_base,
            ):  # fmt: skip
                raise RunRefused(
                    _(
                        "the stock of {sku} at {store} changed since {run_id} was computed (on "
                        "hand {before} then, {after} now); run a new one"
                    ).format(sku=line.sku, store=line.from_store, run_id=run.run_id,
                             before=was.on_hand_qty_base, after=donor.on_hand_qty_base)
                )  # fmt: skip


def approved(run: Run, documents: Mapping[int, str], at_ms: int, by: str) -> Run:
    """The run after an approval: the chosen lines approved with their document; the run
    approved when no line is left open, partly approved otherwise."""
    lines = tuple(
        replace(line, state=APPROVED, document_id=documents[line.line_no])
        if line.line_no in documents
        else line
        for line in run.lines
    )
    left = any(ln.state == PROPOSED and ln.kind != UNSOURCED for ln in lines)
    return replace(
        run, state=PARTLY_APPROVED if left else APPROVED, approved_at_ms=at_ms, approved_by=by,
        lines=lines,
    )  # fmt: skip
