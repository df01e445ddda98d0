"""The edge agent's data directory E (docs/runtime.md): layout, enrolment, opening the ledger."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common.bundle import EnrolmentBundle, write_secret
from common.certs import ROLE_STORE, identity_from_pem
from common.config import write_config
from common.errors import IdentityError
from common.ids import check_store_code
from edge_agent.config import DEFAULTS, config_path
from edge_agent.domain.errors import AlreadyInitialised, NotInitialised
from edge_agent.store.migrations import upgrade_ledger


@dataclass(frozen=True)
class DataDir:
    root: Path

    @property
    def ledger(self) -> Path:
        return self.root / "ledger.db"

    @property
    def tls(self) -> Path:
        return self.root / "tls"

    @property
    def run(self) -> Path:
        return self.root / "run"

    @property
    def till_socket(self) -> Path:
        return self.run / "till.sock"

    @property
    def agent_json(self) -> Path:
        return self.run / "agent.json"

    def is_initialised(self) -> bool:
        return config_path(self.root).exists() or self.ledger.exists()

    def require_initialised(self) -> None:
        if not (config_path(self.root).exists() and self.ledger.exists()):
            raise NotInitialised(
                f"{self.root} is not an edge agent data directory; "
                f"run 'edge-agent init --data-dir {self.root} --bundle FILE' first"
            )

    def tls_material(self, store_code: str) -> tuple[bytes, bytes, bytes]:
        """(ca, certificate, key) PEMs from E/tls, checked to name this store.

        Head office would refuse a certificate of another store anyway; refusing
        to start says so at once instead of selling into a journal that can
        never sync.
        """
        try:
            material = (
                (self.tls / "ca.pem").read_bytes(),
                (self.tls / "store.pem").read_bytes(),
                (self.tls / "store.key").read_bytes(),
            )
        except OSError as exc:
            raise IdentityError(
                f"the store's certificates in {self.tls} cannot be read: {exc}"
            ) from exc
        identity = identity_from_pem(material[1])
        if identity.role != ROLE_STORE or identity.name != store_code:
            raise IdentityError(
                f"{self.tls / 'store.pem'} is a {identity.role} certificate for {identity.name}, "
                f"but {config_path(self.root)} says this is store {store_code}; "
                "re-enrol the store with its own bundle"
            )
        return material


def init_data_dir(data_dir: Path, bundle_bytes: bytes, bundle_source: str) -> EnrolmentBundle:
    """Write E/tls, E/edge.toml and a fresh ledger from an enrolment bundle; never overwrite."""
    layout = DataDir(data_dir)
    if layout.is_initialised():
        raise AlreadyInitialised(f"{data_dir} is already initialised; refusing to overwrite it")
    bundle = EnrolmentBundle.from_bytes(bundle_bytes, bundle_source)
    check_store_code(bundle.store_code)
    layout.tls.mkdir(parents=True, exist_ok=True)
    layout.run.mkdir(parents=True, exist_ok=True)
    (layout.tls / "ca.pem").write_text(bundle.ca_pem)
    (layout.tls / "store.pem").write_text(bundle.cert_pem)
    write_secret(layout.tls / "store.key", bundle.key_pem.encode())
    config: dict[str, dict[str, Any]] = {k: dict(v) for k, v in DEFAULTS.items()}
    config["store"]["code"] = bundle.store_code
    config["store"]["name"] = bundle.store_name
    config["headoffice"]["address"] = bundle.headoffice_address
    upgrade_ledger(layout.ledger)
    write_config(config_path(data_dir), config)
    return bundle


def write_json_atomically(path: Path, data: dict[str, object]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2))
    os.replace(tmp, path)
