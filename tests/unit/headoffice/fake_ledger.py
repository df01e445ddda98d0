"""In-memory repositories of the sync path: journal, levels and movements, stores, feed, audit.

Part of tests/unit/headoffice/fakes.py's FakeUnitOfWork; each mirrors the SQL
of its headoffice/store/*_repo.py (what is stored, how reads are ordered).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from headoffice.api.messages.downstream import encode_store_event
from headoffice.domain.audit_chain import AuditFilter, AuditRecord
from headoffice.domain.costing import StockPosition
from headoffice.domain.ledger import EntryHead, JournalRow, Recorded, ValuedMovement
from headoffice.domain.stockouts import SINCE_EVER_MS, Span
from headoffice.domain.store_events import FeedItem, FeedPage, StoreEvent
from headoffice.domain.stores import Store, SyncState
from headoffice.store import journal_codec
from tests.unit.headoffice.fake_tables import (
    DuplicateKey,
    FeedRecord,
    JournalRecord,
    MovementRecord,
    Tables,
)


class FakeJournal:
    """The journal rows in memory; the entries' stored form is the real journal codec's."""

    payload = staticmethod(journal_codec.payload)
    same_content = staticmethod(journal_codec.same_content)
    unit_cost = staticmethod(journal_codec.unit_cost)
    document = staticmethod(journal_codec.document)

    def __init__(self, tables: Tables) -> None:
        self._t = tables

    def committed_entries(self, store_code: str, seqs: Iterable[int]) -> dict[int, Recorded]:
        found = {}
        for seq in set(seqs):
            row = self._t.journal.get((store_code, seq))
            if row is not None:
                found[seq] = Recorded(seq, row.document_id, row.payload)
        return found

    def insert_entries(
        self, store_code: str, received_at_ms: int, rows: Iterable[JournalRow]
    ) -> None:
        for seq, document_type, document_id, occurred_at_ms, payload in rows:
            key = (store_code, seq)
            if key in self._t.journal:
                raise DuplicateKey(f"journal_entries {key}")
            self._t.journal[key] = JournalRecord(
                store_code, seq, document_type, document_id, occurred_at_ms, received_at_ms,
                bytes(payload),
            )  # fmt: skip

    def keep_entry_hashes(self, store_code: str, hashes: Sequence[tuple[int, bytes]]) -> None:
        for seq, digest in hashes:
            key = (store_code, seq)
            if key in self._t.entry_hashes:
                raise DuplicateKey(f"entry_hashes {key}")
            self._t.entry_hashes[key] = bytes(digest)

    def committed_after(
        self, store_code: str, seq: int, limit: int
    ) -> list[tuple[int, bytes, bytes]]:
        rows = sorted(
            (s, r.payload)
            for (code, s), r in self._t.journal.items()
            if code == store_code and s > seq
        )[:limit]
        return [(s, p, self._t.entry_hashes.get((store_code, s), b"")) for s, p in rows]

    def entry_hashes(self, store_code: str, seqs: Iterable[int]) -> dict[int, bytes]:
        found = ((seq, self._t.entry_hashes.get((store_code, seq))) for seq in set(seqs))
        return {seq: digest for seq, digest in found if digest is not None}


class FakeLevels:
    def __init__(self, tables: Tables, adds_in_place: bool = False) -> None:
        self._t = tables
        self._adds_in_place = adds_in_place

    @property
    def adds_in_place(self) -> bool:
        return self._adds_in_place

    def lock_levels(self, store_code: str, skus: Iterable[str]) -> dict[str, StockPosition]:
        levels = self._t.levels
        return {
            sku: levels[(store_code, sku)]
            for sku in sorted(set(skus))
            if (store_code, sku) in levels
        }

    def insert_movements(
        self, store_code: str, entries: Iterable[tuple[EntryHead, Sequence[ValuedMovement]]]
    ) -> None:
        for (seq, document_type, document_id, actor, occurred_at_ms), moves in entries:
            for sku, qty, reason, cost in moves:
                self._t.movements.append(
                    MovementRecord(
                        self._t.next_id("movements"), store_code, seq, document_type,
                        document_id, actor, occurred_at_ms, sku, qty, reason, cost,
                    )
                )  # fmt: skip

    def add_to_levels(
        self, store_code: str, net: dict[str, int], now_ms: int
    ) -> dict[str, StockPosition]:
        if not self._adds_in_place:
            raise RuntimeError("add_to_levels on a database that cannot add in place")
        now = {}
        for sku, delta in net.items():
            position = self._t.levels.get((store_code, sku))
            if position is not None:
                now[sku] = self._t.levels[(store_code, sku)] = StockPosition(
                    position.qty_base + delta, position.avg_cost_minor
                )
        return now

    def upsert_levels(
        self,
        store_code: str,
        positions: dict[str, StockPosition],
        now_ms: int,
        locked: Container[str] = (),
    ) -> None:
        for sku, position in positions.items():
            self._t.levels[(store_code, sku)] = position

    def levels(self, store_code: str, skus: Iterable[str] | None = None) -> dict[str, int]:
        wanted = None if skus is None else set(skus)
        return {
            sku: pos.qty_base
            for (store, sku), pos in self._t.levels.items()
            if store == store_code and (wanted is None or sku in wanted)
        }

    def average_costs(self, store_code: str, skus: Iterable[str]) -> dict[str, int]:
        levels = self._t.levels
        return {
            sku: levels[(store_code, sku)].avg_cost_minor
            for sku in set(skus)
            if (store_code, sku) in levels
        }

    def movement_sums_after(self, store_code: str, seq: int) -> dict[str, int]:
        sums: dict[str, int] = {}
        for m in self._t.movements:
            if m.store_code == store_code and m.seq > seq:
                sums[m.sku] = sums.get(m.sku, 0) + m.qty_base
        return sums

    def movement_sums(self, store_code: str) -> dict[str, int]:
        return self.movement_sums_after(store_code, 0)

    def record_stockouts(
        self, store_code: str, closes: Sequence[tuple[str, int]], spans: Sequence[Span]
    ) -> None:
        rows = self._t.stockouts
        for sku, back_at_ms in closes:
            open_at = [k for k, back in rows.items() if k[:2] == (store_code, sku) and back is None]
            for key in open_at:
                rows[key] = back_at_ms
            if not open_at:
                rows[(store_code, sku, SINCE_EVER_MS)] = back_at_ms
        for span in spans:
            rows[(store_code, span.sku, span.out_at_ms or SINCE_EVER_MS)] = span.back_at_ms


class FakeStores:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    def get_store(self, code: str) -> Store | None:
        return self._t.stores.get(code)

    def list_stores(self) -> list[Store]:
        return [self._t.stores[code] for code in sorted(self._t.stores)]

    def insert_store(self, code: str, name: str, now_ms: int) -> Store:
        if code in self._t.stores:
            raise DuplicateKey(f"stores {code}")
        store = Store(code, name, False, now_ms)
        self._t.stores[code] = store
        self._t.sync[code] = SyncState(code, 0, 0, 0, 0, "", 0, "", False)
        return store

    def set_disabled(self, code: str, disabled: bool) -> None:
        if code in self._t.stores:
            self._t.stores[code] = replace(self._t.stores[code], disabled=disabled)

    def lock_sync_row(self, code: str) -> SyncState | None:
        return self._t.sync.get(code)

    def lock_store_sync(self, code: str) -> tuple[Store, SyncState] | None:
        if code not in self._t.stores or code not in self._t.sync:
            return None
        return self._t.stores[code], self._t.sync[code]

    def all_sync_rows(self, code: str | None = None) -> list[tuple[Store, SyncState]]:
        return [
            (store, self._t.sync[store.code])
            for store in self.list_stores()
            if (not code or store.code == code) and store.code in self._t.sync
        ]

    def update_sync(self, code: str, **values: Any) -> None:
        if code in self._t.sync:
            self._t.sync[code] = replace(self._t.sync[code], **values)


class FakeDownstream:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    def enqueue_store_event(self, store_code: str, event: StoreEvent, now_ms: int) -> int:
        payload = encode_store_event(event, now_ms)
        cursor = self._t.next_id("feed")
        self._t.feed.append(FeedRecord(cursor, "", now_ms, store_code, payload))
        return cursor

    def enqueue_chain_event(self, event: StoreEvent, now_ms: int) -> int:
        payload = encode_store_event(event, now_ms)
        cursor = self._t.next_id("feed")
        self._t.feed.append(FeedRecord(cursor, "", now_ms, None, payload))
        return cursor

    def feed_after(self, store_code: str, cursor: int, limit: int) -> FeedPage:
        rows = [
            r
            for r in self._t.feed
            if r.cursor > cursor and (r.store_code is None or r.store_code == store_code)
        ][:limit]
        items: list[FeedItem] = []
        for row in rows:
            if row.payload is None:
                product = self._t.products.get(row.sku)
                if product is not None:
                    price = self._t.store_prices.get((store_code, row.sku))
                    items.append(
                        FeedItem(
                            row.cursor,
                            row.created_at_ms,
                            product=product,
                            store_price_minor=None if price is None else price[0],
                        )
                    )
                continue
            items.append(FeedItem(row.cursor, row.created_at_ms, event_payload=row.payload))
        last = rows[-1].cursor if rows else cursor
        return FeedPage(items, last, len(rows) == limit)


class FakeAudit:
    def __init__(self, tables: Tables) -> None:
        self._t = tables
        self.appended: AuditRecord | None = None

    def lock_head(self) -> tuple[int, str] | None:
        return self._t.audit_head

    def restore_head(self, last_id: int, last_hash: str) -> bool:
        if self._t.audit_head is not None:
            return False
        self._t.audit_head = (last_id, last_hash)
        return True

    def newest(self) -> tuple[int, str] | None:
        return (self._t.audit[-1].id, self._t.audit[-1].hash) if self._t.audit else None

    def first_sealed(self) -> tuple[int, str] | None:
        return next(((r.id, r.key_id) for r in self._t.audit if r.key_id), None)

    def protected(self) -> bool | None:
        return None

    def append(self, record: AuditRecord) -> None:
        if self._t.audit and self._t.audit[-1].id >= record.id:
            raise DuplicateKey(f"audit_log {record.id}")
        self._t.audit.append(record)
        if self._t.audit_head is not None:  # the SQL UPDATE finds no row to move
            self._t.audit_head = (record.id, record.hash)
        self.appended = record

    def select(self, flt: AuditFilter) -> list[AuditRecord]:
        found = [
            r
            for r in self._t.audit
            if r.id > flt.after_id
            and (not flt.actor.name or r.actor_name == flt.actor.name)
            and (not flt.actor.store or r.actor_store == flt.actor.store)
            and (not flt.entity or r.entity == flt.entity)
            and (not flt.entity_id or r.entity_id == flt.entity_id)
            and (not flt.action or r.action == flt.action)
            and (not flt.since_ms or r.occurred_at_ms >= flt.since_ms)
            and (not flt.until_ms or r.occurred_at_ms < flt.until_ms)
        ]
        return found[: flt.limit]

    def all_records(self) -> Iterator[AuditRecord]:
        return iter(list(self._t.audit))
