"""The change-notification relay with its CIM side on the broker: a CIM system publishes a
``changed MeterConfig`` event on the topic, the gateway relays it to the MultiSpeak server."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from _broker_support import WAIT, BrokerStack, wait_until
from lxml import etree

from mspcim import ns, xmlsafe
from mspcim.cim.catalogue import registered
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.identified_object import Name
from mspcim.cim.message import Header, Message, MessageKind, ReplyResult, Verb
from mspcim.cim.meter_asset_config import CODEC_2013, Meter, MeterConfig
from mspcim.gateway.broker.client import BrokerClient, Delivery
from mspcim.gateway.broker.destinations import Destination, DestinationKind
from mspcim.gateway.broker.headers import outgoing
from mspcim.gateway.store import TransactionState
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.meter_operations import METER_LISTS
from mspcim.sim.cb_notifications import change_notifications
from mspcim.validation import SchemaSet

pytestmark = pytest.mark.services


@pytest.fixture
def declared(schemas: SchemaSet, tmp_path: Path) -> Callable[[bytes], None]:
    """Validates against the official schemas plus the profiles' declared XSDs (MeterConfig)."""
    extra: dict[str, Path] = {}
    for codec in registered():
        if codec.declared_schema is not None:
            path = tmp_path / f"{codec.noun}-{codec.edition.value}.xsd"
            path.write_bytes(etree.tostring(codec.declared_schema()))
            extra[ns.namespace_of(codec.tag)] = path
    schema_set = SchemaSet(schemas.root, cache_dir=tmp_path / "cache", extra=extra)

    def check(document: bytes) -> None:
        errors = schema_set.validate(xmlsafe.parse(document))
        assert not errors, "\n".join(errors)

    return check


T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def changed_meter(message_id: str, reply_address: str | None = None) -> Message:
    meter = Meter(
        mrid="G-7",
        serial_number="SN-7",
        end_device_names=[Name.typed("40017777", "meterID", "MultiSpeak")],
    )
    header = Header(
        Verb.CHANGED,
        "MeterConfig",
        timestamp=T0,
        source="Riverside HES",
        message_id=message_id,
        ack_required=True if reply_address else None,
        reply_address=reply_address,
    )
    payload = [CODEC_2013.write(MeterConfig(meters=[meter]))]
    return Message(MessageKind.EVENT, header, payload=payload)


def start(stack: BrokerStack) -> BrokerClient:
    stack.start_cb()
    stack.start_headend()
    stack.start_gateway(multispeak_destinations={"MR_Server": f"{stack.cb.url}/"})
    publisher = BrokerClient(stack.broker_settings(), name="hes")
    publisher.start()
    assert publisher.wait_connected(WAIT)
    return publisher


def publish(
    stack: BrokerStack, publisher: BrokerClient, event: Message, check: Callable[[bytes], None]
) -> None:
    body = xmlsafe.serialize(build_message(event))
    check(body)
    publisher.send(stack.broker_settings().naming.event("MeterConfig"), body, outgoing(event))


def test_a_cim_change_event_on_the_topic_reaches_the_multispeak_server(
    broker_stack, declared
) -> None:
    stack = broker_stack
    publisher = start(stack)
    try:
        publish(stack, publisher, changed_meter("E-7"), declared)
        notifications = wait_until(
            lambda: change_notifications(stack.cb_app),
            "the MeterChangedNotification at the MR server",
        )
    finally:
        publisher.close()
    for received in stack.cb_app.state.calls:
        stack.check(received.raw)
    [got] = notifications
    assert got.operation == "MeterChangedNotification"
    call = msp_binding.read(got.body, METER_LISTS["MeterChangedNotification"])
    [electric] = call.meters.electric_meters
    assert (electric.object_id, electric.meter_no, electric.serial_number) == (
        "G-7",
        "40017777",
        "SN-7",
    )
    assert got.objects[0].object_id == "G-7"
    wait_until(
        lambda: any(
            t.transaction_id == "E-7" and t.state is TransactionState.DELIVERED
            for t in stack.store.transactions()
        ),
        "the relayed event to be delivered",
    )


def test_an_event_asking_acknowledgement_gets_it_on_its_reply_queue(broker_stack, declared) -> None:
    stack = broker_stack
    publisher = start(stack)
    acks = Destination(DestinationKind.QUEUE, f"{stack.prefix}.hes.acks")
    received: list[Delivery] = []
    try:
        publisher.subscribe(acks, received.append, ack="auto")
        publish(
            stack, publisher, changed_meter(str(uuid.uuid4()), reply_address=acks.uri), declared
        )
        wait_until(lambda: received, "the acknowledgement on the event's reply queue", 8)
    finally:
        publisher.close()
    declared(received[0].body)
    ack = read_message(xmlsafe.parse(received[0].body))
    assert ack.kind is MessageKind.RESPONSE
    assert ack.reply is not None and ack.reply.result is ReplyResult.OK
