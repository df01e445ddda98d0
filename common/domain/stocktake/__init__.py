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

The rules live in the modules of this package, each named for what it holds:
  vocabulary  Stocktake's words as data: scope kinds, events, origins, states, classes, limits.
  tolerance   How far a count may differ from the book before a recount, and the value limits.
  scope       What a count covers: the scope asked for, resolved into SKUs; overlap of counts.
  abc_plan    ABC classes from sales value, and the cycle-count plan: the SKUs due, in sessions.
  rows        Many frozen rows (count lines, results) built from row values, without setattr.
  lines       Count lines: what a line is, and the checks a new line passes.
  variance    Each SKU's result from its lines (the book at one line's position), totals.
  approval    Approval: a second approver, who may approve, a posting cut into parts.
  accuracy    Inventory record accuracy: the share of counted SKUs within tolerance, by class.
  states      Session states: the state after each event, or a sentence why not.
Everything is re-exported here, so `from common.domain import stocktake as st` reads
`st.Scope`, `st.session_results`... as before.
"""

from __future__ import annotations

from common.domain.stocktake.abc_plan import (
    DueCount,
    classify_abc,
    cycle_due,
    propose_sessions,
)
from common.domain.stocktake.accuracy import (
    Accuracy,
    accuracy,
)
from common.domain.stocktake.approval import (
    check_approval,
    needs_second_approval,
    posting_parts,
)
from common.domain.stocktake.lines import (
    CountedLine,
    SessionView,
    check_line,
    check_line_qty,
)
from common.domain.stocktake.rows import (
    row_builder,
)
from common.domain.stocktake.scope import (
    Scope,
    category_covers,
    check_location,
    check_no_overlap,
    check_scope_request,
    holds_its_skus,
    location_covers,
    resolved_scope,
)
from common.domain.stocktake.states import (
    next_state,
)
from common.domain.stocktake.tolerance import (
    Tolerance,
)
from common.domain.stocktake.variance import (
    SkuResult,
    Totals,
    not_counted,
    recount_skus,
    results,
    results_at_selling_location,
    session_results,
    totals,
)
from common.domain.stocktake.vocabulary import (
    ABC,
    ABC_DAYS,
    APPROVED,
    CANCELLED,
    CATEGORY,
    CLASSES,
    CLOSED_STATES,
    CONFIRMED_ZERO,
    COUNTING_STATES,
    DEFAULT_A_SHARE_BP,
    DEFAULT_B_SHARE_BP,
    DEFAULT_CLASS,
    DEFAULT_COUNTS_PER_YEAR,
    EVENTS,
    FULL,
    HANDOVER,
    LOCATION,
    MAX_LOCATION_CHARS,
    MAX_REASON_CHARS,
    MAX_TITLE_CHARS,
    OPENED,
    ORIGINS,
    RECOUNT,
    S_APPROVING,
    S_CANCELLED,
    S_OPEN,
    S_POSTED,
    S_RECOUNT,
    S_SUBMITTED,
    SCOPE_KINDS,
    SKUS,
    STATES,
    SUBMITTED,
    YEAR_MS,
    state_words,
)

__all__ = [
    "ABC",
    "ABC_DAYS",
    "APPROVED",
    "Accuracy",
    "CANCELLED",
    "CATEGORY",
    "CLASSES",
    "CLOSED_STATES",
    "CONFIRMED_ZERO",
    "COUNTING_STATES",
    "CountedLine",
    "DEFAULT_A_SHARE_BP",
    "DEFAULT_B_SHARE_BP",
    "DEFAULT_CLASS",
    "DEFAULT_COUNTS_PER_YEAR",
    "DueCount",
    "EVENTS",
    "FULL",
    "HANDOVER",
    "LOCATION",
    "MAX_LOCATION_CHARS",
    "MAX_REASON_CHARS",
    "MAX_TITLE_CHARS",
    "OPENED",
    "ORIGINS",
    "RECOUNT",
    "SCOPE_KINDS",
    "SKUS",
    "STATES",
    "SUBMITTED",
    "S_APPROVING",
    "S_CANCELLED",
    "S_OPEN",
    "S_POSTED",
    "S_RECOUNT",
    "S_SUBMITTED",
    "Scope",
    "SessionView",
    "SkuResult",
    "Tolerance",
    "Totals",
    "YEAR_MS",
    "accuracy",
    "category_covers",
    "check_approval",
    "check_line",
    "check_line_qty",
    "check_location",
    "check_no_overlap",
    "check_scope_request",
    "classify_abc",
    "cycle_due",
    "holds_its_skus",
    "location_covers",
    "needs_second_approval",
    "next_state",
    "not_counted",
    "posting_parts",
    "propose_sessions",
    "recount_skus",
    "resolved_scope",
    "results",
    "results_at_selling_location",
    "row_builder",
    "session_results",
    "state_words",
    "totals",
]
