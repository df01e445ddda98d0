"""The `headoffice` command's entry point.

gRPC's C core reads its log settings once, when grpc is first imported; for
`headoffice serve` they must ask for the handshake trace that names each
refused TLS peer (headoffice.api.core_log). So this module sets them before it
imports the command, which imports grpc.
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


if __name__ == "__main__":
    sys.exit(main())
