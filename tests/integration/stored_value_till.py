"""A till that pays with stored value, as its own process (tests/integration/
test_stored_value_processes.py): debits one card COUNT times with keys PREFIX-0..., each
retried with its key while head office cannot answer (at most RETRY_S a debit), and each
answered debit sent once more with the same key, as a till does after a lost reply.
Prints one JSON line: {"debited": [[key, entry_id], ...], "refused": n, "replays_ok": n,
"retries": n}.

    python -m tests.integration.stored_value_till BUNDLE ADDRESS CARD COUNT AMOUNT PREFIX
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import grpc

from common.bundle import EnrolmentBundle
from common.pb.storeledger.v1 import members_pb2, members_pb2_grpc
from common.tls import channel_credentials, channel_options

RETRY_S = 60.0
RETRIED = (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.INTERNAL)


RETRIES = [0]  # calls that head office did not answer and were sent again


def _call(stub: members_pb2_grpc.MemberTillStub, request: members_pb2.TillDebitRequest):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + RETRY_S
    while True:
        try:
            return stub.AuthoriseDebit(request, timeout=5)
        except grpc.RpcError as exc:
            if exc.code() not in RETRIED or time.monotonic() > deadline:  # type: ignore[attr-defined]
                raise
            RETRIES[0] += 1
            time.sleep(0.05)


def main(argv: list[str]) -> int:
    bundle_path, address, card, count, amount, prefix = argv
    bundle = EnrolmentBundle.from_bytes(Path(bundle_path).read_bytes(), bundle_path)
    creds = channel_credentials(
        bundle.ca_pem.encode(), bundle.cert_pem.encode(), bundle.key_pem.encode()
    )
    debited: list[tuple[str, int]] = []
    refused = replays_ok = 0
    with grpc.secure_channel(address, creds, options=channel_options()) as channel:
        stub = members_pb2_grpc.MemberTillStub(channel)
        for n in range(int(count)):
            request = members_pb2.TillDebitRequest(
                member=card, amount_minor=int(amount), key=f"{prefix}-{n}", cashier="ann"
            )
            try:
                first = _call(stub, request)
            except grpc.RpcError as exc:
                if exc.code() != grpc.StatusCode.FAILED_PRECONDITION:  # type: ignore[attr-defined]
                    raise
                refused += 1
                continue
            again = _call(stub, request)
            replays_ok += again.replayed and again.entry.entry_id == first.entry.entry_id
            debited.append((request.key, first.entry.entry_id))
    print(json.dumps({"debited": debited, "refused": refused, "replays_ok": replays_ok,
                      "retries": RETRIES[0]}))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
