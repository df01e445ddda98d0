"""An agent whose certificate names another store refuses to start, with a sentence."""

from __future__ import annotations

import pytest

from common.certs import ROLE_STORE, create_ca, issue_certificate
from common.errors import IdentityError
from edge_agent.datadir import DataDir


def write_tls(root, cert_for: str) -> None:
    ca = create_ca("Test chain")
    pair = issue_certificate(ca, cert_for, ROLE_STORE)
    (root / "tls").mkdir(parents=True)
    (root / "tls" / "ca.pem").write_bytes(ca.cert_pem)
    (root / "tls" / "store.pem").write_bytes(pair.cert_pem)
    (root / "tls" / "store.key").write_bytes(pair.key_pem)


def test_own_certificate_is_accepted(tmp_path):
    write_tls(tmp_path, "S001")
    ca, cert, key = DataDir(tmp_path).tls_material("S001")
    assert b"CERTIFICATE" in ca and b"CERTIFICATE" in cert and b"PRIVATE KEY" in key


def test_another_stores_certificate_is_refused(tmp_path):
    write_tls(tmp_path, "S003")
    with pytest.raises(IdentityError, match="certificate for S003, but .* says this is store S001"):
        DataDir(tmp_path).tls_material("S001")
