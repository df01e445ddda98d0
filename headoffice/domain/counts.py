"""Count sessions as head office keeps them (issue 13): the rows beside the shared rules.

The rules themselves (scope, variance, tolerance, recount, approval) are
common.domain.stocktake's, the same at the edge; this module holds head
office's view of a session, its lines and its posted results, and the one
state head office adds: "ordered", a session head office created that the
store has not opened yet.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from common.domain import stocktake as st
from common.errors import ConfigError, InvalidInput, NotFound
from common.i18n import _
from headoffice.domain.errors import HeadOfficeError

S_ORDERED = "ordered"  # created at head office, not opened by the store yet
STATES = (S_ORDERED, *st.STATES)
ACTIVE_STATES = (S_ORDERED, *(s for s in st.STATES if s not in st.CLOSED_STATES))


def rules_state(state: str) -> str:
    """A session's state as the shared rules read it: an ordered session counts as open."""
    return st.S_OPEN if state == S_ORDERED else state


@dataclass(frozen=True)
class CountPolicy:
    """The chain's stocktake settings (headoffice.toml [counts]): ABC thresholds in basis
    points of sales value, tolerances, and counts a year per class for the cycle plan."""

    a_share_bp: int = st.DEFAULT_A_SHARE_BP
    b_share_bp: int = st.DEFAULT_B_SHARE_BP
    tolerance: st.Tolerance = field(default_factory=st.Tolerance)
    counts_per_year: dict[str, int] = field(
        default_factory=lambda: dict(st.DEFAULT_COUNTS_PER_YEAR)
    )
    accuracy_days: int = 90  # the trailing window of the accuracy gauges and report
    utc_offset_minutes: int = 0  # the shops' time zone: where a report's days begin (China: 480)


def count_policy(section: dict[str, Any]) -> CountPolicy:
    """The policy a [counts] section sets (a setting left out: its default), or ConfigError
    saying which setting is wrong."""
    values = {k: section.get(k, POLICY_DEFAULTS[k]) for k in _POLICY_KEYS}
    if values["accuracy_days"] == 0:
        raise ConfigError(_("counts.accuracy_days must be 1 or more (the days the gauges cover)"))
    offset = section.get("utc_offset_minutes", 0)
    if isinstance(offset, bool) or not isinstance(offset, int) or abs(offset) > 14 * 60:
        raise ConfigError(
            _("counts.utc_offset_minutes must be a whole number from -840 to 840, got {value}")
            .format(value=repr(offset))
        )  # fmt: skip
    for key, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigError(
                _("counts.{key} must be a whole number, zero or more, got {value}").format(
                    key=key, value=repr(value)
                )
            )
    try:
        return replace(_policy(values), utc_offset_minutes=offset)
    except InvalidInput as exc:
        raise ConfigError(_("[counts] in headoffice.toml: {reason}").format(reason=exc)) from exc


def _policy(values: dict[str, int]) -> CountPolicy:
    st.classify_abc({}, values["a_share_bp"], values["b_share_bp"])  # refuses bad thresholds
    return CountPolicy(
        a_share_bp=values["a_share_bp"],
        b_share_bp=values["b_share_bp"],
        tolerance=st.Tolerance(
            values["a_bp"], values["b_bp"], values["c_bp"], values["value_minor"],
            values["second_approval_minor"],
        ),
        counts_per_year={
            "A": values["a_per_year"], "B": values["b_per_year"], "C": values["c_per_year"],
        },
        accuracy_days=values["accuracy_days"],
    )  # fmt: skip


_POLICY_KEYS = (
    "a_share_bp", "b_share_bp", "a_bp", "b_bp", "c_bp", "value_minor", "second_approval_minor",
    "a_per_year", "b_per_year", "c_per_year", "accuracy_days",
)  # fmt: skip
POLICY_DEFAULTS: dict[str, int] = {
    "a_share_bp": st.DEFAULT_A_SHARE_BP,
    "b_share_bp": st.DEFAULT_B_SHARE_BP,
    "a_bp": 100,
    "b_bp": 300,
    "c_bp": 500,
    "value_minor": 10_000,
    "second_approval_minor": 100_000,
    "a_per_year": st.DEFAULT_COUNTS_PER_YEAR["A"],
    "b_per_year": st.DEFAULT_COUNTS_PER_YEAR["B"],
    "c_per_year": st.DEFAULT_COUNTS_PER_YEAR["C"],
    "accuracy_days": 90,
}


class UnknownCountSession(HeadOfficeError, NotFound):
    def __init__(self, session_id: str) -> None:
        super().__init__(
            _("there is no count session {session}; see `hoctl count list`").format(
                session=repr(session_id)
            )
        )
        self.session_id = session_id


@dataclass(frozen=True)
class CountSession:
    """One count session of one store, as head office knows it from the journal and its orders."""

    session_id: str
    store_code: str
    origin: str
    state: str
    scope: st.Scope
    tolerance: st.Tolerance = field(default_factory=st.Tolerance)
    classes: dict[str, str] = field(default_factory=dict)  # A and B SKUs (absent: C)
    title: str = ""
    blind: bool = False
    round: int = 0
    recount_skus: tuple[str, ...] = ()
    # The shop-floor places the tills sell from: each SKU is compared with the book at its
    # last line there (common.domain.stocktake.session_results).
    selling_locations: tuple[str, ...] = ()
    first_approver: str = ""
    approved_by: str = ""
    second_approved_by: str = ""
    created_by: str = ""
    created_at_ms: int = 0
    opened_seq: int = 0
    opened_at_ms: int = 0
    submitted_seq: int = 0
    submitted_at_ms: int = 0
    posted_seq: int = 0
    posted_at_ms: int = 0
    anomaly: str = ""  # the last thing the store did that head office did not expect

    def with_(self, **changes: Any) -> CountSession:
        return replace(self, **changes)

    @property
    def rules_state(self) -> str:
        """The state as the shared rules read it: an ordered session counts as open."""
        return rules_state(self.state)

    def as_dict(self) -> dict[str, Any]:
        """Plain values for the audit log."""
        out = asdict(self)
        out["scope"] = {
            "kind": self.scope.kind,
            "categories": list(self.scope.categories),
            "locations": list(self.scope.locations),
            "abc_classes": list(self.scope.abc_classes),
            "skus": list(self.scope.skus),
        }
        out["tolerance"] = asdict(self.tolerance)
        out["recount_skus"] = list(self.recount_skus)
        out["selling_locations"] = list(self.selling_locations)
        return out


@dataclass(frozen=True)
class HoCountLine:
    """A count line as head office stored it, with the book it computed at the line's position."""

    store_code: str
    session_id: str
    seq: int
    line_id: str
    sku: str
    scanned_code: str
    location: str
    qty_base: int
    reason: str
    round: int
    counter: str
    store_book_qty_base: int
    book_qty_base: int  # head office's own book at `seq`
    book_mismatch: bool
    occurred_at_ms: int = 0

    def counted(self) -> st.CountedLine:
        """The line as the shared rules read it, with head office's own book."""
        return st.CountedLine(
            seq=self.seq,
            sku=self.sku,
            qty_base=self.qty_base,
            round=self.round,
            book_qty_base=self.book_qty_base,
            counter=self.counter,
            location=self.location,
            reason=self.reason,
            scanned_code=self.scanned_code,
            line_id=self.line_id,
        )


@dataclass(frozen=True)
class PostedResult:
    """One posted SKU of a session (the count_results row the accuracy report reads)."""

    store_code: str
    session_id: str
    sku: str
    category_code: str
    abc_class: str
    book_qty_base: int
    counted_qty_base: int
    variance_qty_base: int
    unit_cost_minor: int
    value_minor: int
    within_tolerance: bool
    round: int
    moved_qty_base: int
    posted_at_ms: int
    posted_seq: int


FROM_HEADOFFICE, FROM_STORE = "headoffice", "store"
KEY_ITEMS_FROM = (FROM_HEADOFFICE, FROM_STORE)


@dataclass(frozen=True)
class StoreKeyItems:
    """A store's key items for handover spot counts, as last set: by head office (hoctl
    count key-items set) or by the store's staff (its key_items journal entry)."""

    store_code: str
    skus: tuple[str, ...]  # empty: none, or never set (set_from says which)
    set_by: str = ""
    set_at_ms: int = 0
    set_from: str = ""  # KEY_ITEMS_FROM; empty: nobody ever set the store's list

    @property
    def ever_set(self) -> bool:
        return bool(self.set_from)
