"""After a commit: print or open the drawer through the peripherals, bounded in time.

A printer that hangs, fails or is absent never blocks or undoes the reply:
the call runs in a worker thread under a timeout and its failure becomes the
PrintResult's warning (the document can be reprinted from the ledger).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from common.logs import log_event
from edge_agent.devices.peripherals import PrintResult

log = logging.getLogger(__name__)
PRINT_TIMEOUT_S = 3.0


async def bounded_print(
    what: str, call: Callable[[], PrintResult], timeout_s: float = PRINT_TIMEOUT_S
) -> PrintResult:
    try:
        result = await asyncio.wait_for(asyncio.to_thread(call), timeout_s)
    except TimeoutError:
        result = PrintResult(
            False,
            False,
            f"the printer did not answer within {timeout_s:g} s; {what} was "
            "recorded and can be reprinted",
        )
    except Exception as exc:  # a device failure must never fail a committed document
        result = PrintResult(
            False, False, f"printing {what} failed ({exc}); it was recorded and can be reprinted"
        )
    if result.warning:
        log_event(log, logging.WARNING, "print warning", what=what, warning=result.warning)
    return result
