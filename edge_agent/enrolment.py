"""A store's bundle, checked before the agent takes it (init, renew), and how sentences name it.

`check_bundle` refuses, without the network, a bundle whose certificate is not
a store's, names another store, was not issued by the bundle's CA, has expired
(or is not valid yet), or does not match its key. `check_head_office` then
opens one TLS connection to the head office the bundle names and refuses the
bundle when head office's certificate is not from the bundle's CA (another
chain, a wrong address) or head office refuses the store's certificate, in the
handshake or, for a revoked or superseded one, at its first call (a health
check, which head office refuses like any other call). A head office that
cannot be reached is said, not refused: a store may be set up offline, and its
first sync says what is wrong.
"""

from __future__ import annotations

from common.bundle import EnrolmentBundle
from common.certs import ROLE_STAFF, ROLE_STORE, identity_from_pem
from common.errors import IdentityError
from common.i18n import _
from common.tls import Credentials, Holder
from common.tls_check import CertificateProblem, Verdict, check_own, probe


def store_holder(store_code: str, installing: bool = False) -> Holder:
    """How sentences name the store's certificate; `installing`: it is not installed yet."""
    certificate = _("store {store}'s certificate").format(store=store_code)
    if installing:
        return Holder(
            certificate,
            _("ask head office for a new bundle (`hoctl store cert reissue {store}`)").format(
                store=store_code
            ),
        )
    return Holder(
        certificate,
        _(
            "ask head office for a new bundle (`hoctl store cert reissue {store}`) and install it "
            "with `edge-agent renew --bundle FILE`"
        ).format(store=store_code),
    )


def credentials_of(bundle: EnrolmentBundle) -> Credentials:
    return Credentials(bundle.ca_pem.encode(), bundle.cert_pem.encode(), bundle.key_pem.encode())


def check_bundle(bundle: EnrolmentBundle, source: str) -> None:
    """Refuse a bundle whose certificate cannot work for its store (no network needed)."""
    identity = identity_from_pem(bundle.cert_pem.encode())
    if identity.role == ROLE_STAFF:
        raise IdentityError(
            _(
                "{source} holds staff user {user}'s certificate, not a store's: a staff "
                "identity is for hoctl; edge-agent needs the bundle `hoctl store add` or "
                "`hoctl store cert reissue` wrote"
            ).format(source=source, user=identity.name)
        )
    if identity.role != ROLE_STORE:
        raise IdentityError(
            _("{source} holds a {role} certificate for {name}, not a store's").format(
                source=source, role=identity.role, name=identity.name
            )
        )
    if identity.name != bundle.store_code:
        raise IdentityError(
            _(
                "{source} is for store {store} but its certificate is store {name}'s; "
                "ask head office for store {store}'s own bundle"
            ).format(source=source, store=bundle.store_code, name=identity.name)
        )
    check_own(credentials_of(bundle), store_holder(bundle.store_code, installing=True))


def check_head_office(bundle: EnrolmentBundle, timeout_s: float = 3.0) -> str:
    """Refuse the bundle if the head office it names cannot accept it; a note if unreachable."""
    result = probe(
        bundle.headoffice_address,
        credentials_of(bundle),
        store_holder(bundle.store_code, installing=True),
        timeout_s,
    )
    if result.is_certificate_problem:
        raise CertificateProblem(result.sentence)
    if result.verdict == Verdict.ACCEPTED:
        _ask_head_office(bundle, timeout_s)
    if result.verdict == Verdict.UNREACHABLE:
        return _(
            "head office at {address} could not be reached to check the bundle against it; "
            "the agent's first sync will say if it refuses it"
        ).format(address=bundle.headoffice_address)
    return ""


def _ask_head_office(bundle: EnrolmentBundle, timeout_s: float) -> None:
    """One call with the bundle's certificate: head office refuses a revoked one with a
    sentence. Any other failure is not the bundle's (head office busy, the network)."""
    # Imported here: only init and renew talk to head office from this module.
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    from common.ho_address import secure_channel
    from common.tls import channel_credentials

    creds = credentials_of(bundle)
    credentials = channel_credentials(creds.ca_pem, creds.cert_pem, creds.key_pem)
    with secure_channel(bundle.headoffice_address, credentials) as channel:
        try:
            health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(), timeout=timeout_s
            )
        except grpc.RpcError as exc:
            if exc.code() == grpc.StatusCode.PERMISSION_DENIED:
                raise CertificateProblem(exc.details() or "") from None
