"""Identifiers: store codes and document ids."""

from __future__ import annotations

import re
import uuid

from common.errors import InvalidInput
from common.i18n import _

_STORE_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,31}$")


def new_document_id() -> str:
    return uuid.uuid4().hex


def check_store_code(code: str) -> str:
    if not _STORE_CODE.match(code):
        raise InvalidInput(
            _(
                "store code {code} must be 1-32 capital letters, digits, '-' or '_' and start "
                "with a letter or digit, e.g. S001"
            ).format(code=repr(code))
        )
    return code
