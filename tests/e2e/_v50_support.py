"""Helpers of the v5 end-to-end tests: a v5 caller of the gateway and its NOT_Server simulator.

``V5Caller(stack)`` starts the v5 NOT_Server simulator beside the stack's servers (stopped with
them), posts v5 operations to ``/multispeak/v50/<Endpoint>`` with a MultiSpeakRequestMsgHeader,
checks every answer and every notification the gateway sent against the MultiSpeak 5.0 schemas
of the release it was written in, and reads the meterReadings of the notifications.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
from _support import WAIT, Answer, wait_until
from lxml import etree
from starlette.applications import Starlette

from mspcim import ns, xmlsafe
from mspcim.gateway.serving import BackgroundServer
from mspcim.multispeak.v50.header import (
    Caller,
    MultiSpeakVersion,
    RequestHeader,
    ResponseHeader,
    build_request_header,
    read_response_header,
)
from mspcim.multispeak.v50.meter_reading import (
    MeterReading,
    read_readings_notification,
)
from mspcim.multispeak.v50.msp_binding import Release
from mspcim.sim.not_server50 import NotServer50Settings, ReceivedCall50, create_not50_app
from mspcim.soap import SoapVersion, build_envelope, read_envelope

MR_NAMESPACE = ns.MSP50_WSDL.format(endpoint="MR_Server")
CALLER = "TestMDM5"


def guid(name: str) -> str:
    """A stable MultiSpeakGUID for a test meter name."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"mspcim-test-meter:{name}"))


def request_header(message_id: str | None = None, **caller: Any) -> RequestHeader:
    """The v5 caller's request header."""
    return RequestHeader(
        multi_speak_version=MultiSpeakVersion(),
        caller=Caller(app_name=CALLER, company="Test Co-op v5", **caller),
        message_id=message_id or str(uuid.uuid4()),
        time_stamp=datetime.now(UTC).replace(microsecond=0),
    )


def initiate_body(
    meters: list[str],
    transaction_id: str,
    response_url: str,
    *,
    expiration: datetime | None = None,
    release: Release = Release.V507,
) -> etree._Element:
    """``InitiateMeterReadingsByMeterIDs`` naming ``meters`` (GUIDs) in ``release``'s form."""
    body = etree.Element(
        ns.qname(MR_NAMESPACE, "InitiateMeterReadingsByMeterIDs"),
        nsmap={"mr": MR_NAMESPACE, "arr": ns.MSP50_ARRAYS},
    )
    holder = etree.SubElement(body, ns.qname(MR_NAMESPACE, "ArrayOfMeterID"))
    for meter in meters:
        element = etree.SubElement(holder, ns.qname(ns.MSP50_ARRAYS, "meterID"))
        if release is Release.V504:
            element.set("objectGUID", meter)
            element.text = meter
        else:
            element.text = meter
    etree.SubElement(body, ns.qname(MR_NAMESPACE, "responseURL")).text = response_url
    etree.SubElement(body, ns.qname(MR_NAMESPACE, "transactionID")).text = transaction_id
    if expiration is not None:
        etree.SubElement(
            body, ns.qname(MR_NAMESPACE, "expirationTime")
        ).text = expiration.isoformat()
    if release is Release.V507:
        etree.SubElement(body, ns.qname(MR_NAMESPACE, "responseMethod")).text = "meterReading"
    return body


@dataclass
class V5Caller:
    """A v5 system calling the stack's gateway, with its NOT_Server simulator."""

    stack: Any
    settings: NotServer50Settings = field(default_factory=NotServer50Settings)
    app: Starlette | None = None
    server: BackgroundServer | None = None

    def start(self) -> V5Caller:
        self.app = create_not50_app(self.settings)
        self.server = self.stack._serve(self.app)
        return self

    @property
    def not_server(self) -> str:
        assert self.server is not None
        return f"{self.server.url}/NOT_Server"

    def url(self, endpoint: str) -> str:
        return f"{self.stack.gateway.url}/multispeak/v50/{endpoint}"

    def post(
        self,
        body: etree._Element,
        endpoint: str = "MR_Server",
        version: SoapVersion = SoapVersion.SOAP11,
        *,
        header: RequestHeader | None = None,
        release: Release = Release.V507,
        check: bool = True,
    ) -> Answer:
        """POST a v5 operation; the answer (Fault or not) is checked against the schemas."""
        operation = ns.local_name(body.tag)
        action = (
            ns.MSP504_ACTION_PREFIX + operation
            if release is Release.V504
            else f"{ns.MSP50_WSDL.format(endpoint=endpoint)}/{operation}"
        )
        headers = [build_request_header(header or request_header(), release)]
        content = xmlsafe.serialize(build_envelope(version, [body], headers))
        response = httpx.post(
            self.url(endpoint), content=content, headers=version.headers(action), timeout=WAIT
        )
        if check:
            self.stack.check(response.content, release=release.value)
        envelope = read_envelope(xmlsafe.parse(response.content))
        assert envelope.version is version
        return Answer(response, envelope)

    @staticmethod
    def response_header(answer: Answer) -> ResponseHeader:
        element = answer.envelope.header(ns.qname(ns.MSP50_RESPONSE, "MultiSpeakResponseMsgHeader"))
        assert element is not None, "a v5 answer carries a MultiSpeakResponseMsgHeader"
        return read_response_header(element)

    def notifications(self, count: int) -> list[ReceivedCall50]:
        """The first ``count`` notifications at the NOT_Server, each checked schema-valid."""
        assert self.app is not None
        calls: list[ReceivedCall50] = self.app.state.calls
        wait_until(lambda: len(calls) >= count, f"{count} v5 notification(s) at the NOT_Server")
        for call in calls[:count]:
            self.stack.check(call.raw, release=call.release.value)
        return calls[:count]


def readings_of(call: ReceivedCall50) -> dict[str, MeterReading]:
    """The meterReadings of a readings notification, by meter GUID (one per meter)."""
    notification = read_readings_notification(call.body)
    table = {
        reading.meter_id.object_guid: reading
        for reading in notification.meter_readings
        if reading.meter_id is not None
    }
    assert len(table) == len(notification.meter_readings), "one meterReading per meter"
    return table
