"""Head office's address as a client dials it: one address or several, as one gRPC target.

Several `headoffice serve` processes on one PostgreSQL database each serve any
store (docs/headoffice-processes.md). A client names them all and lets gRPC's
own resolver and load balancing choose (no balancer of ours):

  127.0.0.1:50061                          one process (as before)
  10.0.0.5:50061,10.0.0.6:50061            several: the ipv4: resolver's address list
  [fd00::5]:50061,[fd00::6]:50061          several IPv6: the ipv6: resolver's list
  dns:///ho.example:50061                  one name whose A/AAAA records list the processes

The setting is a comma-separated string or a TOML list (common.config joins a list
with commas). A list mixing host names with addresses cannot be one gRPC target
(the dns resolver takes one name): it is refused with a sentence.

The load-balancing policy is round_robin (common.tls.channel_options): a channel
keeps a connection to every process, so when the one a store streams to dies the
store's next call goes to one already connected instead of first trying the dead
address; and the stores' streams spread over the processes instead of all
sitting on the first address of the list, as pick_first would leave them.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

import grpc

from common.errors import ConfigError
from common.i18n import _
from common.tls import channel_options

SCHEMES = ("dns:", "ipv4:", "ipv6:", "unix:", "unix-abstract:")


def headoffice_addresses(setting: str | Sequence[str]) -> list[str]:
    """The addresses of a setting: a comma-separated string or a list; refused when empty."""
    parts = setting.split(",") if isinstance(setting, str) else [str(s) for s in setting]
    addresses = [p.strip() for p in parts if p.strip()]
    if not addresses:
        raise ConfigError(
            _("head office's address is empty: give HOST:PORT, or several separated by commas")
        )
    return addresses


def grpc_target(setting: str | Sequence[str]) -> str:
    """The gRPC target for one or several head-office addresses (module docstring)."""
    addresses = headoffice_addresses(setting)
    if len(addresses) == 1:
        return addresses[0]
    families = {_ip_family(address, addresses) for address in addresses}
    if families == {4}:
        return "ipv4:" + ",".join(addresses)
    if families == {6}:
        return "ipv6:" + ",".join(addresses)
    raise ConfigError(
        _(
            "head office's addresses {addresses} mix IPv4 and IPv6; list one kind, or give "
            "one DNS name whose records list every process (dns:///ho.example:50061)"
        ).format(addresses=",".join(addresses))
    )


def dial_addresses(setting: str | Sequence[str]) -> list[str]:
    """HOST:PORT of each address, for a plain TCP connection (common.tls_check's probe)."""
    dialled = []
    for address in headoffice_addresses(setting):
        for scheme in SCHEMES:
            if address.startswith(scheme):
                address = address[len(scheme) :].lstrip("/")
                # dns://resolver/host:port names its resolver before the host.
                address = address.rsplit("/", 1)[-1]
                break
        dialled.append(address)
    return dialled


def secure_channel(setting: str, credentials: grpc.ChannelCredentials) -> grpc.Channel:
    """A blocking channel to head office (every process of the setting)."""
    return grpc.secure_channel(grpc_target(setting), credentials, options=channel_options())


def aio_secure_channel(setting: str, credentials: grpc.ChannelCredentials) -> grpc.aio.Channel:
    """An asyncio channel to head office (every process of the setting)."""
    return grpc.aio.secure_channel(grpc_target(setting), credentials, options=channel_options())


def _ip_family(address: str, addresses: list[str]) -> int:
    host, sep, port = address.rpartition(":")
    try:
        if not sep or not port.isdigit() or int(port) > 65535:
            raise ValueError(address)
        return ipaddress.ip_address(host.strip("[]")).version
    except ValueError:
        raise ConfigError(
            _(
                "head office's addresses {addresses}: {address} is not IP:PORT; several "
                "addresses must be IP addresses with their ports, or give one DNS name whose "
                "records list every process (dns:///ho.example:50061)"
            ).format(addresses=",".join(addresses), address=address)
        ) from None
