"""Certificates: who a store certificate names, and that only our CA's signature counts."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec

from common.certs import (
    ROLE_SERVER,
    ROLE_STAFF,
    ROLE_STORE,
    KeyPair,
    create_ca,
    identity_from_pem,
    issue_certificate,
    key_matches,
    load_certificate,
    parse_serial,
)
from common.certs import (
    signed_by as chain_signed_by,
)
from common.errors import IdentityError, InvalidInput
from common.tls import peer_identity


@pytest.fixture(scope="module")
def ca() -> KeyPair:
    return create_ca("Test chain")


def signed_by(cert_pem: bytes, ca_pem: bytes) -> bool:
    cert = x509.load_pem_x509_certificate(cert_pem)
    issuer = x509.load_pem_x509_certificate(ca_pem)
    public_key = issuer.public_key()
    assert isinstance(public_key, ec.EllipticCurvePublicKey)
    try:
        public_key.verify(
            cert.signature, cert.tbs_certificate_bytes, ec.ECDSA(cert.signature_hash_algorithm)
        )
    except InvalidSignature:
        return False
    return cert.issuer == issuer.subject


def test_store_identity_round_trips(ca: KeyPair) -> None:
    store = issue_certificate(ca, "S001", ROLE_STORE)
    identity = identity_from_pem(store.cert_pem)
    assert (identity.role, identity.name) == ("store", "S001")
    assert identity.serial == x509.load_pem_x509_certificate(store.cert_pem).serial_number


def test_peer_identity_from_auth_context(ca: KeyPair) -> None:
    staff = issue_certificate(ca, "admin", ROLE_STAFF)
    identity = peer_identity({"x509_pem_cert": [staff.cert_pem]})
    assert (identity.role, identity.name) == ("staff", "admin")
    with pytest.raises(IdentityError, match="no client certificate"):
        peer_identity({})


def test_only_our_ca_signature_verifies(ca: KeyPair) -> None:
    ours = issue_certificate(ca, "S001", ROLE_STORE)
    other_ca = create_ca("Another chain")
    theirs = issue_certificate(other_ca, "S001", ROLE_STORE)
    assert signed_by(ours.cert_pem, ca.cert_pem)
    assert not signed_by(theirs.cert_pem, ca.cert_pem)
    # same name claimed, different CA: the identity alone proves nothing
    assert identity_from_pem(theirs.cert_pem).name == "S001"


def test_server_certificate_has_sans_and_server_usage(ca: KeyPair) -> None:
    server = issue_certificate(
        ca, "storeledger-headoffice", ROLE_SERVER, hosts=["localhost", "127.0.0.1"]
    )
    cert = x509.load_pem_x509_certificate(server.cert_pem)
    sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert sans.get_values_for_type(x509.DNSName) == ["localhost"]
    assert [str(ip) for ip in sans.get_values_for_type(x509.IPAddress)] == ["127.0.0.1"]
    usage = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert x509.oid.ExtendedKeyUsageOID.SERVER_AUTH in usage
    ca_cert = x509.load_pem_x509_certificate(ca.cert_pem)
    assert ca_cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True


def test_unreadable_certificate_is_an_identity_error() -> None:
    with pytest.raises(IdentityError, match="could not be read"):
        identity_from_pem(b"not a certificate")
    ca = create_ca()
    with pytest.raises(IdentityError, match="exactly one role"):
        identity_from_pem(ca.cert_pem)  # the CA has no OU


def test_serials_are_written_as_lowercase_hex_and_read_as_people_copy_them(ca: KeyPair) -> None:
    store = issue_certificate(ca, "S001", ROLE_STORE)
    identity = identity_from_pem(store.cert_pem)
    assert identity.serial_text == f"{identity.serial:x}"
    assert parse_serial("0x4A:3F") == "4a3f"
    assert parse_serial(" 4a 3f ") == "4a3f"
    assert parse_serial("004a3f") == "4a3f"
    for bad in ("", "xyz", "1" * 41):
        with pytest.raises(InvalidInput, match="hexadecimal digits"):
            parse_serial(bad)


def test_identity_carries_the_certificates_validity(ca: KeyPair) -> None:
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
    old = issue_certificate(ca, "S001", ROLE_STORE, not_before=start, not_after=end)
    identity = identity_from_pem(old.cert_pem)
    assert identity.not_before_ms == int(start.timestamp() * 1000)
    assert identity.not_after_ms == int(end.timestamp() * 1000)


def test_signed_by_and_key_matches(ca: KeyPair) -> None:
    ours = issue_certificate(ca, "S001", ROLE_STORE)
    theirs = issue_certificate(create_ca("Another chain"), "S001", ROLE_STORE)
    ca_cert = load_certificate(ca.cert_pem)
    assert chain_signed_by(load_certificate(ours.cert_pem), ca_cert)
    assert not chain_signed_by(load_certificate(theirs.cert_pem), ca_cert)
    assert key_matches(load_certificate(ours.cert_pem), ours.key_pem)
    assert not key_matches(load_certificate(ours.cert_pem), theirs.key_pem)
    assert not key_matches(load_certificate(ours.cert_pem), b"not a key")
