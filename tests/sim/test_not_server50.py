"""The v5 NOT_Server simulator: records notifications, answers them schema-valid, or refuses.

Answers carry a MultiSpeakResponseMsgHeader with an OK Result, or one errorObject when told to
fail; a call without request header, or of another endpoint's namespace, is a SOAP Fault.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from lxml import etree

from mspcim import ns, xmlsafe
from mspcim.gateway.v50_headers import request_header
from mspcim.multispeak.v50.header import read_response_header
from mspcim.multispeak.v50.msp_binding import Release
from mspcim.sim.not_server50 import NAMESPACE, NotServer50Settings, create_not50_app
from mspcim.soap import SoapVersion, build_envelope, read_envelope
from mspcim.xsdtypes import utc_now

GUID = "0b7f3c2e-5d1a-4e8b-9f6a-1c2d3e4f5a6b"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def notification(release: Release = Release.V507) -> etree._Element:
    name = "ReadingsChangedNotification" if release is Release.V504 else "MeterReadingsNotification"
    body = etree.Element(ns.qname(NAMESPACE, name))
    holder = etree.SubElement(body, ns.qname(NAMESPACE, "ArrayOfMeterReading"))
    reading = etree.SubElement(holder, ns.qname(ns.MSP50_ARRAYS, "meterReading"))
    meter = etree.SubElement(reading, ns.qname(ns.MSP50, "meterID"))
    if release is Release.V504:
        meter.set("objectGUID", GUID)
        meter.text = "M1"
    else:
        meter.text = GUID
    etree.SubElement(body, ns.qname(NAMESPACE, "transactionID")).text = "TX-SIM"
    return body


def content(body: etree._Element, *, header: bool = True, release: Release = Release.V507) -> bytes:
    headers = (
        [request_header(app_name="gw", message_id="MSG-1", when=utc_now(), release=release)]
        if header
        else []
    )
    return xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [body], headers))


async def post(app, data: bytes, action: str | None = None) -> httpx.Response:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://not.test"
    ) as client:
        return await client.post(
            "/NOT_Server", content=data, headers=SoapVersion.SOAP11.headers(action)
        )


@pytest.mark.anyio
async def test_a_notification_is_recorded_and_answered(tmp_path: Path, assert_schema_valid):
    record = tmp_path / "received.jsonl"
    app = create_not50_app(NotServer50Settings(record_path=record))

    response = await post(app, content(notification()))

    assert response.status_code == 200
    assert_schema_valid(response.content)
    envelope = read_envelope(xmlsafe.parse(response.content))
    assert envelope.first_body.tag == ns.qname(NAMESPACE, "MeterReadingsNotificationResponse")
    header = envelope.header(ns.qname(ns.MSP50_RESPONSE, "MultiSpeakResponseMsgHeader"))
    assert header is not None
    assert read_response_header(header).result.result_identifier.code == "0.0"
    [call] = app.state.calls
    assert (call.operation, call.transaction_id, call.meter_ids) == (
        "MeterReadingsNotification",
        "TX-SIM",
        [GUID],
    )
    assert call.release is Release.V507
    line = json.loads(record.read_text(encoding="utf-8"))
    assert line["meterIDs"] == [GUID] and line["release"] == "5.0.7"


@pytest.mark.anyio
async def test_a_504_notification_is_recognised(assert_schema_valid):
    app = create_not50_app()

    response = await post(
        app,
        content(notification(Release.V504), release=Release.V504),
        ns.MSP504_ACTION_PREFIX + "ReadingsChangedNotification",
    )

    assert_schema_valid(response.content, release="5.0.4")
    [call] = app.state.calls
    assert call.release is Release.V504
    assert call.meter_ids == [GUID]


@pytest.mark.anyio
async def test_told_to_fail_it_answers_with_an_error_object(assert_schema_valid):
    app = create_not50_app(NotServer50Settings(fail_with="full"))

    response = await post(app, content(notification()))

    assert_schema_valid(response.content)
    envelope = read_envelope(xmlsafe.parse(response.content))
    header = envelope.header(ns.qname(ns.MSP50_RESPONSE, "MultiSpeakResponseMsgHeader"))
    assert header is not None
    [error] = read_response_header(header).result.error_objects
    assert error.display_string == "full"
    assert error.noun_type == "MeterReadingsNotification"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (content(notification(), header=False), "MultiSpeakRequestMsgHeader is required"),
        (content(etree.Element(ns.qname(ns.MSP41, "PingURL"))), "does not offer"),
    ],
    ids=["no-header", "v41-body"],
)
async def test_refusals_are_faults(data: bytes, reason: str):
    app = create_not50_app()

    response = await post(app, data)

    assert response.status_code == 500
    envelope = read_envelope(xmlsafe.parse(response.content))
    assert envelope.fault is not None and reason in envelope.fault.reason
    assert app.state.calls == []
