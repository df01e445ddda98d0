"""What a count covers: the scope asked for, resolved into SKUs; overlap of counts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from common.domain.stocktake.vocabulary import (
    ABC,
    CATEGORY,
    CLASSES,
    FULL,
    HANDOVER,
    LOCATION,
    MAX_LOCATION_CHARS,
    SCOPE_KINDS,
    SKUS,
)
from common.errors import InvalidInput, Refused
from common.i18n import N_, _


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


def check_location(location: str) -> str:
    from common.text_safety import check_text

    return check_text(_("the shelf location"), location.strip(), MAX_LOCATION_CHARS)


def category_covers(category: str, codes: Iterable[str]) -> bool:
    """A product's category path is in the subtree of one of `codes` ("drinks" covers
    "drinks" and "drinks/soft", not "drinksware")."""
    return any(category == c or category.startswith(c.rstrip("/") + "/") for c in codes if c)


def location_covers(location: str, prefixes: Iterable[str]) -> bool:
    """A shelf location is in one of the zones named by prefix ("A-" covers "A-01")."""
    return bool(location) and any(location.startswith(p) for p in prefixes if p)
