"""The fault-injection bench: the gateway as a real process, peers that fail on purpose, a client.

- ``GatewayProcess`` runs ``python -m mspcim serve`` with its own TOML configuration and SQLite
  store in the test's tmp directory, so a test can SIGKILL it at any moment, start it again on
  the same port and store, or SIGTERM it and see it drain.
- ``Faulty`` wraps a simulator app and answers the next requests as planned: 500 without SOAP, a
  SOAP Fault, or late.
- ``Persistent`` is an httpx transport that retries a request until the gateway takes it: the
  head-end's asynchronous replies and events survive the gateway's crashes that way, as a real
  CIM system's retries would.
- ``submit`` is a MultiSpeak client that sends the same bytes again until it gets an answer.
- ``Receivers`` reads what the CB simulator got as an idempotent receiver would: by MessageID.
- ``query`` reads the gateway's store read-only, beside the running process.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from lxml import etree
from starlette.requests import Request
from starlette.responses import Response

from mspcim import ns, xmlsafe
from mspcim.gateway.serving import free_port
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41.connect_disconnect import (
    ConnectDisconnectEvent,
    InitiateConnectDisconnect,
    LoadActionCode,
    build_initiate_connect_disconnect,
)
from mspcim.multispeak.v41.meter_reading import MeterID
from mspcim.multispeak.v41.operations import (
    ExpirationTime,
    InitiateMeterReadingsByMeterID,
    build_initiate_meter_readings_by_meter_id,
)
from mspcim.soap import SoapFault, SoapVersion, build_envelope, build_fault

T = TypeVar("T")

WAIT = 60.0
"""Seconds a fault test waits for the system to settle (generous: never a timing assertion)."""

FINAL = ("delivered", "expired", "failed")


def wait_until(predicate: Callable[[], T | None], what: str, timeout: float = WAIT) -> T:
    """Poll ``predicate`` until it returns something true; fail the test after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout}s for {what}", pytrace=False)
        time.sleep(0.05)


# --- the gateway as a process


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass
class GatewayProcess:
    """``python -m mspcim serve`` on a fixed port and store, started and killed at will."""

    directory: Path
    cim_endpoint: str
    settings: dict[str, Any] = field(default_factory=dict)
    retry: dict[str, Any] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0
    kills: int = 0

    @property
    def db(self) -> Path:
        return self.directory / "gateway.db"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.directory / "gateway.log"

    def _config(self) -> Path:
        values: dict[str, Any] = {
            "cim_endpoint": self.cim_endpoint,
            "db_path": str(self.db),
            "poll_interval": 0.05,
            "request_timeout": 5.0,
            "drain_timeout": 5.0,
            **self.settings,
        }
        retry = {"attempts": 400, "initial_delay": 0.05, "max_delay": 0.4, **self.retry}
        lines = ["[gateway]", *(f"{key} = {_toml(value)}" for key, value in values.items())]
        lines += ["", "[gateway.retry]", *(f"{k} = {_toml(v)}" for k, v in retry.items())]
        path = self.directory / "gateway.toml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def start(self) -> GatewayProcess:
        """Start the process and wait until it answers /health."""
        command = [sys.executable, "-m", "mspcim", "serve", "--config", str(self._config())]
        command += ["--port", str(self.port), "--log-level", "INFO"]
        with self.log.open("ab") as log:
            log.write(f"--- start {self.starts + 1}\n".encode())
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "COLUMNS": "200"}
            )
        self.starts += 1
        deadline = time.monotonic() + WAIT
        while True:
            if self.process.poll() is not None:
                pytest.fail(f"the gateway exited at start:\n{self.log_tail()}", pytrace=False)
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{self.url}/health", timeout=1.0).status_code == 200:
                    return self
            if time.monotonic() > deadline:
                pytest.fail(f"the gateway did not start:\n{self.log_tail()}", pytrace=False)
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL: no drain, no shutdown, nothing flushed but what SQLite committed."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(WAIT)
        self.kills += 1

    def terminate(self) -> int:
        """SIGTERM, as an orchestrator stops it; the exit status."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(WAIT)

    def rss_kib(self) -> int:
        """Resident memory of the gateway process (Linux /proc), in KiB."""
        assert self.process is not None
        status = Path(f"/proc/{self.process.pid}/status").read_text(encoding="ascii")
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS in /proc status")

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.running():
            self.kill()

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def query(db: Path, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    """Rows of one query over the gateway's store, read-only (beside the live process)."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        return connection.execute(sql, parameters).fetchall()
    finally:
        connection.close()


def counts(db: Path) -> dict[str, dict[str, int]]:
    """Conversations by flow/state and outbox items by purpose/state, as ``flow:state`` keys."""
    return {
        "conversations": {
            f"{flow}:{state}": count
            for flow, state, count in query(
                db, "SELECT flow, state, COUNT(*) FROM read_transaction GROUP BY flow, state"
            )
        },
        "outbox": {
            f"{purpose}:{state}": count
            for purpose, state, count in query(
                db, "SELECT purpose, state, COUNT(*) FROM outbox GROUP BY purpose, state"
            )
        },
    }


def settled(db: Path) -> bool:
    """Every conversation final and no outbox item pending."""
    if not db.exists():
        return False
    open_work = query(
        db,
        "SELECT (SELECT COUNT(*) FROM read_transaction WHERE state NOT IN (?,?,?))"
        " + (SELECT COUNT(*) FROM outbox WHERE state = 'pending')",
        FINAL,
    )
    return open_work[0][0] == 0 and bool(query(db, "SELECT COUNT(*) FROM read_transaction")[0][0])


# --- peers that fail on purpose


class Faulty:
    """An ASGI app passing requests to ``inner``, except the next ones, answered per ``plan``.

    Plan entries: ``"500"`` (HTTP 500, no SOAP), ``"fault"`` (SOAP 1.1 Fault, HTTP 500),
    ``"slow:<seconds>"`` (wait, then pass on); when the plan is used up, ``default``. Every POST
    is recorded in ``arrivals`` and ``bodies``; one passed on is processed even when its caller
    hung up meanwhile (a receiver that has the whole request acts on it).
    """

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.plan: list[str] = []
        self.default = "pass"
        self.arrivals: list[str] = []
        self.bodies: list[bytes] = []

    @property
    def state(self) -> Any:
        return self.inner.state

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.inner(scope, receive, send)
            return
        mode = self.plan.pop(0) if self.plan else self.default
        self.arrivals.append(mode)
        body = await Request(scope, receive).body()
        self.bodies.append(body)
        if mode in ("500", "fault"):
            if mode == "500":
                response = Response(b"upstream trouble", 500, media_type="text/plain")
            else:
                fault = SoapFault(reason="refused by policy", sender=True)
                content = xmlsafe.serialize(build_fault(SoapVersion.SOAP11, fault))
                response = Response(content, 500, media_type=SoapVersion.SOAP11.content_type())
            await response(scope, receive, send)
            return
        if mode.startswith("slow:"):
            await asyncio.sleep(float(mode.partition(":")[2]))

        async def replay() -> dict[str, Any]:  # the body once more, even if the caller left
            return {"type": "http.request", "body": body, "more_body": False}

        await self.inner(scope, replay, send)


class Persistent(httpx.AsyncBaseTransport):
    """Retries a request on connection trouble for up to ``WAIT`` seconds (a CIM side's retry)."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        deadline = time.monotonic() + WAIT
        while True:
            try:
                return await self.inner.handle_async_request(request)
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.1)

    async def aclose(self) -> None:
        await self.inner.aclose()


def persistent_client() -> httpx.AsyncClient:
    """The head-end's ``http_client_factory``: replies and events sent until taken."""
    return httpx.AsyncClient(transport=Persistent(), timeout=10)


# --- the MultiSpeak caller


CALLER = MultiSpeakMsgHeader(app_name="FaultCIS", user_id="operator", company="Test Co-op")


def envelope(body: etree._Element, message_id: str | None) -> bytes:
    header = MultiSpeakMsgHeader(
        app_name=CALLER.app_name, user_id=CALLER.user_id, message_id=message_id
    )
    return xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [body], [build_header(header)]))


def read_request(
    transaction_id: str, meters: list[str], response_url: str, message_id: str | None = None
) -> bytes:
    """InitiateMeterReadingsByMeterID, SOAP 1.1, MessageID = transactionID unless given."""
    body = build_initiate_meter_readings_by_meter_id(
        InitiateMeterReadingsByMeterID(
            [MeterID(meter, service_type="Electric") for meter in meters],
            response_url,
            transaction_id,
            ExpirationTime(10, "Minutes"),
        )
    )
    return envelope(body, message_id or f"MSG-{transaction_id}")


def connect_disconnect_request(transaction_id: str, meters: list[str], response_url: str) -> bytes:
    """InitiateConnectDisconnect (disconnect every meter), SOAP 1.1."""
    body = build_initiate_connect_disconnect(
        InitiateConnectDisconnect(
            [
                ConnectDisconnectEvent(
                    meter_id=MeterID(meter, service_type="Electric"),
                    load_action_code=LoadActionCode.DISCONNECT,
                )
                for meter in meters
            ],
            response_url,
            transaction_id,
            ExpirationTime(10, "Minutes"),
        )
    )
    return envelope(body, f"MSG-{transaction_id}")


def submit(url: str, content: bytes, timeout: float = WAIT) -> httpx.Response:
    """POST the same bytes again until the gateway answers (it may be down or die mid-call)."""
    operation = ns.local_name(xmlsafe.parse(content).find(f"{{{ns.SOAP11}}}Body")[0].tag)
    headers = SoapVersion.SOAP11.headers(ns.MSP41_ACTION_PREFIX + operation)
    deadline = time.monotonic() + timeout
    while True:
        try:
            return httpx.post(url, content=content, headers=headers, timeout=10)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


# --- what the receivers processed


@dataclass
class Receivers:
    """The CB simulator's records, grouped as an idempotent receiver would: by MessageID."""

    cb_app: Any

    def readings(self) -> dict[str, set[str]]:
        """transactionID → MessageIDs of the ReadingChangedNotifications received for it."""
        found: dict[str, set[str]] = defaultdict(set)
        for notification in self.cb_app.state.notifications:
            assert notification.header is not None and notification.header.message_id
            found[notification.transaction_id].add(notification.header.message_id)
        return dict(found)

    def reading_copies(self) -> dict[str, int]:
        """transactionID → how many ReadingChangedNotifications arrived (repetitions included)."""
        found: dict[str, int] = defaultdict(int)
        for notification in self.cb_app.state.notifications:
            found[notification.transaction_id] += 1
        return dict(found)

    def switches(self) -> dict[tuple[str, str], set[str]]:
        """(transactionID, meter) → MessageIDs of the CDStateChangedNotifications received."""
        found: dict[tuple[str, str], set[str]] = defaultdict(set)
        for call in self.cb_app.state.calls:
            if call.operation != "CDStateChangedNotification":
                continue
            change = call.parsed.state_change
            assert call.header is not None and call.header.message_id
            key = (call.parsed.transaction_id, change.meter_id.value)
            found[key].add(call.header.message_id)
        return dict(found)

    def raw(self) -> Iterator[bytes]:
        for call in self.cb_app.state.calls:
            yield call.raw
