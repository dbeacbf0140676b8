"""The simulated CB server: notifications answered, recorded and awaited; bad calls faulted."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from lxml import etree

from mspcim import ns, xmlsafe
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header, read_header
from mspcim.multispeak.v41.meter_reading import (
    MeterID,
    MeterReading,
    ReadingTypeCode,
    ReadingValue,
)
from mspcim.multispeak.v41.operations import (
    ReadingChangedNotification,
    build_reading_changed_notification,
    read_array_of_error_object_response,
)
from mspcim.sim.cb import (
    OPERATION_HANDLERS,
    CbSettings,
    NotificationLog,
    ReceivedNotification,
    create_cb_app,
)
from mspcim.soap import SoapVersion, build_envelope, read_envelope

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
KWH = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
ACTION = "http://www.multispeak.org/Version_4.1_Release/ReadingChangedNotification"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def notification(transaction_id: str = "T-1", *meters: str) -> ReadingChangedNotification:
    reads = []
    for meter in meters or ("MTR-1", "MTR-2"):
        reads.append(
            MeterReading(
                meter_id=MeterID(meter, meter_no=meter, service_type="Electric"),
                reading_values=[
                    ReadingValue(
                        value="12345.678",
                        units="kWh",
                        time_stamp=T0,
                        reading_type_code=ReadingTypeCode(KWH),
                    ),
                    ReadingValue(value="241.3", units="V", time_stamp=T0),
                ],
                object_id=f"R-{meter}",
            )
        )
    reads.append(MeterReading(meter_id=MeterID("GHOST"), error_string="unknown meter"))
    return ReadingChangedNotification(changed_meter_reads=reads, transaction_id=transaction_id)


def soap_call(body: etree._Element, version: SoapVersion = SoapVersion.SOAP11) -> bytes:
    header = build_header(MultiSpeakMsgHeader(app_name="gateway", message_id="MSG-1"))
    return xmlsafe.serialize(build_envelope(version, [body], [header]))


def notification_call(
    transaction_id: str = "T-1", version: SoapVersion = SoapVersion.SOAP11
) -> bytes:
    body = build_reading_changed_notification(notification(transaction_id))
    return soap_call(body, version)


def msp_element(local: str) -> etree._Element:
    return etree.Element(ns.qname(ns.MSP41, local), nsmap={None: ns.MSP41})  # type: ignore[dict-item]


async def post(
    app: object,
    body: bytes,
    version: SoapVersion = SoapVersion.SOAP11,
    path: str = "/CB_Server",
    action: str = ACTION,
) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://cb") as client:
        return await client.post(path, content=body, headers=version.headers(action))


def body_of(response: httpx.Response) -> etree._Element:
    return read_envelope(xmlsafe.parse(response.content)).first_body


def reply_header(response: httpx.Response) -> MultiSpeakMsgHeader:
    envelope = read_envelope(xmlsafe.parse(response.content))
    element = envelope.header(ns.qname(ns.MSP41, "MultiSpeakMsgHeader"))
    assert element is not None
    assert element.get("BuildString") is not None
    return read_header(element)


# --- notifications


@pytest.mark.anyio
async def test_notification_answered_with_an_empty_error_array(assert_schema_valid) -> None:
    app = create_cb_app(CbSettings(clock=lambda: T0))
    response = await post(app, notification_call("T-42"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/xml")
    root = xmlsafe.parse(response.content)
    assert root.tag == ns.qname(ns.SOAP11, "Envelope")
    assert_schema_valid(root, endpoint="CB_Server", strict_headers=True)
    body = body_of(response)
    assert body.tag == ns.qname(ns.MSP41, "ReadingChangedNotificationResponse")
    assert body.find(ns.qname(ns.MSP41, "ReadingChangedNotificationResult")) is not None
    assert read_array_of_error_object_response(body) == []
    header = reply_header(response)
    assert header.build_string == "Release"
    assert header.app_name == "mspcim-sim-cb"
    assert header.time_stamp == T0

    (received,) = app.state.notifications
    assert isinstance(received, ReceivedNotification)
    assert received.transaction_id == "T-42"
    assert received.received_at == T0
    assert received.meter_ids == ["MTR-1", "MTR-2", "GHOST"]
    assert received.soap_version is SoapVersion.SOAP11
    assert received.header is not None and received.header.message_id == "MSG-1"
    assert received.raw == notification_call("T-42")
    first = received.notification.changed_meter_reads[0].reading_values[0]
    assert (first.value, first.units) == ("12345.678", "kWh")


@pytest.mark.anyio
async def test_soap12_notification_gets_a_soap12_answer(assert_schema_valid) -> None:
    app = create_cb_app()
    version = SoapVersion.SOAP12
    response = await post(app, notification_call(version=version), version, path="/MDM_Server")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/soap+xml")
    root = xmlsafe.parse(response.content)
    assert root.tag == ns.qname(ns.SOAP12, "Envelope")
    assert_schema_valid(root, strict_headers=True)
    assert read_array_of_error_object_response(body_of(response)) == []
    assert app.state.notifications[0].soap_version is SoapVersion.SOAP12


@pytest.mark.anyio
async def test_fail_with_answers_one_error_object(assert_schema_valid) -> None:
    app = create_cb_app(CbSettings(fail_with="database is read-only", clock=lambda: T0))
    response = await post(app, notification_call("T-9"), path="/")
    assert response.status_code == 200
    assert_schema_valid(response.content, endpoint="CB_Server", strict_headers=True)
    (error,) = read_array_of_error_object_response(body_of(response))
    assert error.error_string == "database is read-only"
    assert error.object_id == "T-9"
    assert error.event_time == T0
    assert len(app.state.notifications) == 1


# --- other operations


@pytest.mark.anyio
async def test_ping_url_answers_an_empty_result(assert_schema_valid) -> None:
    app = create_cb_app()
    response = await post(app, soap_call(msp_element("PingURL")), action="PingURL")
    assert response.status_code == 200
    assert_schema_valid(response.content, endpoint="CB_Server", strict_headers=True)
    body = body_of(response)
    assert body.tag == ns.qname(ns.MSP41, "PingURLResponse")
    assert read_array_of_error_object_response(body) == []
    assert app.state.notifications == []


@pytest.mark.anyio
async def test_get_methods_lists_the_operations(assert_schema_valid) -> None:
    app = create_cb_app()
    version = SoapVersion.SOAP12
    response = await post(app, soap_call(msp_element("GetMethods"), version), version)
    assert_schema_valid(response.content, endpoint="CB_Server", strict_headers=True)
    result = body_of(response).find(ns.qname(ns.MSP41, "GetMethodsResult"))
    assert result is not None
    names = [item.text for item in result]
    assert names[:3] == ["PingURL", "GetMethods", "ReadingChangedNotification"]
    assert set(names[3:]) == set(OPERATION_HANDLERS)
    assert {"CDStateChangedNotification", "MeterEventNotification"} <= set(names)


# --- faults


@pytest.mark.parametrize(
    ("body", "version", "reason"),
    [
        (soap_call(msp_element("GetAllMeters")), SoapVersion.SOAP11, "does not offer"),
        (
            soap_call(etree.Element("{urn:other}Hello"), SoapVersion.SOAP12),
            SoapVersion.SOAP12,
            "does not offer",
        ),
        (b"<soap:Envelope", SoapVersion.SOAP12, "malformed XML"),
        (b"<!DOCTYPE x><x/>", SoapVersion.SOAP11, "DTD"),
        (xmlsafe.serialize(msp_element("PingURL")), SoapVersion.SOAP11, "not a SOAP envelope"),
    ],
    ids=["unknown-operation", "foreign-element", "malformed", "dtd", "bare"],
)
@pytest.mark.anyio
async def test_bad_calls_get_a_client_fault(
    body: bytes, version: SoapVersion, reason: str, assert_schema_valid
) -> None:
    app = create_cb_app()
    response = await post(app, body, version)
    assert response.status_code == 500
    root = xmlsafe.parse(response.content)
    assert root.tag == ns.qname(version.namespace, "Envelope")
    assert_schema_valid(root, strict_headers=True)
    envelope = read_envelope(root)
    assert envelope.fault is not None
    assert envelope.fault.sender
    assert reason in envelope.fault.reason
    assert app.state.notifications == []


@pytest.mark.anyio
async def test_unreadable_notification_is_faulted() -> None:
    body = build_reading_changed_notification(notification())
    reads = body.find(ns.qname(ns.MSP41, "changedMeterReads"))
    assert reads is not None
    stamp = reads.find(f".//{{{ns.MSP41}}}timeStamp")
    assert stamp is not None
    stamp.text = "yesterday"
    app = create_cb_app()
    response = await post(app, soap_call(body))
    assert response.status_code == 500
    envelope = read_envelope(xmlsafe.parse(response.content))
    assert envelope.fault is not None and "timeStamp" in envelope.fault.reason
    assert app.state.notifications == []


# --- recording


@pytest.mark.anyio
async def test_record_path_gets_one_json_line_per_notification(tmp_path: Path) -> None:
    path = tmp_path / "notifications.jsonl"
    app = create_cb_app(CbSettings(record_path=path, clock=lambda: T0))
    await post(app, notification_call("T-1"))
    await post(app, notification_call("T-2", SoapVersion.SOAP12), SoapVersion.SOAP12)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [line["transactionID"] for line in lines] == ["T-1", "T-2"]
    first = lines[0]
    assert first["meterIDs"] == ["MTR-1", "MTR-2", "GHOST"]
    assert first["errorStrings"] == ["unknown meter"]
    assert first["receivedAt"] == "2026-05-01T12:00:00Z"
    assert first["readings"][0] == {
        "meterID": "MTR-1",
        "value": "12345.678",
        "units": "kWh",
        "timeStamp": "2026-05-01T12:00:00Z",
        "readingTypeCode": KWH,
    }
    assert first["readings"][1]["readingTypeCode"] is None
    assert len(first["readings"]) == 4


@pytest.mark.anyio
async def test_echo_prints_one_line_per_notification(capsys: pytest.CaptureFixture[str]) -> None:
    app = create_cb_app(CbSettings(echo=True))
    await post(app, notification_call("T-7"))
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    assert "transactionID=T-7" in lines[0]
    assert "3 meters" in lines[0] and "4 readings" in lines[0] and "1 errors" in lines[0]


# --- waiting


@pytest.mark.anyio
async def test_wait_for_returns_once_enough_notifications_arrived() -> None:
    app = create_cb_app()
    waiter = asyncio.create_task(app.state.wait_for(2, 5))
    await asyncio.sleep(0)
    assert not waiter.done()
    await post(app, notification_call("T-1"))
    await asyncio.sleep(0.01)
    assert not waiter.done()
    await post(app, notification_call("T-2"))
    received = await waiter
    assert [r.transaction_id for r in received] == ["T-1", "T-2"]
    again = await app.state.wait_for(1, 0.1)
    assert [r.transaction_id for r in again] == ["T-1"]


@pytest.mark.anyio
async def test_wait_for_times_out_with_a_count() -> None:
    app = create_cb_app()
    await post(app, notification_call("T-1"))
    with pytest.raises(TimeoutError, match="1 of 3 notifications"):
        await app.state.wait_for(3, 0.05)


@pytest.mark.anyio
async def test_wait_for_wakes_on_a_notification_from_another_thread() -> None:
    log = NotificationLog()
    item = ReceivedNotification("T-X", T0, notification("T-X"), b"")
    waiter = asyncio.create_task(log.wait_for(1, 5))
    await asyncio.sleep(0)
    await asyncio.to_thread(log.append, item)
    assert await waiter == [item]


@pytest.mark.anyio
async def test_health() -> None:
    transport = httpx.ASGITransport(app=create_cb_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://cb") as client:
        response = await client.get("/health")
    assert response.json() == {"status": "ok"}
