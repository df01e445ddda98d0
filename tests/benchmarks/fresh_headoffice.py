"""A fresh PostgreSQL database for one benchmark run, and a real `headoffice serve` on it.

Every run gets its own database, dropped at the end whatever happens, so runs never see
each other's rows; a head office that fails prints its log's tail before the error.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scripts.chain import HeadOffice
from tests.conftest import create_pg_database, drop_pg_database


@contextmanager
def fresh_database(admin_dsn: str) -> Iterator[str]:
    """An empty PostgreSQL database (its SQLAlchemy URL), dropped when the block ends."""
    name, url = create_pg_database(admin_dsn)
    try:
        yield url
    finally:
        drop_pg_database(admin_dsn, name)


@contextmanager
def serving_headoffice(data_dir: Path, db_url: str, init: bool = True) -> Iterator[HeadOffice]:
    """`headoffice serve` initialised in `data_dir` on the database at `db_url`, serving
    (`init` False: the data directory is made already, e.g. copied from another process's).

    The block may stop and start it again; it is stopped when the block ends. When the block
    (or starting) fails, the server's log tail is printed before the error.
    """
    ho = HeadOffice(data_dir, db_url=db_url)
    try:
        if init:
            ho.init()
        ho.start()
        yield ho
    except Exception:
        if ho.process is not None:
            print(ho.process.log_tail(), flush=True)
        raise
    finally:
        ho.stop()


@contextmanager
def fresh_headoffice(work: Path, admin_dsn: str) -> Iterator[HeadOffice]:
    """serving_headoffice in work/ho on a fresh database, dropped after it stops."""
    work.mkdir(parents=True, exist_ok=True)
    with fresh_database(admin_dsn) as url, serving_headoffice(work / "ho", url) as ho:
        yield ho
