"""Loopback stacks for end-to-end tests: head-end and CB simulators and the gateway on real HTTP.

``stack`` gives a ``Stack`` whose servers run in ``BackgroundServer`` threads on free loopback
ports, with the gateway's message store in ``tmp_path``. At teardown it waits for the head-end's
pending asynchronous replies, validates every message the gateway sent to the head-end and to the
CB simulator against the official schemas, and stops every server it started.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from _support import WAIT, Answer, wait_until
from lxml import etree
from starlette.applications import Starlette

from mspcim import ns, xmlsafe
from mspcim.gateway.app import create_app
from mspcim.gateway.config import GatewaySettings, RetryPolicy
from mspcim.gateway.serving import BackgroundServer, free_port
from mspcim.gateway.store import (
    MessageStore,
    OutboxItem,
    OutboxState,
    Purpose,
    ReadTransaction,
    TransactionState,
)
from mspcim.multispeak.errors import ErrorObject
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41.meter_reading import MeterID
from mspcim.multispeak.v41.operations import (
    ExpirationTime,
    InitiateMeterReadingsByMeterID,
    build_initiate_meter_readings_by_meter_id,
    read_array_of_error_object_response,
)
from mspcim.sim.cb import CbSettings, ReceivedNotification, create_cb_app
from mspcim.sim.headend import HeadEndSettings, create_headend_app
from mspcim.soap import SoapVersion, build_envelope, read_envelope

FAST_RETRY = RetryPolicy(attempts=8, initial_delay=0.1, max_delay=0.3, multiplier=1.5)
"""Quick retries, so a peer that comes up again is reached within a second or so."""

CALLER = "TestCIS"
"""AppName of the MultiSpeak caller in these tests."""


def soap_request(
    body: etree._Element,
    version: SoapVersion = SoapVersion.SOAP11,
    header: MultiSpeakMsgHeader | None = None,
) -> bytes:
    """A MultiSpeak SOAP request: ``body`` with a MultiSpeakMsgHeader (unless None given)."""
    headers = [build_header(header)] if header is not None else []
    return xmlsafe.serialize(build_envelope(version, [body], headers))


def caller_header() -> MultiSpeakMsgHeader:
    return MultiSpeakMsgHeader(app_name=CALLER, user_id="tester", company="Test Co-op")


@dataclass
class Stack:
    """Head-end, CB and gateway on loopback; start what a test needs, all stopped at teardown."""

    tmp_path: Path
    check: Callable[..., None]
    headend_app: Starlette | None = None
    headend: BackgroundServer | None = None
    cb_app: Starlette | None = None
    cb: BackgroundServer | None = None
    gateway_app: Starlette | None = None
    gateway: BackgroundServer | None = None
    settings: GatewaySettings | None = None
    _servers: list[BackgroundServer] = field(default_factory=list)

    # --- starting and stopping

    def _serve(self, app: Any, port: int = 0) -> BackgroundServer:
        server = BackgroundServer(app, port=port).start()
        self._servers.append(server)
        return server

    def start_headend(
        self, settings: HeadEndSettings | None = None, app: Starlette | None = None, port: int = 0
    ) -> BackgroundServer:
        self.headend_app = app or create_headend_app(settings or HeadEndSettings(seed=61968))
        self.headend = self._serve(self.headend_app, port)
        return self.headend

    def start_cb(
        self, settings: CbSettings | None = None, app: Starlette | None = None, port: int = 0
    ) -> BackgroundServer:
        self.cb_app = app or create_cb_app(settings or CbSettings())
        self.cb = self._serve(self.cb_app, port)
        return self.cb

    def start_gateway(self, port: int = 0, **overrides: Any) -> BackgroundServer:
        """The gateway on ``port`` (default: free), its store always ``tmp_path/gateway.db``."""
        values: dict[str, Any] = {
            "cim_endpoint": f"{self.headend.url}/" if self.headend else "http://127.0.0.1:9/",
            "db_path": self.tmp_path / "gateway.db",
            "retry": FAST_RETRY,
            "poll_interval": 0.05,
            "request_timeout": 5.0,
        }
        values.update(overrides)
        self.settings = GatewaySettings(port=port or free_port(), **values)
        self.gateway_app = create_app(self.settings)
        self.gateway = self._serve(self.gateway_app, self.settings.port)
        return self.gateway

    def stop_gateway(self) -> None:
        """Stop the gateway as a process exit would: server down, store closed."""
        assert self.gateway is not None
        self.gateway.stop()
        self._servers.remove(self.gateway)
        self.gateway = None
        self.store.close()

    def start(
        self,
        headend: HeadEndSettings | None = None,
        cb: CbSettings | None = None,
        **gateway: Any,
    ) -> Stack:
        """All three: head-end, CB, gateway."""
        self.start_headend(headend)
        self.start_cb(cb)
        self.start_gateway(**gateway)
        return self

    def close(self) -> None:
        try:
            self._await_headend_replies()
            self.validate_traffic()
        finally:
            # each uvicorn notices should_exit on its own tick: stop them side by side
            with ThreadPoolExecutor(max_workers=len(self._servers) or 1) as pool:
                list(pool.map(BackgroundServer.stop, self._servers))
            if self.gateway is not None:
                self.store.close()
            self._servers.clear()

    def _await_headend_replies(self) -> None:
        """Let the head-end finish the asynchronous replies it promised (no task left pending)."""
        app = self.headend_app
        settings = getattr(app.state, "settings", None) if app is not None else None
        if app is None or not isinstance(settings, HeadEndSettings) or settings.mode != "async":
            return

        def promised() -> int:
            return sum(
                1
                for request in app.state.requests
                if request.message is not None
                and request.error is None
                and request.message.header is not None
                and request.message.header.async_reply_flag
                and request.message.header.reply_address
            )

        deadline = time.monotonic() + WAIT
        while len(app.state.deliveries) < promised() and time.monotonic() < deadline:
            time.sleep(0.02)

    def validate_traffic(self) -> None:
        """Every request the head-end and every notification the CB received is schema-valid."""
        if self.headend_app is not None and hasattr(self.headend_app.state, "requests"):
            for request in self.headend_app.state.requests:
                self.check(request.body)
        if self.cb_app is not None and hasattr(self.cb_app.state, "notifications"):
            for notification in self.cb_app.state.notifications:
                self.check(notification.raw)

    wait_until = staticmethod(wait_until)

    # --- the gateway's state

    @property
    def store(self) -> MessageStore:
        assert self.gateway_app is not None
        store: MessageStore = self.gateway_app.state.runtime.store
        return store

    @property
    def mr_server(self) -> str:
        assert self.gateway is not None
        return f"{self.gateway.url}/multispeak/v41/MR_Server"

    @property
    def response_url(self) -> str:
        assert self.cb is not None
        return f"{self.cb.url}/CB_Server"

    def transaction(self, transaction_id: str) -> ReadTransaction:
        """The one read transaction the caller's ``transaction_id`` opened."""
        found = [t for t in self.store.transactions() if t.transaction_id == transaction_id]
        assert len(found) == 1, f"{len(found)} transactions with transactionID {transaction_id}"
        return found[0]

    def wait_state(self, transaction_id: str, state: TransactionState) -> ReadTransaction:
        def reached() -> ReadTransaction | None:
            transaction = self.transaction(transaction_id)
            return transaction if transaction.state is state else None

        return wait_until(reached, f"transaction {transaction_id} to become {state.value}")

    def wait_outbox(self, purpose: Purpose, state: OutboxState) -> OutboxItem:
        """The (only) outbox item of ``purpose``, once it is in ``state``.

        The worker records an item as sent just after the flow has moved the transaction on,
        so a test that saw DELIVERED waits here rather than reading the outbox at once.
        """

        def reached() -> OutboxItem | None:
            items = [item for item in self.store.outbox() if item.purpose == purpose]
            assert len(items) <= 1, f"{len(items)} outbox items for {purpose.value}"
            return items[0] if items and items[0].state is state else None

        return wait_until(reached, f"the {purpose.value} outbox item to become {state.value}")

    def wait_notifications(self, count: int) -> list[ReceivedNotification]:
        assert self.cb_app is not None
        items: list[ReceivedNotification] = self.cb_app.state.notifications
        wait_until(lambda: len(items) >= count, f"{count} notification(s) at the CB")
        return items[:count]

    # --- calling the gateway

    def post(
        self,
        body: etree._Element,
        version: SoapVersion = SoapVersion.SOAP11,
        *,
        header: MultiSpeakMsgHeader | None = None,
        action: str | None = None,
    ) -> Answer:
        """POST one MultiSpeak operation; the answer (Fault or not) is checked schema-valid."""
        operation = action or ns.local_name(body.tag)
        content = soap_request(body, version, header or caller_header())
        response = httpx.post(
            self.mr_server,
            content=content,
            headers=version.headers(ns.MSP41_ACTION_PREFIX + operation),
            timeout=WAIT,
        )
        self.check(response.content)
        envelope = read_envelope(xmlsafe.parse(response.content))
        assert envelope.version is version
        assert response.headers["content-type"].startswith(version.content_type().split(";")[0])
        return Answer(response, envelope)

    def initiate(
        self,
        meters: list[str],
        transaction_id: str,
        *,
        version: SoapVersion = SoapVersion.SOAP11,
        exp_time: ExpirationTime | None = None,
        response_url: str | None = None,
    ) -> list[ErrorObject]:
        """InitiateMeterReadingsByMeterID; the errorObjects of the (HTTP 200) answer."""
        call = InitiateMeterReadingsByMeterID(
            [MeterID(meter, service_type="Electric") for meter in meters],
            response_url or self.response_url,
            transaction_id,
            exp_time or ExpirationTime(5, "Minutes"),
        )
        answer = self.post(build_initiate_meter_readings_by_meter_id(call), version)
        assert answer.response.status_code == 200, answer.response.text
        assert answer.envelope.fault is None
        assert ns.local_name(answer.body.tag) == "InitiateMeterReadingsByMeterIDResponse"
        return read_array_of_error_object_response(answer.body)


@pytest.fixture
def stack(tmp_path: Path, assert_schema_valid: Callable[..., None]) -> Iterator[Stack]:
    """A ``Stack`` to start servers in; everything it started is validated and stopped after."""
    created = Stack(tmp_path, assert_schema_valid)
    try:
        yield created
    finally:
        created.close()
