"""The fault bench: simulators in threads, the gateway as a process, everything torn down after.

``bench`` gives a ``Bench``: start a head-end and a CB simulator (each optionally behind a
``Faulty`` wrapper) on loopback, then ``bench.gateway(...)`` for a ``GatewayProcess`` using
them. At teardown the gateway process is killed if still running, every request the head-end
and every call the CB received is validated against the official schemas, and the simulators
stop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from _faults_support import Faulty, GatewayProcess, persistent_client

from mspcim.gateway.serving import BackgroundServer
from mspcim.sim.cb import CbSettings, create_cb_app
from mspcim.sim.headend import HeadEndSettings, create_headend_app


@dataclass
class Bench:
    """Peers and the gateway process of one fault test."""

    tmp_path: Path
    check: Callable[..., None]
    headend_app: Any = None
    cb_app: Any = None
    headend_url: str | None = None
    cb_url: str | None = None
    process: GatewayProcess | None = None
    _servers: list[BackgroundServer] = field(default_factory=list)

    def start_headend(
        self, settings: HeadEndSettings | None = None, *, faulty: bool = False, port: int = 0
    ) -> Any:
        """The CIM head-end simulator (its asynchronous posts retried until taken)."""
        settings = settings or HeadEndSettings(
            mode="async", delay_seconds=0.2, seed=None, http_client_factory=persistent_client
        )
        app = create_headend_app(settings)
        self.headend_app = Faulty(app) if faulty else app
        server = BackgroundServer(self.headend_app, port=port).start()
        self._servers.append(server)
        self.headend_url = f"{server.url}/"
        return self.headend_app

    def start_cb(self, *, faulty: bool = False, port: int = 0) -> Any:
        """The MultiSpeak CB simulator."""
        app = create_cb_app(CbSettings())
        self.cb_app = Faulty(app) if faulty else app
        server = BackgroundServer(self.cb_app, port=port).start()
        self._servers.append(server)
        self.cb_url = f"{server.url}/CB_Server"
        return self.cb_app

    def gateway(self, cim_endpoint: str | None = None, **settings: Any) -> GatewayProcess:
        """A gateway process (not started) towards the head-end, with ``settings``."""
        retry = settings.pop("retry", {})
        self.process = GatewayProcess(
            self.tmp_path,
            cim_endpoint or self.headend_url or "http://127.0.0.1:9/",
            settings,
            retry,
        )
        return self.process

    @property
    def mr_server(self) -> str:
        assert self.process is not None
        return f"{self.process.url}/multispeak/v41/MR_Server"

    @property
    def cd_server(self) -> str:
        assert self.process is not None
        return f"{self.process.url}/multispeak/v41/CD_Server"

    def validate_traffic(self) -> None:
        """Everything the gateway sent to the peers is valid against the official schemas."""
        if self.headend_app is not None:
            for request in self.headend_app.state.requests:
                self.check(request.body)
        if self.cb_app is not None:
            for call in self.cb_app.state.calls:
                self.check(call.raw, endpoint="CB_Server")

    def close(self) -> None:
        try:
            if self.process is not None:
                self.process.stop()
            self.validate_traffic()
        finally:
            with ThreadPoolExecutor(max_workers=len(self._servers) or 1) as pool:
                list(pool.map(BackgroundServer.stop, self._servers))


@pytest.fixture
def bench(tmp_path: Path, assert_schema_valid: Callable[..., None]) -> Iterator[Bench]:
    """A ``Bench``; whatever it started is stopped and its traffic validated after the test."""
    created = Bench(tmp_path, assert_schema_valid)
    try:
        yield created
    finally:
        created.close()
