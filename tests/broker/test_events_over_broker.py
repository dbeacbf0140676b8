"""Events on the broker's topics: a CIM system's event reaches one worker of the gateway group
through ActiveMQ's virtual topic (and every plain topic subscriber still gets it); the gateway's
own events, published on the same topic, are not taken back."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime

import httpx
import pytest
from _broker_support import WAIT, BrokerStack, caller_header, wait_until

from mspcim import ns, xmlsafe
from mspcim.cim.end_device_events import (
    Asset,
    EndDeviceEvent,
    EndDeviceEvents,
    EndDeviceEventTypeRef,
    Name,
    NameType,
    NameTypeAuthority,
    read_2013,
    write_2013,
)
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import Header, Message, MessageKind, Verb
from mspcim.gateway.broker.client import BrokerClient, Delivery
from mspcim.gateway.broker.headers import ORIGIN, incoming, outgoing
from mspcim.multispeak.header import build_header
from mspcim.multispeak.v41.meter_event import (
    EventInstance,
    MeterEvent,
    MeterEventList,
    MeterEventNotification,
    build_meter_event_notification,
)
from mspcim.multispeak.v41.meter_reading import MeterID
from mspcim.soap import SoapVersion, build_envelope

pytestmark = pytest.mark.services

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def outage(meter: str) -> EndDeviceEvent:
    authority = NameTypeAuthority(name="MultiSpeak")
    return EndDeviceEvent(
        created_date_time=T0,
        assets=Asset(
            names=[
                Name(name=meter, name_type=NameType(name="meterID", name_type_authority=authority))
            ]
        ),
        end_device_event_type=EndDeviceEventTypeRef(ref="3.26.0.85"),
    )


class Topic:
    """A plain JMS topic subscriber (what any other CIM system on the bus would be)."""

    def __init__(self, client: BrokerClient) -> None:
        self.client = client
        self.items: list[Delivery] = []
        self.lock = threading.Lock()

    def __call__(self, delivery: Delivery) -> None:
        with self.lock:
            self.items.append(delivery)


def test_cim_event_reaches_the_cb_once_and_own_events_are_not_taken_back(
    broker_stack: BrokerStack,
) -> None:
    stack = broker_stack
    stack.start_cb()
    stack.start_headend()
    stack.start_gateway(meter_event_url=stack.response_url)
    naming = stack.broker_settings().naming
    observer = BrokerClient(stack.broker_settings(), name="observer")
    observer.start()
    try:
        assert observer.wait_connected(WAIT)
        topic = Topic(observer)
        observer.subscribe(naming.event("EndDeviceEvents"), topic, ack="auto")
        wait_until(lambda: stack.gateway_app is not None, "the gateway")

        # a head-end publishes created EndDeviceEvents on the topic
        event = Message(
            MessageKind.EVENT,
            Header(
                verb=Verb.CREATED,
                noun="EndDeviceEvents",
                timestamp=T0,
                source="Riverside HES",
                message_id=str(uuid.uuid4()),
                correlation_id="HES-C-1",
            ),
            payload=[write_2013(EndDeviceEvents(end_device_events=[outage("MTR-1")]))],
        )
        body = xmlsafe.serialize(build_message(event))
        stack.check(body)
        observer.send(naming.event("EndDeviceEvents"), body, outgoing(event))

        def meter_event_calls() -> list:
            return [c for c in stack.cb_app.state.calls if c.operation == "MeterEventNotification"]

        [call] = wait_until(meter_event_calls, "the MeterEventNotification at the CB")
        stack.check(call.raw)
        assert call.parsed.transaction_id == "HES-C-1"
        [instance] = call.parsed.events.event_instances
        assert instance.meter_id.value == "MTR-1"
        assert instance.meter_event.code == "Outage"
        assert (instance.meter_event.type, instance.meter_event.index) == ("3", "85")
        wait_until(lambda: topic.items, "the event at the plain topic subscriber")
        assert incoming(topic.items[0].headers).origin is None

        # a MultiSpeak MeterEventNotification becomes the gateway's own event on the same topic
        notification = MeterEventNotification(
            MeterEventList(
                event_instances=[
                    EventInstance(
                        MeterID("MTR-2", service_type="Electric"), MeterEvent("LowBattery"), T0
                    )
                ]
            ),
            "MDM-TX-1",
        )
        version = SoapVersion.SOAP11
        element = build_meter_event_notification(notification)
        response = httpx.post(
            f"{stack.gateway.url}/multispeak/v41/CB_Server",
            content=xmlsafe.serialize(
                build_envelope(version, [element], [build_header(caller_header())])
            ),
            headers=version.headers(ns.MSP41_ACTION_PREFIX + "MeterEventNotification"),
            timeout=WAIT,
        )
        assert response.status_code == 200, response.text
        own = wait_until(
            lambda: [d for d in topic.items if incoming(d.headers).origin == "gateway"],
            "the gateway's own event on the topic",
        )
        published = read_message(xmlsafe.parse(own[0].body))
        stack.check(own[0].body)
        assert (published.header.verb, published.header.noun) == (Verb.CREATED, "EndDeviceEvents")
        assert published.header.correlation_id == "MDM-TX-1"
        events = read_2013(published.payload[0]).end_device_events
        assert [e.assets.names[0].name for e in events] == ["MTR-2"]
        assert own[0].headers[ORIGIN] == "gateway"
        # the group's queue got the echo too: acknowledged, never taken back to the CB
        marker = Message(
            MessageKind.EVENT,
            Header(verb=Verb.CREATED, noun="EndDeviceEvents", message_id=str(uuid.uuid4())),
            payload=[write_2013(EndDeviceEvents(end_device_events=[outage("MTR-3")]))],
        )
        observer.send(
            naming.event("EndDeviceEvents"),
            xmlsafe.serialize(build_message(marker)),
            outgoing(marker),
        )
        wait_until(lambda: len(meter_event_calls()) >= 2, "the marker event at the CB")
        meters = [c.parsed.events.event_instances[0].meter_id.value for c in meter_event_calls()]
        assert meters == ["MTR-1", "MTR-3"], "queue order: the echo in between was dropped"
        tapped = [m for m in stack.store.messages() if m.kind == "EventMessage"]
        assert [m.direction for m in tapped] == ["in", "in"]
    finally:
        observer.close()
