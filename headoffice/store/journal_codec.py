"""Journal entries in their stored form: the one place the apply path knows they are protobuf.

apply_batch runs the ledger rules on the decoded JournalEntry messages as
they arrive (they satisfy headoffice.domain.ledger.EntryLike): copying a batch
of thousands of movements into domain objects cost more than PostgreSQL spent
storing them, so that copy is deliberately not made. What the apply needs
beyond reading fields is here, behind the journal repository (and its fake):

- payload: the deterministic serialization head office keeps for each entry;
- same_content: whether a replayed entry is the committed one;
- unit_cost: a movement's cost, None when it carries none (an unset field, not 0);
- document: an entry whose kind has an effect, with its body decoded into the
  plain type the effect declared (headoffice.domain.documents) by matching
  field names, so a new kind needs no line here.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from types import NoneType, UnionType
from typing import Any, TypeVar

from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message

from common.journal_kinds import JournalKind
from common.pb.storeledger.v1 import ledger_pb2
from headoffice.domain.documents import JournalDocument
from headoffice.domain.ledger import EntryLike, MovementLike

B = TypeVar("B")

_SCALARS: dict[int, type] = {
    FieldDescriptor.TYPE_STRING: str,
    FieldDescriptor.TYPE_BOOL: bool,
    FieldDescriptor.TYPE_BYTES: bytes,
    FieldDescriptor.TYPE_ENUM: int,
    **{
        t: int
        for t in (
            FieldDescriptor.TYPE_INT32, FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_UINT32,
            FieldDescriptor.TYPE_UINT64, FieldDescriptor.TYPE_SINT32, FieldDescriptor.TYPE_SINT64,
            FieldDescriptor.TYPE_FIXED32, FieldDescriptor.TYPE_FIXED64,
            FieldDescriptor.TYPE_SFIXED32, FieldDescriptor.TYPE_SFIXED64,
        )
    },
}  # fmt: skip


def payload(entry: EntryLike) -> bytes:
    """The entry as head office stores it (a resend of the same entry gives the same bytes)."""
    return _message(entry).SerializeToString(deterministic=True)


def same_content(committed: bytes, replayed: bytes) -> bool:
    """Whether two stored entries are the same entry.

    Equal bytes are the same entry (the edge resends what it stored); only when
    they differ are both decoded and compared field by field, so a change in
    the protobuf runtime's byte layout is never mistaken for a conflict.
    """
    if committed == replayed:
        return True
    parse = ledger_pb2.JournalEntry.FromString
    return bool(parse(committed) == parse(replayed))


def unit_cost(movement: MovementLike) -> int | None:
    """The cost per base unit a movement carries; None when it carries none."""
    if isinstance(movement, ledger_pb2.Movement):
        return movement.unit_cost_minor if movement.HasField("unit_cost_minor") else None
    return movement.unit_cost_minor


def document(entry: EntryLike, kind: JournalKind, body_type: type[B]) -> JournalDocument[B]:
    """The entry with its body (the kind's body field) decoded into body_type."""
    body = getattr(_message(entry), kind.body_field)
    return JournalDocument(
        seq=entry.seq,
        occurred_at_ms=entry.occurred_at_ms,
        actor=entry.actor,
        kind=kind,
        document_id=entry.document_id,
        body=decode(body, body_type),
    )


def decode(message: Message, body_type: type[B]) -> B:
    """A dataclass of plain values from a message, field by field by name (nested too)."""
    build: Callable[[Message], B] = _builder(body_type, message.DESCRIPTOR)
    return build(message)


def check_body_type(body_type: type[Any], body_field: str) -> None:
    """Raise TypeError unless body_type can be decoded from the JournalEntry body field."""
    field = ledger_pb2.JournalEntry.DESCRIPTOR.fields_by_name.get(body_field)
    if field is None or field.message_type is None:
        raise TypeError(f"JournalEntry has no message field {body_field!r}")
    _builder(body_type, field.message_type)


def _message(entry: EntryLike) -> ledger_pb2.JournalEntry:
    if not isinstance(entry, ledger_pb2.JournalEntry):
        raise TypeError(f"a journal entry to store must be a JournalEntry message, got {entry!r}")
    return entry


# How to build each body type from its message, worked out (and checked) once.
_BUILDERS: dict[tuple[type[Any], str], Callable[[Message], Any]] = {}


def _builder(cls: type[Any], descriptor: Descriptor) -> Callable[[Message], Any]:
    key = (cls, descriptor.full_name)
    found = _BUILDERS.get(key)
    if found is None:
        found = _BUILDERS[key] = _make_builder(cls, descriptor)
    return found


def _make_builder(cls: type[Any], descriptor: Descriptor) -> Callable[[Message], Any]:
    """How to build cls from a message of `descriptor`; TypeError when it cannot be."""
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"{cls.__name__} is not a dataclass; a body type must be one")
    hints = typing.get_type_hints(cls)
    steps: list[tuple[str, Callable[[Message], Any]]] = []
    for field in dataclasses.fields(cls):
        proto = descriptor.fields_by_name.get(field.name)
        if proto is None:
            raise TypeError(
                f"{cls.__name__}.{field.name}: {descriptor.full_name} has no field {field.name!r}"
            )
        steps.append((field.name, _reader(cls, field.name, hints[field.name], proto)))

    def build(message: Message) -> Any:
        return cls(**{name: read(message) for name, read in steps})

    return build


def _reader(
    cls: type[Any], name: str, hint: Any, proto: FieldDescriptor
) -> Callable[[Message], Any]:
    where = f"{cls.__name__}.{name}"
    optional = False
    if isinstance(hint, UnionType) and NoneType in hint.__args__:
        others = [arg for arg in hint.__args__ if arg is not NoneType]
        hint, optional = others[0], True
        if len(others) != 1 or not proto.has_presence or proto.is_repeated:
            raise TypeError(f"{where}: only a single optional field may be `T | None`")
    if proto.is_repeated:
        args = typing.get_args(hint)
        if typing.get_origin(hint) is not tuple or len(args) != 2 or args[1] is not Ellipsis:
            raise TypeError(f"{where}: a repeated field is read as tuple[T, ...], not {hint}")
        item = _item_reader(where, args[0], proto)
        return lambda message: tuple(item(value) for value in getattr(message, name))
    read = _item_reader(where, hint, proto)
    if optional:
        return lambda message: read(getattr(message, name)) if message.HasField(name) else None
    return lambda message: read(getattr(message, name))


def _item_reader(where: str, hint: Any, proto: FieldDescriptor) -> Callable[[Any], Any]:
    if proto.message_type is not None:
        if not isinstance(hint, type) or not dataclasses.is_dataclass(hint):
            raise TypeError(f"{where}: message {proto.message_type.full_name} needs a dataclass")
        return _builder(hint, proto.message_type)
    if _SCALARS.get(proto.type) is not hint:
        raise TypeError(f"{where}: {hint} cannot hold protobuf field {proto.full_name}")
    return _same


def _same(value: Any) -> Any:
    return value
