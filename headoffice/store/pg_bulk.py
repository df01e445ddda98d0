"""PostgreSQL's fast path for a batch: COPY text and array parameters through psycopg.

A batch of thousands of journal rows and movements spent more time in
per-row driver adaptation than in the database, so the repositories that
write a batch (journal_repo, levels_repo) format COPY text and PostgreSQL
array literals here, inside the caller's SQLAlchemy transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

# Movement rows per COPY write: about psycopg's own 32 KiB send buffer.
COPY_CHUNK_ROWS = 400

# COPY text format: backslash, tab, newline and carriage return must be escaped.
COPY_SPECIAL = re.compile(r"[\\\t\n\r]")
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


@contextmanager
def copy_writer(
    conn: sa.Connection, table: str, columns: Sequence[str]
) -> Iterator[Callable[[list[str]], None]]:
    """A COPY .. FROM STDIN (text format) in the open transaction; write() sends and clears lines."""
    raw = driver(conn)
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):

        def write(lines: list[str]) -> None:
            if lines:
                copy.write("".join(lines))
                lines.clear()

        yield write


def driver(conn: sa.Connection) -> Any:
    """The psycopg connection under a PostgreSQL SQLAlchemy connection, in its transaction."""
    raw = conn.connection.driver_connection
    if raw is None:
        raise RuntimeError("the database connection is closed")
    return raw


def escape(text: str) -> str:
    """`text` as a COPY text field."""
    return text.translate(_COPY_ESCAPES) if COPY_SPECIAL.search(text) else text


def text_array(values: Sequence[str]) -> str:
    """A PostgreSQL array literal of strings, passed as one text parameter.

    psycopg adapts a Python list element by element in Python; for the few
    thousand values of a batch that cost more than the statement itself.
    """
    if not values:
        return "{}"
    joined = '","'.join(values)
    # Searched once in the joined text (the separators hold no backslash; a quote in a
    # value makes the text hold more quotes than the separators' two each).
    if "\\" in joined or joined.count('"') != 2 * (len(values) - 1):
        escaped = [v.replace("\\", "\\\\").replace('"', '\\"') for v in values]
        joined = '","'.join(escaped)
    return '{"' + joined + '"}'


def int_array(values: Sequence[int]) -> str:
    return "{" + ",".join(map(str, values)) + "}"
