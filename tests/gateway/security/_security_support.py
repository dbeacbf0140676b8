"""Helpers of the security tests: a credentials file, a rebuilt gateway, MultiSpeak calls.

``credentials()`` is a credentials set (cheap scrypt parameters, so tests stay fast):
MultiSpeak callers ``cis`` (meter reading only) and ``operator`` (meter reading and
connect/disconnect), CIM peers ``headend`` (every noun) and ``eventsource`` (EndDeviceEvents
only). ``rebuild(gateway, **settings)`` gives a gateway on the same store, peers and mock
transport, with other settings; ``secure`` is the one with authentication on.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import UTC, datetime
from random import Random
from typing import Any

import httpx
from lxml import etree

from mspcim import ns, xmlsafe
from mspcim.cim.envelope import build_message
from mspcim.cim.message import Header, Message, MessageKind, Reply, ReplyResult, Verb
from mspcim.cim.meter_readings_2013 import build_meter_readings
from mspcim.gateway.app import create_app
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.security.credentials import (
    Credential,
    Credentials,
    Side,
)
from mspcim.gateway.security.hashing import SecretHash
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
from mspcim.sim.readings import simulate_meter_readings
from mspcim.soap import SoapVersion, build_envelope

SECRETS = {
    "cis": "cis-Secret-0451",
    "operator": "operator-Secret-0451",
    "headend": "headend-Secret-0451",
    "eventsource": "events-Secret-0451",
}
CB_URL = "http://cb.test/CB_Server"
FAST = {"n": 2**8, "r": 8, "p": 1}
"""scrypt parameters cheap enough for tests (the default is 2**14)."""


def credentials() -> Credentials:
    found = (
        Credentials()
        .with_role("meter-reading", ("MR_Server:*",))
        .with_role("connect-disconnect", ("CD_Server:InitiateConnectDisconnect",))
        .with_role("head-end", ("cim:*",))
        .with_role("events", ("cim:EndDeviceEvents",))
    )
    grants = {
        "cis": (Side.MULTISPEAK, ("meter-reading",)),
        "operator": (Side.MULTISPEAK, ("meter-reading", "connect-disconnect")),
        "headend": (Side.CIM, ("head-end",)),
        "eventsource": (Side.CIM, ("events",)),
    }
    for name, (side, roles) in grants.items():
        secret = SecretHash.of(SECRETS[name], **FAST)
        found = found.with_caller(Credential(name, side, secret, roles))
    return found


@contextlib.asynccontextmanager
async def rebuild(gateway: Any, **settings: Any) -> AsyncIterator[Any]:
    """The fixture's gateway (same store, peers, mock transport) with other settings."""
    changed = replace(gateway.runtime.settings, **settings)
    runtime = Runtime(changed, gateway.store, gateway.transport, clock=gateway.peers.clock)
    app = create_app(changed, runtime)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://gateway.test"
    ) as client:
        yield type(gateway)(app, client, gateway.peers, gateway.transport)


def header(user: str | None = None, secret: str | None = None, **more: str) -> MultiSpeakMsgHeader:
    """A caller's MultiSpeakMsgHeader with ``UserID``/``Pwd`` (when given)."""
    return MultiSpeakMsgHeader(app_name="TestCIS", user_id=user, pwd=secret, **more)


def initiate(transaction_id: str = "TX-1", meters: tuple[str, ...] = ("M1",)) -> etree._Element:
    call = InitiateMeterReadingsByMeterID(
        [MeterID(meter) for meter in meters], CB_URL, transaction_id, ExpirationTime(1, "Hours")
    )
    return build_initiate_meter_readings_by_meter_id(call)


def connect_disconnect(transaction_id: str = "TX-CD") -> etree._Element:
    call = InitiateConnectDisconnect(
        [
            ConnectDisconnectEvent(
                meter_id=MeterID("M7", service_type="Electric"),
                load_action_code=LoadActionCode.DISCONNECT,
            )
        ],
        CB_URL,
        transaction_id,
        ExpirationTime(1, "Hours"),
    )
    return build_initiate_connect_disconnect(call)


def ping() -> etree._Element:
    return etree.Element(ns.qname(ns.MSP41, "PingURL"))


async def call(
    gateway: Any,
    endpoint: str,
    body: etree._Element,
    caller: MultiSpeakMsgHeader | None,
    version: SoapVersion = SoapVersion.SOAP11,
) -> httpx.Response:
    """POST one MultiSpeak operation to ``/multispeak/v41/<endpoint>``."""
    headers = [build_header(caller)] if caller is not None else []
    content = xmlsafe.serialize(build_envelope(version, [body], headers))
    action = ns.MSP41_ACTION_PREFIX + ns.local_name(body.tag)
    return await gateway.client.post(
        f"/multispeak/v41/{endpoint}", content=content, headers=version.headers(action)
    )


def basic(user: str, secret: str) -> str:
    """An HTTP basic ``Authorization`` value."""
    return "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode("ascii")


def reply_to(correlation_id: str, meters: tuple[str, ...] = ("M1",)) -> bytes:
    """The CIM side's asynchronous reply with simulated readings of ``meters``."""
    document = build_meter_readings(
        simulate_meter_readings(list(meters), datetime(2026, 5, 1, 12, tzinfo=UTC), Random(5))
    )
    message = Message(
        MessageKind.RESPONSE,
        Header(
            verb=Verb.REPLY,
            noun="MeterReadings",
            message_id="REPLY-1",
            correlation_id=correlation_id,
        ),
        reply=Reply(ReplyResult.OK),
        payload=[document],
    )
    return xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [build_message(message)]))


async def wait_for(predicate: Callable[[], Any], what: str, timeout: float = 10.0) -> Any:
    """Poll ``predicate`` until it is truthy (the delivery worker runs meanwhile)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")
