"""``/cim/reply``: replies from the CIM side are taken, refused with a precise Error, or kept.

Every answer is a schema-valid 61968-100 message; a refused reply changes no state, and the read
it was meant for still waits for (and is completed by) a good reply.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from lxml import etree

from mspcim import ns, reply_codes, xmlsafe
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import (
    EnvelopeForm,
    Header,
    Message,
    MessageKind,
    ObjectID,
    Reply,
    ReplyResult,
    Request,
    Verb,
)
from mspcim.cim.meter_readings_2013 import NAMESPACE as MR
from mspcim.cim.meter_readings_2013 import build_meter_readings
from mspcim.gateway.store import OutboxState, Purpose, TransactionState
from mspcim.multispeak.v41.meter_reading import MeterID
from mspcim.multispeak.v41.operations import (
    ExpirationTime,
    InitiateMeterReadingsByMeterID,
    build_initiate_meter_readings_by_meter_id,
)
from mspcim.sim.readings import ENERGY_KWH, energy_register_kwh, simulate_meter_readings
from mspcim.soap import SoapVersion, build_envelope

pytestmark = pytest.mark.anyio

METERS = ["M1", "M2"]
T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
CB_URL = "http://cb.test/CB_Server"
CT11 = SoapVersion.SOAP11.content_type()
BARE = "application/xml"


def q(local: str) -> str:
    return f"{{{MR}}}{local}"


def reply_bytes(
    correlation_id: str | None,
    meters: list[str] = METERS,
    *,
    kind: MessageKind = MessageKind.RESPONSE,
    form: EnvelopeForm = EnvelopeForm.IEC61968_100,
    noun: str = "MeterReadings",
    soap: bool = True,
    mutate: Callable[[etree._Element], None] | None = None,
    payload: bool = True,
) -> bytes:
    """A reply carrying the simulated readings of ``meters`` at T0."""
    documents = []
    if payload:
        document = build_meter_readings(simulate_meter_readings(meters, T0, random.Random(5)))
        if mutate is not None:
            mutate(document)
        documents.append(document)
    message = Message(
        kind,
        Header(
            verb=Verb.CREATED if kind is MessageKind.EVENT else Verb.REPLY,
            noun=noun,
            timestamp=T0,
            source="test-headend",
            message_id="REPLY-1",
            correlation_id=correlation_id,
        ),
        reply=Reply(ReplyResult.OK) if kind is MessageKind.RESPONSE else None,
        payload=documents,
        form=form,
    )
    element = build_message(message)
    if not soap:
        return xmlsafe.serialize(element)
    return xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [element]))


def non_numeric_value(document: etree._Element) -> None:
    document.findall(q("MeterReading"))[0].findall(q("Readings"))[1].find(q("value")).text = "12,3"


def undeclared_reading_type(document: etree._Element) -> None:
    reading = document.findall(q("MeterReading"))[1].findall(q("Readings"))[0]
    reading.find(q("ReadingType")).set("ref", "kWh-register")


async def open_read(gateway, exp: ExpirationTime | None = None):
    call = InitiateMeterReadingsByMeterID(
        [MeterID(meter) for meter in METERS],
        CB_URL,
        "TX-REPLY",
        exp or ExpirationTime(1, "Hours"),
    )
    response = await gateway.soap(build_initiate_meter_readings_by_meter_id(call))
    assert response.status_code == 200, response.text
    return gateway.only_transaction()


async def post_reply(gateway, content: bytes, content_type: str = CT11):
    return await gateway.post("/cim/reply", content, content_type)


def answer_of(response, assert_schema_valid, soap: bool = True) -> Message:
    """The gateway's answer, schema-valid, in the wrapping of the request."""
    assert_schema_valid(response.content)
    root = xmlsafe.parse(response.content)
    assert (ns.local_name(root.tag) == "Envelope") is soap
    return read_message(root)


async def wait_state(gateway, correlation_id: str, state: TransactionState):
    for _ in range(500):
        transaction = gateway.store.transaction(correlation_id)
        if transaction.state is state:
            return transaction
        await asyncio.sleep(0.02)
    pytest.fail(f"transaction never became {state.value}: {transaction}")


@pytest.mark.parametrize(
    ("content_type", "soap"), [(CT11, True), (BARE, False)], ids=["soap", "bare"]
)
@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"<msg:ResponseMessage xmlns:msg='urn:x'><oops>", "malformed XML"),
        (b'<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><r>&e;</r>', "DTDs"),
        (b"<Hello/>", "not an IEC 61968-100 message"),
    ],
    ids=["malformed", "doctype", "not-a-message"],
)
async def test_unreadable_reply_gets_a_fault_message(
    gateway, assert_schema_valid, content_type, soap, content, words
):
    await open_read(gateway)
    before = gateway.snapshot()
    if soap and content == b"<Hello/>":  # readable XML: its wrapping decides the answer's
        content = xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [etree.Element("Hello")]))

    response = await post_reply(gateway, content, content_type)

    assert response.status_code == 400
    answer = answer_of(response, assert_schema_valid, soap)
    assert answer.kind is MessageKind.FAULT
    assert answer.reply.result is ReplyResult.FAILED
    [error] = answer.reply.errors
    assert error.code in (reply_codes.REFUSED_XML, reply_codes.INVALID_CONTENT)
    assert words in error.reason
    assert gateway.snapshot() == before


async def test_reply_with_unknown_correlation_id_is_refused_and_recorded(
    gateway, assert_schema_valid
):
    transaction = await open_read(gateway)
    before_counts = gateway.store.counts()

    response = await post_reply(gateway, reply_bytes("NO-SUCH-READ"))

    assert response.status_code == 200
    answer = answer_of(response, assert_schema_valid)
    assert answer.kind is MessageKind.RESPONSE
    assert answer.header.correlation_id == "REPLY-1"
    assert answer.reply.result is ReplyResult.FAILED
    [error] = answer.reply.errors
    assert error.code == reply_codes.UNKNOWN_CORRELATION == "6.5"
    assert error.xpath == "CorrelationID"
    assert "NO-SUCH-READ" in error.reason
    assert gateway.store.counts() == before_counts
    [kept] = gateway.store.messages("NO-SUCH-READ")
    assert (kept.direction, kept.side, kept.kind) == ("in", "cim", "ResponseMessage")
    assert b"NO-SUCH-READ" in kept.body
    assert gateway.store.transaction(transaction.correlation_id).state is TransactionState.ACCEPTED


@pytest.mark.parametrize(
    ("mutate", "xpath", "path", "words"),
    [
        (
            non_numeric_value,
            "value",
            "/MeterReadings/MeterReading[1]/Readings[2]/value",
            "not a number: '12,3'",
        ),
        (
            undeclared_reading_type,
            "ReadingType",
            "/MeterReadings/MeterReading[2]/Readings[1]/ReadingType",
            "'kWh-register' is neither a ReadingType code nor declared",
        ),
    ],
    ids=["non-numeric-value", "undeclared-reading-type"],
)
async def test_untranslatable_reply_is_refused_and_the_read_still_completes(
    gateway, assert_schema_valid, mutate, xpath, path, words
):
    async with gateway.running():
        transaction = await open_read(gateway)
        correlation = transaction.correlation_id
        await wait_state(gateway, correlation, TransactionState.REQUESTED)
        before = gateway.store.counts()

        response = await post_reply(gateway, reply_bytes(correlation, mutate=mutate))

        assert response.status_code == 200
        answer = answer_of(response, assert_schema_valid)
        assert answer.reply.result is ReplyResult.FAILED
        [error] = answer.reply.errors
        assert error.code == reply_codes.UNTRANSLATABLE
        assert error.xpath == xpath
        assert error.details == f"at {path}"
        assert words in error.reason
        assert f"<msg:xpath>{xpath}</msg:xpath>".encode() in response.content
        assert gateway.store.counts() == before
        assert gateway.store.transaction(correlation).state is TransactionState.REQUESTED

        good = await post_reply(gateway, reply_bytes(correlation))

        assert answer_of(good, assert_schema_valid).reply.result is ReplyResult.OK
        await wait_state(gateway, correlation, TransactionState.DELIVERED)
    [notification] = gateway.cb_app.state.notifications
    assert_schema_valid(notification.raw)
    assert notification.transaction_id == "TX-REPLY"
    reads = {read.meter_id.value: read for read in notification.notification.changed_meter_reads}
    assert sorted(reads) == METERS
    for meter in METERS:
        [energy] = [
            value
            for value in reads[meter].reading_values
            if value.reading_type_code.value == ENERGY_KWH.text
        ]
        assert energy.units == "kWh"
        assert energy.time_stamp == T0
        assert energy.value == str(energy_register_kwh(meter, T0))
    for _url, body in gateway.transport.sent:
        assert_schema_valid(body)


@pytest.mark.parametrize(
    ("kind", "form", "soap"),
    [
        (MessageKind.RESPONSE, EnvelopeForm.IEC61968_100, True),
        (MessageKind.RESPONSE, EnvelopeForm.NOUN_WRAPPER, False),
        (MessageKind.EVENT, EnvelopeForm.IEC61968_100, False),
        (MessageKind.EVENT, EnvelopeForm.NOUN_WRAPPER, True),
    ],
    ids=["response-100-soap", "response-noun-bare", "event-100-bare", "event-noun-soap"],
)
async def test_good_reply_in_any_form_queues_the_notification(
    gateway, assert_schema_valid, kind, form, soap
):
    transaction = await open_read(gateway)

    response = await post_reply(
        gateway,
        reply_bytes(transaction.correlation_id, kind=kind, form=form, soap=soap),
        CT11 if soap else BARE,
    )

    answer = answer_of(response, assert_schema_valid, soap)
    assert answer.kind is MessageKind.RESPONSE
    assert answer.reply.result is ReplyResult.OK
    assert answer.reply.errors == []
    replied = gateway.store.transaction(transaction.correlation_id)
    assert replied.state is TransactionState.REPLIED
    assert replied.detail == "6 reading values, 0 meters failed"
    outbox = gateway.store.outbox()
    assert [(item.purpose, item.state) for item in outbox] == [
        (Purpose.CIM_REQUEST, OutboxState.CANCELLED),
        (Purpose.MSP_NOTIFICATION, OutboxState.PENDING),
    ]
    assert outbox[1].url == CB_URL
    assert_schema_valid(outbox[1].body)
    assert b"<transactionID>TX-REPLY</transactionID>" in outbox[1].body


async def test_repeated_reply_is_kept_but_notified_once(gateway, assert_schema_valid):
    transaction = await open_read(gateway)
    reply = reply_bytes(transaction.correlation_id)

    first = await post_reply(gateway, reply)
    second = await post_reply(gateway, reply)

    assert answer_of(first, assert_schema_valid).reply.result is ReplyResult.OK
    assert answer_of(second, assert_schema_valid).reply.result is ReplyResult.OK
    purposes = [item.purpose for item in gateway.store.outbox()]
    assert purposes.count(Purpose.MSP_NOTIFICATION) == 1
    kept = [
        m for m in gateway.store.messages(transaction.correlation_id) if m.kind == "ResponseMessage"
    ]
    assert len(kept) == 2


async def test_reply_after_exptime_is_kept_and_expires_the_read(gateway, assert_schema_valid):
    transaction = await open_read(gateway, ExpirationTime(1, "Minutes"))
    gateway.peers.offset = 61.0  # the delivery worker is not running: nobody expired it yet

    response = await post_reply(gateway, reply_bytes(transaction.correlation_id))

    assert answer_of(response, assert_schema_valid).reply.result is ReplyResult.OK
    expired = gateway.store.transaction(transaction.correlation_id)
    assert expired.state is TransactionState.EXPIRED
    assert expired.detail == "reply arrived after expTime: kept, not delivered"
    assert [item.purpose for item in gateway.store.outbox()] == [Purpose.CIM_REQUEST]
    assert gateway.store.outbox()[0].state is OutboxState.CANCELLED
    kinds = [m.kind for m in gateway.store.messages(transaction.correlation_id)]
    assert kinds[-1] == "ResponseMessage"


async def test_reply_of_another_noun_is_refused(gateway, assert_schema_valid):
    transaction = await open_read(gateway)
    before = gateway.snapshot()

    response = await post_reply(
        gateway,
        reply_bytes(transaction.correlation_id, noun="WorkOrders", payload=False),
    )

    answer = answer_of(response, assert_schema_valid)
    assert answer.reply.result is ReplyResult.FAILED
    [error] = answer.reply.errors
    assert "Noun 'WorkOrders' is not served here" in error.reason
    assert error.xpath == "Noun"
    assert gateway.snapshot() == before


async def test_request_message_is_not_a_reply(gateway, assert_schema_valid):
    transaction = await open_read(gateway)
    before = gateway.snapshot()
    request = Message(
        MessageKind.REQUEST,
        Header(verb=Verb.GET, noun="MeterReadings", correlation_id=transaction.correlation_id),
        request=Request(ids=[ObjectID("M1")]),
    )

    response = await post_reply(
        gateway, xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [build_message(request)]))
    )

    answer = answer_of(response, assert_schema_valid)
    assert answer.reply.result is ReplyResult.FAILED
    assert (
        "takes ResponseMessage or EventMessage, not RequestMessage" in answer.reply.errors[0].reason
    )
    assert gateway.snapshot() == before
    assert gateway.store.transaction(transaction.correlation_id).state is TransactionState.ACCEPTED


@pytest.mark.parametrize(
    "form", [EnvelopeForm.IEC61968_100, EnvelopeForm.NOUN_WRAPPER], ids=["100", "noun"]
)
async def test_acknowledgement_marks_the_read_requested(gateway, assert_schema_valid, form):
    transaction = await open_read(gateway)
    ack = reply_bytes(transaction.correlation_id, form=form, payload=False)

    response = await post_reply(gateway, ack)

    assert answer_of(response, assert_schema_valid).reply.result is ReplyResult.OK
    acknowledged = gateway.store.transaction(transaction.correlation_id)
    assert acknowledged.state is TransactionState.REQUESTED
    assert [item.purpose for item in gateway.store.outbox()] == [Purpose.CIM_REQUEST]
