"""Certificates for mutual TLS: a chain's CA, the head-office server, stores and staff.

Who a certificate names is in its subject: CN is the store code or staff user,
OU is the role ("store", "staff", "channel" or "server"). Head office reads both from the
verified peer certificate (invariant 6), never from a message, and its serial
number, which head office's revocation list names (docs/security.md). A serial
is written as lowercase hex without separators (`serial_text`), the form
`hoctl store cert list` prints and `--serial` reads.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from common.errors import IdentityError, InvalidInput
from common.i18n import _

ROLE_STORE = "store"
ROLE_STAFF = "staff"
ROLE_SERVER = "server"
ROLE_CHANNEL = "channel"  # an online channel's integration; CN its code (docs/channels.md)
ORGANISATION = "StoreLedger"
CERTIFICATE_DAYS = 825  # a store's or staff user's certificate; the CA's is 3650


@dataclass(frozen=True)
class Identity:
    """Who a certificate names, its serial and when it is valid (epoch ms; 0: not known)."""

    role: str
    name: str
    serial: int
    not_before_ms: int = 0
    not_after_ms: int = 0

    @property
    def serial_text(self) -> str:
        return serial_text(self.serial)


def serial_text(serial: int) -> str:
    """A serial number as head office writes it: lowercase hex, no separators."""
    return f"{serial:x}"


def parse_serial(text: str) -> str:
    """A serial as a person may copy it (`4A:3F:...`, `0x4a3f`, `4a3f`) in serial_text's form."""
    digits = text.strip().lower().removeprefix("0x").replace(":", "").replace(" ", "")
    if not digits or len(digits) > 40 or any(c not in "0123456789abcdef" for c in digits):
        raise InvalidInput(
            _(
                "a certificate serial is up to 40 hexadecimal digits (as `hoctl store cert list` "
                "prints it), got {text}"
            ).format(text=repr(text))
        )
    return serial_text(int(digits, 16))


@dataclass(frozen=True)
class KeyPair:
    cert_pem: bytes
    key_pem: bytes


def _name(common_name: str, role: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANISATION),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, role),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _validity(
    days: int, not_before: dt.datetime | None, not_after: dt.datetime | None
) -> tuple[dt.datetime, dt.datetime]:
    """From 5 minutes ago (clocks differ a little) for `days`, unless given (tests make
    expired and not-yet-valid certificates this way)."""
    now = dt.datetime.now(dt.UTC)
    start = not_before or now - dt.timedelta(minutes=5)
    return start, not_after or now + dt.timedelta(days=days)


def create_ca(
    chain_name: str = "StoreLedger chain",
    days: int = 3650,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
) -> KeyPair:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANISATION),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{chain_name} CA"),
        ]
    )
    start, end = _validity(days, not_before, not_after)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return KeyPair(cert.public_bytes(serialization.Encoding.PEM), _key_pem(key))


def issue_certificate(
    ca: KeyPair,
    common_name: str,
    role: str,
    hosts: list[str] | None = None,
    days: int = CERTIFICATE_DAYS,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
) -> KeyPair:
    """Sign a leaf certificate for a server (hosts as SANs) or a client (store/staff)."""
    ca_cert = x509.load_pem_x509_certificate(ca.cert_pem)
    ca_key = serialization.load_pem_private_key(ca.key_pem, password=None)
    key = ec.generate_private_key(ec.SECP256R1())
    start, end = _validity(days, not_before, not_after)
    usage = (
        ExtendedKeyUsageOID.SERVER_AUTH if role == ROLE_SERVER else ExtendedKeyUsageOID.CLIENT_AUTH
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, role))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
    )
    if hosts:
        sans: list[x509.GeneralName] = []
        for host in hosts:
            try:
                sans.append(x509.IPAddress(ipaddress.ip_address(host)))
            except ValueError:
                sans.append(x509.DNSName(host))
        builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
    cert = builder.sign(ca_key, hashes.SHA256())  # type: ignore[arg-type]
    return KeyPair(cert.public_bytes(serialization.Encoding.PEM), _key_pem(key))


def load_certificate(pem: bytes, what: str = "") -> x509.Certificate:
    """The certificate in pem; IdentityError naming `what` (a translated noun) if it is not one."""
    try:
        return x509.load_pem_x509_certificate(pem)
    except ValueError as exc:
        what = what or _("the peer certificate")
        raise IdentityError(_("{what} could not be read").format(what=what)) from exc


def _ms(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1000)


def identity_of(cert: x509.Certificate) -> Identity:
    roles = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    if len(roles) != 1 or len(names) != 1:
        raise IdentityError(_("the peer certificate does not name exactly one role and one name"))
    return Identity(
        role=str(roles[0].value),
        name=str(names[0].value),
        serial=cert.serial_number,
        not_before_ms=_ms(cert.not_valid_before_utc),
        not_after_ms=_ms(cert.not_valid_after_utc),
    )


def identity_from_pem(cert_pem: bytes) -> Identity:
    """Who a (TLS-verified) certificate names: role from OU, name from CN, its serial."""
    return identity_of(load_certificate(cert_pem))


def issuer_name(cert: x509.Certificate) -> str:
    """The issuer's common name (a chain's CA is `<chain name> CA`), else its whole name."""
    names = cert.issuer.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else cert.issuer.rfc4514_string()


def signed_by(cert: x509.Certificate, ca: x509.Certificate) -> bool:
    """Whether `ca` issued `cert`: its name is the issuer and its key verifies the signature."""
    if cert.issuer != ca.subject:
        return False
    try:
        cert.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def key_matches(cert: x509.Certificate, key_pem: bytes) -> bool:
    """Whether the private key in key_pem belongs to the certificate."""
    try:
        key = serialization.load_pem_private_key(key_pem, password=None)
    except (ValueError, TypeError):
        return False
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    der = serialization.Encoding.DER
    return key.public_key().public_bytes(der, spki) == cert.public_key().public_bytes(der, spki)
