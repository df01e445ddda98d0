"""Head office's copy of each store's journal: the entries it has committed, by sequence."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sqlalchemy as sa

from headoffice.domain.ledger import JournalRow, Recorded
from headoffice.store import journal_codec, pg_bulk
from headoffice.store.tables import entry_hashes, journal_entries

JOURNAL_COLUMNS = (
    "store_code",
    "seq",
    "document_type",
    "document_id",
    "occurred_at_ms",
    "received_at_ms",
    "payload",
)


class JournalRepository:
    """The journal_entries rows of the unit of work's connection; entries' stored form
    (payload, same_content, document) is journal_codec's."""

    payload = staticmethod(journal_codec.payload)
    same_content = staticmethod(journal_codec.same_content)
    unit_cost = staticmethod(journal_codec.unit_cost)
    document = staticmethod(journal_codec.document)

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn

    def committed_entries(self, store_code: str, seqs: Iterable[int]) -> dict[int, Recorded]:
        """The store's committed journal entries of the given sequences, by sequence.

        One range scan of the primary key (replays are consecutive: a resend of
        the batch whose acknowledgement was lost), keeping only the wanted rows.
        """
        wanted = set(seqs)
        if not wanted:
            return {}
        query = sa.select(
            journal_entries.c.seq, journal_entries.c.document_id, journal_entries.c.payload
        ).where(
            journal_entries.c.store_code == store_code,
            journal_entries.c.seq.between(min(wanted), max(wanted)),
        )
        return {
            int(seq): Recorded(int(seq), document_id, bytes(payload))
            for seq, document_id, payload in self._conn.execute(query)
            if seq in wanted
        }

    def insert_entries(
        self, store_code: str, received_at_ms: int, rows: Iterable[JournalRow]
    ) -> None:
        """Insert journal rows; `rows` may be a generator.

        PostgreSQL gets COPY text formatted here (psycopg's write_row per row cost
        more than the database's work), sent in chunks while the generator runs,
        so the server stores one chunk while the caller works out the next.
        """
        conn = self._conn
        if conn.dialect.name == "postgresql":
            store = pg_bulk.escape(store_code)
            special = pg_bulk.COPY_SPECIAL.search
            with pg_bulk.copy_writer(conn, "journal_entries", JOURNAL_COLUMNS) as write:
                lines: list[str] = []
                for seq, document_type, document_id, occurred_at_ms, payload in rows:
                    if special(f"{document_type}{document_id}"):
                        document_type = pg_bulk.escape(document_type)
                        document_id = pg_bulk.escape(document_id)
                    # bytea in COPY text: its hex form \\x..., the backslash escaped.
                    lines.append(
                        f"{store}\t{seq}\t{document_type}\t{document_id}\t{occurred_at_ms}"
                        f"\t{received_at_ms}\t\\\\x{payload.hex()}\n"
                    )
                    if len(lines) >= pg_bulk.COPY_CHUNK_ROWS // 4:
                        write(lines)
                write(lines)
            return
        conn.execute(
            journal_entries.insert(),
            [
                {
                    "store_code": store_code,
                    "seq": seq,
                    "document_type": document_type,
                    "document_id": document_id,
                    "occurred_at_ms": occurred_at_ms,
                    "received_at_ms": received_at_ms,
                    "payload": payload,
                }
                for seq, document_type, document_id, occurred_at_ms, payload in rows
            ],
        )

    def keep_entry_hashes(self, store_code: str, hashes: Sequence[tuple[int, bytes]]) -> None:
        """Keep the committed entries' hashes (seq, hash) as the edge computed them."""
        if not hashes:
            return
        if self._conn.dialect.name == "postgresql":
            store = pg_bulk.escape(store_code)
            columns = ("store_code", "seq", "entry_hash")
            with pg_bulk.copy_writer(self._conn, "entry_hashes", columns) as write:
                write([f"{store}\t{seq}\t\\\\x{digest.hex()}\n" for seq, digest in hashes])
            return
        self._conn.execute(
            entry_hashes.insert(),
            [{"store_code": store_code, "seq": seq, "entry_hash": h} for seq, h in hashes],
        )

    def entry_hashes(self, store_code: str, seqs: Iterable[int]) -> dict[int, bytes]:
        """The kept hashes of entries seqs (an entry committed before hashes were kept has none)."""
        wanted = sorted(set(seqs))
        if not wanted:
            return {}
        rows = self._conn.execute(
            sa.select(entry_hashes.c.seq, entry_hashes.c.entry_hash).where(
                entry_hashes.c.store_code == store_code, entry_hashes.c.seq.in_(wanted)
            )
        )
        return {int(seq): bytes(digest) for seq, digest in rows}

    def committed_after(
        self, store_code: str, seq: int, limit: int
    ) -> list[tuple[int, bytes, bytes]]:
        """(seq, payload, hash) of the committed entries after seq, in order, at most limit
        (hash b"" for an entry committed before hashes were kept)."""
        query = (
            sa.select(journal_entries.c.seq, journal_entries.c.payload, entry_hashes.c.entry_hash)
            .select_from(
                journal_entries.outerjoin(
                    entry_hashes,
                    sa.and_(
                        entry_hashes.c.store_code == journal_entries.c.store_code,
                        entry_hashes.c.seq == journal_entries.c.seq,
                    ),
                )
            )
            .where(journal_entries.c.store_code == store_code, journal_entries.c.seq > seq)
            .order_by(journal_entries.c.seq)
            .limit(limit)
        )
        return [(int(s), bytes(p), bytes(h or b"")) for s, p, h in self._conn.execute(query)]
