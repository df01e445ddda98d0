"""Certificates: who a store certificate names, and that only our CA's signature counts."""

from __future__ import annotations

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
)
from common.errors import IdentityError
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
