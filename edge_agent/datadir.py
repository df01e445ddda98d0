"""The edge agent's data directory E (docs/runtime.md): layout, enrolment, opening the ledger.

E is 0700 and every file in it 0600 whatever the umask (common.files, docs/security.md):
the ledger holds the store's journal and its managers' PIN hashes. init refuses a
directory others may read unless asked to fix it; serve tightens what an older
version left (edge_agent.cli.agent).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common.bundle import EnrolmentBundle
from common.certs import ROLE_STORE, identity_from_pem
from common.config import write_config
from common.errors import IdentityError
from common.files import make_private_dir, refuse_loose_modes, tighten, write_private_text
from common.i18n import _, ngettext
from common.ids import check_store_code
from edge_agent.config import DEFAULTS, config_path, load_edge_config
from edge_agent.domain.errors import AlreadyInitialised, NotInitialised
from edge_agent.enrolment import check_bundle


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

    def require_initialised(self) -> None:
        if self.ledger.exists() and not config_path(self.root).exists():
            raise NotInitialised(
                _(
                    "{data_dir} was left half-initialised (an earlier 'edge-agent init' was "
                    "interrupted); run 'edge-agent init --data-dir {data_dir} --bundle FILE' again"
                ).format(data_dir=self.root)
            )
        if not (config_path(self.root).exists() and self.ledger.exists()):
            raise NotInitialised(
                _(
                    "{data_dir} is not an edge agent data directory; run 'edge-agent init "
                    "--data-dir {data_dir} --bundle FILE' first"
                ).format(data_dir=self.root)
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
                _("the store's certificates in {path} cannot be read: {error}").format(
                    path=self.tls, error=exc
                )
            ) from exc
        identity = identity_from_pem(material[1])
        if identity.role != ROLE_STORE or identity.name != store_code:
            raise IdentityError(
                _(
                    "{path} is a {role} certificate for {name}, but {config} says this is "
                    "store {store}; install the store's own bundle (`edge-agent renew --bundle "
                    "FILE`, from `hoctl store cert reissue {store}`)"
                ).format(
                    path=self.tls / "store.pem",
                    role=identity.role,
                    name=identity.name,
                    config=config_path(self.root),
                    store=store_code,
                )
            )
        return material


def _discard_interrupted_init(layout: DataDir) -> None:
    """edge.toml is written last, so a ledger without it is an init that was cut short.

    Its files are removed only when its journal is empty: a ledger holding
    entries is a store's sales and is never thrown away here.
    """
    entries = 0
    with contextlib.suppress(sqlite3.Error):
        conn = sqlite3.connect(f"file:{layout.ledger}?mode=ro", uri=True)
        try:
            entries = int(conn.execute("SELECT count(*) FROM journal").fetchone()[0])
        finally:
            conn.close()
    if entries:
        raise AlreadyInitialised(
            ngettext(
                "{data_dir} holds a ledger with {count} journal entry but no {config}; restore "
                "that file instead of re-initialising",
                "{data_dir} holds a ledger with {count} journal entries but no {config}; restore "
                "that file instead of re-initialising",
                entries,
            ).format(data_dir=layout.root, count=entries, config=config_path(layout.root).name)
        )
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{layout.ledger}{suffix}").unlink(missing_ok=True)


def init_data_dir(
    data_dir: Path,
    bundle_bytes: bytes,
    bundle_source: str,
    fix_permissions: bool = False,
    seed: Callable[[Path], None] | None = None,
) -> EnrolmentBundle:
    """Write E/tls, E/edge.toml and a fresh ledger from an enrolment bundle; never overwrite.

    `seed` fills the new ledger before edge.toml is written (a ledger rebuilt from
    head office's journal), so a seed that fails leaves an interrupted init.

    A directory that exists already (made by an installer, or an init cut short) must be
    one only its owner may read, or fix_permissions must ask to make it so.
    """
    layout = DataDir(data_dir)
    if config_path(data_dir).exists():
        raise AlreadyInitialised(
            _("{data_dir} is already initialised; refusing to overwrite it").format(
                data_dir=data_dir
            )
        )
    bundle = EnrolmentBundle.from_bytes(bundle_bytes, bundle_source)
    if fix_permissions:
        tighten(data_dir)
    refuse_loose_modes(data_dir, f"edge-agent init --data-dir {data_dir} --fix-permissions")
    check_bundle(bundle, bundle_source)
    if layout.ledger.exists():
        _discard_interrupted_init(layout)
    check_store_code(bundle.store_code)
    for directory in (layout.root, layout.tls, layout.run):
        make_private_dir(directory)
    write_private_text(layout.tls / "ca.pem", bundle.ca_pem)
    write_private_text(layout.tls / "store.pem", bundle.cert_pem)
    write_private_text(layout.tls / "store.key", bundle.key_pem)
    config: dict[str, dict[str, Any]] = {k: dict(v) for k, v in DEFAULTS.items()}
    config["store"]["code"] = bundle.store_code
    config["store"]["name"] = bundle.store_name
    config["headoffice"]["address"] = bundle.headoffice_address
    # Imported here: Alembic and SQLAlchemy cost pos ~0.4 s at every start, and only
    # initialisation migrates.
    from edge_agent.store.migrations import upgrade_ledger

    upgrade_ledger(layout.ledger)
    if seed is not None:
        seed(layout.ledger)
    write_config(config_path(data_dir), config)
    return bundle


def renew_certificate(data_dir: Path, bundle_bytes: bytes, bundle_source: str) -> EnrolmentBundle:
    """Install a reissued bundle's certificate and key in E/tls; the ledger is untouched.

    The bundle must be for this store and from this store's chain (the same CA);
    a running agent takes the new certificate at its next connection to head office.
    """
    layout = DataDir(data_dir)
    layout.require_initialised()
    store_code = load_edge_config(data_dir)["store"]["code"]
    bundle = EnrolmentBundle.from_bytes(bundle_bytes, bundle_source)
    if bundle.store_code != store_code:
        raise IdentityError(
            _(
                "{source} is store {other}'s bundle, but {directory} is store {store}'s; "
                "ask head office for store {store}'s (`hoctl store cert reissue {store}`)"
            ).format(
                source=bundle_source, other=bundle.store_code, directory=data_dir, store=store_code
            )
        )
    check_bundle(bundle, bundle_source)
    installed_ca = (layout.tls / "ca.pem").read_text()
    if installed_ca.strip() != bundle.ca_pem.strip():
        raise IdentityError(
            _(
                "{source} comes from another CA than the one this store was enrolled with "
                "({path}): it is another chain's bundle; a store moves to another chain only "
                "with `edge-agent init` in a new data directory"
            ).format(source=bundle_source, path=layout.tls / "ca.pem")
        )
    installed = identity_from_pem((layout.tls / "store.pem").read_bytes())
    offered = identity_from_pem(bundle.cert_pem.encode())
    if offered.not_before_ms < installed.not_before_ms:
        raise IdentityError(
            _(
                "{source} holds an older certificate (serial {serial}) than the one installed "
                "(serial {installed}); use the newest bundle from `hoctl store cert reissue {store}`"
            ).format(
                source=bundle_source,
                serial=offered.serial_text,
                installed=installed.serial_text,
                store=store_code,
            )
        )
    # Each file replaced atomically (a reader sees the old or the new), 0600 like all of E.
    write_private_text(layout.tls / "store.key", bundle.key_pem)
    write_private_text(layout.tls / "store.pem", bundle.cert_pem)
    return bundle


def write_json_atomically(path: Path, data: dict[str, object]) -> None:
    write_private_text(path, json.dumps(data, indent=2))
