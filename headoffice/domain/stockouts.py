"""When a store ran out of a SKU and when it was back: the stock-out spans apply records.

A store is *out* of a SKU while its level is at or below zero. apply_batch knows each
SKU's level before a batch and after it, and which SKUs had something put on the shelf
in it; only a SKU in stock at one end and out at the other (no level counts as out), or
out at both ends with an inflow between, can have crossed zero (`candidates`), so only
those SKUs' movements are walked here, in journal order, to find the moments (each
entry's occurred_at_ms) the level crossed: any other batch costs one comparison a SKU
and writes nothing. A SKU above zero at both ends that ran out and was refilled inside
one batch is not seen (a batch is a few minutes of a store's sales).

The spans are kept in stockout_spans (headoffice/store/stockout_tables.py): a crossing
down opens a span at its moment, a crossing up closes the open one (or, when there is
none, records a span from 0: out since before the record began, as a SKU is before its
first delivery).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from typing import NamedTuple

from headoffice.domain.ledger import EntryHead

SINCE_EVER_MS = 0  # a span's start when it began before anything was recorded


class Span(NamedTuple):
    """A crossing's span for one SKU: `out_at_ms` None continues the span the SKU was
    already in (open in stockout_spans, or since ever); `back_at_ms` None is still out."""

    sku: str
    out_at_ms: int | None
    back_at_ms: int | None


def is_out(qty_base: int) -> bool:
    return qty_base <= 0


def candidates(
    before: Mapping[str, int | None], after: Mapping[str, int], inflows: Container[str]
) -> list[str]:
    """The SKUs that may have crossed zero: in stock at one end of the batch and out at the
    other (no level before counts as out), or out at both ends with something put on the
    shelf in between (`inflows`: the SKUs with a movement above zero). A SKU out at both
    ends with only outflows cannot have been back; one in stock at both ends is not walked
    (see the module's note)."""
    found = []
    for sku, now in after.items():
        old = before.get(sku)
        was_out = old is None or old <= 0
        is_out = now <= 0
        if was_out != is_out or (is_out and sku in inflows):
            found.append(sku)
    return found


def spans_of(
    skus: Iterable[str],
    before: Mapping[str, int | None],
    entries: Sequence[tuple[EntryHead, Sequence[tuple[str, int, str, int | None]]]],
) -> list[Span]:
    """The spans the given SKUs' levels opened or closed over a batch: `before` each SKU's
    level before it (None: no level yet, out since ever), `entries` the batch's entries in
    journal order, each its head (occurred_at_ms) and its movements (sku, qty_base, ...)."""
    wanted = set(skus)
    level = {sku: before.get(sku) or 0 for sku in wanted}
    opened: dict[str, int | None] = {}  # the SKUs out now, with the start of their span
    for sku in wanted:
        if is_out(level[sku]):
            opened[sku] = None
    spans: list[Span] = []
    for head, lines in entries:
        at_ms = head[4]
        for sku, qty, _reason, _cost in lines:
            if sku not in wanted:
                continue
            was_out = sku in opened
            now = level[sku] = level[sku] + qty
            if was_out and not is_out(now):
                spans.append(Span(sku, opened.pop(sku), at_ms))
            elif not was_out and is_out(now):
                opened[sku] = at_ms
    spans += [Span(sku, at, None) for sku, at in opened.items() if at is not None]
    return merged(spans)


def merged(spans: list[Span]) -> list[Span]:
    """A span opened at the moment the SKU's previous one closed continues that one (the
    same moment cannot start two spans of a SKU). Each SKU's spans stay in journal order."""
    out: list[Span] = []
    last: dict[str, int] = {}
    for span in sorted(spans, key=lambda s: s.sku):  # stable: journal order within a SKU
        i = last.get(span.sku)
        if i is not None and out[i].back_at_ms == span.out_at_ms:
            out[i] = out[i]._replace(back_at_ms=span.back_at_ms)
            continue
        last[span.sku] = len(out)
        out.append(span)
    return out
