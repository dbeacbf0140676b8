"""BrokerLink without a broker: what it subscribes, when it acknowledges, where it answers."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path

import pytest
from starlette.requests import Request
from starlette.responses import Response

from mspcim.exceptions import TransportError
from mspcim.gateway.app import create_app
from mspcim.gateway.broker.client import Delivery
from mspcim.gateway.broker.destinations import Destination
from mspcim.gateway.broker.link import BrokerLink
from mspcim.gateway.broker.settings import BrokerSettings
from mspcim.gateway.config import GatewaySettings
from mspcim.gateway.runtime import Runtime

BROKER = BrokerSettings(url="stomp://mq:61613", prefix="p", group="g", cim_transport="broker")


class FakeClient:
    def __init__(self, fail_sends: bool = False) -> None:
        self.acked: list[Delivery] = []
        self.nacked: list[Delivery] = []
        self.sent: list[tuple[Destination, bytes, dict[str, str]]] = []
        self.fail_sends = fail_sends

    def ack(self, delivery: Delivery) -> bool:
        self.acked.append(delivery)
        return True

    def nack(self, delivery: Delivery) -> bool:
        self.nacked.append(delivery)
        return True

    async def asend(
        self, destination: Destination, body: bytes, headers: Mapping[str, str]
    ) -> None:
        if self.fail_sends:
            raise TransportError("broker gone")
        self.sent.append((destination, body, dict(headers)))


class FakeEndpoint:
    def __init__(self, status: int = 200, error: Exception | None = None) -> None:
        self.status = status
        self.error = error
        self.seen: list[tuple[bytes, str | None, str | None]] = []

    async def handle(self, request: Request) -> Response:
        body = await request.body()
        self.seen.append(
            (body, request.client.host if request.client else None, request.headers["content-type"])
        )
        if self.error is not None:
            raise self.error
        return Response(b"<answer/>", status_code=self.status, media_type="application/xml")


@pytest.fixture
def link(tmp_path: Path) -> BrokerLink:
    settings = GatewaySettings(db_path=tmp_path / "gateway.db", broker=BROKER).validate()
    created = BrokerLink.attach(Runtime.create(settings))
    assert created is not None
    return created


def delivery(**headers: str) -> Delivery:
    return Delivery(b"<msg/>", {"destination": "/queue/p.reply.g", **headers}, "s", "a-1", 1)


def take(link: BrokerLink, endpoint: FakeEndpoint, client: FakeClient, item: Delivery) -> None:
    link.endpoint = endpoint  # type: ignore[assignment]
    link.client = client  # type: ignore[assignment]
    asyncio.run(link._take(item))


def test_http_transport_attaches_nothing(tmp_path: Path) -> None:
    runtime = Runtime.create(GatewaySettings(db_path=tmp_path / "gateway.db"))
    transport = runtime.transport
    assert BrokerLink.attach(runtime) is None
    assert runtime.transport is transport


def test_the_runtime_sends_through_the_broker_and_consumes_the_groups_queues(link) -> None:
    assert link.runtime.transport is link.transport
    link.consume(link.endpoint, ["EndDeviceEvents", "MeterReadings", "EndDeviceEvents"])  # type: ignore[arg-type]
    assert [d.uri for d in link.sources] == [
        "queue://p.reply.g",
        "queue://Consumer.g.VirtualTopic.p.event.EndDeviceEvents",
        "queue://Consumer.g.VirtualTopic.p.event.MeterReadings",
    ]


def test_the_app_consumes_every_noun_its_flows_receive(tmp_path: Path) -> None:
    settings = GatewaySettings(db_path=tmp_path / "gateway.db", broker=BROKER).validate()
    app = create_app(settings)
    assert app.state.runtime.settings.reply_address == "queue://p.reply.g"
    link = app.state.broker
    assert isinstance(link, BrokerLink)
    assert {"MeterReadings", "EndDeviceEvents", "EndDeviceControls"} <= set(link.nouns)
    assert link.sources[0].uri == "queue://p.reply.g"
    assert link.endpoint is not None and link.endpoint.gatekeeper.credentials is None
    app.state.runtime.store.close()


def test_a_handled_message_is_acknowledged_after_the_endpoint_returned(link) -> None:
    endpoint, client = FakeEndpoint(), FakeClient()
    item = delivery()
    take(link, endpoint, client, item)
    assert endpoint.seen == [(b"<msg/>", "/queue/p.reply.g", "application/xml")]
    assert client.acked == [item]
    assert client.sent == [], "no JMSReplyTo: no answer sent"


def test_the_answer_goes_to_jms_reply_to_with_the_correlation(link) -> None:
    client = FakeClient()
    take(
        link,
        FakeEndpoint(),
        client,
        delivery(**{"reply-to": "/queue/hes.acks", "MessageID": "e-1"}),
    )
    [(destination, body, headers)] = client.sent
    assert destination.uri == "queue://hes.acks"
    assert body == b"<answer/>"
    assert headers == {"persistent": "true", "type": "ResponseMessage", "correlation-id": "e-1"}
    assert len(client.acked) == 1


def test_an_answer_that_cannot_be_sent_does_not_hold_the_message(link) -> None:
    client = FakeClient(fail_sends=True)
    take(link, FakeEndpoint(), client, delivery(**{"reply-to": "/queue/hes.acks"}))
    assert len(client.acked) == 1, "the store committed: acknowledged all the same"


@pytest.mark.parametrize(
    "endpoint",
    [FakeEndpoint(status=500), FakeEndpoint(error=RuntimeError("bug"))],
    ids=["500", "raised"],
)
def test_an_internal_error_gives_the_message_back(link, endpoint) -> None:
    client = FakeClient()
    take(link, endpoint, client, delivery())
    assert client.nacked and not client.acked


def test_refused_input_is_acknowledged_not_redelivered(link) -> None:
    client = FakeClient()
    take(link, FakeEndpoint(status=400), client, delivery())
    assert client.acked and not client.nacked


def test_the_groups_own_event_is_acknowledged_unread(link) -> None:
    endpoint, client = FakeEndpoint(), FakeClient()
    take(link, endpoint, client, delivery(type="EventMessage", mspcimOrigin="g"))
    assert endpoint.seen == []
    assert len(client.acked) == 1
    # another group's event is handled
    take(link, endpoint, client, delivery(type="EventMessage", mspcimOrigin="other"))
    assert len(endpoint.seen) == 1
