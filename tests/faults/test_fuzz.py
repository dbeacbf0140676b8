"""Fuzzing every gateway endpoint with mutated valid messages: no crash, no bare HTTP 500.

Seeds are valid messages: built here for the core conversations, and every stored SOAP fixture
whose body is an operation the gateway serves (sent to each endpoint the catalogue lists it on);
for ``/cim/reply`` built replies and events and the stored 61968-100 messages. Hypothesis flips
bytes, deletes and duplicates elements, changes attributes and texts. The gateway runs
in-process (ASGI) with a fresh store; each answer must come without an exception escaping the
app, a 5xx must carry a SOAP Fault or a 61968-100 FaultMessage, no stack trace may leave, and no
answer may be the "internal error" of an unexpected exception.

The budget (``FUZZ_EXAMPLES``, ``MSPCIM_FUZZ_EXAMPLES`` to change it) keeps the module near 30 s.
"""

from __future__ import annotations

import asyncio
import copy
import os
import random
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim import ns, xmlsafe
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import Header, Message, MessageKind, Reply, ReplyResult, Verb
from mspcim.cim.meter_readings_2013 import build_meter_readings
from mspcim.exceptions import InputError
from mspcim.gateway.app import create_app
from mspcim.gateway.config import GatewaySettings, RetryPolicy
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.store import MessageStore
from mspcim.gateway.transport import HttpResponse, MockTransport
from mspcim.multispeak.catalogue import OPERATIONS
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41.connect_disconnect import (
    ConnectDisconnectEvent,
    InitiateConnectDisconnect,
    LoadActionCode,
    build_initiate_connect_disconnect,
)
from mspcim.multispeak.v41.meter_event import (
    EventInstance,
    MeterEvent,
    MeterEventList,
    MeterEventNotification,
    build_meter_event_notification,
)
from mspcim.multispeak.v41.meter_reading import MeterID
from mspcim.multispeak.v41.operations import (
    ExpirationTime,
    GetLatestReadingByMeterID,
    InitiateMeterReadingsByMeterID,
    build_get_latest_reading_by_meter_id,
    build_initiate_meter_readings_by_meter_id,
)
from mspcim.sim.readings import simulate_meter_readings
from mspcim.soap import SoapFault, SoapVersion, build_envelope, build_fault, read_envelope

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FUZZ_EXAMPLES = int(os.environ.get("MSPCIM_FUZZ_EXAMPLES", "1000"))
"""Examples per fuzz test: about 10 s each on a laptop (3,000 each found nothing more)."""
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
CIM_URL = "http://headend.test/"
CB_URL = "http://cb.test/CB_Server"
T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
CONTENT_TYPES = [
    SoapVersion.SOAP11.content_type(),
    SoapVersion.SOAP12.content_type(),
    "application/xml",
    "text/plain",
]


# --- seeds


def soap(body: etree._Element, version: SoapVersion = SoapVersion.SOAP11) -> bytes:
    header = MultiSpeakMsgHeader(app_name="FuzzCIS", user_id="fuzz", message_id="FUZZ-1")
    return xmlsafe.serialize(build_envelope(version, [body], [build_header(header)]))


def built_multispeak() -> dict[str, etree._Element]:
    """A valid call of each core operation."""
    meters = [MeterID("M1", service_type="Electric"), MeterID("M2")]
    event = EventInstance(MeterID("M1"), MeterEvent("LowBattery"), T0)
    return {
        "InitiateMeterReadingsByMeterID": build_initiate_meter_readings_by_meter_id(
            InitiateMeterReadingsByMeterID(meters, CB_URL, "TX-FUZZ", ExpirationTime(5, "Minutes"))
        ),
        "GetLatestReadingByMeterID": build_get_latest_reading_by_meter_id(
            GetLatestReadingByMeterID(MeterID("M1"))
        ),
        "InitiateConnectDisconnect": build_initiate_connect_disconnect(
            InitiateConnectDisconnect(
                [
                    ConnectDisconnectEvent(
                        meter_id=MeterID("M1"), load_action_code=LoadActionCode.DISCONNECT
                    )
                ],
                CB_URL,
                "TX-FUZZ-CD",
                ExpirationTime(5, "Minutes"),
            )
        ),
        "MeterEventNotification": build_meter_event_notification(
            MeterEventNotification(MeterEventList(event_instances=[event]), "TX-FUZZ-EV")
        ),
        "PingURL": etree.Element(ns.qname(ns.MSP41, "PingURL")),
        "GetMethods": etree.Element(ns.qname(ns.MSP41, "GetMethods")),
    }


def stored_multispeak() -> Iterator[tuple[str, bytes]]:
    """(operation, SOAP bytes) of every stored SOAP fixture holding a MultiSpeak 4.1 call."""
    for path in sorted(FIXTURES.rglob("*.soap1[12].xml")):
        try:
            body = read_envelope(xmlsafe.parse(path.read_bytes())).first_body
        except InputError:
            continue
        if ns.namespace_of(body.tag) == ns.MSP41:
            yield ns.local_name(body.tag), path.read_bytes()


def multispeak_seeds() -> list[tuple[str, bytes]]:
    """(endpoint path, bytes) for every endpoint and every operation we have a valid call of."""
    built = {name: soap(body) for name, body in built_multispeak().items()}
    stored = list(stored_multispeak())
    seeds = []
    for row in OPERATIONS:
        path = f"/multispeak/v41/{row.endpoint}"
        if row.name in built:
            seeds.append((path, built[row.name]))
        seeds += [(path, content) for name, content in stored if name == row.name]
    return seeds


def cim_message(kind: MessageKind, noun: str, payload: list[etree._Element], **header) -> bytes:
    verb = Verb.CREATED if kind is MessageKind.EVENT else Verb.REPLY
    message = Message(
        kind,
        Header(verb=verb, noun=noun, timestamp=T0, source="fuzz-headend", **header),
        reply=Reply(ReplyResult.OK) if kind is MessageKind.RESPONSE else None,
        payload=payload,
    )
    return xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [build_message(message)]))


def cim_seeds(correlation_id: str) -> list[bytes]:
    """Replies and events for /cim/reply: built ones and the stored 61968-100 messages."""
    readings = build_meter_readings(simulate_meter_readings(["M1", "M2"], T0, random.Random(3)))
    seeds = [
        cim_message(
            MessageKind.RESPONSE,
            "MeterReadings",
            [readings],
            message_id="R-1",
            correlation_id=correlation_id,
        ),
        cim_message(MessageKind.RESPONSE, "MeterReadings", [], correlation_id=correlation_id),
        cim_message(MessageKind.EVENT, "MeterReadings", [copy.deepcopy(readings)]),
    ]
    for path in sorted(FIXTURES.rglob("*.xml")):
        try:
            message = read_message(xmlsafe.parse(path.read_bytes()))
        except InputError:
            continue
        if message.kind in (MessageKind.RESPONSE, MessageKind.EVENT):
            seeds.append(path.read_bytes())
    return seeds


# --- the gateway, in-process


def peers(url: str, body: bytes, headers: Mapping[str, str]) -> HttpResponse:
    """The CIM side acknowledges every request; a MultiSpeak server takes every call."""
    if url == CIM_URL:
        try:
            request = read_message(xmlsafe.parse(body))
        except InputError:
            fault = build_fault(SoapVersion.SOAP11, SoapFault(reason="bad request", sender=True))
            return HttpResponse(500, xmlsafe.serialize(fault), {"content-type": "text/xml"})
        header = request.header
        answer = Message(
            MessageKind.RESPONSE,
            Header(
                verb=Verb.REPLY,
                noun=header.noun if header else "MeterReadings",
                correlation_id=header.correlation_id or header.message_id if header else None,
            ),
            reply=Reply(ReplyResult.OK),
        )
        content = xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [build_message(answer)]))
        return HttpResponse(200, content, {"content-type": SoapVersion.SOAP11.content_type()})
    return HttpResponse(404, b"", {})


class InProcess:
    """The gateway app behind ASGITransport, on one event loop kept across examples."""

    def __init__(self, tmp_path: Path) -> None:
        self.settings = GatewaySettings(
            cim_endpoint=CIM_URL,
            db_path=tmp_path / "gateway.db",
            retry=RetryPolicy(attempts=2, initial_delay=0.01, max_delay=0.01),
            meter_event_url=CB_URL,
            multispeak_destinations={row.endpoint: CB_URL for row in OPERATIONS},
        )
        self.store = MessageStore(self.settings.db_path)
        runtime = Runtime(self.settings, self.store, MockTransport(peers))
        self.app = create_app(self.settings, runtime)
        self.loop = asyncio.Runner()
        self.client = self.loop.run(self._client())

    async def _client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url="http://gateway.test"
        )

    def post(self, path: str, content: bytes, content_type: str) -> httpx.Response:
        headers = {"content-type": content_type}
        return self.loop.run(self.client.post(path, content=content, headers=headers))

    def close(self) -> None:
        self.loop.run(self.client.aclose())
        self.loop.close()
        self.store.close()


@pytest.fixture
def gateway(tmp_path: Path) -> Iterator[InProcess]:
    created = InProcess(tmp_path)
    try:
        yield created
    finally:
        created.close()


# --- mutations


TEXTS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "-1", "0", "1e400", "NaN", "2026-13-45T99:00:00", "&amp;", "\u202e"]),
    st.integers().map(str),
)


def mutate(data: st.DataObject, content: bytes) -> bytes:
    """One to three mutations of ``content``, drawn by hypothesis."""
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        kind = data.draw(
            st.sampled_from(["flip", "delete", "duplicate", "attribute", "text"]), label="kind"
        )
        if kind == "flip":
            content = flip(data, content)
            continue
        try:
            root = etree.fromstring(content)
        except etree.XMLSyntaxError:
            content = flip(data, content)
            continue
        elements = [element for element in root.iter() if isinstance(element.tag, str)]
        element = elements[data.draw(st.integers(0, len(elements) - 1), label="element")]
        parent = element.getparent()
        if kind == "delete" and parent is not None:
            parent.remove(element)
        elif kind == "duplicate" and parent is not None:
            element.addnext(copy.deepcopy(element))
        elif kind == "attribute":
            names = [*element.attrib, "objectID", "errorString", "{urn:fuzz}x"]
            name = data.draw(st.sampled_from(names), label="attribute")
            if name in element.attrib and data.draw(st.booleans(), label="remove"):
                del element.attrib[name]
            else:
                element.set(name, _xml_safe(data.draw(TEXTS, label="value")))
        else:
            element.text = _xml_safe(data.draw(TEXTS, label="text"))
        content = etree.tostring(root)
    return content


def flip(data: st.DataObject, content: bytes) -> bytes:
    changed = bytearray(content)
    for _ in range(data.draw(st.integers(1, 8), label="flips")):
        position = data.draw(st.integers(0, len(changed) - 1), label="position")
        changed[position] = data.draw(st.integers(0, 255), label="byte")
    return bytes(changed)


def _xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (lxml refuses to set them)."""
    return "".join(
        c for c in text if c in "\t\n\r" or ("\x20" <= c <= "\ud7ff") or ("\ue000" <= c <= "\ufffd")
    )


# --- the checks


def judge(response: httpx.Response) -> None:
    """No stack trace, no unexpected exception, and a 5xx only with a SOAP or CIM fault."""
    assert b"Traceback" not in response.content
    assert b"internal error in the gateway" not in response.content, response.text
    if response.status_code < 500:
        return
    root = xmlsafe.parse(response.content)
    if ns.local_name(root.tag) == "Envelope":
        envelope = read_envelope(root)
        if envelope.fault is not None:
            return
        root = envelope.first_body
    assert read_message(root).kind is MessageKind.FAULT, response.text


def test_the_seeds_are_valid_and_accepted(gateway):
    """Unmutated, every seed is answered without a fault of ours (the fuzzing starts sound)."""
    seeds = multispeak_seeds()
    assert {path for path, _ in seeds} >= {
        "/multispeak/v41/MR_Server",
        "/multispeak/v41/CD_Server",
        "/multispeak/v41/CB_Server",
    }
    for path, content in seeds:
        judge(gateway.post(path, content, CONTENT_TYPES[0]))


@FUZZ
@given(data=st.data())
def test_mutated_multispeak_calls_never_crash_the_gateway(gateway, data):
    seeds = multispeak_seeds()
    path, seed = seeds[data.draw(st.integers(0, len(seeds) - 1), label="seed")]
    content_type = data.draw(st.sampled_from(CONTENT_TYPES[:2]), label="content type")
    judge(gateway.post(path, mutate(data, seed), content_type))


@FUZZ
@given(data=st.data())
def test_mutated_cim_replies_never_crash_the_gateway(gateway, data):
    opened = gateway.post(
        "/multispeak/v41/MR_Server",
        soap(built_multispeak()["InitiateMeterReadingsByMeterID"]),
        CONTENT_TYPES[0],
    )
    assert opened.status_code == 200
    correlation = gateway.store.transactions()[-1].correlation_id
    seeds = cim_seeds(correlation)
    seed = seeds[data.draw(st.integers(0, len(seeds) - 1), label="seed")]
    content_type = data.draw(st.sampled_from(CONTENT_TYPES), label="content type")
    judge(gateway.post("/cim/reply", mutate(data, seed), content_type))
