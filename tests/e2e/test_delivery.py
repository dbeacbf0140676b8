"""Guaranteed delivery: retries while a peer is down, dead letters when it refuses or never comes.

Covers both outbound legs: the notification to the MultiSpeak caller and the request to the CIM
system (whose failure must still reach the caller, as errorStrings).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mspcim import reply_codes, xmlsafe
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import (
    Error,
    ErrorLevel,
    Header,
    Message,
    MessageKind,
    Reply,
    ReplyResult,
    Verb,
)
from mspcim.cim.meter_readings_2013 import NAMESPACE as MR
from mspcim.cim.meter_readings_2013 import build_meter_readings
from mspcim.gateway.config import RetryPolicy
from mspcim.gateway.serving import free_port
from mspcim.gateway.store import OutboxState, Purpose, TransactionState
from mspcim.sim.cb import CbSettings
from mspcim.sim.headend import HeadEndSettings
from mspcim.sim.readings import simulate_meter_readings
from mspcim.soap import SoapFault, SoapVersion, build_envelope, build_fault

pytestmark = pytest.mark.e2e

METERS = ["M7001", "M7002"]
PATIENT = RetryPolicy(attempts=60, initial_delay=0.1, max_delay=0.3, multiplier=1.5)
BRIEF = RetryPolicy(attempts=3, initial_delay=0.05, max_delay=0.1)


def refusing_app(status: int, body: bytes, media_type: str) -> Starlette:
    """A peer answering every POST with ``body``; what it received is in ``state.received``."""
    received: list[bytes] = []

    async def endpoint(request: Request) -> Response:
        received.append(await request.body())
        return Response(body, status_code=status, media_type=media_type)

    app = Starlette(routes=[Route("/{path:path}", endpoint, methods=["POST"])])
    app.state.received = received
    return app


def soap11_fault(reason: str, detail: list | None = None) -> bytes:
    fault = SoapFault(reason=reason, sender=True, detail=detail or [])
    return xmlsafe.serialize(build_fault(SoapVersion.SOAP11, fault))


def notification_item(stack):
    items = [item for item in stack.store.outbox() if item.purpose == Purpose.MSP_NOTIFICATION]
    assert len(items) <= 1
    return items[0] if items else None


def test_cb_down_for_a_while_gets_the_notification_once_it_is_up(stack):
    stack.start_headend(HeadEndSettings(seed=21))
    cb_port = free_port()
    stack.start_gateway(retry=PATIENT)
    response_url = f"http://127.0.0.1:{cb_port}/CB_Server"

    assert stack.initiate(METERS, "TX-CB-DOWN", response_url=response_url) == []

    def failed_twice():
        item = notification_item(stack)
        return item if item is not None and item.attempts >= 2 else None

    failing = stack.wait_until(failed_twice, "two failed notification attempts")
    assert failing.state is OutboxState.PENDING
    assert failing.url == response_url
    assert "cannot reach" in (failing.last_error or "")
    assert stack.transaction("TX-CB-DOWN").state is TransactionState.REPLIED

    stack.start_cb(port=cb_port)

    [notification] = stack.wait_notifications(1)
    assert notification.transaction_id == "TX-CB-DOWN"
    assert sorted(notification.meter_ids) == METERS
    stack.wait_state("TX-CB-DOWN", TransactionState.DELIVERED)
    sent = stack.wait_outbox(Purpose.MSP_NOTIFICATION, OutboxState.SENT)
    assert sent.attempts > failing.attempts
    assert sent.last_error is None
    assert len(stack.cb_app.state.notifications) == 1, "delivered exactly once"


CB_FAULT = (500, soap11_fault("notification rejected by policy"), "text/xml")
CB_404 = (404, b"no such endpoint", "text/plain")
REFUSING_CBS = [
    pytest.param(*CB_FAULT, "rejected by policy", id="soap-fault"),
    pytest.param(*CB_404, "HTTP 404", id="http-404"),
]


@pytest.mark.parametrize(("status", "body", "media_type", "words"), REFUSING_CBS)
def test_cb_refusing_the_notification_makes_it_a_dead_letter(
    stack, assert_schema_valid, status, body, media_type, words
):
    stack.start_headend(HeadEndSettings(seed=22))
    stack.start_cb(app=refusing_app(status, body, media_type))
    stack.start_gateway(retry=BRIEF)

    assert stack.initiate(METERS, "TX-REFUSED") == []

    failed = stack.wait_state("TX-REFUSED", TransactionState.FAILED)
    assert words in (failed.detail or "")
    dead = notification_item(stack)
    assert dead.state is OutboxState.DEAD
    assert words in (dead.last_error or "")
    assert stack.cb_app.state.received
    for received in stack.cb_app.state.received:
        assert_schema_valid(received)
        assert b"<transactionID>TX-REFUSED</transactionID>" in received


def test_cb_answering_error_objects_is_delivered_with_the_errors_as_detail(stack):
    stack.start(HeadEndSettings(seed=23), CbSettings(fail_with="readings not wanted today"))

    assert stack.initiate(METERS, "TX-ERRORS") == []

    [notification] = stack.wait_notifications(1)
    assert notification.transaction_id == "TX-ERRORS"
    delivered = stack.wait_state("TX-ERRORS", TransactionState.DELIVERED)
    assert delivered.detail == "caller answered with errors: readings not wanted today"
    stack.wait_outbox(Purpose.MSP_NOTIFICATION, OutboxState.SENT)


def test_cb_never_up_ends_in_a_dead_letter_after_the_retry_budget(stack):
    stack.start_headend(HeadEndSettings(seed=24))
    stack.start_gateway(retry=BRIEF)
    response_url = f"http://127.0.0.1:{free_port()}/CB_Server"

    assert stack.initiate(METERS, "TX-NEVER", response_url=response_url) == []

    failed = stack.wait_state("TX-NEVER", TransactionState.FAILED)
    assert "cannot reach" in (failed.detail or "")
    dead = notification_item(stack)
    assert dead.state is OutboxState.DEAD
    assert dead.attempts == BRIEF.attempts


def test_cim_system_down_for_good_fails_every_meter_to_the_caller(stack):
    stack.start_cb()
    stack.start_gateway(cim_endpoint=f"http://127.0.0.1:{free_port()}/", retry=BRIEF)

    assert stack.initiate(METERS, "TX-NO-CIM") == []

    [notification] = stack.wait_notifications(1)
    assert notification.transaction_id == "TX-NO-CIM"
    reads = notification.notification.changed_meter_reads
    assert sorted(read.meter_id.value for read in reads) == METERS
    for read in reads:
        assert read.reading_values == []
        assert read.error_string.startswith("the CIM system could not be reached")
    stack.wait_state("TX-NO-CIM", TransactionState.DELIVERED)
    [request] = [i for i in stack.store.outbox() if i.purpose == Purpose.CIM_REQUEST]
    assert request.state is OutboxState.DEAD
    assert request.attempts == BRIEF.attempts


def cim_fault_app() -> Starlette:
    """A CIM system refusing every request: SOAP Fault with a FaultMessage in its detail."""
    fault_message = Message(
        MessageKind.FAULT,
        None,
        reply=Reply(
            ReplyResult.FAILED,
            [Error(code=reply_codes.INVALID_NOUN, level=ErrorLevel.FATAL, reason="no readings")],
        ),
    )
    body = soap11_fault("head-end in maintenance", [build_message(fault_message)])
    return refusing_app(500, body, "text/xml")


def test_cim_system_refusing_the_request_fails_every_meter_to_the_caller(
    stack, assert_schema_valid
):
    stack.start_headend(app=cim_fault_app())
    stack.start_cb()
    stack.start_gateway(retry=BRIEF)

    assert stack.initiate(METERS, "TX-CIM-FAULT") == []

    [notification] = stack.wait_notifications(1)
    assert notification.transaction_id == "TX-CIM-FAULT"
    reads = notification.notification.changed_meter_reads
    assert sorted(read.meter_id.value for read in reads) == METERS
    for read in reads:
        assert read.reading_values == []
        assert "SOAP Fault from the CIM system: head-end in maintenance" in read.error_string
    stack.wait_state("TX-CIM-FAULT", TransactionState.DELIVERED)
    [request] = [i for i in stack.store.outbox() if i.purpose == Purpose.CIM_REQUEST]
    assert request.state is OutboxState.DEAD
    for received in stack.headend_app.state.received:
        assert_schema_valid(received)


def untranslatable_cim_app() -> Starlette:
    """A CIM system answering at once, with a reading value that is not a number."""
    received: list[bytes] = []

    async def endpoint(request: Request) -> Response:
        body = await request.body()
        received.append(body)
        asked = read_message(xmlsafe.parse(body))
        meters = [object_id.value for object_id in asked.request.ids]
        at = datetime.now(UTC).replace(microsecond=0)
        document = build_meter_readings(simulate_meter_readings(meters, at, random.Random(1)))
        reading = document.find(f"{{{MR}}}MeterReading").find(f"{{{MR}}}Readings")
        reading.find(f"{{{MR}}}value").text = "n/a"
        reply = Message(
            MessageKind.RESPONSE,
            Header(verb=Verb.REPLY, noun="MeterReadings", correlation_id=asked.header.message_id),
            reply=Reply(ReplyResult.OK),
            payload=[document],
        )
        content = xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [build_message(reply)]))
        return Response(content, media_type="text/xml")

    app = Starlette(routes=[Route("/{path:path}", endpoint, methods=["POST"])])
    app.state.received = received
    return app


def test_untranslatable_synchronous_answer_fails_every_meter_with_its_reason(stack):
    stack.start_headend(app=untranslatable_cim_app())
    stack.start_cb()
    stack.start_gateway(retry=BRIEF)

    assert stack.initiate(METERS, "TX-NAN") == []

    [notification] = stack.wait_notifications(1)
    reads = notification.notification.changed_meter_reads
    assert sorted(read.meter_id.value for read in reads) == METERS
    for read in reads:
        assert read.reading_values == []
        assert "answer cannot be translated: not a number: 'n/a'" in read.error_string
        assert "/MeterReadings/MeterReading[1]/Readings[1]/value" in read.error_string
    stack.wait_state("TX-NAN", TransactionState.DELIVERED)


@pytest.mark.parametrize(
    ("peer", "app"),
    [
        ("cb", lambda: refusing_app(*CB_FAULT)),
        ("cb", lambda: refusing_app(*CB_404)),
        ("cim", cim_fault_app),
        ("cim", untranslatable_cim_app),
    ],
    ids=["cb-soap-fault", "cb-http-404", "cim-soap-fault", "cim-untranslatable"],
)
def test_a_refusal_is_not_retried(stack, peer, app):
    if peer == "cim":
        stack.start_headend(app=app())
        stack.start_cb()
    else:
        stack.start_headend(HeadEndSettings(seed=25))
        stack.start_cb(app=app())
    refusing = stack.headend_app if peer == "cim" else stack.cb_app
    stack.start_gateway(retry=BRIEF)

    assert stack.initiate(METERS, "TX-ONCE") == []

    final = (TransactionState.DELIVERED, TransactionState.FAILED)
    stack.wait_until(lambda: stack.transaction("TX-ONCE").state in final, "a final state")
    purpose = Purpose.CIM_REQUEST if peer == "cim" else Purpose.MSP_NOTIFICATION
    [item] = [i for i in stack.store.outbox() if i.purpose == purpose]
    assert item.state is OutboxState.DEAD
    assert len(refusing.state.received) == 1, "the refused message was sent again"
    assert item.attempts == 1
