"""What the figures were measured on: CPU, memory, disk and software versions."""

from __future__ import annotations

import datetime
import os
import platform
import sqlite3
import subprocess
from pathlib import Path

import psycopg


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gib() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _disk(path: Path) -> str:
    """Filesystem and block device holding `path`, and whether the kernel calls it rotational."""
    try:
        device = os.stat(path).st_dev
        major, minor = os.major(device), os.minor(device)
        sys_dev = Path(f"/sys/dev/block/{major}:{minor}").resolve()
        disk = sys_dev if (sys_dev / "queue").exists() else sys_dev.parent
        rotational = (disk / "queue" / "rotational").read_text().strip()
        fstype = "?"
        for line in Path("/proc/mounts").read_text().splitlines():
            fields = line.split()
            if fields[1] == "/" or str(path).startswith(fields[1] + "/"):
                fstype = fields[2]
        kind = "rotational per the kernel" if rotational == "1" else "non-rotational"
        virtual = " (virtio: a VM disk, real medium unknown)" if disk.name.startswith("vd") else ""
        return f"{disk.name}, {fstype}, {kind}{virtual}"
    except OSError:
        return "unknown"


def _code_version() -> str:
    """The commit measured, and whether the measured packages differ from it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "common", "headoffice", "edge_agent"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" with uncommitted changes in the measured packages" if dirty else "")


def postgres_version(admin_dsn: str) -> str:
    try:
        with psycopg.connect(admin_dsn, connect_timeout=3) as conn:
            row = conn.execute("SHOW server_version").fetchone()
            return str(row[0]) if row else "unknown"
    except psycopg.Error as exc:
        return f"unreachable ({str(exc).strip().splitlines()[0]})"


def describe(temp_dir: Path, admin_dsn: str) -> dict[str, str]:
    return {
        "date": datetime.date.today().isoformat(),
        "code": _code_version(),
        "cpu": _cpu_model(),
        "nproc": str(len(os.sched_getaffinity(0))),
        "ram": _ram_gib(),
        "disk (temp dir)": _disk(temp_dir),
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres_version(admin_dsn),
    }
