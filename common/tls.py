"""gRPC credentials, built in one place (server with required client auth; mTLS channels)."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

import grpc

from common.errors import IdentityError

if TYPE_CHECKING:
    from common.certs import Identity

# The name in head office's server certificate that clients check, whatever
# address they dial (an IP, a load balancer): set as the TLS target name.
SERVER_NAME = "storeledger-headoffice"
# gRPC's own load balancing over the addresses of head office's processes
# (common.ho_address says why round_robin rather than pick_first).
SERVICE_CONFIG = json.dumps({"loadBalancingConfig": [{"round_robin": {}}]})


@dataclass(frozen=True)
class Credentials:
    """What a client dials head office with: the chain's CA, its certificate and key (PEM)."""

    ca_pem: bytes
    cert_pem: bytes
    key_pem: bytes


@dataclass(frozen=True)
class Holder:
    """How a client's sentences name its certificate, and what to do about a bad one
    (common.tls_check says what is wrong with it)."""

    certificate: str  # "store S001's certificate", "staff user sam's certificate in sam.identity"
    remedy: str  # "ask head office for a new bundle (...) and install it with ..."


def server_credentials(ca_pem: bytes, cert_pem: bytes, key_pem: bytes) -> grpc.ServerCredentials:
    return grpc.ssl_server_credentials(
        [(key_pem, cert_pem)], root_certificates=ca_pem, require_client_auth=True
    )


def channel_credentials(ca_pem: bytes, cert_pem: bytes, key_pem: bytes) -> grpc.ChannelCredentials:
    return grpc.ssl_channel_credentials(
        root_certificates=ca_pem, private_key=key_pem, certificate_chain=cert_pem
    )


def channel_options() -> list[tuple[str, object]]:
    return [
        # Every process's certificate names SERVER_NAME, whichever address was dialled.
        ("grpc.ssl_target_name_override", SERVER_NAME),
        ("grpc.service_config", SERVICE_CONFIG),
        ("grpc.keepalive_time_ms", 10_000),
        ("grpc.keepalive_timeout_ms", 5_000),
        ("grpc.keepalive_permit_without_calls", 1),
        ("grpc.max_receive_message_length", 64 * 1024 * 1024),
        ("grpc.max_send_message_length", 64 * 1024 * 1024),
    ]


def server_options() -> list[tuple[str, object]]:
    return [
        # A second server on the same port must fail to bind, not share it silently.
        ("grpc.so_reuseport", 0),
        ("grpc.keepalive_permit_without_calls", 1),
        ("grpc.http2.min_recv_ping_interval_without_data_ms", 5_000),
        ("grpc.http2.max_ping_strikes", 0),
        ("grpc.max_receive_message_length", 64 * 1024 * 1024),
        ("grpc.max_send_message_length", 64 * 1024 * 1024),
    ]


def peer_identity(auth_context: dict[str, list[bytes]]) -> Identity:
    """The identity in a verified peer certificate, from a servicer context's auth_context()."""
    pems = auth_context.get("x509_pem_cert") or []
    if not pems:
        raise IdentityError("the caller presented no client certificate")
    return _identity_of_pem(pems[0])


# A peer shows the same certificate on every call of its connection, and parsing it cost a
# channel order's two calls about 3 % of head office's CPU: the identity is read once per
# certificate (the same bytes always name the same identity; a certificate that cannot be
# read raises every time, errors are not kept).
@functools.lru_cache(maxsize=4096)
def _identity_of_pem(pem: bytes) -> Identity:
    # Imported here: the cryptography package costs clients (hoctl, pos) ~80 ms of start-up.
    from common.certs import identity_from_pem

    return identity_from_pem(pem)
