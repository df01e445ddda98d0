"""`pos status` at the store says when head office refuses the journal, and why (issue 12)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

from common.cli.output import Output
from common.i18n import default_language, set_default_language
from common.i18n.languages import USER_LANGUAGE_ENV
from common.pb.storeledger.v1 import till_pb2
from edge_agent.api.messages.till import status_reply
from edge_agent.cli.pos import build_parser, cmd_status
from edge_agent.services.queries import LedgerStatus
from edge_agent.sync.link import HeadOfficeRefusal

SENTENCE = "store S001 entry 4 was refused: journal entry kind 'stocktake_magic' is not known"


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    before = default_language()
    monkeypatch.setenv(USER_LANGUAGE_ENV, "en")
    set_default_language("en")
    yield
    set_default_language(before)


class _Till:
    """What cmd_status uses of pos's Till: one GetStatus answered from a reply."""

    def __init__(self, reply: till_pb2.TillStatusReply) -> None:
        self.stub = self
        self.reply = reply

    def GetStatus(self, request: Any, timeout: float | None = None) -> Any:  # noqa: N802
        return self.reply

    def call(self, method: Any, request: Any) -> Any:
        return method(request)


def shown(reply: till_pb2.TillStatusReply, fmt: str) -> str:
    buffer = io.StringIO()
    cmd_status(build_parser().parse_args(["status"]), _Till(reply), Output(fmt, buffer))  # type: ignore[arg-type]
    return buffer.getvalue()


def ledger() -> LedgerStatus:
    return LedgerStatus("S001", 6, 3, 3, 1_700_000_000_000, 95_000, 1_700_000_050_000, 12, 40)


def test_pos_status_says_head_office_refuses_the_journal_and_why() -> None:
    refusal = HeadOfficeRefusal(1_700_000_060_000, 4, "unknown_kind", SENTENCE)
    reply = status_reply(ledger(), True, refusal)
    text = shown(reply, "table").splitlines()
    assert text[-1] == (
        "head office refuses this store's journal since 2023-11-14T22:14:20.000Z, entry 4: "
        f"{SENTENCE}; sales go on and wait here until it accepts them"
    )
    document = json.loads(shown(reply, "json"))
    assert (document["refused_at"], document["refused_seq"], document["refused_reason"]) == (
        "2023-11-14T22:14:20.000Z", 4, "unknown_kind",
    )  # fmt: skip
    assert document["refused_message"] == SENTENCE
    assert (document["backlog_count"], document["lag_ms"]) == (3, 95_000)


def test_pos_status_of_an_accepted_journal_has_no_refusal() -> None:
    reply = status_reply(ledger(), True)
    assert "refuses" not in shown(reply, "table")
    document = json.loads(shown(reply, "json"))
    assert (document["refused_at"], document["refused_seq"], document["refused_reason"]) == (
        None, None, "",
    )  # fmt: skip


def test_the_till_screen_says_sync_is_refused_instead_of_online() -> None:
    from edge_agent.tui.widgets.status_bar import StatusBar

    bar = StatusBar()
    bar.online, bar.backlog = True, 3
    assert "online" in bar.parts()
    bar.refused = True
    assert "SYNC REFUSED" in bar.parts() and "online" not in bar.parts()
    assert "3 to sync" in bar.parts()
