"""python-escpos's printer database kept in one cache directory (edge_agent.devices.
escpos_capabilities), seen from fresh processes: each import of escpos would otherwise parse
the database again and leave a new directory in the temporary directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from edge_agent.devices.escpos_capabilities import pickle_name

IMPORT = (
    "import os, edge_agent.devices.printer, escpos.capabilities as c; "
    "print(c.pickle_dir, os.environ.get('ESCPOS_CAPABILITIES_PICKLE_DIR', '-'))"
)


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ESCPOS_")}
    env.update(XDG_CACHE_HOME=str(tmp_path / "cache"), TMPDIR=str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir(exist_ok=True)
    return env


def _start(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", IMPORT], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip


def test_the_database_is_kept_once_and_read_by_the_next_start(tmp_path: Path) -> None:
    env = _env(tmp_path)
    cache = tmp_path / "cache" / "storeledger"
    first = subprocess.run([sys.executable, "-c", IMPORT], env=env, text=True,
                           capture_output=True, check=True)  # fmt: skip
    kept = cache / pickle_name()
    assert kept.is_file() and kept.stat().st_size > 10_000
    # Nothing left behind: no directory in TMPDIR, no private directory in the cache.
    assert list((tmp_path / "tmp").iterdir()) == []
    assert [p.name for p in cache.iterdir()] == [pickle_name()]
    # What a process started by the agent would read: the cache, not the private directory.
    assert first.stdout.split()[1] == str(cache)
    written = kept.stat().st_mtime_ns
    second = subprocess.run([sys.executable, "-c", IMPORT], env=env, text=True,
                            capture_output=True, check=True)  # fmt: skip
    assert second.stdout.split() == [str(cache), str(cache)]  # read from the cache
    assert kept.stat().st_mtime_ns == written  # and not written again


def test_agents_starting_together_each_read_a_whole_database(tmp_path: Path) -> None:
    env = _env(tmp_path)
    starts = [_start(env) for _n in range(6)]
    for p in starts:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    cache = tmp_path / "cache" / "storeledger"
    assert [p.name for p in cache.iterdir()] == [pickle_name()]
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_setting_of_its_own_is_left_alone(tmp_path: Path) -> None:
    env = _env(tmp_path)
    own = tmp_path / "own"
    own.mkdir()
    env["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(own)
    done = subprocess.run([sys.executable, "-c", IMPORT], env=env, text=True,
                          capture_output=True, check=True)  # fmt: skip
    assert done.stdout.split() == [str(own), str(own)]
    assert (own / pickle_name()).is_file()
    assert list((tmp_path / "cache" / "storeledger").iterdir()) == []  # nothing kept there
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_cache_that_cannot_be_made_leaves_python_escpos_to_itself(tmp_path: Path) -> None:
    env = _env(tmp_path)
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("")
    env["XDG_CACHE_HOME"] = str(blocked)
    done = subprocess.run([sys.executable, "-c", IMPORT], env=env, text=True,
                          capture_output=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.split()[0]).parent == tmp_path / "tmp"  # escpos's own mkdtemp
