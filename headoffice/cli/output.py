"""How hoctl shows head office's answers: aligned tables for people, JSON for scripts.

JSON keeps money and quantities as integers (minor units, base units); tables
format money with common.domain.money.format_minor. Every function here is pure, so
the rendering is tested without a server.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import Any

from common.pb.storeledger.v1 import admin_pb2


def iso_utc(ms: int) -> str | None:
    """Milliseconds since the epoch as ISO-8601 UTC ('2024-05-01T08:30:00.000Z'); None for 0."""
    if ms <= 0:
        return None
    moment = dt.datetime.fromtimestamp(ms // 1000, tz=dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def to_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> str:
    """Columns padded to their widest cell; column indexes in `right` align right (numbers)."""
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(cells: Sequence[str]) -> str:
        parts = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        ]
        return "  ".join(parts).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


# -- stores ------------------------------------------------------------------


def stores_json(reply: admin_pb2.ListStoresReply) -> list[dict[str, Any]]:
    return [
        {
            "store": s.store_code,
            "name": s.name,
            "disabled": s.disabled,
            "created_at": iso_utc(s.created_at_ms),
        }
        for s in reply.stores
    ]


def stores_table(reply: admin_pb2.ListStoresReply) -> str:
    if not reply.stores:
        return "no stores yet; add one with `hoctl store add CODE --name NAME`"
    rows = [
        [
            s.store_code,
            s.name,
            "disabled" if s.disabled else "active",
            iso_utc(s.created_at_ms) or "-",
        ]
        for s in reply.stores
    ]
    return table(["STORE", "NAME", "STATUS", "CREATED"], rows, right=set())


# -- sync status ---------------------------------------------------------------


def lag_seconds_text(lag_ms: int) -> str:
    """Milliseconds as seconds with three decimals, in integer arithmetic: 1234 -> '1.234'."""
    sign = "-" if lag_ms < 0 else ""
    whole, frac = divmod(abs(lag_ms), 1000)
    return f"{sign}{whole}.{frac:03d}"


def sync_json(reply: admin_pb2.SyncStatusReply) -> list[dict[str, Any]]:
    return [
        {
            "store": s.store_code,
            "name": s.name,
            "disabled": s.disabled,
            "connected": s.connected,
            "last_acked_seq": s.last_acked_seq,
            "store_newest_seq": s.store_newest_seq,
            "backlog": s.backlog_entries,
            "lag_ms": s.lag_ms,
            "lag_seconds": s.lag_ms / 1000,
            "last_contact": iso_utc(s.last_contact_ms),
            "agent_version": s.agent_version,
        }
        for s in reply.stores
    ]


def sync_table(reply: admin_pb2.SyncStatusReply) -> str:
    if not reply.stores:
        return "no stores yet; add one with `hoctl store add CODE --name NAME`"
    rows = []
    for s in reply.stores:
        state = "disabled" if s.disabled else ("connected" if s.connected else "offline")
        rows.append(
            [
                s.store_code,
                s.name,
                state,
                str(s.last_acked_seq),
                str(s.store_newest_seq),
                str(s.backlog_entries),
                lag_seconds_text(s.lag_ms),
                iso_utc(s.last_contact_ms) or "never",
            ]
        )
    headers = ["STORE", "NAME", "STATE", "ACKED", "NEWEST", "BACKLOG", "LAG S", "LAST CONTACT"]
    return table(headers, rows, right={3, 4, 5, 6})


# -- verify --------------------------------------------------------------------


def verify_json(reply: admin_pb2.VerifyReply) -> dict[str, Any]:
    return {
        "store": reply.store_code,
        "match": reply.match,
        "head_office_seq": reply.head_office_seq,
        "store_seq": reply.store_seq,
        "head_office_checksum": reply.head_office_checksum,
        "store_checksum": reply.store_checksum,
        "skus_compared": reply.skus_compared,
        "differences": [
            {"sku": d.sku, "head_office_qty": d.head_office_qty, "store_qty": d.store_qty}
            for d in reply.differences
        ],
        "message": reply.message,
    }


def verify_text(reply: admin_pb2.VerifyReply) -> str:
    """Head office's sentence, the differing SKUs if any, and the checksum compared."""
    verdict = "matches" if reply.match else "does NOT match"
    lines = [reply.message or f"store {reply.store_code} {verdict} head office"]
    rows = [[d.sku, str(d.head_office_qty), str(d.store_qty)] for d in reply.differences]
    if rows:
        lines.append(table(["SKU", "HEAD OFFICE QTY", "STORE QTY"], rows, right={1, 2}))
    lines.append(
        f"  {reply.skus_compared} SKUs at entry {reply.store_seq}; checksum store "
        f"{reply.store_checksum[:16]}, head office {reply.head_office_checksum[:16]}"
    )
    return "\n".join(lines)


def render(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str) -> str:
    """Rows of plain values as a table, JSON (a list of objects) or CSV, in `columns` order.

    Tables right-align integers; callers format money for tables themselves
    (format_minor) and keep integers for json and csv.
    """
    if fmt == "json":
        return to_json([{c: row.get(c) for c in columns} for row in rows])
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
        return buffer.getvalue().rstrip("\n")
    right = {
        i for i, c in enumerate(columns) if rows and all(isinstance(r.get(c), int) for r in rows)
    }
    cells = [["" if row.get(c) is None else str(row.get(c)) for c in columns] for row in rows]
    return table(list(columns), cells, right)
