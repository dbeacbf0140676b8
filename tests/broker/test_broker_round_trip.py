"""A 61968-100 message through ActiveMQ and back, as a Java JMS peer would see it: the JMS headers
(JMSCorrelationID, JMSReplyTo, JMSType, persistent, the MessageID property) are asserted on the
received frames; acknowledgement, competing consumers and redelivery are the broker's, tested."""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from _broker_support import WAIT, wait_until

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
from mspcim.gateway.broker.client import BrokerClient, Delivery
from mspcim.gateway.broker.destinations import DestinationNaming
from mspcim.gateway.broker.headers import incoming, outgoing
from mspcim.gateway.broker.settings import BrokerSettings
from services import ActiveMQ

pytestmark = pytest.mark.services


@pytest.fixture
def naming() -> DestinationNaming:
    return DestinationNaming(prefix=f"t{uuid.uuid4().hex[:10]}", group="gateway")


def connected(activemq: ActiveMQ, name: str, **settings: object) -> BrokerClient:
    client = BrokerClient(BrokerSettings(url=activemq.url, **settings), name=name)  # type: ignore[arg-type]
    client.start()
    assert client.wait_connected(WAIT), f"{name} did not connect"
    return client


@pytest.fixture
def clients(activemq: ActiveMQ) -> Iterator[list[BrokerClient]]:
    made: list[BrokerClient] = []
    yield made
    for client in made:
        client.close()


class Inbox:
    """Collects deliveries; acknowledges them unless told not to."""

    def __init__(self, client: BrokerClient, acknowledge: bool = True) -> None:
        self.client = client
        self.acknowledge = acknowledge
        self.items: list[Delivery] = []
        self.lock = threading.Lock()

    def __call__(self, delivery: Delivery) -> None:
        with self.lock:
            self.items.append(delivery)
        if self.acknowledge:
            self.client.ack(delivery)


def get_meter_readings(message_id: str, reply_address: str) -> Message:
    return Message(
        kind=MessageKind.REQUEST,
        header=Header(
            verb=Verb.GET,
            noun="MeterReadings",
            timestamp=datetime(2026, 11, 24, 12, 0, tzinfo=UTC),
            source="mspcim",
            async_reply_flag=True,
            reply_address=reply_address,
            message_id=message_id,
            correlation_id=message_id,
        ),
        request=Request(ids=[ObjectID("M1001", kind="name", object_type="Meter")]),
    )


def test_request_and_reply_with_jms_headers(activemq, clients, naming, assert_schema_valid):
    requester = connected(activemq, "requester")
    provider = connected(activemq, "provider")
    clients += [requester, provider]
    requests, replies = Inbox(provider), Inbox(requester)
    provider.subscribe(naming.request(Verb.GET, "MeterReadings"), requests)
    requester.subscribe(naming.reply, replies)

    message_id = str(uuid.uuid4())
    request = get_meter_readings(message_id, naming.reply.uri)
    body = xmlsafe.serialize(build_message(request))
    assert_schema_valid(body)
    requester.send(
        naming.request(Verb.GET, "MeterReadings"),
        body,
        outgoing(request, reply_to=naming.reply, origin="gateway"),
    )

    [received] = wait_until(lambda: requests.items, "the request at the provider")
    assert received.body == body
    jms = incoming(received.headers)
    assert jms.broker_message_id and jms.broker_message_id.startswith("ID:")
    assert jms.message_id == message_id
    assert jms.correlation_id == message_id
    assert jms.reply_to == naming.reply
    assert jms.type == "RequestMessage"
    assert jms.persistent is True
    assert jms.redelivered is False
    assert received.headers["Noun"] == "MeterReadings"
    assert received.headers["Verb"] == "get"
    assert "content-length" not in received.headers, "sent as a JMS TextMessage"
    assert read_message(xmlsafe.parse(received.body)).request.ids[0].value == "M1001"

    # the provider answers on JMSReplyTo with the request's correlation id, as JMS peers do
    reply = Message(
        kind=MessageKind.RESPONSE,
        header=Header(
            verb=Verb.REPLY,
            noun="MeterReadings",
            timestamp=datetime(2026, 11, 24, 12, 0, 1, tzinfo=UTC),
            source="headend",
            message_id=str(uuid.uuid4()),
            correlation_id=message_id,
        ),
        reply=Reply(ReplyResult.OK),
    )
    reply_body = xmlsafe.serialize(build_message(reply))
    assert_schema_valid(reply_body)
    assert jms.reply_to is not None
    provider.send(jms.reply_to, reply_body, outgoing(reply))

    [answer] = wait_until(lambda: replies.items, "the reply at the requester")
    answered = incoming(answer.headers)
    assert answered.correlation_id == message_id
    assert answered.type == "ResponseMessage"
    assert answered.persistent
    assert answered.destination == naming.reply.stomp
    assert read_message(xmlsafe.parse(answer.body)).header.correlation_id == message_id


def test_competing_consumers_each_message_to_one(activemq, clients, naming):
    sender = connected(activemq, "sender")
    workers = [connected(activemq, f"worker-{n}", prefetch=1) for n in range(3)]
    clients += [sender, *workers]
    inboxes = [Inbox(worker) for worker in workers]
    for worker, inbox in zip(workers, inboxes, strict=True):
        worker.subscribe(naming.reply, inbox)
    sent = [f"<n{n}/>".encode() for n in range(30)]
    for body in sent:
        sender.send(naming.reply, body, {"persistent": "true"})
    wait_until(lambda: sum(len(i.items) for i in inboxes) >= len(sent), "30 deliveries")
    received = [d.body for inbox in inboxes for d in inbox.items]
    assert sorted(received) == sorted(sent), "each message exactly once"
    assert sum(1 for inbox in inboxes if inbox.items) >= 2, "the work was shared"


def test_unacknowledged_message_is_delivered_again_to_another_consumer(activemq, clients, naming):
    sender = connected(activemq, "sender")
    first = connected(activemq, "first")
    clients += [sender, first]
    holding = Inbox(first, acknowledge=False)
    first.subscribe(naming.reply, holding)
    sender.send(naming.reply, b"<only/>", {"persistent": "true", "MessageID": "m-1"})
    [held] = wait_until(lambda: holding.items, "the first delivery")
    assert incoming(held.headers).redelivered is False
    first.close()  # dies before acknowledging

    second = connected(activemq, "second")
    clients.append(second)
    taken = Inbox(second)
    second.subscribe(naming.reply, taken)
    [again] = wait_until(lambda: taken.items, "the redelivery")
    assert again.body == b"<only/>"
    assert incoming(again.headers).message_id == "m-1"
    assert incoming(again.headers).redelivered is True


def test_a_send_the_broker_cannot_take_is_a_transport_error(activemq, naming):
    client = BrokerClient(BrokerSettings(url="stomp://127.0.0.1:9"), name="nowhere")
    with pytest.raises(
        TransportError, match=re.escape("not connected to the broker at stomp://127.0.0.1:9")
    ):
        client.send(naming.reply, b"<x/>", {})
    client.close()
