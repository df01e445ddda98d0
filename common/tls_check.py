"""Why a TLS connection to head office fails, said as a sentence instead of "not reachable".

gRPC reports every failed handshake as UNAVAILABLE ("Socket closed", "Ssl
handshake failed"), whatever the cause. A client that holds its CA, its
certificate and its key can find out most causes by itself:

- `check_own` (no network): its certificate expired or is not valid yet, was
  not issued by the CA it came with, or does not match its key; its CA expired.
  Clients run it before connecting.
- `probe` (one TLS connection made with Python's ssl module): head office's
  certificate is not issued by the client's CA (another chain, a wrong
  address), has expired or does not name head office; or head office closed
  the connection after the handshake, refusing the client's certificate.
  Clients run it after a call failed in the transport.

Sentences name the credential and the remedy through a `Holder` (common.tls), which each
client fills in its own words (hoctl: "staff user sam's certificate in
sam.identity", edge-agent: "store S001's certificate"). A certificate head office has revoked
passes TLS; head office refuses its calls with a sentence of its own.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import ssl
import tempfile
from dataclasses import dataclass
from enum import StrEnum

from cryptography import x509

from common.certs import issuer_name, key_matches, load_certificate, serial_text, signed_by
from common.errors import IdentityError
from common.ho_address import dial_addresses
from common.i18n import _
from common.tls import SERVER_NAME, Credentials, Holder

PROBE_TIMEOUT_S = 3.0


class CertificateProblem(IdentityError):
    """A certificate, the client's own or head office's, stops the TLS handshake; str() says which."""


class Verdict(StrEnum):
    ACCEPTED = "accepted"  # both sides accepted each other's certificate
    UNREACHABLE = "unreachable"  # no TCP connection (or it timed out): nothing to say about TLS
    SERVER_FOREIGN = "server_foreign"
    SERVER_EXPIRED = "server_expired"
    SERVER_NOT_YET_VALID = "server_not_yet_valid"
    SERVER_NOT_HEAD_OFFICE = "server_not_head_office"
    REFUSED = "refused"  # head office closed the connection after the handshake
    FAILED = "failed"  # another TLS failure, said with the TLS library's words


@dataclass(frozen=True)
class ProbeResult:
    verdict: Verdict
    sentence: str = ""

    @property
    def is_certificate_problem(self) -> bool:
        return self.verdict not in (Verdict.ACCEPTED, Verdict.UNREACHABLE)


def when(moment: dt.datetime) -> str:
    """A certificate's date in a sentence: 2026-03-01 09:30 UTC."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def check_own(creds: Credentials, holder: Holder, now: dt.datetime | None = None) -> None:
    """Raise CertificateProblem when the client's own credentials cannot pass a handshake."""
    moment = now or dt.datetime.now(dt.UTC)
    ca = load_certificate(creds.ca_pem, _("the CA certificate"))
    cert = load_certificate(creds.cert_pem, holder.certificate)
    serial = serial_text(cert.serial_number)
    if ca.not_valid_after_utc < moment:
        raise CertificateProblem(
            _(
                "the chain's CA certificate ({ca}) that {certificate} came with expired on "
                "{date}; {remedy}"
            ).format(
                ca=_subject_name(ca),
                certificate=holder.certificate,
                date=when(ca.not_valid_after_utc),
                remedy=holder.remedy,
            )
        )
    if not signed_by(cert, ca):
        raise CertificateProblem(
            _(
                "{certificate} (serial {serial}) was issued by {issuer}, not by the CA it came "
                "with ({ca}): it belongs to another chain; {remedy}"
            ).format(
                certificate=holder.certificate,
                serial=serial,
                issuer=_issuer_beside(cert, ca),
                ca=_subject_name(ca),
                remedy=holder.remedy,
            )
        )
    if cert.not_valid_after_utc < moment:
        raise CertificateProblem(
            _("{certificate} (serial {serial}) expired on {date}; {remedy}").format(
                certificate=holder.certificate,
                serial=serial,
                date=when(cert.not_valid_after_utc),
                remedy=holder.remedy,
            )
        )
    if cert.not_valid_before_utc > moment:
        raise CertificateProblem(
            _(
                "{certificate} (serial {serial}) is valid only from {date}: check this "
                "computer's clock"
            ).format(
                certificate=holder.certificate, serial=serial, date=when(cert.not_valid_before_utc)
            )
        )
    if not key_matches(cert, creds.key_pem):
        raise CertificateProblem(
            _(
                "{certificate} (serial {serial}) and its private key do not belong together; "
                "{remedy}"
            ).format(certificate=holder.certificate, serial=serial, remedy=holder.remedy)
        )


def _subject_name(cert: x509.Certificate) -> str:
    names = cert.subject.get_attributes_for_oid(x509.oid.NameOID.COMMON_NAME)
    return str(names[0].value) if names else cert.subject.rfc4514_string()


def _issuer_beside(cert: x509.Certificate, ca: x509.Certificate) -> str:
    """The issuer of cert as a sentence names it next to `ca`, which did not sign it: every
    chain's CA is called "StoreLedger chain CA" unless its chain was given a name."""
    name = issuer_name(cert)
    if name == _subject_name(ca):
        return _("another CA also named {name}").format(name=name)
    return name


def _split(address: str) -> tuple[str, int]:
    host, _sep, port = address.rpartition(":")
    return host.strip("[]") or "127.0.0.1", int(port)


class _ClientFiles:
    """The client's certificate and key as files for ssl.SSLContext.load_cert_chain (0600, removed after)."""

    def __init__(self, creds: Credentials) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="storeledger-probe-")
        self.cert = os.path.join(self._dir.name, "cert.pem")
        self.key = os.path.join(self._dir.name, "key.pem")
        for path, data in ((self.cert, creds.cert_pem), (self.key, creds.key_pem)):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)

    def close(self) -> None:
        self._dir.cleanup()


def _context(creds: Credentials, files: _ClientFiles, verify: bool) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if verify:
        context.load_verify_locations(cadata=creds.ca_pem.decode())
    else:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    context.load_cert_chain(files.cert, files.key)
    context.set_alpn_protocols(["h2"])  # gRPC servers refuse a TLS client without it
    return context


def _server_certificate(
    address: str, creds: Credentials, files: _ClientFiles, timeout_s: float
) -> x509.Certificate | None:
    """Head office's certificate, read without checking it (to say what is wrong with it)."""
    try:
        with socket.create_connection(_split(address), timeout=timeout_s) as raw:
            context = _context(creds, files, verify=False)
            with context.wrap_socket(raw, server_hostname=SERVER_NAME) as tls:
                der = tls.getpeercert(binary_form=True)
    except (OSError, ValueError):
        return None
    return x509.load_der_x509_certificate(der) if der else None


def _names_head_office(cert: x509.Certificate) -> bool:
    try:
        sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return False
    return SERVER_NAME in sans.get_values_for_type(x509.DNSName)


def _server_problem(
    address: str, cert: x509.Certificate | None, ca_pem: bytes, detail: str, moment: dt.datetime
) -> ProbeResult:
    where = _("head office at {address}").format(address=address)
    if cert is None:
        return ProbeResult(
            Verdict.FAILED,
            _("{where} presented a certificate this client does not accept ({detail})").format(
                where=where, detail=detail
            ),
        )
    ca = load_certificate(ca_pem, _("the CA certificate"))
    if not signed_by(cert, ca):
        return ProbeResult(
            Verdict.SERVER_FOREIGN,
            _(
                "{where} presents a certificate issued by {issuer}, not by this client's CA "
                "({ca}): the address belongs to another chain's head office, or these "
                "credentials come from another chain"
            ).format(where=where, issuer=_issuer_beside(cert, ca), ca=_subject_name(ca)),
        )
    if cert.not_valid_after_utc < moment:
        return ProbeResult(
            Verdict.SERVER_EXPIRED,
            _(
                "{where} presents a certificate that expired on {date}; head office's "
                "operator must renew its server certificate"
            ).format(where=where, date=when(cert.not_valid_after_utc)),
        )
    if cert.not_valid_before_utc > moment:
        return ProbeResult(
            Verdict.SERVER_NOT_YET_VALID,
            _(
                "{where} presents a certificate valid only from {date}: check this computer's clock"
            ).format(where=where, date=when(cert.not_valid_before_utc)),
        )
    if not _names_head_office(cert):
        return ProbeResult(
            Verdict.SERVER_NOT_HEAD_OFFICE,
            _(
                "{where} presents a certificate for {name}, not head office's ({server}): "
                "the address is another server of the chain"
            ).format(where=where, name=_subject_name(cert), server=SERVER_NAME),
        )
    return ProbeResult(
        Verdict.FAILED,
        _("{where} presented a certificate this client does not accept ({detail})").format(
            where=where, detail=detail
        ),
    )


def probe(
    address: str,
    creds: Credentials,
    holder: Holder,
    timeout_s: float = PROBE_TIMEOUT_S,
    now: dt.datetime | None = None,
) -> ProbeResult:
    """Open one TLS connection to each of head office's addresses (common.ho_address) as
    gRPC would and say how it went: a certificate problem at any, else accepted by one,
    else unreachable."""
    results = [
        _probe_one(dialled, creds, holder, timeout_s, now) for dialled in dial_addresses(address)
    ]
    for result in results:
        if result.is_certificate_problem:
            return result
    for result in results:
        if result.verdict == Verdict.ACCEPTED:
            return result
    return results[0]


def _probe_one(
    address: str,
    creds: Credentials,
    holder: Holder,
    timeout_s: float,
    now: dt.datetime | None,
) -> ProbeResult:
    moment = now or dt.datetime.now(dt.UTC)
    files = _ClientFiles(creds)
    try:
        try:
            raw = socket.create_connection(_split(address), timeout=timeout_s)
        except (OSError, ValueError):
            return ProbeResult(Verdict.UNREACHABLE)
        with raw:
            try:
                tls = _context(creds, files, verify=True).wrap_socket(
                    raw, server_hostname=SERVER_NAME
                )
            except ssl.SSLCertVerificationError as exc:
                cert = _server_certificate(address, creds, files, timeout_s)
                return _server_problem(
                    address, cert, creds.ca_pem, exc.verify_message or str(exc), moment
                )
            except (ssl.SSLEOFError, ConnectionError):
                # Closed before the server's hello came back: nothing looked at a certificate.
                # A TCP proxy or balancer in front of a head office that is down accepts and
                # then closes (the chain simulator's fault proxy showed it, issue 17).
                return ProbeResult(Verdict.UNREACHABLE)
            except ssl.SSLError as exc:
                return _refused(address, holder, creds, exc.reason or str(exc))
            except OSError:
                return _refused(address, holder, creds, "")
            with tls:
                # TLS 1.3: head office checks the client's certificate after the client
                # has finished; it then sends its HTTP/2 settings, or closes.
                try:
                    data = tls.recv(64)
                except ssl.SSLError as exc:
                    return _refused(address, holder, creds, exc.reason or str(exc))
                except TimeoutError:
                    return ProbeResult(Verdict.ACCEPTED)
                except OSError:
                    data = b""
                if not data:
                    return _refused(address, holder, creds, "")
                return ProbeResult(Verdict.ACCEPTED)
    finally:
        files.close()


def _refused(address: str, holder: Holder, creds: Credentials, alert: str) -> ProbeResult:
    cert = load_certificate(creds.cert_pem, holder.certificate)
    where = _("head office at {address}").format(address=address)
    detail = f" ({alert.lower().replace('_', ' ')})" if alert else ""
    return ProbeResult(
        Verdict.REFUSED,
        _(
            "{where} refused {certificate} (serial {serial}, issued by {issuer}) during the TLS "
            "handshake{detail}: head office does not trust the CA that issued it; {remedy}"
        ).format(
            where=where,
            certificate=holder.certificate,
            serial=serial_text(cert.serial_number),
            issuer=issuer_name(cert),
            detail=detail,
            remedy=holder.remedy,
        ),
    )


def diagnose(
    address: str,
    creds: Credentials,
    holder: Holder,
    timeout_s: float = PROBE_TIMEOUT_S,
    now: dt.datetime | None = None,
) -> str | None:
    """The sentence for a failed connection to head office, or None when TLS is not the cause."""
    try:
        check_own(creds, holder, now)
    except IdentityError as exc:
        return str(exc)
    result = probe(address, creds, holder, timeout_s, now)
    return result.sentence if result.is_certificate_problem else None
