"""The `edge-agent` command's entry point.

gRPC's C core reads its log settings once, when grpc is first imported. The
agent says a failed TLS handshake in its own sentence, once per change
(edge_agent.sync.credentials), so the C core's informational line about each
retry is not written to its log unless GRPC_VERBOSITY asks for it.
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    os.environ.setdefault("GRPC_VERBOSITY", "ERROR")
    from edge_agent.cli.agent import main as agent_main

    return agent_main()


if __name__ == "__main__":
    sys.exit(main())
