"""``GET /ready`` and ``GET /metrics``: for load balancers, orchestrators and Prometheus.

``/health`` says the process answers; ``/ready`` says it can do its work: the message store
accepts writes and the delivery worker runs. 503 (with what failed) otherwise.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from mspcim.exceptions import StoreError
from mspcim.gateway.runtime import Runtime

__all__ = ["OperationsEndpoints", "store_writable"]

log = logging.getLogger("mspcim.gateway.operations")


def store_writable(runtime: Runtime) -> str | None:
    """None when the store answers and its database takes a write lock, else what is wrong."""
    store = runtime.store
    try:
        store.counts()
    except (StoreError, sqlite3.Error) as exc:
        return f"the store does not answer: {exc}"
    if str(store.path) == ":memory:":
        return None
    try:
        probe = sqlite3.connect(str(store.path), timeout=1.0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
        finally:
            probe.close()
    except sqlite3.Error as exc:
        return f"the store does not take writes: {exc}"
    return None


class OperationsEndpoints:
    """Readiness and metrics of one gateway; the app's lifespan sets ``worker``."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.worker: asyncio.Task[None] | None = None
        """The delivery worker's task, while the app runs."""

    async def ready(self, request: Request) -> JSONResponse:
        """200 when the store takes writes and the delivery worker runs, else 503 saying why."""
        problems: dict[str, str] = {}
        store = await asyncio.to_thread(store_writable, self.runtime)
        if store is not None:
            problems["store"] = store
        if self.worker is None or self.worker.done():
            problems["worker"] = "the delivery worker is not running"
        if problems:
            log.warning("not ready: %s", "; ".join(problems.values()), extra={"event": "not-ready"})
            return JSONResponse({"status": "not ready", "problems": problems}, status_code=503)
        return JSONResponse({"status": "ready", "store": "writable", "worker": "running"})

    async def metrics(self, request: Request) -> Response:
        """Prometheus text exposition."""
        return self.runtime.metrics.response()
