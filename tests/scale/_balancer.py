"""A TCP load balancer on loopback for the multi-worker tests: round robin over the workers.

Each client connection goes to the next worker that accepts one (a worker that is down is
skipped, as a load balancer's health check would); bytes are copied both ways until either side
closes. It stands for the HAProxy or nginx of a deployment (docs/deployment.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections import Counter


class Balancer:
    """Round-robin TCP balancer in a thread of its own; ``url`` is what peers are given."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = list(ports)
        self.connections: Counter[int] = Counter()
        """Connections forwarded, per worker port."""
        self.port = 0
        self._next = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Balancer:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the balancer did not start")
        return self

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._forward, "127.0.0.1", 0)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()
        self._server.close()
        pending = asyncio.all_tasks(self._loop)
        for task in pending:
            task.cancel()
        self._loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self._loop.run_until_complete(self._server.wait_closed())
        self._loop.close()

    async def _forward(
        self, client_in: asyncio.StreamReader, client_out: asyncio.StreamWriter
    ) -> None:
        for _ in range(len(self.ports)):
            port = self.ports[self._next % len(self.ports)]
            self._next += 1
            try:
                worker_in, worker_out = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                continue  # down: the next worker takes it
            self.connections[port] += 1
            await asyncio.gather(
                self._copy(client_in, worker_out), self._copy(worker_in, client_out)
            )
            return
        client_out.close()

    @staticmethod
    async def _copy(source: asyncio.StreamReader, target: asyncio.StreamWriter) -> None:
        try:
            while data := await source.read(65536):
                target.write(data)
                await target.drain()
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                target.close()
