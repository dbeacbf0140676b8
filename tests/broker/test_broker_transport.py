"""BrokerTransport without a broker: what goes where, with which headers, and what the outbox
is told back. A fake client stands in for the STOMP connection."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mspcim import xmlsafe
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import (
    Header,
    Message,
    MessageKind,
    ObjectID,
    Reply,
    ReplyResult,
    Request,
    Verb,
)
from mspcim.exceptions import TransportError
from mspcim.gateway.broker.client import Delivery, DeliveryHandler
from mspcim.gateway.broker.destinations import Destination
from mspcim.gateway.broker.headers import incoming
from mspcim.gateway.broker.settings import BrokerSettings
from mspcim.gateway.broker.transport import BrokerTransport, unwrap
from mspcim.gateway.flows.common import cim_request
from mspcim.gateway.soap_client import read_soap_answer
from mspcim.gateway.transport import HttpResponse, MockTransport

CIM = "http://cim.example/"
SETTINGS = BrokerSettings(url="stomp://mq:61613", prefix="p", group="g", send_timeout=1.0)


class FakeClient:
    """Records sends; can answer a synchronous request on the subscribed temporary queue."""

    def __init__(self, answer: bytes | None = None, down: bool = False) -> None:
        self.sent: list[tuple[Destination, bytes, dict[str, str]]] = []
        self.handlers: dict[str, tuple[Destination, DeliveryHandler]] = {}
        self.answer = answer
        self.down = down

    async def asend(
        self, destination: Destination, body: bytes, headers: Mapping[str, str]
    ) -> None:
        if self.down:
            raise TransportError("not connected to the broker at stomp://mq:61613")
        self.sent.append((destination, body, dict(headers)))
        if self.answer is not None and "reply-to" in headers:
            [(_, handler)] = self.handlers.values()
            reply = {
                "correlation-id": headers["correlation-id"],
                "destination": headers["reply-to"],
            }
            handler(Delivery(self.answer, reply, "s", None, 1))

    def subscribe(self, destination: Destination, handler: DeliveryHandler, **_: object) -> str:
        self.handlers[destination.uri] = (destination, handler)
        return destination.uri

    def unsubscribe(self, subscription_id: str) -> None:
        self.handlers.pop(subscription_id, None)


def transport(client: FakeClient, inner: MockTransport | None = None) -> BrokerTransport:
    return BrokerTransport(
        client,  # type: ignore[arg-type]
        SETTINGS,
        cim_endpoint=CIM,
        inner=inner or MockTransport(lambda url, body, headers: HttpResponse(599, b"")),
        clock=lambda: 1_795_000_000.0,
    )


def message(
    kind: MessageKind = MessageKind.REQUEST,
    verb: Verb = Verb.GET,
    noun: str = "MeterReadings",
    message_id: str = "m-1",
    asynchronous: bool = True,
    reply_address: str | None = "queue://p.reply.g",
) -> Message:
    return Message(
        kind=kind,
        header=Header(
            verb=verb,
            noun=noun,
            timestamp=datetime(2026, 11, 24, tzinfo=UTC),
            source="mspcim",
            async_reply_flag=asynchronous if kind is MessageKind.REQUEST else None,
            reply_address=reply_address,
            message_id=message_id,
        ),
        request=Request(ids=[ObjectID("M1")]) if verb is Verb.GET else None,
        reply=Reply(ReplyResult.OK) if kind is MessageKind.RESPONSE else None,
    )


def send(transport: BrokerTransport, url: str, sent: Message) -> HttpResponse:
    body, headers = cim_request(sent)
    return asyncio.run(transport.send(url, body, headers))


def test_asynchronous_request_goes_to_its_query_queue_and_the_receipt_acknowledges(
    assert_schema_valid,
) -> None:
    client = FakeClient()
    response = send(transport(client), CIM, message())
    [(destination, body, headers)] = client.sent
    assert destination.uri == "queue://p.request.query.MeterReadings"
    assert_schema_valid(body)
    assert body.startswith(b"<?xml") and b"Envelope" not in body, "bare 61968-100 message"
    assert headers["reply-to"] == "/queue/p.reply.g"
    assert headers["correlation-id"] == headers["MessageID"] == "m-1"
    assert headers["mspcimOrigin"] == "g"
    # the outbox reads a SOAP answer: an acknowledgement naming the queue
    assert_schema_valid(response.body)
    answer = read_message(read_soap_answer(response, CIM).first_body)
    assert answer.kind is MessageKind.RESPONSE
    assert answer.reply is not None and answer.reply.result is ReplyResult.OK
    assert answer.payload == []
    assert answer.header.correlation_id == "m-1"
    assert (
        answer.header.comment == "accepted by the broker on queue://p.request.query.MeterReadings"
    )
    assert answer.header.source == "stomp://mq:61613"


def test_transaction_and_event_destinations() -> None:
    client = FakeClient()
    sender = transport(client)
    send(sender, CIM, message(verb=Verb.CREATE, noun="EndDeviceControls"))
    send(sender, CIM, message(MessageKind.EVENT, Verb.CREATED, "EndDeviceEvents", "m-2"))
    assert [d.uri for d, _, _ in client.sent] == [
        "queue://p.request.transaction.EndDeviceControls",
        "topic://VirtualTopic.p.event.EndDeviceEvents",
    ]
    assert "reply-to" not in client.sent[1][2], "an event asks no reply"
    assert client.sent[1][2]["type"] == "EventMessage"


def test_a_reply_goes_to_its_reply_address_and_any_destination_url_is_taken() -> None:
    client = FakeClient()
    sender = transport(client)
    send(sender, CIM, message(MessageKind.RESPONSE, Verb.REPLY, reply_address="queue://their.q"))
    send(sender, "topic://elsewhere.t", message(MessageKind.EVENT, Verb.CHANGED, "CustomerConfig"))
    assert [d.uri for d, _, _ in client.sent] == ["queue://their.q", "topic://elsewhere.t"]


def test_a_reply_without_a_destination_cannot_go_over_the_broker() -> None:
    with pytest.raises(TransportError, match="needs a broker ReplyAddress"):
        send(
            transport(FakeClient()),
            CIM,
            message(MessageKind.RESPONSE, Verb.REPLY, reply_address=None),
        )


def test_other_urls_go_through_the_inner_transport() -> None:
    inner = MockTransport(lambda url, body, headers: HttpResponse(200, b"<ok/>"))
    client = FakeClient()
    response = asyncio.run(
        transport(client, inner).send("http://cb.example/CB_Server", b"<x/>", {})
    )
    assert (response.status, response.body) == (200, b"<ok/>")
    assert inner.sent == [("http://cb.example/CB_Server", b"<x/>")]
    assert client.sent == []


def test_broker_down_is_a_retryable_transport_error() -> None:
    with pytest.raises(TransportError, match="not connected"):
        send(transport(FakeClient(down=True)), CIM, message())


def test_synchronous_request_waits_for_its_reply_on_the_temporary_queue(
    assert_schema_valid,
) -> None:
    reply = message(MessageKind.RESPONSE, Verb.REPLY, message_id="r-1", reply_address=None)
    assert reply.header is not None
    reply.header.correlation_id = "m-9"
    client = FakeClient(answer=xmlsafe.serialize(build_message(reply)))
    sender = transport(client)
    response = send(sender, CIM, message(message_id="m-9", asynchronous=False))
    [(destination, _, headers)] = client.sent
    assert destination.uri == "queue://p.request.query.MeterReadings"
    assert headers["reply-to"] == sender.temporary.stomp
    assert sender.temporary.stomp.startswith("/temp-queue/p.sync.")
    assert_schema_valid(response.body)
    answered = read_message(read_soap_answer(response, CIM).first_body)
    assert answered.header.message_id == "r-1"
    assert answered.header.correlation_id == "m-9"
    sender.close()
    assert client.handlers == {}


def test_synchronous_request_without_reply_times_out_as_transport_error() -> None:
    client = FakeClient()
    with pytest.raises(
        TransportError, match="no reply on the broker within 1s to get MeterReadings"
    ):
        send(transport(client), CIM, message(asynchronous=False))


@settings(max_examples=40, deadline=None)
@given(
    verb=st.sampled_from([Verb.GET, Verb.CREATE, Verb.CHANGE, Verb.CREATED, Verb.DELETED]),
    noun=st.sampled_from(["MeterReadings", "EndDeviceControls", "CustomerConfig"]),
    message_id=st.uuids().map(str),
)
def test_what_is_sent_reads_back_as_the_same_message(
    verb: Verb, noun: str, message_id: str
) -> None:
    kind = MessageKind.EVENT if verb.value.endswith("d") else MessageKind.REQUEST
    original = message(kind, verb, noun, message_id)
    client = FakeClient()
    send(transport(client), CIM, original)
    [(destination, body, headers)] = client.sent
    received = read_message(unwrap(body)[0])
    assert received.kind is kind
    assert (received.header.verb, received.header.noun) == (verb, noun)
    assert received.header.message_id == message_id
    jms = incoming(headers)
    assert (jms.message_id, jms.type, jms.persistent) == (message_id, kind.value, True)
    assert destination == SETTINGS.naming.for_message(verb, noun)
