"""The simulated head-end over HTTP in-process: sync and async reads, failures, faults."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx
import pytest
from lxml import etree

from mspcim import ns, reply_codes, xmlsafe
from mspcim.cim.envelope import build_message, read_message, soap_action
from mspcim.cim.message import (
    EnvelopeForm,
    ErrorLevel,
    Header,
    Message,
    MessageKind,
    ObjectID,
    ReplyResult,
    Request,
    Verb,
)
from mspcim.cim.meter_readings_2013 import read_meter_readings
from mspcim.cim.model import MeterReadings
from mspcim.exceptions import ConfigurationError
from mspcim.reply_codes import INVALID_METER
from mspcim.sim.headend import HeadEndSettings, create_headend_app
from mspcim.sim.readings import DEMAND_KW, ENERGY_KWH, VOLTAGE_RMS
from mspcim.soap import SoapVersion, build_envelope, read_envelope

REPLY_ADDRESS = "http://gateway.example/cim/replies"
T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def ticking_clock(step: timedelta = timedelta(minutes=15)) -> Callable[[], datetime]:
    """A clock advancing by ``step`` at every call, from T0."""
    ticks: Iterator[int] = iter(range(10**6))
    return lambda: T0 + step * next(ticks)


def get_request(
    *meters: str,
    form: EnvelopeForm = EnvelopeForm.IEC61968_100,
    verb: Verb = Verb.GET,
    noun: str = "MeterReadings",
    message_id: str = "REQ-1",
    correlation_id: str | None = None,
    async_reply: bool | None = None,
    reply_address: str | None = None,
) -> Message:
    return Message(
        kind=MessageKind.REQUEST,
        header=Header(
            verb=verb,
            noun=noun,
            timestamp=T0,
            source="gateway",
            async_reply_flag=async_reply,
            reply_address=reply_address,
            message_id=message_id,
            correlation_id=correlation_id,
        ),
        request=Request(ids=[ObjectID(m, kind="name", object_type="Meter") for m in meters]),
        form=form,
    )


def encode(message: Message, version: SoapVersion | None = SoapVersion.SOAP11) -> bytes:
    element = build_message(message)
    if version is not None:
        element = build_envelope(version, [element])
    return xmlsafe.serialize(element)


def headers_for(version: SoapVersion | None) -> dict[str, str]:
    if version is None:
        return {"Content-Type": "application/xml"}
    return version.headers("http://iec.ch/TC57/2011/GetMeterReadings/GetMeterReadings")


async def post(
    app: object,
    body: bytes,
    version: SoapVersion | None = SoapVersion.SOAP11,
    path: str = "/",
) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://headend") as client:
        return await client.post(path, content=body, headers=headers_for(version))


def answer(response: httpx.Response) -> Message:
    return read_message(xmlsafe.parse(response.content))


def readings_of(message: Message) -> MeterReadings:
    assert len(message.payload) == 1
    return read_meter_readings(message.payload[0])


def fault_detail(response: httpx.Response) -> etree._Element:
    envelope = read_envelope(xmlsafe.parse(response.content))
    assert envelope.fault is not None
    assert len(envelope.fault.detail) == 1
    return envelope.fault.detail[0]


# --- synchronous reads


@pytest.mark.anyio
async def test_sync_read_answers_every_meter(assert_schema_valid) -> None:
    app = create_headend_app(HeadEndSettings(seed=1))
    response = await post(app, encode(get_request("MTR-1", "MTR-2", "MTR-3")))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/xml")
    assert_schema_valid(response.content)
    message = answer(response)
    assert message.kind is MessageKind.RESPONSE
    assert message.form is EnvelopeForm.IEC61968_100
    assert message.header is not None
    assert (message.header.verb, message.header.noun) == (Verb.REPLY, "MeterReadings")
    assert message.header.correlation_id == "REQ-1"
    assert message.header.message_id not in (None, "REQ-1")
    assert message.header.timestamp is not None
    assert message.reply is not None and message.reply.result is ReplyResult.OK
    assert message.reply.errors == []
    document = readings_of(message)
    assert [mr.meter_name("meterID") for mr in document.meter_readings] == [
        "MTR-1",
        "MTR-2",
        "MTR-3",
    ]
    for meter_reading in document.meter_readings:
        values = {r.reading_type: r.value for r in meter_reading.readings}
        assert set(values) == {ENERGY_KWH.text, DEMAND_KW.text, VOLTAGE_RMS.text}
        voltage = values[VOLTAGE_RMS.text]
        assert voltage is not None and Decimal("232.8") <= voltage <= Decimal("247.2")
        assert values[ENERGY_KWH.text] is not None and values[ENERGY_KWH.text] > 0
    assert {rt.mrid for rt in document.reading_types} == {
        ENERGY_KWH.text,
        DEMAND_KW.text,
        VOLTAGE_RMS.text,
    }


@pytest.mark.anyio
async def test_reply_in_noun_wrapper_form(assert_schema_valid) -> None:
    app = create_headend_app(HeadEndSettings(form=EnvelopeForm.NOUN_WRAPPER, seed=2))
    response = await post(app, encode(get_request("MTR-7")))
    assert_schema_valid(response.content)
    body = read_envelope(xmlsafe.parse(response.content)).first_body
    assert body.tag == ns.qname(ns.METER_READINGS_MESSAGE, "MeterReadingsResponseMessage")
    message = answer(response)
    assert message.form is EnvelopeForm.NOUN_WRAPPER
    assert message.header is not None and message.header.correlation_id == "REQ-1"
    assert [mr.meter_name() for mr in readings_of(message).meter_readings] == ["MTR-7"]


@pytest.mark.anyio
async def test_noun_wrapper_request_is_accepted(assert_schema_valid) -> None:
    request = get_request("MTR-1", "MTR-2", form=EnvelopeForm.NOUN_WRAPPER)
    body = encode(request)
    assert b"MeterReadingsRequestMessage" in body
    app = create_headend_app(HeadEndSettings(seed=3))
    response = await post(app, body, path="/MeterReadings")
    assert response.status_code == 200
    assert_schema_valid(response.content)
    message = answer(response)
    assert message.form is EnvelopeForm.IEC61968_100
    assert [mr.meter_name() for mr in readings_of(message).meter_readings] == ["MTR-1", "MTR-2"]


@pytest.mark.anyio
async def test_correlation_id_of_the_request_is_kept() -> None:
    app = create_headend_app(HeadEndSettings(seed=4))
    response = await post(app, encode(get_request("MTR-1", correlation_id="CONV-9")))
    message = answer(response)
    assert message.header is not None and message.header.correlation_id == "CONV-9"


@pytest.mark.anyio
async def test_soap12_request_gets_a_soap12_answer(assert_schema_valid) -> None:
    app = create_headend_app(HeadEndSettings(seed=5))
    version = SoapVersion.SOAP12
    response = await post(app, encode(get_request("MTR-1"), version), version)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/soap+xml")
    root = xmlsafe.parse(response.content)
    assert root.tag == ns.qname(ns.SOAP12, "Envelope")
    assert_schema_valid(root)
    assert readings_of(answer(response)).meter_readings[0].meter_name() == "MTR-1"


@pytest.mark.anyio
async def test_bare_request_answered_bare_when_soap_is_off(assert_schema_valid) -> None:
    app = create_headend_app(HeadEndSettings(soap=False, seed=6))
    response = await post(app, encode(get_request("MTR-1"), None), None)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    root = xmlsafe.parse(response.content)
    assert root.tag == ns.qname(ns.MESSAGE, "ResponseMessage")
    assert_schema_valid(root)


@pytest.mark.anyio
async def test_bare_request_answered_in_soap11_by_default() -> None:
    app = create_headend_app(HeadEndSettings(seed=6))
    response = await post(app, encode(get_request("MTR-1"), None), None)
    assert xmlsafe.parse(response.content).tag == ns.qname(ns.SOAP11, "Envelope")


@pytest.mark.anyio
async def test_register_grows_between_reads_of_the_same_meter() -> None:
    app = create_headend_app(HeadEndSettings(seed=7, clock=ticking_clock()))
    values = []
    for number in range(3):
        response = await post(app, encode(get_request("MTR-1", message_id=f"REQ-{number}")))
        reading = readings_of(answer(response)).meter_readings[0]
        values.append(next(r for r in reading.readings if r.reading_type == ENERGY_KWH.text))
    assert values[0].time_stamp is not None and values[1].time_stamp is not None
    assert values[0].time_stamp < values[1].time_stamp
    assert values[0].value is not None and values[1].value is not None
    assert values[2].value is not None
    assert values[0].value < values[1].value < values[2].value


@pytest.mark.anyio
async def test_sync_delay_is_waited() -> None:
    app = create_headend_app(HeadEndSettings(delay_seconds=0.1, seed=8))
    started = time.monotonic()
    response = await post(app, encode(get_request("MTR-1")))
    assert response.status_code == 200
    assert time.monotonic() - started >= 0.1


# --- failures


@pytest.mark.anyio
async def test_unknown_meter_makes_a_partial_reply(assert_schema_valid) -> None:
    settings = HeadEndSettings(unknown_meters=frozenset({"GHOST-1", "GHOST-2"}), seed=9)
    app = create_headend_app(settings)
    response = await post(app, encode(get_request("MTR-1", "GHOST-1", "MTR-2", "GHOST-2")))
    assert_schema_valid(response.content)
    message = answer(response)
    assert message.reply is not None and message.reply.result is ReplyResult.PARTIAL
    failed = message.reply.failed_ids()
    assert set(failed) == {"GHOST-1", "GHOST-2"}
    for error in failed.values():
        assert (error.code, error.level, error.reason) == (
            INVALID_METER,
            ErrorLevel.FATAL,
            "unknown meter",
        )
        assert error.id is not None
        assert (error.id.kind, error.id.object_type) == ("name", "Meter")
    names = [mr.meter_name() for mr in readings_of(message).meter_readings]
    assert names == ["MTR-1", "MTR-2"]


@pytest.mark.anyio
async def test_all_meters_failing_makes_a_failed_reply(assert_schema_valid) -> None:
    app = create_headend_app(HeadEndSettings(failure_rate=1.0, seed=10))
    response = await post(app, encode(get_request("MTR-1", "MTR-2")))
    assert response.status_code == 200
    assert_schema_valid(response.content)
    message = answer(response)
    assert message.reply is not None and message.reply.result is ReplyResult.FAILED
    assert [(e.id.value if e.id else None) for e in message.reply.errors] == ["MTR-1", "MTR-2"]
    assert {e.reason for e in message.reply.errors} == {"meter did not answer"}
    assert message.payload == []


@pytest.mark.anyio
async def test_failed_reply_in_noun_wrapper_form_is_valid(assert_schema_valid) -> None:
    settings = HeadEndSettings(failure_rate=1.0, form=EnvelopeForm.NOUN_WRAPPER, seed=10)
    response = await post(create_headend_app(settings), encode(get_request("MTR-1")))
    assert_schema_valid(response.content)
    message = answer(response)
    assert message.reply is not None and message.reply.result is ReplyResult.FAILED
    assert message.reply.errors[0].reason == "meter did not answer"


@pytest.mark.anyio
async def test_failure_draws_repeat_with_the_seed() -> None:
    meters = [f"MTR-{n}" for n in range(40)]

    async def failed(seed: int) -> set[str]:
        app = create_headend_app(HeadEndSettings(failure_rate=0.5, seed=seed))
        message = answer(await post(app, encode(get_request(*meters))))
        assert message.reply is not None and message.reply.result is ReplyResult.PARTIAL
        return set(message.reply.failed_ids())

    first = await failed(11)
    assert first == await failed(11)
    assert 5 < len(first) < 35


# --- bad input


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"<RequestMessage", reply_codes.REFUSED_XML),
        (b"<!DOCTYPE x [<!ENTITY e 'x'>]><x>&e;</x>", reply_codes.REFUSED_XML),
        (encode(get_request("MTR-1", verb=Verb.CREATE)), "2.9"),
        (encode(get_request("MTR-1", noun="WorkOrders")), "2.5"),
        (encode(get_request()), "1.6"),
        (
            xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [etree.Element("Hello")])),
            reply_codes.REFUSED_XML,
        ),
    ],
    ids=["malformed", "dtd", "verb", "noun", "no-ids", "wrong-root"],
)
@pytest.mark.anyio
async def test_bad_input_gets_a_soap_fault_with_a_fault_message(
    body: bytes, code: str, assert_schema_valid
) -> None:
    app = create_headend_app(HeadEndSettings(seed=12))
    response = await post(app, body)
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("text/xml")
    root = xmlsafe.parse(response.content)
    assert_schema_valid(root)
    envelope = read_envelope(root)
    assert envelope.fault is not None and envelope.fault.sender
    assert envelope.fault.code == "soap:Client"
    detail = fault_detail(response)
    assert detail.tag == ns.qname(ns.MESSAGE, "FaultMessage")
    assert_schema_valid(detail)
    fault = read_message(detail)
    assert fault.kind is MessageKind.FAULT
    assert fault.reply is not None and fault.reply.result is ReplyResult.FAILED
    (error,) = fault.reply.errors
    assert error.code == code
    assert error.level is ErrorLevel.FATAL
    assert error.reason == envelope.fault.reason
    assert app.state.requests[-1].error is not None


@pytest.mark.anyio
async def test_fault_follows_the_soap12_request(assert_schema_valid) -> None:
    app = create_headend_app(HeadEndSettings(form=EnvelopeForm.NOUN_WRAPPER, seed=13))
    version = SoapVersion.SOAP12
    body = encode(get_request("MTR-1", verb=Verb.DELETE), version)
    response = await post(app, body, version)
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("application/soap+xml")
    root = xmlsafe.parse(response.content)
    assert root.tag == ns.qname(ns.SOAP12, "Envelope")
    assert_schema_valid(root)
    envelope = read_envelope(root)
    assert envelope.fault is not None and envelope.fault.code == "soap:Sender"
    detail = fault_detail(response)
    assert detail.tag == ns.qname(ns.METER_READINGS_MESSAGE, "MeterReadingsFaultMessage")
    assert_schema_valid(detail)
    fault = read_message(detail)
    assert fault.reply is not None and fault.reply.errors[0].code == "2.9"


@pytest.mark.anyio
async def test_malformed_soap12_request_faults_in_soap12() -> None:
    app = create_headend_app(HeadEndSettings(seed=14))
    response = await post(app, b"not xml at all", SoapVersion.SOAP12)
    assert response.status_code == 500
    assert xmlsafe.parse(response.content).tag == ns.qname(ns.SOAP12, "Envelope")


@pytest.mark.anyio
async def test_bare_fault_when_soap_is_off(assert_schema_valid) -> None:
    app = create_headend_app(HeadEndSettings(soap=False, seed=15))
    response = await post(app, encode(get_request(), None), None)
    assert response.status_code == 400
    root = xmlsafe.parse(response.content)
    assert root.tag == ns.qname(ns.MESSAGE, "FaultMessage")
    assert_schema_valid(root)


# --- asynchronous reads


class ReplyCatcher:
    """An outbound HTTP client factory whose transport records what the head-end POSTs."""

    def __init__(self, status_code: int = 200, error: Exception | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.status_code = status_code
        self.error = error
        self.clients = 0

    async def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.error is not None:
            raise self.error
        return httpx.Response(self.status_code)

    def __call__(self) -> httpx.AsyncClient:
        self.clients += 1
        return httpx.AsyncClient(transport=httpx.MockTransport(self.handle))


def async_request(*meters: str, **fields: object) -> bytes:
    request = get_request(*meters, async_reply=True, reply_address=REPLY_ADDRESS, **fields)  # type: ignore[arg-type]
    return encode(request)


@pytest.mark.anyio
async def test_async_acknowledges_then_posts_the_reply(assert_schema_valid) -> None:
    catcher = ReplyCatcher()
    settings = HeadEndSettings(
        mode="async", delay_seconds=0.05, seed=16, http_client_factory=catcher
    )
    app = create_headend_app(settings)
    response = await post(app, async_request("MTR-1", "MTR-2", message_id="REQ-A"))
    assert response.status_code == 200
    assert_schema_valid(response.content)
    ack = answer(response)
    assert ack.kind is MessageKind.RESPONSE
    assert ack.reply is not None and ack.reply.result is ReplyResult.OK
    assert ack.payload == []
    assert ack.header is not None and ack.header.correlation_id == "REQ-A"
    assert catcher.requests == []  # the reply waits for the delay

    deliveries = await app.state.drain(timeout=5)
    assert [d.delivered for d in deliveries] == [True]
    assert deliveries[0].status_code == 200
    assert deliveries[0].correlation_id == "REQ-A"
    (posted,) = catcher.requests
    assert str(posted.url) == REPLY_ADDRESS
    assert posted.method == "POST"
    assert posted.headers["content-type"].startswith("text/xml")
    root = xmlsafe.parse(posted.content)
    assert root.tag == ns.qname(ns.SOAP11, "Envelope")
    assert_schema_valid(root)
    reply = read_message(root)
    assert posted.headers["soapaction"] == f'"{soap_action(reply)}"'
    assert reply.header is not None and reply.header.correlation_id == "REQ-A"
    assert reply.header.message_id != ack.header.message_id
    assert reply.reply is not None and reply.reply.result is ReplyResult.OK
    assert [mr.meter_name() for mr in readings_of(reply).meter_readings] == ["MTR-1", "MTR-2"]


@pytest.mark.anyio
async def test_async_reply_carries_partial_results(assert_schema_valid) -> None:
    catcher = ReplyCatcher()
    settings = HeadEndSettings(
        mode="async",
        unknown_meters=frozenset({"GHOST"}),
        form=EnvelopeForm.NOUN_WRAPPER,
        seed=17,
        http_client_factory=catcher,
    )
    app = create_headend_app(settings)
    response = await post(app, async_request("MTR-1", "GHOST"))
    assert_schema_valid(response.content)
    await app.state.drain(timeout=5)
    (posted,) = catcher.requests
    assert_schema_valid(posted.content)
    reply = read_message(xmlsafe.parse(posted.content))
    assert reply.form is EnvelopeForm.NOUN_WRAPPER
    assert reply.reply is not None and reply.reply.result is ReplyResult.PARTIAL
    assert set(reply.reply.failed_ids()) == {"GHOST"}


@pytest.mark.anyio
async def test_async_reply_to_an_in_process_receiver() -> None:
    received: list[Message] = []
    arrived = asyncio.Event()

    async def receiver(scope, receive, send) -> None:  # a minimal ASGI ReplyAddress
        body = b""
        while True:
            event = await receive()
            body += event.get("body", b"")
            if not event.get("more_body"):
                break
        received.append(read_message(xmlsafe.parse(body)))
        arrived.set()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    def factory() -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=receiver))

    settings = HeadEndSettings(mode="async", seed=18, http_client_factory=factory)
    app = create_headend_app(settings)
    await post(app, async_request("MTR-5", message_id="REQ-R"))
    await asyncio.wait_for(arrived.wait(), 5)
    (reply,) = received
    assert reply.header is not None and reply.header.correlation_id == "REQ-R"
    assert readings_of(reply).meter_readings[0].meter_name() == "MTR-5"


@pytest.mark.parametrize(
    "catcher",
    [ReplyCatcher(status_code=503), ReplyCatcher(error=httpx.ConnectError("refused"))],
    ids=["http-503", "connection-refused"],
)
@pytest.mark.anyio
async def test_failed_delivery_is_recorded_and_the_app_keeps_serving(
    catcher: ReplyCatcher,
) -> None:
    settings = HeadEndSettings(mode="async", seed=19, http_client_factory=catcher)
    app = create_headend_app(settings)
    await post(app, async_request("MTR-1"))
    (delivery,) = await app.state.drain(timeout=5)
    assert not delivery.delivered
    assert delivery.address == REPLY_ADDRESS
    assert delivery.error is not None
    assert ("503" in delivery.error) or ("refused" in delivery.error)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://headend") as client:
        health = await client.get("/health")
    assert health.json() == {"status": "ok"}
    response = await post(app, encode(get_request("MTR-1")))
    assert response.status_code == 200


@pytest.mark.anyio
async def test_async_flag_without_reply_address_is_answered_synchronously() -> None:
    catcher = ReplyCatcher()
    app = create_headend_app(HeadEndSettings(mode="async", seed=20, http_client_factory=catcher))
    response = await post(app, encode(get_request("MTR-1", async_reply=True)))
    message = answer(response)
    assert [mr.meter_name() for mr in readings_of(message).meter_readings] == ["MTR-1"]
    assert await app.state.drain(timeout=1) == []
    assert catcher.clients == 0


@pytest.mark.anyio
async def test_sync_mode_ignores_the_async_flag() -> None:
    catcher = ReplyCatcher()
    app = create_headend_app(HeadEndSettings(mode="sync", seed=21, http_client_factory=catcher))
    response = await post(app, async_request("MTR-1"))
    assert len(readings_of(answer(response)).meter_readings) == 1
    assert catcher.clients == 0


# --- records, health, settings


@pytest.mark.anyio
async def test_requests_are_recorded_and_health_answers() -> None:
    app = create_headend_app(HeadEndSettings(seed=22))
    await post(app, encode(get_request("MTR-1"), SoapVersion.SOAP12), SoapVersion.SOAP12)
    await post(app, b"<broken", SoapVersion.SOAP11)
    first, second = app.state.requests
    assert first.soap_version is SoapVersion.SOAP12
    assert first.message is not None and first.message.header.message_id == "REQ-1"
    assert first.error is None
    assert second.message is None and second.error is not None
    assert second.body == b"<broken"
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://headend") as client:
        response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize(
    "fields",
    [{"failure_rate": 1.5}, {"failure_rate": -0.1}, {"delay_seconds": -1}, {"mode": "later"}],
)
def test_settings_refuse_nonsense(fields: dict[str, object]) -> None:
    with pytest.raises(ConfigurationError):
        HeadEndSettings(**fields)  # type: ignore[arg-type]
