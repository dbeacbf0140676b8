"""Session fixtures for the real services some tests need, started by the project's own scripts.

Each fixture calls ``scripts/services/<service>.sh start <dir>``, which installs the Debian package
when missing and prints the service's URL; a service that cannot be started skips the tests using
it with the script's reason. Import the fixture in the conftest of the tests that use it and mark
those tests ``@pytest.mark.services``.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from mspcim.gateway.store import MessageStore

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts" / "services"


def _script(service: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPTS / f"{service}.sh"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _service_dir(service: str) -> Path:
    """A fresh folder the service's own user can reach (pytest's tmp folders are closed to it)."""
    folder = Path(tempfile.mkdtemp(prefix=f"mspcim-{service}-"))
    folder.chmod(0o755)
    return folder


@dataclass
class ActiveMQ:
    """One ActiveMQ broker on loopback: its STOMP URL and the folder holding its data."""

    folder: Path
    url: str = ""

    def start(self) -> str:
        """Start (or start again, same ports and persistent data); skip the test when it cannot."""
        result = _script("activemq", "start", str(self.folder))
        if result.returncode != 0:
            reason = result.stderr.strip().splitlines()[-1:] or ["no reason given"]
            pytest.skip(f"ActiveMQ cannot be started: {reason[0]}")
        self.url = result.stdout.strip().splitlines()[-1]
        return self.url

    def stop(self) -> None:
        """Stop the broker (persistent messages stay in its folder)."""
        _script("activemq", "stop", str(self.folder))

    def restart(self) -> None:
        """Stop and start again with the same data and address, as an operator's restart."""
        self.stop()
        self.start()

    def remove(self) -> None:
        """Stop the broker and delete its folder."""
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def start_activemq() -> ActiveMQ:
    """A broker of its own (for a test that restarts it); the caller removes it."""
    broker = ActiveMQ(_service_dir("activemq"))
    try:
        broker.start()
    except BaseException:
        broker.remove()
        raise
    return broker


@pytest.fixture(scope="session")
def activemq() -> Iterator[ActiveMQ]:
    """ActiveMQ with STOMP on a free loopback port, shared by the session's broker tests."""
    broker = start_activemq()
    try:
        yield broker
    finally:
        broker.remove()


@dataclass
class PostgreSQL:
    """One PostgreSQL server on loopback: its URL and the folder holding its cluster."""

    folder: Path
    url: str = ""
    databases: int = 0

    def start(self) -> str:
        """Start (or start again, same port and data); skip the test when it cannot."""
        result = _script("postgres", "start", str(self.folder))
        if result.returncode != 0:
            reason = result.stderr.strip().splitlines()[-1:] or ["no reason given"]
            pytest.skip(f"PostgreSQL cannot be started: {reason[0]}")
        self.url = result.stdout.strip().splitlines()[-1]
        return self.url

    def stop(self) -> None:
        """Stop the server (the cluster stays in its folder)."""
        _script("postgres", "stop", str(self.folder))

    def fresh_database(self) -> str:
        """The URL of a new, empty database on this server (one per test: no shared rows)."""
        psycopg = pytest.importorskip(
            "psycopg", reason="psycopg is not installed (extra 'postgres')"
        )
        self.databases += 1
        name = f"test_{self.databases}"
        with psycopg.connect(self.url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name}")
            admin.execute(f"CREATE DATABASE {name}")
        return f"{self.url.rsplit('/', 1)[0]}/{name}"

    def remove(self) -> None:
        """Stop the server and delete its folder."""
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgreSQL]:
    """PostgreSQL on a free loopback port, shared by the session's tests (a database per test)."""
    server = PostgreSQL(_service_dir("postgres"))
    try:
        server.start()
        yield server
    finally:
        server.remove()


STORES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.services)]
"""Parameters of a store fixture: store tests run on SQLite and, where it starts, PostgreSQL."""


def store_opener(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[..., MessageStore]:
    """Opens stores on the test's one database (``request.param``: sqlite or postgresql).

    Each call is a new connection to the same data, as another worker (or a restart) opens it;
    keyword arguments go to ``MessageStore`` (``worker_id``, ``lease``).
    """
    if request.param == "sqlite":
        path = tmp_path / "store.db"
        return lambda **options: MessageStore(path, **options)
    server: PostgreSQL = request.getfixturevalue("postgres")
    url = server.fresh_database()
    from mspcim.gateway.store_postgres import PostgresEngine

    return lambda **options: MessageStore(engine=PostgresEngine(url), **options)
