"""JMS header mapping of a 61968-100 message: what a Java JMS peer reads. No broker needed."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from mspcim.cim.message import Header, Message, MessageKind, Reply, ReplyResult, Verb
from mspcim.gateway.broker.destinations import Destination, DestinationNaming
from mspcim.gateway.broker.headers import (
    JMS_HEADERS,
    JMS_PROPERTIES,
    ORIGIN,
    incoming,
    outgoing,
)

REPLY_QUEUE = DestinationNaming().reply


def request(message_id: str = "m-1", correlation_id: str | None = None) -> Message:
    return Message(
        kind=MessageKind.REQUEST,
        header=Header(
            verb=Verb.GET,
            noun="MeterReadings",
            timestamp=datetime(2026, 11, 24, 12, 0, tzinfo=UTC),
            source="mspcim",
            async_reply_flag=True,
            reply_address=REPLY_QUEUE.uri,
            message_id=message_id,
            correlation_id=correlation_id,
        ),
    )


def test_request_headers() -> None:
    headers = outgoing(request(correlation_id="c-9"), reply_to=REPLY_QUEUE, origin="gateway")
    assert headers == {
        "persistent": "true",
        "priority": "4",
        "type": "RequestMessage",
        "correlation-id": "c-9",
        "reply-to": "/queue/mspcim.reply.gateway",
        "MessageID": "m-1",
        "Verb": "get",
        "Noun": "MeterReadings",
        "Source": "mspcim",
        ORIGIN: "gateway",
    }


def test_correlation_falls_back_to_message_id() -> None:
    assert outgoing(request("m-7"))["correlation-id"] == "m-7"


def test_reply_without_header_still_typed_and_persistent() -> None:
    fault = Message(MessageKind.FAULT, None, reply=Reply(ReplyResult.FAILED))
    assert outgoing(fault) == {"persistent": "true", "priority": "4", "type": "FaultMessage"}


def test_every_header_set_is_declared() -> None:
    declared = {mapping.stomp for mapping in (*JMS_HEADERS, *JMS_PROPERTIES)}
    sent = outgoing(request(correlation_id="c"), reply_to=REPLY_QUEUE, origin="g")
    assert set(sent) <= declared
    assert {m.jms for m in JMS_HEADERS} >= {"JMSCorrelationID", "JMSReplyTo", "JMSType"}


def test_incoming_reads_what_activemq_delivers() -> None:
    frame = {
        "message-id": "ID:host-1:1:1:1:1",
        "correlation-id": "c-1",
        "reply-to": "/remote-temp-queue/ID:host-2:1:1",
        "type": "ResponseMessage",
        "persistent": "true",
        "redelivered": "true",
        "MessageID": "m-2",
        "destination": "/queue/mspcim.reply.gateway",
        ORIGIN: "gateway",
    }
    jms = incoming(frame)
    assert jms.broker_message_id == "ID:host-1:1:1:1:1"
    assert jms.message_id == "m-2"
    assert jms.correlation_id == "c-1"
    assert jms.reply_to == Destination.parse("/remote-temp-queue/ID:host-2:1:1")
    assert (jms.type, jms.persistent, jms.redelivered) == ("ResponseMessage", True, True)
    assert jms.origin == "gateway"


def test_incoming_without_optional_headers() -> None:
    jms = incoming({"message-id": "ID:x", "reply-to": "http://not-a-destination/"})
    assert jms.reply_to is None
    assert (jms.persistent, jms.redelivered, jms.message_id) == (False, False, None)


@given(
    message_id=st.uuids().map(str),
    correlation_id=st.one_of(st.none(), st.uuids().map(str)),
    noun=st.sampled_from(["MeterReadings", "EndDeviceControls", "CustomerConfig"]),
)
def test_outgoing_then_incoming_keeps_the_ids(
    message_id: str, correlation_id: str | None, noun: str
) -> None:
    message = request(message_id, correlation_id)
    assert message.header is not None
    message.header.noun = noun
    jms = incoming(outgoing(message, reply_to=REPLY_QUEUE))
    assert jms.message_id == message_id
    assert jms.correlation_id == (correlation_id or message_id)
    assert jms.reply_to == REPLY_QUEUE
    assert jms.persistent
