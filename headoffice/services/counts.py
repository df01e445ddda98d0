"""Stocktake at head office: create a count session for a store, list, cancel and approve.

Head office resolves a session's scope from its own catalogue and its own
ledger (category subtrees, SKU lists, ABC classes by the store's sales over
ABC_DAYS) and queues a CountOrder for the store; the store opens, counts and,
once approved, posts the session in its own ledger, and the journal brings
each step back (count_effects). Stock never moves here. Each change commits
with its audit record; the caller wakes the downstream streams after commit.
The reports (show, variance, the cycle plan) are in counts_reports.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from common.clock import now_ms as clock_now_ms
from common.domain import stocktake as st
from common.errors import InvalidInput, Refused
from common.i18n import _
from common.ids import check_store_code, new_document_id
from common.text_safety import check_text
from headoffice.domain.counts import (
    S_ORDERED,
    STATES,
    CountPolicy,
    CountSession,
    UnknownCountSession,
)
from headoffice.domain.errors import StoreDisabled, UnknownProduct, UnknownStore
from headoffice.domain.roles import Staff
from headoffice.domain.store_events import CountOrdered
from headoffice.services import audit
from headoffice.services.counts_reports import (
    DEFAULT_POLICY,
    Proposal,
    plan,
    session_report,
    store_classes,
)
from headoffice.services.ports import UnitOfWorkPort

ORIGIN = "head_office"
OPEN, CANCEL, APPROVE = "open", "cancel", "approve"


def check_state(state: str) -> str:
    if state and state not in STATES:
        raise InvalidInput(
            _("count session state {state} is not one of {states}").format(
                state=repr(state), states=", ".join(STATES)
            )
        )
    return state


def _open_store(uow: UnitOfWorkPort, store_code: str) -> None:
    store = uow.stores.get_store(store_code)
    if store is None:
        raise UnknownStore(store_code)
    if store.disabled:
        raise StoreDisabled(store_code)


def _candidates(
    uow: UnitOfWorkPort,
    store_code: str,
    kind: str,
    categories: Sequence[str],
    skus: Sequence[str],
    abc_classes: Sequence[str],
    classes: dict[str, str],
) -> list[str]:
    if kind == st.CATEGORY:
        found = []
        for category in categories:  # a category holds its subtree (drinks: drinks/soft too)
            skus_under = uow.counts.skus_in_categories([category])
            if not skus_under and not uow.catalogue.category_exists(category):
                raise UnknownProduct(category=category)
            found.extend(skus_under)
        return found
    if kind == st.SKUS:
        held = uow.catalogue.existing_skus(skus)
        missing = sorted(set(skus) - held)
        if missing:
            raise UnknownProduct(*missing)
        return list(skus)
    if kind == st.ABC:
        wanted = set(abc_classes)
        return [sku for sku, cls in classes.items() if cls in wanted]
    return []


def create_session(
    uow: UnitOfWorkPort,
    staff: Staff,
    store_code: str,
    kind: str,
    categories: Sequence[str] = (),
    skus: Sequence[str] = (),
    abc_classes: Sequence[str] = (),
    locations: Sequence[str] = (),
    title: str = "",
    now_ms: int | None = None,
    skus_only: Sequence[str] = (),
    selling_locations: Sequence[str] = (),
    blind: bool = False,
    policy: CountPolicy = DEFAULT_POLICY,
) -> CountSession:
    """Create a session for a store and send it the order to open it.

    The scope is fixed now from head office's catalogue and ledger; a session that
    would share a SKU with one of the store's sessions still open is refused. `skus_only`
    narrows an ABC scope to those SKUs (the cycle plan's proposals)."""
    check_store_code(store_code)
    staff.check_store(store_code)
    categories = [c.strip() for c in categories if c.strip()]
    skus = sorted({s.strip() for s in skus if s.strip()})
    abc_classes = sorted({c.strip().upper() for c in abc_classes if c.strip()})
    st.check_scope_request(kind, categories, locations, abc_classes, skus)
    if kind in (st.LOCATION, st.HANDOVER):
        raise InvalidInput(
            _(
                "a {kind} count is taken by shelf place at the store: start it at the store"
                " (pos count open), not at head office"
            ).format(kind=kind)  # fmt: skip
        )
    title = check_text(_("the count title"), title.strip(), st.MAX_TITLE_CHARS)
    selling = tuple(sorted({st.check_location(loc) for loc in selling_locations if loc.strip()}))
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        _open_store(uow, store_code)
        classes = store_classes(uow, store_code, now, policy)
        candidates = _candidates(uow, store_code, kind, categories, skus, abc_classes, classes)
        if skus_only:
            candidates = sorted(set(candidates) & set(skus_only))
        parts: dict[str, Sequence[str]] = {}
        if kind == st.CATEGORY:
            parts["categories"] = categories
        elif kind == st.ABC:
            parts["abc_classes"] = abc_classes
        scope = st.resolved_scope(kind, candidates, **parts)
        active = [s for s in uow.counts.active(store_code) if st.holds_its_skus(s.origin)]
        st.check_no_overlap(scope, [(s.session_id, s.scope) for s in active])
        covered = classes if scope.kind == st.FULL else {s: classes.get(s, "C") for s in scope.skus}
        row = CountSession(
            session_id=new_document_id(),
            store_code=store_code,
            origin=ORIGIN,
            state=S_ORDERED,
            scope=scope,
            classes={sku: cls for sku, cls in covered.items() if cls in ("A", "B")},
            title=title,
            blind=blind,
            tolerance=policy.tolerance,
            selling_locations=selling,
            created_by=staff.username,
            created_at_ms=now,
        )
        uow.counts.insert(row)
        uow.downstream.enqueue_store_event(store_code, CountOrdered(row, OPEN), now)
        audit.record(uow, staff.username, "count.create", "count_session", row.session_id,
                     None, row.as_dict(), now)  # fmt: skip
        uow.commit()
    return row


def list_sessions(
    uow: UnitOfWorkPort, staff: Staff, store_code: str = "", state: str = ""
) -> list[CountSession]:
    """Newest first, only of the stores the caller sees."""
    check_state(state)
    if store_code:
        check_store_code(store_code)
        staff.check_store(store_code)
        codes: set[str] | None = {store_code}
    else:
        codes = None if staff.chain_wide else set(staff.stores)
    with uow:
        return uow.counts.select(codes, state)


def get_session(uow: UnitOfWorkPort, staff: Staff, session_id: str) -> CountSession:
    with uow:
        row = uow.counts.get(session_id)
    if row is None:
        raise UnknownCountSession(session_id)
    staff.check_store(row.store_code)
    return row


def cancel_session(
    uow: UnitOfWorkPort, staff: Staff, session_id: str, now_ms: int | None = None
) -> CountSession:
    """Tell the store to cancel a session. One it has not opened yet is cancelled here at once;
    one it is counting closes when its own cancelled event comes back."""
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        before = uow.counts.get(session_id, lock=True)
        if before is None:
            raise UnknownCountSession(session_id)
        staff.check_store(before.store_code)
        if before.state in st.CLOSED_STATES:
            raise Refused(
                _("count session {session} is {state}: it can no longer be cancelled").format(
                    session=session_id, state=st.state_words(before.state)
                )
            )
        after = before.with_(state=st.S_CANCELLED) if before.state == S_ORDERED else before
        if after is not before:
            uow.counts.update(after)
        uow.downstream.enqueue_store_event(
            before.store_code, CountOrdered(after, CANCEL, by=staff.username), now
        )
        audit.record(uow, staff.username, "count.cancel", "count_session", session_id,
                     before.as_dict(), after.as_dict(), now)  # fmt: skip
        uow.commit()
    return after


def approve_session(
    uow: UnitOfWorkPort, staff: Staff, session_id: str, now_ms: int | None = None
) -> CountSession:
    """Approve a submitted session (never one's own count); above the second-approval limit
    the first approval waits for a second person. The store is sent the approval and posts
    the variance in its own ledger."""
    now = clock_now_ms() if now_ms is None else now_ms
    with uow:
        before = uow.counts.get(session_id, lock=True)
        if before is None:
            raise UnknownCountSession(session_id)
        staff.check_store(before.store_code)
        if before.approved_by and before.state not in st.CLOSED_STATES:
            raise Refused(
                _(
                    "count session {session} was approved by {by} already: the store posts it"
                    " when the approval reaches it"
                ).format(session=session_id, by=before.approved_by)  # fmt: skip
            )
        report = session_report(uow, before)
        st.check_approval(session_id, before.rules_state, report.results, report.not_counted,
                          staff.username, before.first_approver)  # fmt: skip
        if not before.first_approver and st.needs_second_approval(report.results, before.tolerance):
            after = before.with_(state=st.S_APPROVING, first_approver=staff.username)
            action = "count.approve_first"
        else:
            first = before.first_approver or staff.username
            second = staff.username if before.first_approver else ""
            after = before.with_(approved_by=first, second_approved_by=second)
            uow.downstream.enqueue_store_event(
                before.store_code, CountOrdered(after, APPROVE, by=first, second_by=second), now
            )
            action = "count.approve"
        uow.counts.update(after)
        audit.record(uow, staff.username, action, "count_session", session_id,
                     before.as_dict(), after.as_dict(), now)  # fmt: skip
        uow.commit()
    return after


def create_planned(
    uow: UnitOfWorkPort,
    staff: Staff,
    store_code: str = "",
    now_ms: int | None = None,
    policy: CountPolicy = DEFAULT_POLICY,
) -> list[Proposal]:
    """Create every session the cycle plan proposes (each its own transaction and order)."""
    now = clock_now_ms() if now_ms is None else now_ms
    created = []
    for proposal in plan(uow, staff, store_code, now, policy):
        row = create_session(uow, staff, proposal.store_code, st.ABC,
                             abc_classes=[proposal.abc_class], now_ms=now,
                             title=_("cycle count {cls}").format(cls=proposal.abc_class),
                             skus_only=proposal.skus, policy=policy)  # fmt: skip
        created.append(replace(proposal, session_id=row.session_id))
    return created
