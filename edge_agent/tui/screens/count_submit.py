"""Submitting a count from the till: ask first, then say what the agent decided (submitted
for approval, or which SKUs need a recount by another person)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from common.domain.stocktake import S_RECOUNT
from common.i18n import _
from common.pb.storeledger.v1 import store_counts_pb2 as pb
from edge_agent.tui.client import Refusal
from edge_agent.tui.screens.modals import ConfirmModal

if TYPE_CHECKING:
    from edge_agent.tui.screens.count import CountScreen


def submitted_sentence(reply: pb.CountSessionReply) -> str:
    session = reply.session
    if session.state == S_RECOUNT:
        return _(
            "count {session} submitted: a recount by another person is needed for {skus}"
        ).format(session=session.session_id, skus=", ".join(session.recount_skus))
    return _("count {session} submitted: no recount needed; a manager approves it").format(
        session=session.session_id
    )


async def confirm_and_submit(screen: CountScreen) -> pb.CountSessionReply | None:
    """Ask, then SubmitCount as the person signed in; the reply, or None (not asked, refused)."""
    till = screen.till
    if screen.unsent is not None:
        screen.say(_("a line is not recorded yet: F5 sends it again before submitting"))
        return None
    sure = await screen.app.push_screen_wait(
        ConfirmModal(
            _("Submit the count"),
            _("Submit count {session} with your {lines} lines? Nobody adds lines after it "
              "but a recount.").format(session=screen.session.session_id, lines=len(screen.lines)),
        )
    )  # fmt: skip
    if not sure:
        screen.say(_("not submitted; counting goes on"), "info")
        return None
    request = pb.CountActionRequest(session_id=screen.session.session_id)
    try:
        reply = await till.client.count_call("SubmitCount", request, till.till_id)
    except Refusal as refusal:
        screen.say(str(refusal))
        return None
    screen.say(submitted_sentence(reply), "warning" if reply.session.state == S_RECOUNT else "info")
    return reply
