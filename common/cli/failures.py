"""How every tool fails: one sentence on stderr and an exit code, never a traceback.

  PROGRAM[ COMMAND]: sentence          e.g. `hoctl stock card: SKU NOPE is not in ...`

Exit codes: 0 done; 1 refused or failed (a refusal, an unreachable peer, a
mismatch a read command reports); 2 wrong usage (argparse); 130 interrupted.
A tool may give one category of its own errors a code of its own
(`headoffice` exits 2 when its database cannot be reached).

`rpc_sentence` is the one translation of a failed gRPC call: the server's own
sentence when it answered (our servers put one in every status, see
common.rpc.status), or a sentence naming the peer when nothing answered.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

import grpc

from common.cli.cells import safe_text
from common.errors import StoreLedgerError
from common.i18n import _

EXIT_DONE = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

# How gRPC describes a call that never reached a running server. A server may itself
# answer UNAVAILABLE (its database is down) with a sentence of its own: not these.
_TRANSPORT_FAILURES = (
    "failed to connect",
    "connections to all backends failing",
    "dns resolution failed",
    "socket closed",
    "connection reset",
    "connection refused",
    "broken pipe",
    "handshake",
    "empty address list",
    "no such file or directory",
)


@dataclass(frozen=True)
class Peer:
    """The server a tool talks to, as a sentence names it, and what to say when it is not there."""

    name: str  # "head office at 127.0.0.1:50061", in the reader's language
    # "{name} is not reachable: {details}" (translated); {details} is gRPC's own words
    unreachable: str
    # gRPC says "not reachable" for a refused TLS handshake too: given gRPC's words, the
    # sentence for what really failed (a certificate: common.tls_check.diagnose), or None.
    diagnose: Callable[[str], str | None] | None = None

    def not_there(self, details: str) -> str:
        # replace, not format: a path in the template may hold braces of its own
        return self.unreachable.replace("{name}", self.name).replace("{details}", details)


def rpc_sentence(exc: grpc.RpcError, peer: Peer) -> str:
    code = exc.code() if isinstance(exc, grpc.Call) else None
    details = (exc.details() if isinstance(exc, grpc.Call) else None) or str(exc)
    if code == grpc.StatusCode.UNAVAILABLE and any(
        phrase in details.lower() for phrase in _TRANSPORT_FAILURES
    ):
        diagnosed = peer.diagnose(details) if peer.diagnose is not None else None
        return diagnosed or peer.not_there(details)
    if code == grpc.StatusCode.DEADLINE_EXCEEDED:
        return _("{peer} did not answer in time ({details})").format(
            peer=peer.name, details=details
        )
    return details


def fail(prefix: str, sentence: str) -> None:
    print(f"{prefix}: {safe_text(sentence)}", file=sys.stderr)


def stdout_closed() -> int:
    """The reader of our output went away (`pos stock | head`): stop quietly, exit 1.

    Python would otherwise print a BrokenPipeError traceback while flushing
    stdout at exit; pointing stdout at /dev/null first prevents it.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_FAILED


def run_command(
    prefix: str,
    action: Callable[[], int],
    peer: Callable[[], Peer] | None = None,
    exit_code: Callable[[StoreLedgerError], int] = lambda exc: EXIT_FAILED,
    bugs_as_sentences: bool = True,
) -> int:
    """Run a command; each way it can fail becomes one sentence after `prefix` and a code.

    `peer` names the server a failed call went to (it may only be known once the
    command has found it, so it is asked for then). A server command passes
    bugs_as_sentences=False: its crash keeps the traceback for its log.
    """
    try:
        return action()
    except grpc.RpcError as exc:
        fail(prefix, rpc_sentence(exc, peer() if peer else Peer(_("the server"), "{details}")))
        return EXIT_FAILED
    except StoreLedgerError as exc:
        fail(prefix, str(exc))
        return exit_code(exc)
    except BrokenPipeError:
        return stdout_closed()
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        fail(prefix, f"{exc.strerror or exc}{where}")
        return EXIT_FAILED
    except KeyboardInterrupt:
        fail(prefix, _("interrupted"))
        return EXIT_INTERRUPTED
    except Exception as exc:  # a bug in the tool: still one line for the person, never a traceback
        if not bugs_as_sentences:
            raise
        fail(
            prefix,
            _("unexpected {error}: {details}").format(error=type(exc).__name__, details=exc),
        )
        return EXIT_FAILED
