"""After a commit: print or open the drawer through the peripherals, bounded in time.

A printer that hangs, fails or is absent never blocks or undoes the reply:
the call runs in a worker thread under a timeout and its failure becomes the
PrintResult's warning (the document can be reprinted from the ledger).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from common.i18n import Phrase, _, in_english
from common.logs import log_event
from edge_agent.devices.peripherals import PrintResult

log = logging.getLogger(__name__)
PRINT_TIMEOUT_S = 3.0


async def bounded_print(
    what: str | Phrase, call: Callable[[], PrintResult], timeout_s: float = PRINT_TIMEOUT_S
) -> PrintResult:
    """`what` names the document in the warning (in the caller's language: the worker thread
    runs in this call's context) and, in English, in the log."""
    try:
        result = await asyncio.wait_for(asyncio.to_thread(call), timeout_s)
    except TimeoutError:
        result = PrintResult(
            False,
            False,
            _(
                "the printer did not answer within {seconds} s; {what} was recorded and can be "
                "reprinted"
            ).format(seconds=f"{timeout_s:g}", what=what),
        )
        log_event(log, logging.WARNING, "print timed out", what=in_english(what))
    except Exception as exc:  # a device failure must never fail a committed document
        result = PrintResult(
            False,
            False,
            _("printing {what} failed ({error}); it was recorded and can be reprinted").format(
                what=what, error=exc
            ),
        )
        log_event(log, logging.WARNING, "print failed", what=in_english(what), error=str(exc))
    else:
        if result.warning:  # the peripherals logged any failure in detail
            log_event(log, logging.WARNING, "print warning", what=in_english(what))
    return result
