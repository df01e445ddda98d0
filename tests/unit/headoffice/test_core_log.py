"""Refused TLS peers from gRPC's C-core log, and refusals logged once per minute.

The C-core text below is what grpcio 1.85 writes with GRPC_TRACE=handshaker
(the arguments lists shortened); tests/integration/test_credentials.py shows
the same against a real head office.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap

import pytest

from headoffice.api.core_log import (
    ASKED_TRACE,
    ASKED_VERBOSITY,
    CoreLogParser,
    HandshakeRefused,
    core_log_environment,
)
from headoffice.api.refusal_log import RefusalLog

EXPIRED_CLIENT = """\
I1205 03:15:33.047868   24941 trace.cc:91] gRPC Tracers: handshaker
I1205 03:15:35.070053   24946 handshaker.cc:80] handshake_manager 0x7f160c002120: adding handshaker endpoint_info [0x7f160c0012c0] at index 0
I1205 03:15:35.070194   24946 handshaker.cc:155] CallNextHandshakerLocked: error=OK shutdown=false index=1, args={endpoint=0x7f160c001c80, args={grpc.http2.max_ping_strikes=0, grpc.internal.endpoint_peer_address=ipv4:127.0.0.1:55450, grpc.ssl_session_cache=0x7f}}
I1205 03:15:35.070205   24946 channel_trace.h:396] handshake manager 0x7f160c002120:  calling handshaker security at index 1
I1205 03:15:35.075771   24946 ssl_transport_security.cc:2563] Handshake failed with error SSL_ERROR_SSL: error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED: certificate has expired
I1205 03:15:35.075818   24946 handshaker.cc:155] CallNextHandshakerLocked: error=UNKNOWN: Ssl handshake failed (TSI_PROTOCOL_FAILURE): SSL_ERROR_SSL: error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED: certificate has expired: OK
=== Source Location Trace: ===
src/core/util/status_helper.cc:68
 shutdown=false index=2, args={endpoint=0x7f160c001c80, args={grpc.http2.max_ping_strikes=0, grpc.internal.endpoint_peer_address=ipv4:127.0.0.1:55450, grpc.ssl_session_cache=0x7f}}
I1205 03:15:35.075837   24946 channel_trace.h:396] handshake manager 0x7f160c002120: Failed with error: UNKNOWN: Ssl handshake failed (TSI_PROTOCOL_FAILURE): SSL_ERROR_SSL: error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED: certificate has expired: OK
=== Source Location Trace: ===
src/core/util/status_helper.cc:68

E1205 03:15:36.000001   24946 chttp2_server.cc:400] something the operator should see
"""  # noqa: E501


def parse(text: str, **options: object) -> tuple[list[HandshakeRefused], list[str]]:
    refused: list[HandshakeRefused] = []
    passed: list[str] = []
    parser = CoreLogParser(refused.append, passed.append, **options)  # type: ignore[arg-type]
    for line in text.splitlines():
        parser.feed(line)
    parser.finish()
    return refused, passed


def test_a_failed_handshake_becomes_one_refusal_with_peer_and_reason() -> None:
    refused, passed = parse(EXPIRED_CLIENT)
    assert len(refused) == 1
    fields = refused[0].fields()
    assert fields["peer"] == "127.0.0.1:55450"
    assert fields["peer_host"] == "127.0.0.1"
    assert fields["reason"] == "expired"
    assert fields["detail"] == "the client's certificate has expired"
    assert "CERTIFICATE_VERIFY_FAILED: certificate has expired" in str(fields["tls_error"])
    # The trace head office asked for is dropped; the C core's other lines pass through.
    assert passed == [
        "E1205 03:15:36.000001   24946 chttp2_server.cc:400] something the operator should see"
    ]


def test_without_the_trace_the_tls_line_alone_is_a_refusal_of_an_unknown_peer() -> None:
    line = EXPIRED_CLIENT.splitlines()[4]
    refused, passed = parse(line, traced=False)
    assert [r.fields()["peer"] for r in refused] == ["unknown"]
    assert refused[0].reason[0] == "expired" and passed == []


def test_the_operators_own_verbosity_and_trace_still_hold() -> None:
    _refused, passed = parse(EXPIRED_CLIENT, asked_verbosity="ERROR")
    assert len(passed) == 1 and passed[0].startswith("E1205")
    _refused, passed = parse(
        "I1205 03:15:36.000001   1 server.cc:1] hello", asked_verbosity="ERROR"
    )
    assert passed == []
    refused, passed = parse(EXPIRED_CLIENT, asked_trace="handshaker")
    assert len(refused) == 1 and any("CallNextHandshakerLocked" in line for line in passed)
    _refused, passed = parse(
        "W1205 03:12:25.772347   1 log.cc:102] Log level INFO is not suitable for production. Prefer WARNING or ERROR."
    )
    assert passed == []


@pytest.mark.parametrize(
    ("tls_error", "reason"),
    [
        ("CERTIFICATE_VERIFY_FAILED: unable to get local issuer certificate", "foreign_ca"),
        ("CERTIFICATE_VERIFY_FAILED: self-signed certificate in certificate chain", "foreign_ca"),
        ("CERTIFICATE_VERIFY_FAILED: certificate has expired", "expired"),
        ("PEER_DID_NOT_RETURN_A_CERTIFICATE", "no_certificate"),
        ("WRONG_VERSION_NUMBER", "not_tls"),
        ("UNAVAILABLE: Handshake read failed (Socket closed)", "closed"),
        ("something new", "tls_error"),
    ],
)
def test_reasons(tls_error: str, reason: str) -> None:
    assert HandshakeRefused("ipv6:[::1]:4000", tls_error).reason[0] == reason
    assert HandshakeRefused("ipv6:[::1]:4000", tls_error).peer_host == "::1"


def test_the_environment_asks_for_the_trace_and_remembers_what_the_operator_asked() -> None:
    env = core_log_environment({"GRPC_TRACE": "tcp", "GRPC_VERBOSITY": "ERROR"})
    assert env["GRPC_TRACE"] == "tcp,handshaker" and env["GRPC_VERBOSITY"] == "INFO"
    assert env[ASKED_TRACE] == "tcp" and env[ASKED_VERBOSITY] == "ERROR"
    # Set twice (a serve started by a serve's environment): what the operator asked stays.
    assert core_log_environment(env)[ASKED_VERBOSITY] == "ERROR"
    assert core_log_environment({})["GRPC_TRACE"] == "handshaker"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_refusal_is_logged_once_per_minute_with_how_many_it_stands_for(caplog) -> None:
    clock = Clock()
    refusals = RefusalLog(logging.getLogger("test.refusals"), "TLS peer refused", clock=clock)
    caplog.set_level(logging.WARNING, "test.refusals")

    def counts() -> list[tuple[object, object]]:
        lines = [r.fields for r in caplog.records]  # type: ignore[attr-defined]
        return [(f["reason"], f["count"]) for f in lines]

    assert refusals.refused(("10.0.0.7", "foreign_ca"), reason="foreign_ca")
    for _i in range(30):  # an agent retrying every 2 s for a minute
        clock.now += 1.9
        refusals.refused(("10.0.0.7", "foreign_ca"), reason="foreign_ca")
    assert refusals.refused(("10.0.0.7", "expired"), reason="expired")  # another reason: its own
    assert counts() == [("foreign_ca", 1), ("expired", 1)]
    clock.now += 10
    assert refusals.refused(("10.0.0.7", "foreign_ca"), reason="foreign_ca")
    assert counts()[-1] == ("foreign_ca", 31)  # the 30 in between and this one
    refusals.refused(("10.0.0.7", "foreign_ca"), reason="foreign_ca")
    assert refusals.flush() == 0  # its minute has not ended
    clock.now += 61
    assert refusals.flush() == 1 and counts()[-1] == ("foreign_ca", 1)
    clock.now += 61
    assert refusals.flush() == 0  # nothing since: no line, and the key is forgotten


def test_the_capture_reads_fd_2_and_leaves_pythons_stderr_alone() -> None:
    """In a child process: what is written to fd 2 (as the C core does) goes through the
    reader; what Python writes to sys.stderr goes straight to the real stderr."""
    program = textwrap.dedent(
        """
        import logging, os, sys
        from common.logs import setup_logging
        from headoffice.api.core_log import CoreLogCapture
        from headoffice.api.refusal_log import RefusalLog
        text = sys.stdin.read()
        capture = CoreLogCapture(
            RefusalLog(logging.getLogger("core"), "TLS peer refused"),
            environ={"GRPC_TRACE": "handshaker"},
        )
        capture.start()
        setup_logging("info")
        for _i in range(3):
            os.write(2, text.encode())
        print("from python", file=sys.stderr)
        capture.stop()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", program],
        input=EXPIRED_CLIENT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    err = done.stderr.splitlines()
    events = [json.loads(line) for line in err if line.startswith("{")]
    assert [(e["event"], e["peer_host"], e["reason"], e["count"]) for e in events] == [
        ("TLS peer refused", "127.0.0.1", "expired", 1),
        ("TLS peer refused", "127.0.0.1", "expired", 2),  # held back by the minute, said at stop
    ]
    assert "from python" in err
    assert sum("something the operator should see" in line for line in err) == 3
    assert not any("CallNextHandshakerLocked" in line for line in err)
