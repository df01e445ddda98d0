"""ABC classes from sales value, and the cycle-count plan: the SKUs due, in sessions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from common.domain.stocktake.vocabulary import (
    CLASSES,
    DEFAULT_A_SHARE_BP,
    DEFAULT_B_SHARE_BP,
    DEFAULT_CLASS,
    DEFAULT_COUNTS_PER_YEAR,
    YEAR_MS,
)
from common.errors import InvalidInput
from common.i18n import _


def classify_abc(
    sales_value_minor: Mapping[str, int],
    a_share_bp: int = DEFAULT_A_SHARE_BP,
    b_share_bp: int = DEFAULT_B_SHARE_BP,
) -> dict[str, str]:
    """Each SKU's class by its share of sales value: A while the value before it is under
    `a_share_bp` of the total, B under `b_share_bp`, else C (no sales: C). Ties by SKU."""
    if (
        not all(isinstance(v, int) and not isinstance(v, bool) for v in (a_share_bp, b_share_bp))
        or not 0 < a_share_bp <= b_share_bp <= 10_000
    ):
        raise InvalidInput(
            _("ABC thresholds must satisfy 0 < A <= B <= 10000 basis points, got A {a}, B {b}")
            .format(a=a_share_bp, b=b_share_bp)
        )  # fmt: skip
    ranked = sorted(sales_value_minor.items(), key=lambda kv: (-kv[1], kv[0]))
    total = sum(v for _sku, v in ranked if v > 0)
    classes: dict[str, str] = {}
    before = 0
    for sku, value in ranked:
        if value <= 0 or total == 0:
            classes[sku] = "C"
            continue
        if before * 10_000 < a_share_bp * total:
            classes[sku] = "A"
        elif before * 10_000 < b_share_bp * total:
            classes[sku] = "B"
        else:
            classes[sku] = "C"
        before += value
    return classes


@dataclass(frozen=True)
class DueCount:
    sku: str
    abc_class: str
    last_counted_ms: int  # 0: never
    due_at_ms: int


def cycle_due(
    classes: Mapping[str, str],
    last_counted_ms: Mapping[str, int],
    now_ms: int,
    counts_per_year: Mapping[str, int] = DEFAULT_COUNTS_PER_YEAR,
) -> list[DueCount]:
    """SKUs due for a count now (never counted: due), most overdue first, then A before B before C."""
    due = []
    for sku, abc in classes.items():
        per_year = counts_per_year.get(abc, 1)
        if per_year <= 0:
            continue
        last = last_counted_ms.get(sku, 0)
        due_at = last + YEAR_MS // per_year if last else 0
        if due_at <= now_ms:
            due.append(DueCount(sku, abc, last, due_at))
    due.sort(key=lambda d: (d.due_at_ms, d.abc_class, d.sku))
    return due


def propose_sessions(
    due: Sequence[DueCount], max_skus: int = 500
) -> list[tuple[str, tuple[str, ...]]]:
    """Due SKUs grouped into proposed sessions: per class (A first), at most `max_skus` each."""
    if max_skus <= 0:
        raise InvalidInput(_("a proposed session must hold at least one SKU"))
    by_class: dict[str, list[str]] = defaultdict(list)
    for d in due:
        by_class[d.abc_class if d.abc_class in CLASSES else DEFAULT_CLASS].append(d.sku)
    out = []
    for abc in CLASSES:
        skus = by_class.get(abc, [])
        for i in range(0, len(skus), max_skus):
            out.append((abc, tuple(sorted(skus[i : i + max_skus]))))
    return out
