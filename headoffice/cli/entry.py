"""The entry points of `headoffice` and `hoctl`.

gRPC's C core reads its log settings once, when grpc is first imported; for
`headoffice serve` they must ask for the handshake trace that names each
refused TLS peer (headoffice.api.core_log). So this module sets them before it
imports the command, which imports grpc. hoctl says a failed handshake in its
own sentence (common.tls_check), so the C core's informational line about it
is not shown unless GRPC_VERBOSITY asks for it.
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    if sys.argv[1:2] == ["serve"]:
        from headoffice.api.core_log import core_log_environment

        os.environ.update(core_log_environment(os.environ))
    from headoffice.cli.server import main as headoffice

    return headoffice()


def hoctl() -> int:
    os.environ.setdefault("GRPC_VERBOSITY", "ERROR")
    from headoffice.cli.hoctl import main as hoctl_main

    return hoctl_main()


if __name__ == "__main__":
    sys.exit(main())
