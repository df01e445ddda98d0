"""Who did something, in one form (docs/runtime.md, "Glossary": actor).

An actor is a person, and where they acted:

  sam              a head-office staff user (or a head-office process: `headoffice.toml`)
  sam@S001         sam at store S001: the name the store recorded, '@', the store's code
  @S001            store S001 when it named nobody

Store codes never hold '@' (common.ids) and staff user names never do
(domain.roles), so the store is what follows the last '@'. The audit log keeps
the text it hashed in `actor` and files each record under the person and the
store (`actor_name`, `actor_store`), which is what `hoctl audit list --actor`
asks: `sam` is everything sam did at head office or at any till, `sam@S001`
only at S001, `@S001` everything done at S001.

Records written before this form keep their text, because the log is
hash-chained and is never rewritten. They read as: `store S001` and
`store:S001` (store S001, nobody named), `store:S001:anna` (anna at S001),
`store@S001` (nobody named) and `anna@S001` (anna at S001, already this form).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from common.errors import InvalidInput
from common.i18n import _

_STORE = r"[A-Z0-9][A-Z0-9_-]{0,31}"
_STORE_CODE = re.compile(_STORE)
# The forms head office wrote before this one (hash-chained: kept as written).
_OLD_FORMS = (
    re.compile(rf"store (?P<store>{_STORE})"),  # write-offs
    re.compile(rf"store:(?P<store>{_STORE})(?::(?P<name>.+))?", re.S),  # deliveries, returns
    re.compile(rf"store@(?P<store>{_STORE})"),  # transfers, nobody named
)


@dataclass(frozen=True, slots=True)
class Actor:
    """A person (or head-office process) and the store they acted at ("" at head office)."""

    name: str
    store: str = ""

    @property
    def text(self) -> str:
        """The one written form: `sam`, `sam@S001`, `@S001`."""
        return f"{self.name}@{self.store}" if self.store else self.name

    def __str__(self) -> str:
        return self.text


def at_store(name: str, store_code: str) -> Actor:
    """Someone at a store, as the store's journal entry names them ("" when it names nobody)."""
    return Actor(name, store_code)


def parse_actor(text: str) -> Actor:
    """An actor written in the one form (`sam`, `sam@S001`, `@S001`)."""
    name, at, store = text.rpartition("@")
    if at and _STORE_CODE.fullmatch(store):
        return Actor(name, store)
    return Actor(text)


def filed_actor(text: str) -> Actor:
    """Who a stored actor text names, in this form or one written before it."""
    for form in _OLD_FORMS:
        found = form.fullmatch(text)
        if found:
            return Actor(found.groupdict().get("name") or "", found["store"])
    return parse_actor(text)


def may_be_filed_as(text: str, actor: Actor) -> bool:
    """Whether a record with this actor text may be filed under `actor` (audit verify)."""
    return actor in (parse_actor(text), filed_actor(text))


@dataclass(frozen=True, slots=True)
class ActorQuery:
    """Which actors a filter asks for: a person (anywhere), a store (anyone), or both."""

    name: str = ""
    store: str = ""


def actor_query(text: str) -> ActorQuery:
    """`sam`, `sam@S001` or `@S001` as a filter; a sentence for anything else."""
    name, at, store = text.rpartition("@")
    if not at:
        return ActorQuery(name=text)
    if not _STORE_CODE.fullmatch(store):
        raise InvalidInput(
            _(
                "actor {actor} must be a name (sam), a name at a store (sam@S001) or a store "
                "(@S001); after the last '@' comes a store code"
            ).format(actor=repr(text))
        )
    return ActorQuery(name=name, store=store)
