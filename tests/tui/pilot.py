"""Driving the till screen with Textual's pilot: the helpers live in tools/till_pilot.py
(shared with the docs screenshots); the tests import them from here."""

from __future__ import annotations

from tools.till_pilot import (
    approve,
    busy,
    log_in,
    message,
    pay_exact,
    rows,
    scan,
    screen_lines,
    text,
    type_text,
    until,
)

__all__ = [
    "approve",
    "busy",
    "log_in",
    "message",
    "pay_exact",
    "rows",
    "scan",
    "screen_lines",
    "text",
    "type_text",
    "until",
]
