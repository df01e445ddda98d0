"""Many frozen rows (count lines, results) built from row values, without setattr."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import fields
from typing import Any, TypeVar

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
