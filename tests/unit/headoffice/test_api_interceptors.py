"""Head office's own interceptor pieces: the caller's identity and the RPC timing label."""

from __future__ import annotations

import pytest

from common.errors import IdentityError
from headoffice.api.caller import caller
from headoffice.api.metrics import rpc_label


def test_outside_a_call_there_is_no_caller() -> None:
    with pytest.raises(IdentityError, match="did not pass CallerIdentity"):
        caller()


@pytest.mark.parametrize(
    ("method", "label"),
    [
        ("/storeledger.v1.Admin/ListStores", "Admin/ListStores"),
        ("/storeledger.v1.StoreSync/Upstream", "StoreSync/Upstream"),
        ("/grpc.health.v1.Health/Check", "Health/Check"),
        ("Bare", "Bare"),
    ],
)
def test_rpc_label_is_service_and_method(method: str, label: str) -> None:
    assert rpc_label(method) == label
