"""Running ASGI apps on loopback: ``serve`` in the foreground, ``BackgroundServer`` in a thread.

Used by ``mspcim serve``, the simulators, the demo, end-to-end tests and benchmarks, so every
one of them starts servers the same way (uvicorn, free ports, clean shutdown).
"""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType
from typing import Any

import uvicorn

from mspcim.exceptions import ConfigurationError

__all__ = ["BackgroundServer", "free_port", "serve"]


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def serve(app: Any, host: str, port: int, log_level: str = "info", **ssl: Any) -> None:
    """Serve ``app`` until interrupted (Ctrl-C or SIGTERM drain in-flight work first)."""
    uvicorn.run(app, host=host, port=port, log_level=log_level, log_config=None, **ssl)


class BackgroundServer:
    """An ASGI app served by uvicorn in a daemon thread, e.g. a simulator beside the gateway.

    ``tls``: uvicorn's ``ssl_certfile`` and ``ssl_keyfile`` to serve HTTPS.
    """

    def __init__(
        self,
        app: Any,
        host: str = "127.0.0.1",
        port: int = 0,
        log_level: str = "warning",
        **tls: Any,
    ) -> None:
        self.host = host
        self.port = port or free_port(host)
        self.scheme = "https" if tls.get("ssl_certfile") else "http"
        config = uvicorn.Config(
            app,
            host=host,
            port=self.port,
            log_level=log_level,
            log_config=None,
            lifespan="on",
            **tls,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, name=f"asgi-{self.port}", daemon=True
        )

    @property
    def url(self) -> str:
        """Base URL of the server, without a trailing slash."""
        return f"{self.scheme}://{self.host}:{self.port}"

    def start(self, timeout: float = 10.0) -> BackgroundServer:
        """Start and wait until the server accepts connections."""
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise ConfigurationError(f"server on {self.host}:{self.port} did not start")
            time.sleep(0.01)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the server to finish (lifespan shutdown runs) and wait for the thread."""
        self._server.should_exit = True
        self._thread.join(timeout)

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
