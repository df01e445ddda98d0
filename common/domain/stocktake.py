"""Stocktake rules both sides apply: scope, count lines, variance, tolerance, recount, approval.

A count session is a handful of entries in the store's journal (journal kinds
count_session, count_line, count_posting; protos stocktake.proto). Because a count
line is an entry, its position orders it exactly against every sale, return,
delivery and transfer of the store, and the store records with it the book
quantity of its SKU at that position (`book_qty_base`). Everything below is
computed from those lines alone, so the edge and head office, reading the same
journal, get the same figures whatever order batches arrived in.

The rule for a SKU counted in several places (docs/stocktake.md, "Moved while
counting"): the lines of the SKU's latest round are summed and compared with the
book quantity at one line's position. A session that names its selling locations
(the shop floor the tills sell from) takes the SKU's last line there: units sold
after the shelf was counted were on it when it was counted, so counting the shelf
first and the backroom after, while selling, shows no false variance. Without
selling locations, or for a SKU never counted there, it is the SKU's last line. What
the SKU's book did between its first and last line is shown as `moved_qty_base`, and
a SKU outside tolerance is recounted, by someone else, before anyone may approve.
`session_results` applies the session's rule; both sides call it.

Session states:  open -> submitted -> (recount -> submitted)* -> [approving ->] posted
                 any state before posted -> cancelled
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from common.domain.limits import MAX_QTY_BASE, MAX_STOCK_QTY_BASE, check_stock_level
from common.errors import InvalidInput, InvalidQuantity, PermissionDenied, Refused
from common.i18n import N_, _

# -- vocabulary (data: journal, JSON, tables; never translated) -------------------------
FULL, CATEGORY, LOCATION, SKUS, ABC, HANDOVER = (
    "full", "category", "location", "skus", "abc", "handover",
)  # fmt: skip
SCOPE_KINDS = (FULL, CATEGORY, LOCATION, SKUS, ABC, HANDOVER)

OPENED, SUBMITTED, RECOUNT, APPROVED, CANCELLED = (
    "opened", "submitted", "recount", "approved", "cancelled",
)  # fmt: skip
EVENTS = (OPENED, SUBMITTED, RECOUNT, APPROVED, CANCELLED)

ORIGINS = ("store", "head_office", "handover")

# States of a session.
S_OPEN, S_SUBMITTED, S_RECOUNT, S_APPROVING, S_POSTED, S_CANCELLED = (
    "open", "submitted", "recount", "approving", "posted", "cancelled",
)  # fmt: skip
STATES = (S_OPEN, S_SUBMITTED, S_RECOUNT, S_APPROVING, S_POSTED, S_CANCELLED)
CLOSED_STATES = (S_POSTED, S_CANCELLED)
# States in which count lines are taken (a recount takes only the SKUs it names).
COUNTING_STATES = (S_OPEN, S_RECOUNT)

CLASSES = ("A", "B", "C")
DEFAULT_CLASS = "C"

CONFIRMED_ZERO = "confirmed_zero"  # the reason of a manager's zero line for a SKU not found
MAX_LOCATION_CHARS = 40
MAX_REASON_CHARS = 200
MAX_TITLE_CHARS = 100

# ABC by value of sales over this many days; A covers the first 80 % of it, B the next 15 %.
ABC_DAYS = 90
DEFAULT_A_SHARE_BP = 8_000
DEFAULT_B_SHARE_BP = 9_500
# Counts a year per class in the cycle-count plan.
DEFAULT_COUNTS_PER_YEAR = {"A": 4, "B": 2, "C": 1}
YEAR_MS = 365 * 24 * 3600 * 1000

_STATE_WORDS = {
    S_OPEN: N_("open"),
    S_SUBMITTED: N_("submitted"),
    S_RECOUNT: N_("waiting for a recount"),
    S_APPROVING: N_("waiting for a second approval"),
    S_POSTED: N_("approved and posted"),
    S_CANCELLED: N_("cancelled"),
}


def state_words(state: str) -> str:
    return _(_STATE_WORDS[state]) if state in _STATE_WORDS else state


# -- tolerance ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Tolerance:
    """Basis points of the book quantity per ABC class, and the value limits (minor units)."""

    a_bp: int = 100
    b_bp: int = 300
    c_bp: int = 500
    value_minor: int = 10_000  # a SKU whose variance is worth more than 100.00: recount
    second_approval_minor: int = 100_000  # variance worth more than 1,000.00 in all: two approvers

    def __post_init__(self) -> None:
        for name in ("a_bp", "b_bp", "c_bp"):
            bp = getattr(self, name)
            if isinstance(bp, bool) or not isinstance(bp, int) or not 0 <= bp <= 10_000:
                raise InvalidInput(
                    _(
                        "the tolerance {name} must be a whole number of basis points from 0 to"
                        " 10000, got {value}"
                    ).format(name=name, value=repr(bp))  # fmt: skip
                )
        for name in ("value_minor", "second_approval_minor"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10**11:
                raise InvalidInput(
                    _(
                        "the tolerance {name} must be a whole number of minor units from 0 to"
                        " 100000000000, got {value}"
                    ).format(name=name, value=repr(value))  # fmt: skip
                )

    def bp_for(self, abc_class: str) -> int:
        return {"A": self.a_bp, "B": self.b_bp}.get(abc_class, self.c_bp)

    def within(self, abc_class: str, book: int, variance: int, value_minor: int) -> bool:
        """|variance| <= bp x |book| / 10000 (exactly, in integers) and |value| <= the value limit.

        A SKU whose book is zero is within tolerance only when none was found."""
        if abs(value_minor) > self.value_minor:
            return False
        return abs(variance) * 10_000 <= self.bp_for(abc_class) * abs(book)


# -- scope --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scope:
    """What a session covers; `skus` is the resolved scope (empty for a full count)."""

    kind: str
    categories: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    abc_classes: tuple[str, ...] = ()
    skus: tuple[str, ...] = ()

    def covers(self, sku: str) -> bool:
        return self.kind == FULL or sku in self._sku_set

    @property
    def _sku_set(self) -> frozenset[str]:
        cached = self.__dict__.get("_skus_cached")
        if cached is None:
            cached = frozenset(self.skus)
            object.__setattr__(self, "_skus_cached", cached)
        return cached

    def overlap(self, other: Scope) -> tuple[str, ...] | None:
        """SKUs both scopes cover (None: every SKU, one of them is a full count)."""
        if self.kind == FULL or other.kind == FULL:
            return None
        return tuple(sorted(self._sku_set & other._sku_set))


def check_scope_request(
    kind: str,
    categories: Sequence[str] = (),
    locations: Sequence[str] = (),
    abc_classes: Sequence[str] = (),
    skus: Sequence[str] = (),
) -> None:
    """A scope as a person asked for it, before it is resolved into SKUs."""
    if kind not in SCOPE_KINDS:
        raise InvalidInput(
            _("count scope {kind} is not one of {valid}").format(
                kind=repr(kind), valid=", ".join(SCOPE_KINDS)
            )
        )
    needs = {
        CATEGORY: (categories, N_("a category count needs at least one category to count")),
        LOCATION: (locations, N_("a location count needs at least one shelf location to count")),
        ABC: (abc_classes, N_("an ABC count needs at least one ABC class to count")),
        SKUS: (skus, N_("a count of chosen SKUs needs at least one SKU to count")),
    }
    if kind in needs and not needs[kind][0]:
        raise InvalidInput(_(needs[kind][1]))
    if kind == HANDOVER and not skus:
        raise InvalidInput(_("a handover count needs the store's list of key items"))
    bad = [c for c in abc_classes if c not in CLASSES]
    if bad:
        raise InvalidInput(
            _("ABC class {value} is not one of A, B, C").format(value=", ".join(map(repr, bad)))
        )


def resolved_scope(kind: str, candidates: Iterable[str], **parts: Sequence[str]) -> Scope:
    """The scope with its SKUs fixed now (sorted, once each); a scope that covers nothing is refused."""
    if kind == FULL:
        return Scope(FULL)
    skus = tuple(sorted(set(candidates)))
    if not skus:
        raise InvalidInput(_("the count scope covers no SKU: nothing to count"))
    return Scope(kind, skus=skus, **{k: tuple(v) for k, v in parts.items()})


def holds_its_skus(origin: str) -> bool:
    """Whether an open session keeps other sessions off its SKUs. A handover's spot count
    does not, either way: a handover never waits for a full count, nor a full count for a
    spot count nobody has approved yet; instead a spot count posts only when no other count
    of its SKUs is in progress or has posted since (docs/till.md, "Handover spot counts")."""
    return origin != HANDOVER


def check_no_overlap(scope: Scope, open_sessions: Iterable[tuple[str, Scope]]) -> None:
    """Two open sessions never share a SKU: which one's count would post it?"""
    for session_id, other in open_sessions:
        shared = scope.overlap(other)
        if shared is None or shared:
            shown = (
                _("every SKU")
                if shared is None
                else ", ".join(shared[:5]) + (f" (+{len(shared) - 5})" if len(shared) > 5 else "")
            )
            raise Refused(
                _(
                    "count session {session} is still open and covers {skus} too: finish or"
                    " cancel it first"
                ).format(session=session_id, skus=shown)  # fmt: skip
            )


# -- ABC and the cycle-count plan -------------------------------------------------------
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


# -- building many rows --------------------------------------------------------------------
_T = TypeVar("_T")


def row_builder(cls: type[_T]) -> Callable[[Iterable[Any]], _T]:
    """A builder of frozen dataclass `cls` from its field values in field order (an iterable
    holding more is cut at the last field, so a database row can carry extra columns after
    them): the object cls(*values) would be, equal, hashed and shown alike, and as frozen,
    without the generated __init__'s one object.__setattr__ per field. Only for classes with
    no __post_init__ and values already checked (a report's thousands of rows)."""
    if getattr(cls, "__post_init__", None) is not None:
        raise TypeError(f"{cls.__name__} checks its values in __post_init__")
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    new = object.__new__

    def build(values: Iterable[Any]) -> _T:
        obj = new(cls)
        obj.__dict__.update(zip(names, values, strict=False))
        return obj

    return build


# -- count lines ---------------------------------------------------------------------------
@dataclass(frozen=True)
class CountedLine:
    """One count line as journalled: its position `seq` and the book there."""

    seq: int
    sku: str  # empty: an unknown barcode, recorded for follow-up
    qty_base: int
    round: int
    book_qty_base: int
    counter: str
    location: str = ""
    reason: str = ""
    scanned_code: str = ""
    line_id: str = ""


def check_line_qty(qty: object, reason: str) -> int:
    """A counted quantity: a whole number, zero or more; below zero only as a correction with a reason."""
    if isinstance(qty, bool) or not isinstance(qty, int):
        raise InvalidQuantity(
            _("a counted quantity must be a whole number of base units, got {value}").format(
                value=repr(qty)
            )
        )
    if abs(qty) > MAX_QTY_BASE:
        raise InvalidQuantity(
            _("a counted quantity of {qty} is beyond the limit of {limit}").format(
                qty=qty, limit=MAX_QTY_BASE
            )
        )
    if qty < 0 and not reason.strip():
        raise InvalidQuantity(
            _("a negative count line corrects an earlier one and needs a reason (--reason)")
        )
    return qty


@dataclass(frozen=True)
class SessionView:
    """What the line rules need to know of a session."""

    session_id: str
    store_code: str
    state: str
    scope: Scope
    round: int = 0  # the current round: 0, or the recount's number
    recount_skus: frozenset[str] = frozenset()


def check_line(
    session: SessionView,
    store_code: str,
    sku: str,
    qty: int,
    reason: str,
    counter: str,
    earlier: Sequence[CountedLine],
) -> int:
    """Refuse a line the session cannot take; return the round it belongs to.

    `earlier` are the session's lines of this SKU so far (any round)."""
    if session.store_code and store_code and session.store_code != store_code:
        raise PermissionDenied(
            _("count session {session} belongs to store {owner}, not {store}").format(
                session=session.session_id, owner=session.store_code, store=store_code
            )
        )
    if session.state not in COUNTING_STATES:
        raise Refused(
            _("count session {session} is {state}: it takes no more count lines").format(
                session=session.session_id, state=state_words(session.state)
            )
        )
    check_line_qty(qty, reason)
    if sku and not session.scope.covers(sku):
        raise InvalidInput(
            _(
                "SKU {sku} is outside count session {session}'s scope: it is not counted here"
            ).format(sku=sku, session=session.session_id)
        )
    rnd = session.round if session.state == S_RECOUNT else 0
    if session.state == S_RECOUNT:
        if sku not in session.recount_skus:
            raise Refused(
                _(
                    "count session {session} is waiting for a recount of other SKUs, not {sku}"
                ).format(session=session.session_id, sku=sku or _("an unknown barcode"))
            )
        before = {ln.counter for ln in earlier if ln.round < rnd}
        if counter in before:
            raise PermissionDenied(
                _("{counter} counted {sku} before: a recount is by someone else").format(
                    counter=counter, sku=sku
                )
            )
    if sku:
        total = sum(ln.qty_base for ln in earlier if ln.round == rnd) + qty
        if total < 0:
            raise InvalidQuantity(
                _("this correction would make the count of {sku} negative ({total})").format(
                    sku=sku, total=total
                )
            )
    return rnd


# -- variance ------------------------------------------------------------------------------
@dataclass(frozen=True)
class SkuResult:
    """A counted SKU's variance (盘盈 above zero, 盘亏 below)."""

    sku: str
    round: int
    book_qty_base: int
    counted_qty_base: int
    variance_qty_base: int
    moved_qty_base: int  # book at the last line - book at the first (moved while counting)
    first_seq: int
    last_seq: int
    counters: tuple[str, ...]
    locations: tuple[tuple[str, int], ...]  # (location, counted) in this round
    abc_class: str
    unit_cost_minor: int
    value_minor: int
    within_tolerance: bool
    recount_needed: bool
    recounted: bool = field(default=False)


def results(
    lines: Iterable[CountedLine],
    classes: Mapping[str, str],
    tolerance: Tolerance,
    unit_cost_minor: Callable[[str], int],
) -> list[SkuResult]:
    """Each counted SKU's result from its latest round, sorted by SKU (unknown barcodes aside)."""
    return _results(lines, classes, tolerance, unit_cost_minor, lambda used: used[-1])


def results_at_selling_location(
    lines: Iterable[CountedLine],
    classes: Mapping[str, str],
    tolerance: Tolerance,
    unit_cost_minor: Callable[[str], int],
    selling_locations: Sequence[str],
) -> list[SkuResult]:
    """As results(), but each SKU is compared with the book at its last line (of the latest
    round) taken at a selling location: a location equal to, or starting with, one of
    `selling_locations` (the shop floor the tills sell from, e.g. "floor", "A-"). A SKU with
    no line there is compared at its last line, as results() does.

    Exact when every recorded movement of the SKU during its count takes or puts units at
    a selling location (the tills sell from the shelf; the backroom does not move while it
    is counted) and the selling location's lines are taken with no sale between them, in
    whatever order the places are counted: the units the till sold after
    the shelf was counted were on the shelf when it was counted, and the book at the
    shelf's line still holds them."""
    prefixes = (
        (selling_locations,) if isinstance(selling_locations, str) else tuple(selling_locations)
    )

    def selling(location: str) -> bool:
        return any(location == p or (p and location.startswith(p)) for p in prefixes)

    def reference(used: list[CountedLine]) -> CountedLine:
        at_selling = [ln for ln in used if selling(ln.location)]
        return at_selling[-1] if at_selling else used[-1]

    return _results(lines, classes, tolerance, unit_cost_minor, reference)


def session_results(
    lines: Iterable[CountedLine],
    classes: Mapping[str, str],
    tolerance: Tolerance,
    unit_cost_minor: Callable[[str], int],
    selling_locations: Sequence[str] = (),
) -> list[SkuResult]:
    """A session's results by its rule: at the selling location when the session names one
    (results_at_selling_location), else at each SKU's last line (results). Both sides call this."""
    if selling_locations:
        return results_at_selling_location(
            lines, classes, tolerance, unit_cost_minor, selling_locations
        )
    return results(lines, classes, tolerance, unit_cost_minor)


def _results(
    lines: Iterable[CountedLine],
    classes: Mapping[str, str],
    tolerance: Tolerance,
    unit_cost_minor: Callable[[str], int],
    reference: Callable[[list[CountedLine]], CountedLine],
) -> list[SkuResult]:
    """Each SKU's latest round (its lines in journal order) compared with the book at the
    position of the line `reference` picks from them.

    One pass groups the lines by SKU; each SKU's lines are then read once more (a SKU
    with a single line, the common case, takes a shorter path with the same figures)."""
    by_sku: dict[str, list[CountedLine]] = {}
    for ln in lines:
        sku = ln.sku
        if sku:
            group = by_sku.get(sku)
            if group is None:
                by_sku[sku] = [ln]
            else:
                group.append(ln)
    bps = {"A": tolerance.a_bp, "B": tolerance.b_bp, "C": tolerance.c_bp}
    value_limit = tolerance.value_minor
    out: list[SkuResult] = []
    append = out.append
    build = _build_result
    for sku in sorted(by_sku):
        group = by_sku[sku]
        if len(group) == 1:
            first = last = group[0]
            used = group
            rnd = first.round
            counted = first.qty_base
            counters: tuple[str, ...] = (first.counter,)
            locations: tuple[tuple[str, int], ...] = ((first.location, counted),)
        else:
            rnd = max(ln.round for ln in group)
            used = [ln for ln in group if ln.round == rnd]
            used.sort(key=_seq_of)
            first, last = used[0], used[-1]
            counted = 0
            where: dict[str, int] = {}
            for ln in used:
                counted += ln.qty_base
                where[ln.location] = where.get(ln.location, 0) + ln.qty_base
            counters = tuple(sorted({ln.counter for ln in used}))
            locations = tuple(sorted(where.items()))
        book = reference(used).book_qty_base
        if type(book) is not int or not -MAX_STOCK_QTY_BASE <= book <= MAX_STOCK_QTY_BASE:
            book = check_stock_level(_("the book quantity of {sku}").format(sku=sku), book)
        variance = counted - book
        cost = unit_cost_minor(sku)
        value = variance * cost
        abc = classes.get(sku, DEFAULT_CLASS)
        if abc not in bps:
            abc = DEFAULT_CLASS  # as Tolerance.bp_for reads it
        # Tolerance.within, inlined: |value| within the limit, |variance| within bp of |book|.
        within = abs(value) <= value_limit and abs(variance) * 10_000 <= bps[abc] * abs(book)
        append(
            build(
                (
                    sku,
                    rnd,
                    book,
                    counted,
                    variance,
                    last.book_qty_base - first.book_qty_base,
                    first.seq,
                    last.seq,
                    counters,
                    locations,
                    abc,
                    cost,
                    value,
                    within,
                    not within and rnd == 0,
                    rnd > 0,
                )
            )  # fmt: skip
        )
    return out


def _seq_of(line: CountedLine) -> int:
    return line.seq


_build_result = row_builder(SkuResult)


@dataclass(frozen=True)
class Totals:
    gain_qty_base: int
    loss_qty_base: int
    gain_minor: int
    loss_minor: int  # negative or zero
    net_minor: int
    gross_minor: int  # |gains| + |losses|: what the second-approval limit is compared with
    skus: int
    within: int


def totals(found: Iterable[SkuResult]) -> Totals:
    gq = lq = gm = lm = n = w = 0
    for r in found:
        n += 1
        w += r.within_tolerance
        if r.variance_qty_base > 0:
            gq += r.variance_qty_base
            gm += r.value_minor
        elif r.variance_qty_base < 0:
            lq += r.variance_qty_base
            lm += r.value_minor
    return Totals(gq, lq, gm, lm, gm + lm, gm - lm, n, w)


def not_counted(in_scope: Iterable[str], found: Iterable[SkuResult]) -> list[str]:
    """SKUs in scope with no count line: listed, never zeroed without a person's word."""
    counted = {r.sku for r in found}
    return sorted(set(in_scope) - counted)


def recount_skus(found: Iterable[SkuResult]) -> list[str]:
    return [r.sku for r in found if r.recount_needed]


# -- approval ------------------------------------------------------------------------------
def needs_second_approval(found: Iterable[SkuResult], tolerance: Tolerance) -> bool:
    return totals(found).gross_minor > tolerance.second_approval_minor


def check_approval(
    session_id: str,
    state: str,
    found: Sequence[SkuResult],
    uncounted: Sequence[str],
    approver: str,
    first_approver: str = "",
) -> None:
    """Refuse an approval the rules forbid, with the sentence that says which and why."""
    if state not in (S_SUBMITTED, S_APPROVING):
        raise Refused(
            _("count session {session} is {state}: only a submitted count can be approved").format(
                session=session_id, state=state_words(state)
            )
        )
    waiting = recount_skus(found)
    if waiting:
        raise Refused(
            _(
                "count session {session} has {n} SKU(s) outside tolerance waiting for a recount by"
                " someone else: {skus}"
            ).format(session=session_id, n=len(waiting), skus=_shown(waiting))  # fmt: skip
        )
    if uncounted:
        raise Refused(
            _(
                "count session {session} has {n} SKU(s) in scope that nobody counted: count them or"
                " confirm they are zero first: {skus}"
            ).format(session=session_id, n=len(uncounted), skus=_shown(uncounted))  # fmt: skip
        )
    own = [r.sku for r in found if r.variance_qty_base != 0 and approver in r.counters]
    if own:
        raise PermissionDenied(
            _(
                "{approver} counted {skus}, which have a variance: someone else approves them"
            ).format(approver=approver, skus=_shown(own))
        )
    if first_approver and first_approver == approver:
        raise PermissionDenied(
            _(
                "{approver} approved count session {session} already: the second approval is"
                " someone else's"
            ).format(approver=approver, session=session_id)  # fmt: skip
        )


def _shown(skus: Sequence[str], limit: int = 10) -> str:
    more = f" (+{len(skus) - limit})" if len(skus) > limit else ""
    return ", ".join(skus[:limit]) + more


# -- accuracy ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Accuracy:
    """Inventory record accuracy: the share of counted SKUs within tolerance, in basis points."""

    counted: int
    within: int
    by_class: Mapping[str, tuple[int, int]]  # class -> (counted, within)

    @property
    def bp(self) -> int:
        return self.within * 10_000 // self.counted if self.counted else 0


def accuracy(found: Iterable[SkuResult]) -> Accuracy:
    n = w = 0
    by: dict[str, list[int]] = {c: [0, 0] for c in CLASSES}
    for r in found:
        n += 1
        w += r.within_tolerance
        row = by[r.abc_class if r.abc_class in by else DEFAULT_CLASS]
        row[0] += 1
        row[1] += r.within_tolerance
    return Accuracy(n, w, {c: (v[0], v[1]) for c, v in by.items()})


# -- posting -------------------------------------------------------------------------------
def posting_parts(found: Sequence[SkuResult], per_part: int = 2_000) -> list[list[SkuResult]]:
    """A session's results split into posting entries of at most `per_part` SKUs (one at least)."""
    if isinstance(per_part, bool) or not isinstance(per_part, int) or per_part <= 0:
        raise InvalidInput(
            _("a posting part must hold at least one SKU, got {value}").format(value=repr(per_part))
        )
    if not found:
        return [[]]
    return [list(found[i : i + per_part]) for i in range(0, len(found), per_part)]


# -- session state -------------------------------------------------------------------------
_NEXT = {
    (S_OPEN, SUBMITTED): S_SUBMITTED,
    (S_RECOUNT, SUBMITTED): S_SUBMITTED,
    (S_SUBMITTED, RECOUNT): S_RECOUNT,
    (S_SUBMITTED, APPROVED): S_APPROVING,
    (S_OPEN, CANCELLED): S_CANCELLED,
    (S_SUBMITTED, CANCELLED): S_CANCELLED,
    (S_RECOUNT, CANCELLED): S_CANCELLED,
    (S_APPROVING, CANCELLED): S_CANCELLED,
}


def next_state(session_id: str, state: str, event: str) -> str:
    """The state after `event`, or a sentence why the session cannot take it now."""
    if event == OPENED:
        raise Refused(_("count session {session} exists already").format(session=session_id))
    after = _NEXT.get((state, event))
    if after is None:
        raise Refused(
            _("count session {session} is {state}: it cannot be {event} now").format(
                session=session_id,
                state=state_words(state),
                event=_event_words(event),
            )
        )
    return after


_EVENT_WORDS = {
    SUBMITTED: N_("submitted"),
    RECOUNT: N_("sent to a recount"),
    APPROVED: N_("approved"),
    CANCELLED: N_("cancelled"),
}


def _event_words(event: str) -> str:
    return _(_EVENT_WORDS[event]) if event in _EVENT_WORDS else event


def check_location(location: str) -> str:
    from common.text_safety import check_text

    return check_text(_("the shelf location"), location.strip(), MAX_LOCATION_CHARS)


# -- scope resolution helpers (added with the store side) ---------------------------------
def category_covers(category: str, codes: Iterable[str]) -> bool:
    """A product's category path is in the subtree of one of `codes` ("drinks" covers
    "drinks" and "drinks/soft", not "drinksware")."""
    return any(category == c or category.startswith(c.rstrip("/") + "/") for c in codes if c)


def location_covers(location: str, prefixes: Iterable[str]) -> bool:
    """A shelf location is in one of the zones named by prefix ("A-" covers "A-01")."""
    return bool(location) and any(location.startswith(p) for p in prefixes if p)
