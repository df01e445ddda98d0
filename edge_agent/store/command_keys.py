"""Idempotency keys with the document kind and content fingerprint they recorded."""

from __future__ import annotations

import sqlite3

from edge_agent.domain.idempotency import KeyedRequest, RecordedKey


class CommandKeysRepository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def find(self, key: str) -> RecordedKey | None:
        row = self._conn.execute(
            "SELECT document, fingerprint, seq FROM command_keys WHERE idempotency_key = ?", (key,)
        ).fetchone()
        return None if row is None else RecordedKey(key, row[0], row[1], int(row[2]))

    def record(self, request: KeyedRequest, seq: int) -> None:
        self._conn.execute(
            "INSERT INTO command_keys (idempotency_key, document, fingerprint, seq)"
            " VALUES (?, ?, ?, ?)",
            (request.key, request.document, request.fingerprint, seq),
        )
