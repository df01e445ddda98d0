"""An in-memory ledger for service tests: FakeLedger yields a FakeUnitOfWork per transaction.

The fake repositories keep the same methods as edge_agent.store's (the ones the
selling, receiving, returns and downstream services use), in dicts and lists.
A write transaction works on a copy that replaces the committed state only when
the block ends without an exception, so "a refused sale changes nothing" is
tested here as it is on SQLite. FakeJournal is a store.journal.Journal: its
`append` (the checks against the kind, numbering, booking) is the real one.

    ctx = fake_store()                        # a StoreContext over a FakeLedger
    ctx.db.committed.catalogue.add(COLA, ["6901234567892"])
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from common.domain.costing import StockPosition, position_after
from common.domain.entry_chain import chain_hash
from common.domain.product import CatalogueProduct, restock_moves
from common.domain.promotions import Offer
from common.journal_kinds import JournalKind
from edge_agent.config import DEFAULTS
from edge_agent.domain.approvals import ApprovalRecord, Manager, PinState
from edge_agent.domain.channel_orders import ChannelOrder
from edge_agent.domain.idempotency import KeyedRequest, RecordedKey
from edge_agent.domain.journal import JournalEntry, Movement
from edge_agent.domain.ledger_check import SaleRows
from edge_agent.domain.member_till import KnownMember
from edge_agent.domain.product import CatalogueChange
from edge_agent.domain.promotions import StorePromotion
from edge_agent.domain.purchase_orders import SupplierReturn
from edge_agent.domain.receiving import SupplierDelivery
from edge_agent.domain.redemptions import Redemption
from edge_agent.domain.returns import SaleReturn
from edge_agent.domain.rewards import Reward
from edge_agent.domain.sale_record import RecordedSale
from edge_agent.domain.shift import Shift
from edge_agent.services.context import StoreContext
from edge_agent.services.policy import TillPolicy
from edge_agent.store.journal import EntryCatalogue, Journal
from edge_agent.store.journal_codec.entries import encode_entry


class FakeStock:
    def __init__(self) -> None:
        self.movements: list[tuple[int, Movement]] = []
        self.level_of: dict[str, int] = {}
        self.enforce_level_limit = True  # as StockRepository; this fake never refuses

    def clone(self) -> FakeStock:
        other = FakeStock()
        other.movements = list(self.movements)
        other.level_of = dict(self.level_of)
        return other

    def book(self, seq: int, movements: Sequence[Movement]) -> None:
        for m in movements:
            self.movements.append((seq, m))
            self.level_of[m.sku] = self.level_of.get(m.sku, 0) + m.qty_base

    def levels(self) -> list[tuple[str, int]]:
        return sorted(self.level_of.items())

    def position(self, sku: str, start_cost_minor: int) -> StockPosition:
        moves = ((m.qty_base, m.unit_cost_minor) for _, m in self.movements if m.sku == sku)
        return position_after(start_cost_minor, moves)

    def positions(self, start_cost_minor: dict[str, int]) -> dict[str, StockPosition]:
        return {sku: self.position(sku, cost) for sku, cost in start_cost_minor.items()}

    def movement_sums(self) -> list[tuple[str, int]]:
        sums: dict[str, int] = {}
        for _, m in self.movements:
            sums[m.sku] = sums.get(m.sku, 0) + m.qty_base
        return sorted(sums.items())


class FakeJournal(Journal):
    def __init__(self, stock: FakeStock, products: EntryCatalogue) -> None:
        super().__init__(stock, products)
        self.entries: list[JournalEntry] = []
        self.acked = (0, 0)

    def clone(self, stock: FakeStock, products: EntryCatalogue) -> FakeJournal:
        other = FakeJournal(stock, products)
        other.entries = list(self.entries)
        other.acked = self.acked
        return other

    def newest_seq(self) -> int:
        return self.entries[-1].seq if self.entries else 0

    def _write(self, entry: JournalEntry) -> None:
        if entry.seq != self.newest_seq() + 1:  # the journal table's primary key, gap-free
            raise AssertionError(f"entry {entry.seq} does not follow {self.newest_seq()}")
        self.entries.append(entry)

    def chained_entries(self) -> list[tuple[int, bytes, bytes]]:
        """As the ledger keeps them: each entry's bytes and its chained hash."""
        chained, previous = [], b""
        for entry in self.entries:
            payload = encode_entry(entry)
            previous = chain_hash(previous, payload)
            chained.append((entry.seq, payload, previous))
        return chained

    def at(self, seq: int) -> JournalEntry:
        return next(e for e in self.entries if e.seq == seq)

    def sale_at(self, seq: int) -> tuple[RecordedSale, int]:
        entry = self.at(seq)
        assert isinstance(entry.body, RecordedSale)
        return entry.body, entry.occurred_at_ms

    def sale_return_at(self, seq: int) -> tuple[SaleReturn, int]:
        entry = self.at(seq)
        assert isinstance(entry.body, SaleReturn)
        return entry.body, entry.occurred_at_ms

    def delivery_at(self, seq: int) -> SupplierDelivery:
        body = self.at(seq).body
        assert isinstance(body, SupplierDelivery)
        return body

    def supplier_return_at(self, seq: int) -> SupplierReturn:
        body = self.at(seq).body
        assert isinstance(body, SupplierReturn)
        return body

    def redemption_at(self, seq: int) -> tuple[Redemption, tuple[Movement, ...], int]:
        entry = self.at(seq)
        assert isinstance(entry.body, Redemption)
        return entry.body, entry.movements, entry.occurred_at_ms

    def reward_at(self, seq: int) -> tuple[Reward, tuple[Movement, ...], int]:
        entry = self.at(seq)
        assert isinstance(entry.body, Reward)
        return entry.body, entry.movements, entry.occurred_at_ms

    def sales(self, kind: JournalKind) -> Iterator[tuple[int, RecordedSale]]:
        for entry in self.entries:
            if entry.kind is kind and isinstance(entry.body, RecordedSale):
                yield entry.seq, entry.body

    def sync_state(self) -> tuple[int, int]:
        return self.acked

    def set_committed(self, committed_seq: int, contact_ms: int) -> None:
        self.acked = (committed_seq, contact_ms)


class FakeCatalogue:
    def __init__(self) -> None:
        self.products: dict[str, CatalogueProduct] = {}
        self.codes: dict[str, str] = {}  # barcode -> sku
        self.packs: dict[str, tuple[str, str, int]] = {}  # pack barcode -> (sku, name, qty)
        self.cursor_at = 0

    def clone(self) -> FakeCatalogue:
        other = FakeCatalogue()
        other.products, other.codes = dict(self.products), dict(self.codes)
        other.packs, other.cursor_at = dict(self.packs), self.cursor_at
        return other

    def add(self, product: CatalogueProduct, barcodes: Sequence[str] = ()) -> None:
        self.products[product.sku] = product
        for code in barcodes:
            self.codes[code] = product.sku

    def add_pack(self, barcode: str, sku: str, name: str, qty_base: int) -> None:
        self.packs[barcode] = (sku, name, qty_base)

    def upsert(self, change: CatalogueChange) -> None:
        price = change.store_price_minor
        product = change.product if price is None else replace(change.product, price_minor=price)
        self.add(product, change.barcodes)

    def find_product(self, code: str) -> CatalogueProduct | None:
        """By barcode, then pack barcode, then SKU, as store.catalogue finds one."""
        if code in self.packs:
            sku, name, qty = self.packs[code]
            product = self.products.get(sku)
            return None if product is None else replace(product, pack_name=name, pack_qty=qty)
        return self.products.get(self.codes.get(code, code))

    def restock_moves_of(self, sku: str) -> tuple[tuple[str, int], ...]:
        return restock_moves(sku, self._direct)

    def _direct(self, sku: str) -> tuple[str, list[tuple[str, int]]]:
        product = self.products.get(sku)
        return ("goods", []) if product is None else (product.kind, list(product.components))

    def product_by_sku(self, sku: str) -> CatalogueProduct | None:
        return self.products.get(sku)

    def cost_by_sku(self) -> dict[str, int]:
        return {sku: p.cost_minor for sku, p in self.products.items()}

    def barcodes_of(self, sku: str) -> list[str]:
        return sorted(code for code, of in self.codes.items() if of == sku)

    def downstream_cursor(self) -> int:
        return self.cursor_at

    def set_downstream_cursor(self, cursor: int) -> None:
        self.cursor_at = cursor

    def product_count(self) -> int:
        return len(self.products)


@dataclass
class _SaleRow:
    sale: RecordedSale
    key: str


class FakeSales:
    def __init__(self) -> None:
        self.rows: dict[int, _SaleRow] = {}  # by journal seq

    def clone(self) -> FakeSales:
        other = FakeSales()
        other.rows = dict(self.rows)
        return other

    def insert(self, seq: int, sale: RecordedSale, idempotency_key: str, at: int) -> None:
        if idempotency_key and self.by_key(idempotency_key) is not None:
            raise AssertionError(f"idempotency key {idempotency_key} is unique")
        self.rows[seq] = _SaleRow(sale, idempotency_key)

    def next_sale_no(self) -> int:
        return max((r.sale.sale_no for r in self.rows.values()), default=0) + 1

    def by_key(self, key: str) -> int | None:
        return next((s for s, r in self.rows.items() if key and r.key == key), None)

    def seq_of(self, sale_no: int = 0, sale_id: str = "") -> int | None:
        for seq, row in self.rows.items():
            if (sale_id and row.sale.sale_id == sale_id) or (
                not sale_id and row.sale.sale_no == sale_no
            ):
                return seq
        return None

    def all_rows(self) -> dict[str, SaleRows]:
        return {
            r.sale.sale_id: SaleRows(seq, r.sale, r.sale.change_minor, r.sale.discount_minor)
            for seq, r in self.rows.items()
        }


class FakeDeliveries:
    def __init__(self) -> None:
        self.rows: dict[
            int, tuple[SupplierDelivery, str, str]
        ] = {}  # seq -> (delivery, actor, key)

    def clone(self) -> FakeDeliveries:
        other = FakeDeliveries()
        other.rows = dict(self.rows)
        return other

    def insert(self, seq: int, delivery: SupplierDelivery, actor: str, key: str) -> None:
        self.rows[seq] = (delivery, actor, key)

    def by_key(self, key: str) -> int | None:
        return next((s for s, (_, _, k) in self.rows.items() if key and k == key), None)


class FakeReturns:
    def __init__(self) -> None:
        self.rows: dict[int, tuple[SaleReturn, str]] = {}  # seq -> (return, key)

    def clone(self) -> FakeReturns:
        other = FakeReturns()
        other.rows = dict(self.rows)
        return other

    def returned_by_line(self, sale_id: str) -> dict[int, int]:
        out: dict[int, int] = {}
        for ret, _ in self.rows.values():
            if ret.original_sale_id == sale_id:
                for line in ret.lines:
                    out[line.original_line_no] = out.get(line.original_line_no, 0) + line.qty_base
        return out

    def next_return_no(self) -> int:
        return max((r.return_no for r, _ in self.rows.values()), default=0) + 1

    def by_key(self, key: str) -> int | None:
        return next((s for s, (_, k) in self.rows.items() if key and k == key), None)

    def seq_of(self, return_no: int) -> int | None:
        return next((s for s, (r, _) in self.rows.items() if r.return_no == return_no), None)

    def insert(self, seq: int, ret: SaleReturn, key: str, at: int) -> None:
        self.rows[seq] = (ret, key)


@dataclass
class FakeShifts:
    open_shifts: dict[str, Shift] = field(default_factory=dict)  # by till
    till_actions: list[tuple[int, str, str]] = field(default_factory=list)

    def clone(self) -> FakeShifts:
        return FakeShifts(dict(self.open_shifts), list(self.till_actions))

    def open_shift_of(self, till_id: str) -> Shift | None:
        return self.open_shifts.get(till_id)


@dataclass
class FakeManagers:
    """The store's staff (managers among them), the tills' sign-ins and the approvals."""

    managers: dict[str, Manager] = field(default_factory=dict)
    approvals: dict[str, ApprovalRecord] = field(default_factory=dict)
    used: dict[str, int] = field(default_factory=dict)  # approval id -> the seq that used it
    sign_ins: dict[str, tuple[str, int]] = field(default_factory=dict)  # till -> (code, at)

    def clone(self) -> FakeManagers:
        return FakeManagers(
            dict(self.managers), dict(self.approvals), dict(self.used), dict(self.sign_ins)
        )

    def find(self, name: str) -> Manager | None:
        return self.managers.get(name)

    def find_by_card(self, card_hash: str) -> Manager | None:
        found = sorted(
            n for n, m in self.managers.items() if card_hash and m.card_hash == card_hash
        )
        return self.managers[found[0]] if found else None

    def all(self) -> list[Manager]:
        return [self.managers[n] for n in sorted(self.managers)]

    def add(self, name: str, pin_hash: str, now_ms: int, role: str = "store_manager") -> None:
        self.managers[name] = Manager(name, pin_hash, False, PinState(), role)

    def put_from_head_office(self, member: Manager, now_ms: int) -> None:
        kept = self.managers.get(member.name)
        pin = kept.pin if kept is not None else PinState()
        self.managers[member.name] = replace(member, pin=pin, origin="head_office")

    def set_pin_hash(self, name: str, pin_hash: str) -> None:
        self.managers[name] = replace(self.managers[name], pin_hash=pin_hash)

    def disable(self, name: str) -> None:
        self.managers[name] = replace(self.managers[name], disabled=True)

    def signed_in(self, till_id: str) -> tuple[str, int] | None:
        return self.sign_ins.get(till_id)

    def sign_in(self, till_id: str, code: str, now_ms: int) -> None:
        self.sign_ins[till_id] = (code, now_ms)

    def sign_out(self, till_id: str) -> None:
        self.sign_ins.pop(till_id, None)

    def sign_out_everywhere(self, code: str) -> None:
        self.sign_ins = {t: s for t, s in self.sign_ins.items() if s[0] != code}

    def set_pin_state(self, name: str, state: PinState) -> None:
        self.managers[name] = replace(self.managers[name], pin=state)

    def insert_approval(self, seq: int, record: ApprovalRecord) -> None:
        self.approvals[record.approval_id] = record

    def find_approval(self, approval_id: str) -> ApprovalRecord | None:
        record = self.approvals.get(approval_id)
        return None if record is None else replace(record, used=approval_id in self.used)

    def mark_used(self, approval_id: str, seq: int) -> None:
        self.used[approval_id] = seq


class FakeCommandKeys:
    def __init__(self) -> None:
        self.keys: dict[str, RecordedKey] = {}

    def clone(self) -> FakeCommandKeys:
        other = FakeCommandKeys()
        other.keys = dict(self.keys)
        return other

    def find(self, key: str) -> RecordedKey | None:
        return self.keys.get(key)

    def record(self, request: KeyedRequest, seq: int) -> None:
        if request.key in self.keys:  # the table's primary key
            raise AssertionError(f"idempotency key {request.key} is unique")
        self.keys[request.key] = RecordedKey(
            request.key, request.document, request.fingerprint, seq
        )


class FakePromotions:
    """The store's promotions in memory (edge_agent.store.promotions)."""

    def __init__(self) -> None:
        self.rows: dict[str, StorePromotion] = {}

    def clone(self) -> FakePromotions:
        other = FakePromotions()
        other.rows = dict(self.rows)
        return other

    def put(self, promotion: StorePromotion, cursor: int) -> None:
        self.rows[promotion.promo_id] = promotion

    def get(self, promo_id: str) -> StorePromotion | None:
        return self.rows.get(promo_id)

    def in_force(self, at_ms: int) -> list[Offer]:
        return [p.offer for _id, p in sorted(self.rows.items()) if p.in_force(at_ms)]


class FakeMemberCache:
    """The member cache and offline debits in memory (edge_agent.store.member_cache)."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[KnownMember, int]] = {}
        self.offline: list[tuple[int, str, int, str]] = []

    def clone(self) -> FakeMemberCache:
        other = FakeMemberCache()
        other.rows = dict(self.rows)
        other.offline = list(self.offline)
        return other

    def put(self, member: KnownMember, seen_at_ms: int) -> None:
        self.rows[member.member_id] = (member, seen_at_ms)

    def find(self, text: str) -> KnownMember | None:
        found = [
            (seen, m)
            for m, seen in self.rows.values()
            if text and text in (m.member_id, m.card_no, m.qr_code)
        ]
        return max(found, key=lambda pair: pair[0])[1] if found else None

    def set_balance(self, member_id: str, balance_minor: int) -> None:
        if member_id in self.rows:
            member, seen = self.rows[member_id]
            self.rows[member_id] = (replace(member, balance_minor=balance_minor), seen)

    def add_offline_debit(self, seq: int, member_id: str, amount_minor: int, key: str) -> None:
        self.offline.append((seq, member_id, amount_minor, key))

    def unreconciled_offline_minor(self, member_id: str, committed_seq: int) -> int:
        return sum(a for s, m, a, _k in self.offline if m == member_id and s > committed_seq)


class FakeChannelOrders:
    """The store's online orders in memory (store.channel_orders.ChannelOrdersRepository)."""

    def __init__(self) -> None:
        self.orders: dict[str, ChannelOrder] = {}

    def get(self, reservation_id: str) -> ChannelOrder | None:
        return self.orders.get(reservation_id)

    def list(self, states=(), limit: int = 1000) -> list[ChannelOrder]:  # type: ignore[no-untyped-def]
        found = [o for o in self.orders.values() if not states or o.state in states]
        return sorted(found, key=lambda o: (o.confirmed_at_ms, o.reservation_id))[:limit]

    def put(self, order: ChannelOrder) -> None:
        self.orders[order.reservation_id] = order

    def clone(self) -> FakeChannelOrders:
        other = FakeChannelOrders()
        other.orders = dict(self.orders)
        return other


class FakeUnitOfWork:
    def __init__(self) -> None:
        self.stock = FakeStock()
        self.catalogue = FakeCatalogue()
        self.journal = FakeJournal(self.stock, self.catalogue)
        self.sales = FakeSales()
        self.returns = FakeReturns()
        self.deliveries = FakeDeliveries()
        self.shifts = FakeShifts()
        self.managers = FakeManagers()
        self.staff = self.managers  # one repository under both names, as the real one
        self.command_keys = FakeCommandKeys()
        self.promotions = FakePromotions()
        self.member_cache = FakeMemberCache()
        self.channel_orders = FakeChannelOrders()
        self.undo: list = []

    def after_rollback(self, undo) -> None:  # type: ignore[no-untyped-def]
        self.undo.append(undo)

    def clone(self) -> FakeUnitOfWork:
        other = FakeUnitOfWork()
        other.stock = self.stock.clone()
        other.catalogue = self.catalogue.clone()
        other.journal = self.journal.clone(other.stock, other.catalogue)
        other.sales = self.sales.clone()
        other.returns = self.returns.clone()
        other.deliveries = self.deliveries.clone()
        other.shifts = self.shifts.clone()
        other.managers = self.managers.clone()
        other.staff = other.managers
        other.command_keys = self.command_keys.clone()
        other.promotions = self.promotions.clone()
        other.member_cache = self.member_cache.clone()
        other.channel_orders = self.channel_orders.clone()
        return other


class FakeLedger:
    """In place of store.connection.LedgerDatabase: write() commits only a block that ends."""

    def __init__(self) -> None:
        self.committed = FakeUnitOfWork()
        self.commits = 0

    @contextmanager
    def write(self) -> Iterator[FakeUnitOfWork]:
        uow = self.committed.clone()
        try:
            yield uow  # an exception leaves self.committed as it was: a rollback
        except BaseException:
            for undo in reversed(uow.undo):
                undo()
            raise
        uow.undo = []
        self.committed = uow
        self.commits += 1

    @contextmanager
    def read(self) -> Iterator[FakeUnitOfWork]:
        yield self.committed.clone()

    def close(self) -> None:
        pass


def fake_store(**till: object) -> StoreContext:
    """Store S001 on a FakeLedger, with [till] settings over the defaults."""
    policy = TillPolicy.from_config({**DEFAULTS, "till": {**DEFAULTS["till"], **till}})
    return StoreContext(FakeLedger(), "S001", "Corner Shop", "CNY", policy)  # type: ignore[arg-type]
