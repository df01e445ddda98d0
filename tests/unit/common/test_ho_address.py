"""Head office's addresses: one or several, from a string, a TOML list or the environment,
as one gRPC target (common.ho_address)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from common.errors import ConfigError
from common.ho_address import dial_addresses, grpc_target, headoffice_addresses
from common.tls import channel_options
from edge_agent.config import load_edge_config


def test_one_address_is_dialled_as_given() -> None:
    assert grpc_target("127.0.0.1:50061") == "127.0.0.1:50061"
    assert grpc_target("ho.example:50061") == "ho.example:50061"
    assert grpc_target("dns:///ho.example:50061") == "dns:///ho.example:50061"


def test_several_addresses_are_one_ipv4_or_ipv6_target() -> None:
    assert grpc_target("10.0.0.5:50061, 10.0.0.6:50062") == "ipv4:10.0.0.5:50061,10.0.0.6:50062"
    assert grpc_target(["10.0.0.5:1", "10.0.0.6:2"]) == "ipv4:10.0.0.5:1,10.0.0.6:2"
    assert grpc_target("[fd00::5]:1,[fd00::6]:2") == "ipv6:[fd00::5]:1,[fd00::6]:2"
    assert headoffice_addresses(" 10.0.0.5:1 ,, 10.0.0.6:2 ,") == ["10.0.0.5:1", "10.0.0.6:2"]


@pytest.mark.parametrize(
    ("setting", "said"),
    [
        ("", "head office's address is empty"),
        (" , ", "head office's address is empty"),
        ("ho-a.example:50061,ho-b.example:50061", "ho-a.example:50061 is not IP:PORT"),
        ("10.0.0.5:50061,10.0.0.6", "10.0.0.6 is not IP:PORT"),
        ("10.0.0.5:50061,10.0.0.6:99999", "10.0.0.6:99999 is not IP:PORT"),
        ("10.0.0.5:50061,[fd00::6]:50061", "mix IPv4 and IPv6"),
    ],
)
def test_a_list_grpc_cannot_dial_is_refused_with_a_sentence(setting: str, said: str) -> None:
    with pytest.raises(ConfigError, match=said.replace("(", r"\(")):
        grpc_target(setting)


def test_a_refusal_points_at_one_dns_name() -> None:
    with pytest.raises(ConfigError, match=r"dns:///ho\.example:50061"):
        grpc_target("ho-a:1,ho-b:2")


def test_the_probe_dials_each_host_and_port() -> None:
    assert dial_addresses("10.0.0.5:1,10.0.0.6:2") == ["10.0.0.5:1", "10.0.0.6:2"]
    assert dial_addresses("dns:///ho.example:50061") == ["ho.example:50061"]
    assert dial_addresses("dns://1.1.1.1/ho.example:50061") == ["ho.example:50061"]
    assert dial_addresses("ipv4:10.0.0.5:1") == ["10.0.0.5:1"]


def test_channels_balance_round_robin_and_check_the_servers_name() -> None:
    options = dict(channel_options())
    assert json.loads(str(options["grpc.service_config"])) == {
        "loadBalancingConfig": [{"round_robin": {}}]
    }
    assert options["grpc.ssl_target_name_override"] == "storeledger-headoffice"


def test_edge_config_takes_a_toml_list_a_string_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STORELEDGER_EDGE_HEADOFFICE_ADDRESS", raising=False)
    (tmp_path / "edge.toml").write_text(
        '[headoffice]\naddress = ["10.0.0.5:50061", "10.0.0.6:50061"]\n'
    )
    address = load_edge_config(tmp_path)["headoffice"]["address"]
    assert address == "10.0.0.5:50061,10.0.0.6:50061"
    assert grpc_target(address) == "ipv4:10.0.0.5:50061,10.0.0.6:50061"
    (tmp_path / "edge.toml").write_text('[headoffice]\naddress = "10.0.0.5:1,10.0.0.6:2"\n')
    assert grpc_target(load_edge_config(tmp_path)["headoffice"]["address"]) == (
        "ipv4:10.0.0.5:1,10.0.0.6:2"
    )
    monkeypatch.setenv("STORELEDGER_EDGE_HEADOFFICE_ADDRESS", "10.0.0.7:3,10.0.0.8:4")
    assert load_edge_config(tmp_path)["headoffice"]["address"] == "10.0.0.7:3,10.0.0.8:4"
