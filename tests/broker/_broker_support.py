"""Broker test stacks (the fixtures are in conftest): ActiveMQ (scripts/services/activemq.sh), the gateway with its CIM side on
the broker, the head-end simulator consuming the request queues, the CB simulator over HTTP.

Each stack uses destination names of its own (a fresh prefix), so tests sharing the session's
broker never see each other's messages. At teardown every message the head-end took from the
broker and every notification the CB received is validated against the official schemas.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from lxml import etree

from mspcim import ns, xmlsafe
from mspcim.gateway.app import create_app
from mspcim.gateway.broker.settings import BrokerSettings
from mspcim.gateway.config import GatewaySettings, RetryPolicy
from mspcim.gateway.serving import BackgroundServer, free_port
from mspcim.gateway.store import MessageStore, ReadTransaction
from mspcim.multispeak.errors import ErrorObject
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41.meter_reading import MeterID
from mspcim.multispeak.v41.operations import (
    ExpirationTime,
    InitiateMeterReadingsByMeterID,
    build_initiate_meter_readings_by_meter_id,
    read_array_of_error_object_response,
)
from mspcim.sim.cb import CbSettings, create_cb_app
from mspcim.sim.headend import HeadEndSettings
from mspcim.sim.headend_broker import HeadEndOnBroker
from mspcim.soap import SoapVersion, build_envelope, read_envelope
from services import ActiveMQ

WAIT = 20.0
"""Seconds a test waits for something before failing (never a timing assertion)."""

FAST_RETRY = RetryPolicy(attempts=30, initial_delay=0.1, max_delay=0.5, multiplier=1.5)


def wait_until(predicate: Callable[[], Any], what: str, timeout: float = WAIT) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout}s for {what}", pytrace=False)
        time.sleep(0.05)


def caller_header() -> MultiSpeakMsgHeader:
    return MultiSpeakMsgHeader(app_name="TestCIS", user_id="tester", company="Test Co-op")


@dataclass
class BrokerStack:
    """Gateway, head-end on the broker and CB simulator; all stopped at teardown."""

    broker: ActiveMQ
    tmp_path: Path
    check: Callable[..., None]
    prefix: str = field(default_factory=lambda: f"t{uuid.uuid4().hex[:10]}")
    headend: HeadEndOnBroker | None = None
    cb_app: Any = None
    cb: BackgroundServer | None = None
    gateway_app: Any = None
    gateway: BackgroundServer | None = None
    settings: GatewaySettings | None = None

    def broker_settings(self, **overrides: Any) -> BrokerSettings:
        values: dict[str, Any] = {
            "url": self.broker.url,
            "prefix": self.prefix,
            "cim_transport": "broker",
            "reconnect_max_delay": 0.5,
            "send_timeout": 5.0,
        }
        values.update(overrides)
        return BrokerSettings(**values).validate()

    def start_headend(self, settings: HeadEndSettings | None = None) -> HeadEndOnBroker:
        headend = HeadEndOnBroker(
            settings or HeadEndSettings(mode="async", seed=61968), self.broker_settings()
        )
        self.headend = headend.run_in_thread()
        assert self.headend.client.wait_connected(WAIT), "head-end did not reach the broker"
        return self.headend

    def start_cb(self) -> BackgroundServer:
        self.cb_app = create_cb_app(CbSettings())
        self.cb = BackgroundServer(self.cb_app, port=0).start()
        return self.cb

    def start_gateway(self, **overrides: Any) -> BackgroundServer:
        values: dict[str, Any] = {
            "cim_endpoint": "http://127.0.0.1:9/",  # never called: the CIM side is the broker
            "db_path": self.tmp_path / "gateway.db",
            "retry": FAST_RETRY,
            "poll_interval": 0.05,
            "request_timeout": 5.0,
            "broker": self.broker_settings(),
        }
        values.update(overrides)
        self.settings = GatewaySettings(port=free_port(), **values).validate()
        self.gateway_app = create_app(self.settings)
        self.gateway = BackgroundServer(self.gateway_app, port=self.settings.port).start()
        link = self.gateway_app.state.runtime.transport
        assert link is not None
        return self.gateway

    def start(self, headend: HeadEndSettings | None = None) -> BrokerStack:
        self.start_headend(headend)
        self.start_cb()
        self.start_gateway()
        return self

    def close(self) -> None:
        try:
            if self.headend is not None:
                for delivery in self.headend.answered:
                    self.check(delivery.body)
            if self.cb_app is not None:
                for notification in self.cb_app.state.notifications:
                    self.check(notification.raw)
        finally:
            for server in (self.gateway, self.cb):
                if server is not None:
                    server.stop()
            if self.gateway_app is not None:
                self.store.close()
            if self.headend is not None:
                self.headend.close()

    # --- the gateway

    @property
    def store(self) -> MessageStore:
        store: MessageStore = self.gateway_app.state.runtime.store
        return store

    @property
    def response_url(self) -> str:
        assert self.cb is not None
        return f"{self.cb.url}/CB_Server"

    def post(self, endpoint: str, body: etree._Element) -> etree._Element:
        """POST one MultiSpeak 4.1 operation; its (schema-valid) SOAP body element."""
        assert self.gateway is not None
        version = SoapVersion.SOAP11
        content = build_envelope(version, [body], [build_header(caller_header())])
        response = httpx.post(
            f"{self.gateway.url}/multispeak/v41/{endpoint}",
            content=xmlsafe.serialize(content),
            headers=version.headers(ns.MSP41_ACTION_PREFIX + ns.local_name(body.tag)),
            timeout=WAIT,
        )
        self.check(response.content)
        assert response.status_code == 200, response.text
        return read_envelope(xmlsafe.parse(response.content)).first_body

    def initiate(self, meters: list[str], transaction_id: str) -> list[ErrorObject]:
        call = InitiateMeterReadingsByMeterID(
            [MeterID(meter, service_type="Electric") for meter in meters],
            self.response_url,
            transaction_id,
            ExpirationTime(5, "Minutes"),
        )
        body = self.post("MR_Server", build_initiate_meter_readings_by_meter_id(call))
        return read_array_of_error_object_response(body)

    def transaction(self, transaction_id: str) -> ReadTransaction:
        found = [t for t in self.store.transactions() if t.transaction_id == transaction_id]
        assert len(found) == 1, f"{len(found)} transactions with transactionID {transaction_id}"
        return found[0]
