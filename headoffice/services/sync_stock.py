"""A store batch's movements at head office: the one pass over its messages, then the stock
levels, the moving-average valuation and the stock-out spans they move (services.sync.apply_batch
runs them in its transaction)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from common.domain.limits import MAX_STOCK_QTY_BASE
from common.journal_kinds import REASON_NAMES, SALE, reason_name
from common.journal_rules import EntryRefused, sale_in_shape
from headoffice.domain import stockouts
from headoffice.domain.costing import StockBook, StockPosition
from headoffice.domain.ledger import EntryHead, EntryLike, JournalRow, MovementLike, ValuedMovement
from headoffice.domain.sales_rollup import SalesTally
from headoffice.domain.sales_tally import ReportsTally
from headoffice.services.entry_checks import BatchCatalogue, level_out_of_range
from headoffice.services.ports import UnitOfWorkPort

# A batch's sales at cost: (UTC day, its 24 hourly sums), by day (SalesTally.rows).
DayRows = list[tuple[int, list[int]]]

# A movement read from its message: sku, qty_base, reason name, unit cost if an inflow has one.
_Pending = tuple[str, int, str, int | None]


class Collected:
    """What the single pass over a batch's messages gathers for the levels and the valuation."""

    __slots__ = ("pending", "net", "costed", "shaped", "inflows")

    def __init__(self) -> None:
        self.pending: list[tuple[EntryHead, list[_Pending]]] = []
        # Per entry: a sale in shape but for its products (journal_rules.sale_in_shape
        # without the catalogue), checked here while the message is at hand.
        self.shaped: list[bool] = []
        self.net: dict[str, int] = {}  # net quantity per SKU over the batch
        self.costed = False  # some inflow carries a cost: averages may change
        self.inflows: set[str] = set()  # SKUs with a movement onto the shelf (stock-outs)


def journal_rows(
    entries: Iterable[EntryLike],
    collected: Collected,
    payload: Callable[[EntryLike], bytes],
    unit_cost: Callable[[MovementLike], int | None],
) -> Iterator[JournalRow]:
    """Each entry's journal row; its movements and their net quantities go to `collected`.

    Nothing is cut: plan_batch refused any text longer than its column.
    """
    # An unknown reason number reads as "reason-N": plan_batch refused it, or the entry's
    # kind holds its movements to its document (check_batch refuses it there).
    reasons = dict(REASON_NAMES)
    pending = collected.pending
    net = collected.net
    shaped = collected.shaped
    inflows = collected.inflows
    sale = SALE.name
    costed = False
    for entry in entries:
        moves = []
        for m in entry.movements:
            qty = m.qty_base
            sku = m.sku
            # Only an inflow's cost can change the average; an outflow's is ignored.
            if qty > 0:
                inflows.add(sku)
                cost = unit_cost(m)
                if cost is not None:
                    costed = True
                moves.append((sku, qty, reasons.get(m.reason) or reason_name(m.reason), cost))
            else:
                moves.append((sku, qty, reasons.get(m.reason) or reason_name(m.reason), None))
            net[sku] = net.get(sku, 0) + qty
        seq = entry.seq
        document_type = entry.document_type
        if document_type == sale:
            try:
                shaped.append(sale_in_shape(entry, moves, None))
            except EntryRefused:  # card data: check_batch refuses it, with its sentence
                shaped.append(False)
        else:
            shaped.append(False)
        document_id = entry.document_id
        occurred_at_ms = entry.occurred_at_ms
        pending.append(((seq, document_type, document_id, entry.actor, occurred_at_ms), moves))
        yield seq, document_type, document_id, occurred_at_ms, payload(entry)
    collected.costed = costed


def apply_uncosted(
    uow: UnitOfWorkPort,
    store_code: str,
    collected: Collected,
    products: BatchCatalogue,
    now_ms: int,
    tally: ReportsTally,
) -> DayRows:
    """Levels and movements of a batch in which no inflow carries a cost; returns its sales
    at cost by UTC day and hour (_insert_movements).

    No average changes in such a batch (costing.StockBook), so each level moves
    by its SKU's net quantity in one UPDATE that returns the average every
    movement of that SKU is valued at; no lock-then-write. SKUs without a level
    get one at their catalogue cost, as in the general path.
    """
    net = collected.net
    levels = uow.levels.add_to_levels(store_code, net, now_ms)
    # The SKUs that may have crossed zero (stockouts.candidates), with their level before
    # (now − net; None when new).
    inflows = collected.inflows
    before: dict[str, int | None] = {
        sku: p.qty_base - net[sku]
        for sku, p in levels.items()
        if (p.qty_base <= 0) != (p.qty_base <= net[sku]) or (p.qty_base <= 0 and sku in inflows)
    }
    if len(levels) < len(net):
        new_skus = [sku for sku in net if sku not in levels]
        costs = products.costs(new_skus)
        starting = {sku: StockPosition(net[sku], costs.get(sku, 0)) for sku in new_skus}
        uow.levels.upsert_levels(store_code, starting, now_ms)
        levels.update(starting)
        before.update(dict.fromkeys(sku for sku in new_skus if net[sku] > 0 or sku in inflows))
    check_levels(store_code, levels, collected)
    if before:
        _record_stockouts(uow, store_code, before, collected)
    averages = {sku: p.avg_cost_minor for sku, p in levels.items()}
    return _insert_movements(
        uow, store_code, tally.passing(_valued_at(collected.pending, averages), collected.shaped)
    )


def apply_costed(
    uow: UnitOfWorkPort,
    store_code: str,
    collected: Collected,
    products: BatchCatalogue,
    now_ms: int,
    tally: ReportsTally,
) -> DayRows:
    """Levels and movements through the moving-average book, from the locked current levels;
    returns the batch's sales at cost by UTC day and hour (_insert_movements)."""
    skus = collected.net.keys()
    positions = uow.levels.lock_levels(store_code, skus)
    locked = set(positions)
    new_skus = skus - locked
    if new_skus:
        costs = products.costs(new_skus)
        for sku in new_skus:
            positions[sku] = StockPosition(0, costs.get(sku, 0))
    check_levels(
        store_code,
        {sku: StockPosition(p.qty_base + collected.net[sku], 0) for sku, p in positions.items()},
        collected,
    )
    book = StockBook(positions)
    days = _insert_movements(
        uow, store_code, tally.passing(_valued(collected.pending, book), collected.shaped)
    )
    after = book.positions()
    uow.levels.upsert_levels(store_code, after, now_ms, locked)
    before: dict[str, int | None] = {
        sku: None if sku in new_skus else positions[sku].qty_base
        for sku in stockouts.candidates(
            {sku: None if sku in new_skus else p.qty_base for sku, p in positions.items()},
            {sku: p.qty_base for sku, p in after.items()},
            collected.inflows,
        )
    }
    if before:
        _record_stockouts(uow, store_code, before, collected)
    return days


def _record_stockouts(
    uow: UnitOfWorkPort, store_code: str, before: dict[str, int | None], collected: Collected
) -> None:
    """The stock-out spans the batch opened or closed for the SKUs that may have crossed zero
    (`before`: their levels before it, None when new), walked through its movements in
    journal order (domain/stockouts.py); nothing is written when none crossed."""
    spans = stockouts.spans_of(before, before, collected.pending)
    if not spans:
        return
    closes = [
        (s.sku, s.back_at_ms)
        for s in spans
        if s.out_at_ms is None and s.back_at_ms is not None and before[s.sku] is not None
    ]
    rows = [s for s in spans if s.out_at_ms is not None or before[s.sku] is None]
    uow.levels.record_stockouts(store_code, closes, rows)


def _insert_movements(
    uow: UnitOfWorkPort,
    store_code: str,
    valued: Iterator[tuple[EntryHead, list[ValuedMovement]]],
) -> DayRows:
    """Insert the valued movements; return their sales at cost by UTC day and hour, for the
    daily roll-up the accuracy report reads, which apply_batch writes with the reports'
    roll-ups in the batch's transaction (SalesReportPort.add): committed together or not
    at all."""
    tally = SalesTally()
    uow.levels.insert_movements(store_code, tally.passing(valued))
    return tally.rows()


def check_levels(store_code: str, levels: dict[str, StockPosition], collected: Collected) -> None:
    """Refuse the batch (InvalidEntry, level_out_of_range) when it leaves a stock level past
    MAX_STOCK_QTY_BASE either way, naming the first entry after which that level is past it."""
    most = MAX_STOCK_QTY_BASE
    bad = {sku: p.qty_base for sku, p in levels.items() if not -most <= p.qty_base <= most}
    if bad:  # rare: the sentence's search for the entry runs only then
        raise level_out_of_range(store_code, bad, collected.net, collected.pending)


def _valued(
    pending: list[tuple[EntryHead, list[_Pending]]], book: StockBook
) -> Iterator[tuple[EntryHead, list[ValuedMovement]]]:
    """The movements in journal order, each valued through the book as it comes."""
    move = book.move
    for head, moves in pending:
        yield head, [(sku, qty, reason, move(sku, qty, cost)) for sku, qty, reason, cost in moves]


def _valued_at(
    pending: list[tuple[EntryHead, list[_Pending]]], averages: dict[str, int]
) -> Iterator[tuple[EntryHead, list[ValuedMovement]]]:
    """The movements in journal order, each valued at its SKU's (unchanging) average."""
    for head, moves in pending:
        yield head, [(sku, qty, reason, averages[sku]) for sku, qty, reason, _ in moves]
