"""Where python-escpos keeps its printer database between starts of the edge agent.

python-escpos reads its database of printer profiles (capabilities.json, parsed as YAML:
about 0.25 s) when it is imported, and keeps a pickle of it in
ESCPOS_CAPABILITIES_PICKLE_DIR, by default a new temporary directory at every import. So
every start of the agent parsed the file again and left a directory behind in /tmp (one
per restart of a till, for as long as the machine runs).

keep_in_cache(), called before escpos is imported, points it at one directory,
$XDG_CACHE_HOME/storeledger (~/.cache/storeledger), and puts the pickle there whole:
when it is missing or older than the database, python-escpos writes it in a private
directory and it is renamed into place, so an agent starting beside another never reads
half a pickle. The directory python-escpos makes at every import anyway is made in that
private directory and removed with it. A setting of either ESCPOS_CAPABILITIES_* variable
is kept; a cache directory that cannot be made leaves python-escpos to its default.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import platform
import shutil
import sys
import tempfile
from importlib import resources
from pathlib import Path

PICKLE_DIR = "ESCPOS_CAPABILITIES_PICKLE_DIR"
DATABASE = "ESCPOS_CAPABILITIES_FILE"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "storeledger"


def pickle_name() -> str:
    """The file python-escpos reads and writes in its pickle directory."""
    return f"{platform.python_version()}.capabilities.pickle"


def keep_in_cache() -> None:
    if "escpos.capabilities" in sys.modules:
        return
    try:
        cache = cache_dir()
        cache.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix="escpos-", dir=cache))
    except (OSError, RuntimeError):  # no home, or not writable: python-escpos's default
        return
    kept = cache / pickle_name()
    chosen = os.environ.get(PICKLE_DIR)
    written_in = None  # the scratch directory when python-escpos writes the pickle anew
    if chosen is None and DATABASE not in os.environ:
        database = Path(str(resources.files("escpos").joinpath("capabilities.json")))
        try:  # python-escpos loads the pickle unless the database is newer than it
            fresh = kept.stat().st_mtime >= database.stat().st_mtime
        except OSError:
            fresh = False
        written_in = None if fresh else scratch
        os.environ[PICKLE_DIR] = str(written_in or cache)
    saved = tempfile.tempdir
    # python-escpos makes a temporary directory at import even when told where to keep the
    # pickle; made in the scratch directory, it goes with it
    tempfile.tempdir = str(scratch)
    try:
        importlib.import_module("escpos.capabilities")
        if written_in is not None:
            with contextlib.suppress(OSError):
                os.replace(written_in / pickle_name(), kept)
    finally:
        tempfile.tempdir = saved
        os.environ[PICKLE_DIR] = chosen or str(cache)  # what a process started from here reads
        shutil.rmtree(scratch, ignore_errors=True)
