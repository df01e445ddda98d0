"""The enrolment bundle round-trips and is written readable by its owner only."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from common.bundle import EnrolmentBundle, write_secret
from common.errors import IdentityError


def make_bundle() -> EnrolmentBundle:
    return EnrolmentBundle(
        store_code="S001",
        store_name="Central St",
        headoffice_address="10.0.0.5:50061",
        ca_pem="-----BEGIN CERTIFICATE-----\nca\n",
        cert_pem="-----BEGIN CERTIFICATE-----\nstore\n",
        key_pem="-----BEGIN PRIVATE KEY-----\nkey\n",
    )


def test_round_trip_through_a_0600_file(tmp_path: Path) -> None:
    path = tmp_path / "S001.bundle"
    write_secret(path, make_bundle().to_bytes())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert EnrolmentBundle.from_bytes(path.read_bytes()) == make_bundle()


def test_not_a_bundle(tmp_path: Path) -> None:
    with pytest.raises(IdentityError, match="S001.bundle is not a StoreLedger enrolment bundle"):
        EnrolmentBundle.from_bytes(b"{not json", "S001.bundle")
    with pytest.raises(IdentityError, match="is not a StoreLedger enrolment bundle"):
        EnrolmentBundle.from_bytes(b'{"store_code": "S001"}')


def test_other_version_refused() -> None:
    data = make_bundle().to_bytes().replace(b'"version": 1', b'"version": 2')
    with pytest.raises(IdentityError, match="bundle version 2; expected 1"):
        EnrolmentBundle.from_bytes(data)
