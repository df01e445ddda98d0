"""The store journal (gap-free sequence, invariant 2) and how far head office has committed it.

`Journal.append` is the one way an entry is written on the edge: it checks the
entry against its kind (domain.journal.check_entry), numbers it max+1 (or the
seq the caller reserved), writes it and books its movements into the stock
levels, all inside the caller's transaction. `JournalRepository` keeps it in
SQLite; tests' FakeJournal keeps it in memory with the same `append`.
"""

from __future__ import annotations

import abc
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Protocol

from common.clock import now_ms
from common.domain.entry_chain import chain_hash
from common.domain.typed_text import clean_name
from common.i18n import _
from common.journal_kinds import JournalKind
from common.journal_rules import Catalogue, EntryRefused, ShelfProduct, check_entry_rules
from edge_agent.domain.journal import (
    AppendedEntry,
    JournalEntry,
    Movement,
    Reason,
    StoredEntry,
    check_entry,
)
from edge_agent.domain.purchase_orders import SupplierReturn
from edge_agent.domain.receiving import SupplierDelivery
from edge_agent.domain.redemptions import Redemption
from edge_agent.domain.returns import SaleReturn
from edge_agent.domain.rewards import Reward
from edge_agent.domain.sale_record import RecordedSale
from edge_agent.domain.transfers import TransferLine
from edge_agent.store.journal_codec.entries import (
    body_field_of,
    decode_entry,
    encode_entry,
    entry_message,
)
from edge_agent.store.journal_codec.members import redemption_of, reward_of
from edge_agent.store.journal_codec.sales import recorded_sale_of, sale_return_of
from edge_agent.store.journal_codec.stock import delivery_of, supplier_return_of, transfer_line_of


class StockBook(Protocol):
    def book(self, seq: int, movements: Sequence[Movement]) -> None: ...


class EntryCatalogue(Protocol):
    """What the entry rules read of the store's catalogue (store.catalogue.CatalogueRepository)."""

    def product_by_sku(self, sku: str) -> ShelfProduct | None: ...

    def restock_moves_of(self, sku: str) -> tuple[tuple[str, int], ...]: ...


class Journal(abc.ABC):
    def __init__(self, stock: StockBook, products: EntryCatalogue) -> None:
        self._stock = stock
        self._products = products  # the store's catalogue, for the entry rules

    def append(
        self,
        kind: JournalKind,
        document_id: str,
        actor: str,
        body: object,
        movements: Sequence[Movement] = (),
        *,
        occurred_at_ms: int | None = None,
        seq: int | None = None,
    ) -> AppendedEntry:
        """Append one checked entry and book its movements; its seq and time.

        Who recorded it (a cashier's or clerk's name as typed) is a name: printable and at
        most MAX_NAME_CHARS (common.domain.typed_text), so no receipt, report or terminal
        showing the journal receives a control character from it."""
        moves = tuple(movements)
        check_entry(kind, body_field_of(body), document_id, moves)
        clean_name(_("the name of the cashier or clerk"), actor)
        entry = JournalEntry(
            seq=seq or self.next_seq(),
            occurred_at_ms=occurred_at_ms or now_ms(),
            kind=kind,
            document_id=document_id,
            actor=actor,
            body=body,
            movements=moves,
        )
        self._check_rules(entry)
        self._write(entry)
        if moves:
            self._stock.book(entry.seq, moves)
        return AppendedEntry(entry.seq, entry.occurred_at_ms)

    def _check_rules(self, entry: JournalEntry) -> None:
        """Refuse an entry head office would refuse (common.journal_rules): its movements
        must be what its document says, on SKUs of the store's catalogue, in range, with no
        card data. A refusal here is a bug in the service that built the entry."""
        try:
            products = Catalogue(self._products.product_by_sku, self._products.restock_moves_of)
            check_entry_rules(entry_message(entry), products)
        except EntryRefused as exc:
            raise EntryRefused(
                _("the store did not record {kind} {document}: {reason}").format(
                    kind=entry.kind.name, document=entry.document_id, reason=exc
                ),
                exc.code,
            ) from exc

    def next_seq(self) -> int:
        """The next sequence number; only call inside a write (BEGIN IMMEDIATE) transaction."""
        return self.newest_seq() + 1

    @abc.abstractmethod
    def newest_seq(self) -> int: ...

    @abc.abstractmethod
    def _write(self, entry: JournalEntry) -> None: ...


class JournalRepository(Journal):
    def __init__(
        self,
        conn: sqlite3.Connection,
        stock: StockBook,
        products: EntryCatalogue,
    ) -> None:
        super().__init__(stock, products)
        self._conn = conn

    def newest_seq(self) -> int:
        return int(self._conn.execute("SELECT coalesce(max(seq), 0) FROM journal").fetchone()[0])

    def _write(self, entry: JournalEntry) -> None:
        payload = encode_entry(entry)
        self._conn.execute(
            "INSERT INTO journal"
            " (seq, document_type, document_id, occurred_at_ms, payload, entry_hash)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                entry.seq,
                entry.kind.name,
                entry.document_id,
                entry.occurred_at_ms,
                payload,
                chain_hash(self.entry_hash(entry.seq - 1), payload),
            ),
        )

    def entry_hash(self, seq: int) -> bytes:
        """The hash of entry seq (b"" before the first entry or for a seq the ledger lacks)."""
        row = self._conn.execute("SELECT entry_hash FROM journal WHERE seq = ?", (seq,)).fetchone()
        return bytes(row[0]) if row is not None and row[0] is not None else b""

    def chained_entries(self) -> list[tuple[int, bytes, bytes]]:
        """(seq, bytes, hash) of every entry in order: what edge-agent check recomputes."""
        rows = self._conn.execute("SELECT seq, payload, entry_hash FROM journal ORDER BY seq")
        return [(int(s), bytes(p), bytes(h or b"")) for s, p, h in rows]

    def entry_hashes(self, seqs: Sequence[int]) -> list[bytes]:
        """The hashes of the entries seqs, in that order (b"" where the ledger has none)."""
        return [self.entry_hash(seq) for seq in seqs]

    def install_rebuilt(
        self, entry: StoredEntry, document_type: str, document_id: str, moves: Sequence[Movement]
    ) -> None:
        """Write an entry head office committed, as it was (bytes and hash), and book its
        movements: a ledger rebuilt from head office's journal (edge-agent init
        --from-headoffice), never a new entry."""
        self._conn.execute(
            "INSERT INTO journal"
            " (seq, document_type, document_id, occurred_at_ms, payload, entry_hash)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (entry.seq, document_type, document_id, entry.occurred_at_ms, entry.payload,
             entry.entry_hash),
        )  # fmt: skip
        if moves:
            self._stock.book(entry.seq, moves)

    def note_origin(self, origin: str) -> None:
        """How this ledger began (init, upgrade, rebuild:N)."""
        self._conn.execute("UPDATE ledger_instance SET origin = ? WHERE id = 1", (origin,))

    def instance_id(self) -> str:
        """The ledger instance this journal belongs to (created at init; DESIGN invariant 7)."""
        row = self._conn.execute("SELECT instance_id FROM ledger_instance WHERE id = 1").fetchone()
        return "" if row is None else str(row[0])

    def _payload(self, seq: int) -> bytes:
        return self._conn.execute("SELECT payload FROM journal WHERE seq = ?", (seq,)).fetchone()[0]

    # -- documents read back from their entries ------------------------------------------

    def sale_at(self, seq: int) -> tuple[RecordedSale, int]:
        """The sale entry seq recorded, and when."""
        entry = decode_entry(self._payload(seq))
        return recorded_sale_of(entry.sale), entry.occurred_at_ms

    def sale_return_at(self, seq: int) -> tuple[SaleReturn, int]:
        entry = decode_entry(self._payload(seq))
        return sale_return_of(entry.sale_return), entry.occurred_at_ms

    def delivery_at(self, seq: int) -> SupplierDelivery:
        return delivery_of(decode_entry(self._payload(seq)).supplier_delivery)

    def supplier_return_at(self, seq: int) -> SupplierReturn:
        return supplier_return_of(decode_entry(self._payload(seq)).supplier_return)

    def redemption_at(self, seq: int) -> tuple[Redemption, tuple[Movement, ...], int]:
        """The redeemed use entry seq recorded, its movements, and when."""
        entry = decode_entry(self._payload(seq))
        moves = tuple(Movement(m.sku, m.qty_base, Reason.REDEMPTION) for m in entry.movements)
        return redemption_of(entry.redemption), moves, entry.occurred_at_ms

    def reward_at(self, seq: int) -> tuple[Reward, tuple[Movement, ...], int]:
        """The reward item entry seq recorded, its movements, and when."""
        entry = decode_entry(self._payload(seq))
        moves = tuple(Movement(m.sku, m.qty_base, Reason.REDEMPTION) for m in entry.movements)
        return reward_of(entry.reward), moves, entry.occurred_at_ms

    def transfer_lines_at(self, seq: int) -> tuple[TransferLine, ...]:
        """The lines a transfer shipment or receipt booked at entry seq."""
        entry = decode_entry(self._payload(seq))
        body = getattr(entry, entry.WhichOneof("body") or "")
        return tuple(transfer_line_of(line) for line in body.lines)

    def sales(self, kind: JournalKind) -> Iterator[tuple[int, RecordedSale]]:
        """(seq, sale) of every entry of a sale kind, in journal order."""
        rows = self._conn.execute(
            "SELECT seq, payload FROM journal WHERE document_type = ? ORDER BY seq", (kind.name,)
        )
        for seq, payload in rows:
            yield int(seq), recorded_sale_of(decode_entry(payload).sale)

    # -- the upstream stream ---------------------------------------------------------------

    def stored_after(self, seq: int, limit: int) -> list[StoredEntry]:
        rows = self._conn.execute(
            "SELECT seq, occurred_at_ms, payload, entry_hash FROM journal"
            " WHERE seq > ? ORDER BY seq LIMIT ?",
            (seq, limit),
        ).fetchall()
        return [StoredEntry(int(s), int(at), bytes(p), bytes(h or b"")) for s, at, p, h in rows]

    def sync_state(self) -> tuple[int, int]:
        """(committed_seq, last_contact_ms)."""
        committed, contact = self._conn.execute(
            "SELECT committed_seq, last_contact_ms FROM sync_state WHERE id = 1"
        ).fetchone()
        return int(committed), int(contact)

    def set_committed(self, committed_seq: int, contact_ms: int) -> None:
        self._conn.execute(
            "UPDATE sync_state SET committed_seq = ?, last_contact_ms = ? WHERE id = 1",
            (committed_seq, contact_ms),
        )

    def oldest_uncommitted_at_ms(self, committed_seq: int) -> int:
        """When the oldest entry head office has not committed was written; 0 when caught up."""
        row = self._conn.execute(
            "SELECT occurred_at_ms FROM journal WHERE seq > ? ORDER BY seq LIMIT 1",
            (committed_seq,),
        ).fetchone()
        return 0 if row is None else int(row[0])
