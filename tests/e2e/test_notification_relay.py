"""The notification relay end to end over loopback HTTP: MultiSpeak ⇄ gateway ⇄ CIM, both ways.

Parametrized over the operation catalogue: every notification the relay serves, with a sample
body from the stored fixtures (or built, or derived from a sampled operation of the same noun),
so rows added to the catalogue are covered as soon as a sample exists. Values are checked where
they arrive, acknowledgements and errors are mapped (errorObjects ⇄ Reply PARTIAL/FAILED with
one Error per object), every message is validated (official MultiSpeak 4.1.6 schemas; 61968-100
Message.xsd plus the profile XSD the project declares), bad input is refused with the store
unchanged, and an unreachable destination is retried, then dead-lettered.
"""

from __future__ import annotations

import string
import uuid
from dataclasses import replace
from datetime import UTC, datetime

import httpx
import pytest
from _relay_support import (
    c14n,
    declared_schema_set,
    event_bytes,
    msp_header,
    post_cim,
    post_msp,
    refusing_server,
    relay_nouns,
    relay_operations,
    relay_rows,
    relayed,
    samples,
    to_cim,
    to_msp,
)
from _support import WAIT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim import ns, xmlsafe
from mspcim.cim.identified_object import Name
from mspcim.cim.message import (
    EnvelopeForm,
    Header,
    Message,
    MessageKind,
    Reply,
    ReplyResult,
    Verb,
)
from mspcim.cim.meter_asset_config import CODEC_2013, Meter, MeterConfig
from mspcim.exceptions import ConfigurationError, MappingError
from mspcim.gateway.config import RetryPolicy, load_settings
from mspcim.gateway.flows.notification_objects import label, msp_objects, translate_objects
from mspcim.gateway.flows.notification_relay import ACK_TO_CIM, TO_CIM, TO_MULTISPEAK
from mspcim.gateway.serving import free_port
from mspcim.gateway.store import OutboxState, TransactionState
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.profiles import meter_asset_config
from mspcim.multispeak.catalogue import OPERATIONS, Exchange
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.meter import ElectricMeter, Meters
from mspcim.multispeak.v41.meter_operations import METER_LISTS
from mspcim.multispeak.v41.operations import read_array_of_error_object_response
from mspcim.sim.cb import CbSettings
from mspcim.sim.cb_notifications import NOTIFICATIONS, change_notifications
from mspcim.sim.headend import HeadEndSettings
from mspcim.sim.headend_relay import read_relayed, relayed_messages
from mspcim.soap import SoapVersion, build_envelope, read_envelope

pytestmark = pytest.mark.e2e

ROWS = relay_operations()
EVENT_ROWS = [row for row in ROWS if row.cim_noun in relay_nouns()]
SECRET = "cis-Secret-42"
T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def declared(schemas, tmp_path_factory):
    return declared_schema_set(schemas, tmp_path_factory.mktemp("relay-declared"))


@pytest.fixture
def stack(stack, declared):
    """The e2e stack, judging messages with the declared profile XSDs as well."""

    def check(document, **options) -> None:
        element = xmlsafe.parse(document) if isinstance(document, bytes) else document
        errors = declared.validate(element, **options)
        if errors:
            pytest.fail("not schema-valid:\n  " + "\n  ".join(errors), pytrace=False)

    stack.check = check
    return stack


def destinations(url: str, *endpoints: str) -> dict[str, str]:
    """The CB simulator as the destination of ``endpoints`` (default: every endpoint)."""
    paths = {"CB_Server": "/CB_Server", "MDM_Server": "/MDM_Server"}
    names = endpoints or tuple(dict.fromkeys(op.endpoint for op in OPERATIONS))
    return {name: f"{url}{paths.get(name, '/')}" for name in names}


def start(stack, *, headend=None, cb=None, to=(), **gateway):
    stack.start_headend(headend or HeadEndSettings(seed=61968))
    stack.start_cb(cb)
    gateway.setdefault("multispeak_destinations", destinations(stack.cb.url, *to))
    stack.start_gateway(**gateway)
    return stack


def sample_of(row):
    sample = samples().get(row.name)
    if sample is None:
        pytest.skip(f"no sample body for {row.name}: add a SOAP fixture under tests/fixtures")
    return sample


def taken(stack, message_id: str, kind: MessageKind = MessageKind.EVENT):
    """What the head-end took with this MessageID (or, for acks, this CorrelationID)."""

    def found():
        for request in stack.headend_app.state.requests:
            message = request.message
            if request.error is not None or message is None or message.kind is not kind:
                continue
            header = message.header
            key = header.message_id if kind is MessageKind.EVENT else header.correlation_id
            if key == message_id:
                return read_relayed(message)
        return None

    return stack.wait_until(found, f"{kind.value} {message_id} at the head-end")


def cb_got(stack, count: int):
    """The first ``count`` change notifications at the CB, each call schema-valid."""
    stack.wait_until(
        lambda: len(change_notifications(stack.cb_app)) >= count, f"{count} notification(s)"
    )
    for call in stack.cb_app.state.calls:
        stack.check(call.raw)
    return change_notifications(stack.cb_app)[:count]


def finished(stack, state: TransactionState, count: int = 1):
    """The relay's conversations once ``count`` are in ``state``; their messages schema-valid."""
    done = stack.wait_until(
        lambda: (
            (found := relayed(stack.store.transactions(), state)) and len(found) >= count and found
        ),
        f"{count} relayed notification(s) {state.value}",
    )
    for transaction in done:
        for message in stack.store.messages(transaction.correlation_id):
            the_call = message.direction == "in" and not message.kind.endswith("Response")
            if message.body and not (message.side == "multispeak" and the_call):
                stack.check(message.body)  # what the gateway sent, and what it was answered
    return done


def outbox(stack, purpose: str, state: OutboxState):
    return stack.wait_until(
        lambda: [i for i in stack.store.outbox() if i.purpose == purpose and i.state is state],
        f"a {purpose} outbox item {state.value}",
    )


def carried(message) -> list[tuple[str, str | None]]:
    """The Header/Property values a translation carries (the MultiSpeak header's aside)."""
    return [
        (item.name, item.value)
        for item in message.header.properties
        if not item.name.startswith("MultiSpeakMsgHeader.")
    ]


def meters_body(name: str, *meters: ElectricMeter) -> etree._Element:
    call = METER_LISTS[name](meters=Meters(electric_meters=list(meters)))
    return msp_binding.write(call, name)


def meter_event(verb: str, *meters: Meter) -> Message:
    """A CIM ``<verb> MeterConfig`` EventMessage about ``meters``, as a head-end writes it."""
    payload = CODEC_2013.write(MeterConfig(meters=list(meters)))
    header = Header(Verb(verb), "MeterConfig", timestamp=T0)
    return Message(MessageKind.EVENT, header, payload=[payload])


# --- what the gateway offers


def test_every_translatable_catalogue_notification_is_offered(stack) -> None:
    stack.start_gateway()
    relayed_rows = {(row.endpoint, row.name) for row in relay_rows()}
    assert {row.name for row in ROWS} >= {"MeterAddNotification", "ServiceOrderClosedNotification"}
    for endpoint in sorted({endpoint for endpoint, _ in relayed_rows}):
        answer = post_msp(
            stack.gateway.url,
            endpoint,
            etree.Element(ns.qname(ns.MSP41, "GetMethods")),
            stack.check,
        )
        methods = [e.text for e in answer.first_body.iter(ns.qname(ns.MSP41, "string"))]
        described = etree.fromstring(
            httpx.get(f"{stack.gateway.url}/multispeak/v41/{endpoint}", timeout=WAIT).content
        ).xpath("//wsdl:portType/wsdl:operation/@name", namespaces={"wsdl": ns.WSDL})
        candidates = [
            op.name
            for op in OPERATIONS
            if op.endpoint == endpoint and op.exchange is Exchange.NOTIFICATION and op.cim_noun
        ]
        for name in candidates:  # relayed, or served by a flow of its own
            assert name in methods and name in described, (endpoint, name)
        assert [n for n in methods if (endpoint, n) in relayed_rows] == [
            op.name for op in relay_rows() if op.endpoint == endpoint
        ]


def test_every_relayed_operation_has_a_sample() -> None:
    missing = [row.name for row in ROWS if row.name not in samples()]
    assert missing == [], f"no sample body (add a SOAP fixture under tests/fixtures): {missing}"


# --- MultiSpeak → CIM, every operation


@pytest.mark.parametrize("row", relay_rows(), ids=lambda row: f"{row.endpoint}-{row.name}")
def test_each_notification_reaches_the_cim_side_as_its_event(stack, row) -> None:
    sample = sample_of(row)
    start(stack)
    message_id = f"MSG-{row.endpoint}-{row.name}"

    answer = post_msp(
        stack.gateway.url, row.endpoint, sample.fresh(), stack.check, msp_header(message_id)
    )

    assert answer.fault is None
    assert ns.local_name(answer.first_body.tag) == f"{row.name}Response"
    assert read_array_of_error_object_response(answer.first_body) == []
    event = taken(stack, message_id).message
    expected = to_cim(sample.body, row.cim_verb)
    assert event.kind is MessageKind.EVENT
    assert (event.header.verb.value, event.header.noun) == (row.cim_verb, expected.header.noun)
    assert event.header.source == "Riverside CIS"
    assert [c14n(e) for e in event.payload] == [c14n(e) for e in expected.payload]
    assert carried(event) == carried(expected)  # values the profile keeps in Header/Property
    [transaction] = finished(stack, TransactionState.DELIVERED)
    objects = msp_objects(sample.body)
    assert transaction.meter_ids == [label(e, n) for n, e in enumerate(objects, start=1)]
    assert transaction.caller == "Riverside CIS"
    assert transaction.detail.startswith(f"{row.name} on {row.endpoint}: {len(objects)} objects")
    received = [request.body for request in stack.headend_app.state.requests]
    assert not any(SECRET.encode() in body for body in received)  # credentials never forwarded


# --- CIM → MultiSpeak, every noun the relay takes


@pytest.mark.parametrize("row", EVENT_ROWS, ids=lambda row: row.name)
def test_each_cim_event_reaches_multispeak_as_its_notification(stack, row) -> None:
    sample = sample_of(row)
    start(stack)
    expected = to_msp(to_cim(sample.body, row.cim_verb))
    message_id = f"HES-{row.name}"
    content = event_bytes(
        to_cim(sample.body, row.cim_verb), ack_to=f"{stack.headend.url}/", message_id=message_id
    )

    answer = post_cim(stack.gateway.url, content, stack.check)

    assert answer.reply.result is ReplyResult.OK
    assert answer.header.correlation_id == message_id
    [got] = cb_got(stack, 1)
    assert got.operation == row.name == ns.local_name(expected.tag)
    assert c14n(got.body) == c14n(expected)
    [call] = [c for c in stack.cb_app.state.calls if c.parsed is got]
    assert call.header.app_name == "Riverside HES"
    [transaction] = finished(stack, TransactionState.DELIVERED)
    first = next(op.endpoint for op in OPERATIONS if op.name == row.name)
    assert f"→ {row.name} for {first}" in transaction.detail
    assert (transaction.transaction_id, transaction.caller) == (message_id, "Riverside HES")
    ack = taken(stack, message_id, MessageKind.RESPONSE).message
    assert ack.reply.result is ReplyResult.OK and ack.reply.errors == []
    assert ack.header.noun == to_cim(sample.body).header.noun


# --- representative operations, value by value


@pytest.mark.parametrize("version", list(SoapVersion), ids=lambda v: v.name)
def test_meter_add_notification_arrives_as_created_meter_config(stack, version) -> None:
    start(stack)
    body = meters_body(
        "MeterAddNotification",
        ElectricMeter(object_id="G-1", meter_no="40017721", serial_number="IT-88", utility="NWEC"),
        ElectricMeter(object_id="G-2", meter_no="40017722", manufacturer="Itron"),
    )

    answer = post_msp(
        stack.gateway.url, "NOT_Server", body, stack.check, msp_header("M-9"), version
    )

    assert answer.version is version
    assert read_array_of_error_object_response(answer.first_body) == []
    event = taken(stack, "M-9")
    assert (event.message.header.verb, event.message.header.noun) == (Verb.CREATED, "MeterConfig")
    [document] = event.documents
    first, second = document.meters
    assert (first.mrid, first.serial_number) == ("G-1", "IT-88")
    assert {(n.name_type.name, n.name) for n in first.end_device_names} == {
        ("meterID", "40017721"),
        ("utility", "NWEC"),
    }
    assert second.mrid == "G-2"
    assert second.end_device_info.asset_model.manufacturer.name == "Itron"
    assert event.objects == ["G-1", "G-2"]
    [transaction] = finished(stack, TransactionState.DELIVERED)
    assert transaction.meter_ids == ["G-1", "G-2"]
    assert transaction.transaction_id == "M-9"
    assert transaction.soap_version == version.name
    [sent] = outbox(stack, TO_CIM, OutboxState.SENT)
    assert sent.correlation_id == transaction.correlation_id


def test_a_changed_meter_config_reaches_the_mr_server_as_meter_changed_notification(stack) -> None:
    start(stack, to=("MR_Server",))
    meter = Meter(
        mrid="G-7",
        serial_number="SN-7",
        end_device_names=[Name.typed("40017777", "meterID", "MultiSpeak")],
    )

    answer = post_cim(
        stack.gateway.url,
        event_bytes(
            meter_event("changed", meter), ack_to=f"{stack.headend.url}/", message_id="E-7"
        ),
        stack.check,
    )

    assert answer.reply.result is ReplyResult.OK
    [got] = cb_got(stack, 1)
    assert got.operation == "MeterChangedNotification"
    call = msp_binding.read(got.body, METER_LISTS["MeterChangedNotification"])
    [electric] = call.meters.electric_meters
    assert (electric.object_id, electric.meter_no, electric.serial_number) == (
        "G-7",
        "40017777",
        "SN-7",
    )
    assert got.objects[0].object_id == "G-7"
    [transaction] = finished(stack, TransactionState.DELIVERED)
    assert "for MR_Server at" in transaction.detail
    assert transaction.response_url == f"{stack.headend.url}/"  # the event's Return Address
    ack = taken(stack, "E-7", MessageKind.RESPONSE).message
    assert (ack.header.verb, ack.header.noun, ack.reply.result) == (
        Verb.REPLY,
        "MeterConfig",
        ReplyResult.OK,
    )
    outbox(stack, ACK_TO_CIM, OutboxState.SENT)
    taken_here = relayed_messages(stack.headend_app)
    assert [(m.message.kind, m.message.header.correlation_id) for m in taken_here] == [
        (MessageKind.RESPONSE, "E-7")
    ]


def test_an_acknowledgement_nobody_takes_is_given_up_and_logged(stack) -> None:
    start(stack, to=("MR_Server",), retry=RetryPolicy(attempts=2, initial_delay=0.05))
    nowhere = f"http://127.0.0.1:{free_port()}/cim"

    post_cim(
        stack.gateway.url,
        event_bytes(meter_event("changed", Meter(mrid="G-1")), ack_to=nowhere, message_id="E-4"),
        stack.check,
    )

    [item] = outbox(stack, ACK_TO_CIM, OutboxState.DEAD)
    assert (item.url, item.attempts) == (nowhere, 2)
    [transaction] = finished(stack, TransactionState.DELIVERED)  # the notification was taken
    assert transaction.correlation_id == item.correlation_id


def test_a_response_message_is_no_event_to_relay(stack) -> None:
    start(stack)
    before = stack.store.counts()
    event = meter_event("created", Meter(mrid="G-1"))
    response = Message(
        MessageKind.RESPONSE, replace(event.header, verb=Verb.REPLY), reply=Reply(ReplyResult.OK)
    )

    answer = post_cim(stack.gateway.url, event_bytes(response), stack.check)

    assert answer.reply.result is ReplyResult.FAILED
    assert "no open conversation takes MeterConfig" in answer.reply.errors[0].reason
    assert stack.store.counts() == before


@pytest.mark.parametrize(
    ("operation", "form"),
    [
        ("MeterAddNotification", EnvelopeForm.IEC61968_100),  # declared noun: no noun wrapper
        ("CDStateChangedNotification", EnvelopeForm.NOUN_WRAPPER),
    ],
)
def test_the_noun_wrapper_form_is_used_where_the_noun_has_one(stack, operation, form) -> None:
    start(stack, cim_form=EnvelopeForm.NOUN_WRAPPER)
    row = next(row for row in ROWS if row.name == operation)

    post_msp(
        stack.gateway.url, row.endpoint, sample_of(row).fresh(), stack.check, msp_header("NW-1")
    )

    assert taken(stack, "NW-1").message.form is form
    finished(stack, TransactionState.DELIVERED)


def test_a_deleted_meter_goes_to_the_first_configured_endpoint(stack) -> None:
    start(stack, to=("NOT_Server",))

    post_cim(stack.gateway.url, event_bytes(meter_event("deleted", Meter(mrid="G-8"))), stack.check)

    [got] = cb_got(stack, 1)
    assert got.operation == "MeterRemoveNotification"
    assert [o.object_id for o in got.objects] == ["G-8"]
    [transaction] = finished(stack, TransactionState.DELIVERED)
    assert "deleted MeterConfig → MeterRemoveNotification for NOT_Server" in transaction.detail
    assert transaction.response_url is None  # no AckRequired: no acknowledgement
    assert [i for i in stack.store.outbox() if i.purpose == ACK_TO_CIM] == []


def test_a_service_order_closed_notification_is_a_closed_event(stack) -> None:
    start(stack)
    body = samples()["ServiceOrderClosedNotification"].fresh()

    post_msp(stack.gateway.url, "MDM_Server", body, stack.check, msp_header("SO-1"))

    event = taken(stack, "SO-1").message
    assert (event.header.verb, event.header.noun) == (Verb.CLOSED, "MeterServiceRequests")
    carried = {item.name: item.value for item in event.header.properties}
    assert carried["serviceOrder.@objectID"] == "SO-2026-0417"
    assert carried["serviceOrder.woNumber"] == "WO-88120"
    assert carried["serviceOrder.crewID"] == "CREW-7"
    [transaction] = finished(stack, TransactionState.DELIVERED)
    assert transaction.meter_ids == ["SO-2026-0417"]


# --- MultiSpeak → CIM: errors object by object


def bad_status(body: etree._Element, number: int) -> etree._Element:
    """Give the ``number``-th electricMeter a meterConnectionStatus no table knows."""
    meter = list(body.iter(ns.qname(ns.MSP41, "electricMeter")))[number - 1]
    etree.SubElement(meter, ns.qname(ns.MSP41, "meterConnectionStatus")).text = "HalfOn"
    return body


def test_an_untranslatable_object_is_refused_alone(stack) -> None:
    start(stack)
    body = meters_body(
        "MeterChangedNotification",
        ElectricMeter(object_id="G-1", meter_no="1"),
        ElectricMeter(object_id="G-2", meter_no="2"),
        ElectricMeter(object_id="G-3", meter_no="3"),
    )

    answer = post_msp(
        stack.gateway.url, "MR_Server", bad_status(body, 2), stack.check, msp_header("B-1")
    )

    [error] = read_array_of_error_object_response(answer.first_body)
    assert (error.object_id, error.noun_type) == ("G-2", "electricMeter")
    assert "'HalfOn' is not one of" in error.error_string
    event = taken(stack, "B-1")
    assert event.message.header.verb is Verb.CHANGED
    assert event.objects == ["G-1", "G-3"]
    [transaction] = finished(stack, TransactionState.DELIVERED)
    assert transaction.meter_ids == ["G-1", "G-3"]
    assert "2 objects for the CIM side, 1 refused" in transaction.detail


def test_a_notification_with_only_bad_objects_forwards_nothing(stack) -> None:
    start(stack)
    before = stack.store.counts()
    body = meters_body(
        "MeterAddNotification",
        ElectricMeter(object_id="G-1", meter_no="1"),
        ElectricMeter(meter_no="2"),
    )

    answer = post_msp(
        stack.gateway.url, "MDM_Server", bad_status(bad_status(body, 1), 2), stack.check
    )

    errors = read_array_of_error_object_response(answer.first_body)
    assert [(e.object_id, e.noun_type) for e in errors] == [
        ("G-1", "electricMeter"),
        ("2", "electricMeter"),
    ]
    assert stack.store.counts() == before
    assert stack.headend_app.state.requests == []


@pytest.mark.parametrize(
    ("endpoint", "body", "reason"),
    [
        (
            "MR_Server",
            "<MeterAddNotification><addedMeters/></MeterAddNotification>",
            "holds no object",
        ),
        ("CB_Server", "<MeterAddNotification/>", "CB_Server does not offer operation"),
        ("OA_Server", "<MeterChangedNotification/>", "OA_Server does not offer operation"),
    ],
    ids=["no-object", "wrong-endpoint", "not-in-catalogue"],
)
def test_bad_calls_are_faulted_and_change_nothing(stack, endpoint, body, reason) -> None:
    start(stack)
    before = stack.store.counts()
    element = etree.fromstring(f'<wrapper xmlns="{ns.MSP41}">{body}</wrapper>')[0]

    answer = post_msp(stack.gateway.url, endpoint, element, stack.check)

    assert answer.fault is not None
    assert reason in answer.fault.reason
    assert stack.store.counts() == before
    assert stack.headend_app.state.requests == []


# --- MultiSpeak → CIM: what the CIM side answers


@pytest.mark.parametrize(
    ("unknown", "state", "detail"),
    [
        ({"G-2"}, TransactionState.DELIVERED, "PARTIAL: G-2: unknown object G-2"),
        (
            {"G-1", "G-2"},
            TransactionState.FAILED,
            "the CIM system refused the notification: FAILED: G-1: unknown object G-1; "
            "G-2: unknown object G-2",
        ),
    ],
    ids=["partial", "failed"],
)
def test_the_cim_sides_errors_per_object_are_recorded(stack, unknown, state, detail) -> None:
    start(stack, headend=HeadEndSettings(seed=1, unknown_meters=frozenset(unknown)))
    body = meters_body(
        "MeterAddNotification",
        ElectricMeter(object_id="G-1", meter_no="1"),
        ElectricMeter(object_id="G-2", meter_no="2"),
    )

    answer = post_msp(stack.gateway.url, "MR_Server", body, stack.check)

    assert read_array_of_error_object_response(answer.first_body) == []
    [transaction] = finished(stack, state)
    assert transaction.detail == detail
    [item] = stack.store.outbox()
    assert item.attempts == 1  # a refusal is not retried
    assert item.state is (
        OutboxState.SENT if state is TransactionState.DELIVERED else OutboxState.DEAD
    )


def test_an_unreachable_cim_side_is_retried_then_dead_lettered(stack) -> None:
    stack.start_cb()
    stack.start_gateway(
        cim_endpoint=f"http://127.0.0.1:{free_port()}/",
        retry=RetryPolicy(attempts=3, initial_delay=0.05, max_delay=0.1),
    )
    body = meters_body("MeterAddNotification", ElectricMeter(object_id="G-1", meter_no="1"))

    answer = post_msp(stack.gateway.url, "MR_Server", body, stack.check)

    assert read_array_of_error_object_response(answer.first_body) == []
    [item] = outbox(stack, TO_CIM, OutboxState.DEAD)
    assert item.attempts == 3
    [transaction] = finished(stack, TransactionState.FAILED)
    assert transaction.detail == item.last_error


# --- CIM → MultiSpeak: refusals


def test_without_a_destination_the_event_is_refused_naming_the_setting(stack) -> None:
    start(stack, to=("CB_Server",))
    before = stack.store.counts()

    answer = post_cim(
        stack.gateway.url, event_bytes(meter_event("created", Meter(mrid="G-1"))), stack.check
    )

    assert answer.reply.result is ReplyResult.FAILED
    [error] = answer.reply.errors
    assert "multispeak_destinations" in error.reason
    assert "MeterAddNotification" in error.reason
    assert "MR_Server, MDM_Server, NOT_Server" in error.reason
    assert (error.code, error.xpath) == ("2.5", "Noun")
    assert stack.store.counts() == before


@pytest.mark.parametrize(
    ("verb", "payload", "reason"),
    [
        ("executed", True, "not executed"),
        ("closed", True, "no MultiSpeak operation for closed MeterConfig"),
        ("created", False, "unexpected payload"),
    ],
    ids=["verb", "no-operation", "payload"],
)
def test_bad_events_are_refused_and_change_nothing(stack, verb, payload, reason) -> None:
    start(stack)
    before = stack.store.counts()
    event = meter_event("created", Meter(mrid="G-1"))
    event.header.verb = Verb(verb)
    if not payload:
        event.payload = [
            etree.fromstring('<EndDeviceEvents xmlns="http://iec.ch/TC57/2011/EndDeviceEvents#"/>')
        ]

    answer = post_cim(stack.gateway.url, event_bytes(event), stack.check)

    assert answer.reply.result is ReplyResult.FAILED
    assert reason in answer.reply.errors[0].reason
    assert stack.store.counts() == before
    assert stack.cb_app.state.calls == []


# --- CIM → MultiSpeak: what the MultiSpeak server answers, acknowledged to the CIM side


def test_a_refusing_cb_fails_the_event_with_an_error_per_object(stack) -> None:
    start(stack, cb=CbSettings(fail_with="meter unknown to the CIS"))
    event = meter_event("created", Meter(mrid="G-1"), Meter(mrid="G-2"))

    post_cim(
        stack.gateway.url,
        event_bytes(event, ack_to=f"{stack.headend.url}/", message_id="E-1"),
        stack.check,
    )

    cb_got(stack, 1)
    [transaction] = finished(stack, TransactionState.FAILED)
    assert transaction.detail == (
        "FAILED: G-1: meter unknown to the CIS; G-2: meter unknown to the CIS"
    )
    ack = taken(stack, "E-1", MessageKind.RESPONSE).message
    assert ack.reply.result is ReplyResult.FAILED
    assert [(e.id.value, e.reason) for e in ack.reply.errors] == [
        ("G-1", "meter unknown to the CIS"),
        ("G-2", "meter unknown to the CIS"),
    ]


def test_a_cb_refusing_one_object_makes_a_partial_acknowledgement(stack) -> None:
    stack.start_headend()
    refusing = refusing_server({"G-2"})
    stack._serve(refusing)
    server = stack._servers[-1]
    stack.start_gateway(multispeak_destinations={"MR_Server": f"{server.url}/MR"})
    event = meter_event("changed", Meter(mrid="G-1"), Meter(mrid="G-2"))

    post_cim(
        stack.gateway.url,
        event_bytes(event, ack_to=f"{stack.headend.url}/", message_id="E-2"),
        stack.check,
    )

    [transaction] = finished(stack, TransactionState.DELIVERED)
    assert transaction.detail == "PARTIAL: G-2: not in this CIS"
    ack = taken(stack, "E-2", MessageKind.RESPONSE).message
    assert ack.reply.result is ReplyResult.PARTIAL
    [error] = ack.reply.errors
    assert (error.id.value, error.reason, error.code) == ("G-2", "not in this CIS", "6.2")
    [received] = refusing.state.calls
    stack.check(received)


def test_an_unreachable_multispeak_server_is_retried_then_dead_lettered(stack) -> None:
    stack.start_headend()
    stack.start_gateway(
        multispeak_destinations={"MR_Server": f"http://127.0.0.1:{free_port()}/MR_Server"},
        retry=RetryPolicy(attempts=3, initial_delay=0.05, max_delay=0.1),
    )
    event = meter_event("changed", Meter(mrid="G-1"))

    answer = post_cim(
        stack.gateway.url,
        event_bytes(event, ack_to=f"{stack.headend.url}/", message_id="E-3"),
        stack.check,
    )

    assert answer.reply.result is ReplyResult.OK
    [item] = outbox(stack, TO_MULTISPEAK, OutboxState.DEAD)
    assert item.attempts == 3
    [transaction] = finished(stack, TransactionState.FAILED)
    assert transaction.detail == item.last_error
    ack = taken(stack, "E-3", MessageKind.RESPONSE).message
    assert ack.reply.result is ReplyResult.FAILED
    [error] = ack.reply.errors
    assert error.code == "4.1"
    assert "not delivered to" in error.reason


# --- round trips through the gateway, hypothesis-generated


tokens = st.text(string.ascii_letters + string.digits + "-", min_size=1, max_size=12)
maybe = lambda strategy: st.none() | strategy  # noqa: E731
electric_meters = st.builds(
    ElectricMeter,
    object_id=maybe(st.uuids().map(str)),
    meter_no=tokens,
    serial_number=maybe(tokens),
    manufacturer=maybe(tokens),
    catalog_number=maybe(tokens),
    utility=maybe(tokens),
    meter_type=maybe(tokens),
)
ROUND_TRIP = settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@ROUND_TRIP
@given(meters=st.lists(electric_meters, min_size=1, max_size=3))
def test_multispeak_to_cim_to_multispeak_through_the_gateway(stack, meters) -> None:
    if stack.gateway is None:
        start(stack)
    message_id = str(uuid.uuid4())
    post_msp(
        stack.gateway.url,
        "NOT_Server",
        meters_body("MeterAddNotification", *meters),
        stack.check,
        msp_header(message_id),
    )
    event = taken(stack, message_id).message
    event.header.verb = Verb.CHANGED
    post_cim(stack.gateway.url, event_bytes(event, message_id=f"RT-{message_id}"), stack.check)
    got = stack.wait_until(
        lambda: [
            c.parsed
            for c in stack.cb_app.state.calls
            if c.header is not None and c.header.message_id == f"RT-{message_id}"
        ],
        "the round trip at the CB",
    )[0]
    stack.check(got.body)
    assert got.operation == "MeterChangedNotification"
    back = msp_binding.read(got.body, METER_LISTS["MeterChangedNotification"])
    assert back.meters.electric_meters == meters


@ROUND_TRIP
@given(meters=st.lists(electric_meters, min_size=1, max_size=3))
def test_cim_to_multispeak_to_cim_through_the_gateway(stack, meters) -> None:
    if stack.gateway is None:
        start(stack)
    original = meter_asset_config.to_cim(meters, GapReport())
    message_id = str(uuid.uuid4())
    post_cim(
        stack.gateway.url,
        event_bytes(meter_event("created", *original.meters), message_id=message_id),
        stack.check,
    )
    got = stack.wait_until(
        lambda: [
            c
            for c in stack.cb_app.state.calls
            if c.header is not None and c.header.message_id == message_id
        ],
        "the event at the CB",
    )[0]
    assert got.operation == "MeterAddNotification"
    post_msp(
        stack.gateway.url,
        "MDM_Server",
        got.parsed.body,
        stack.check,
        msp_header(f"RT-{message_id}"),
    )
    [document] = taken(stack, f"RT-{message_id}").documents
    assert sorted_names(document) == sorted_names(original)


def sorted_names(document: MeterConfig) -> MeterConfig:
    for meter in document.meters:
        meter.end_device_names.sort(key=lambda name: (name.name_type.name, name.name))
    return document


# --- the CB simulator answers every notification it may receive


def test_the_cb_simulator_answers_every_catalogue_notification(stack) -> None:
    stack.start_cb(CbSettings(fail_with="refused"))
    assert set(NOTIFICATIONS) >= {row.name for row in ROWS if row.endpoint != "MR_Server"}
    for name in NOTIFICATIONS:
        body = etree.Element(ns.qname(ns.MSP41, name))
        etree.SubElement(body, ns.qname(ns.MSP41, "transactionID")).text = "T-1"
        content = xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [body]))
        response = httpx.post(
            f"{stack.cb.url}/",
            content=content,
            headers=SoapVersion.SOAP11.headers(ns.MSP41_ACTION_PREFIX + name),
            timeout=WAIT,
        )
        stack.check(response.content)
        answer = read_envelope(xmlsafe.parse(response.content)).first_body
        assert ns.local_name(answer.tag) == f"{name}Response"
        [error] = read_array_of_error_object_response(answer)
        assert (error.error_string, error.object_id) == ("refused", "T-1")


# --- the setting


def test_destinations_load_from_toml_and_drive_the_relay(stack) -> None:
    stack.start_headend()
    stack.start_cb()
    config = stack.tmp_path / "gateway.toml"
    config.write_text(
        "[gateway.multispeak_destinations]\n"
        f'MDM_Server = "{stack.cb.url}/MDM_Server"\n'
        f'NOT_Server = "{stack.cb.url}/"\n',
        encoding="utf-8",
    )
    settings = load_settings(config)
    assert settings.multispeak_destinations == {
        "MDM_Server": f"{stack.cb.url}/MDM_Server",
        "NOT_Server": f"{stack.cb.url}/",
    }
    stack.start_gateway(multispeak_destinations=settings.multispeak_destinations)

    post_cim(stack.gateway.url, event_bytes(meter_event("created", Meter(mrid="G-5"))), stack.check)

    [got] = cb_got(stack, 1)
    assert (got.operation, [o.object_id for o in got.objects]) == ("MeterAddNotification", ["G-5"])
    [transaction] = finished(stack, TransactionState.DELIVERED)
    assert f"for MDM_Server at {stack.cb.url}/MDM_Server" in transaction.detail


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            'multispeak_destinations = "http://cis/"',
            "[gateway.multispeak_destinations] must be a table",
        ),
        ("[gateway.multispeak_destinations]\nCB_Server = 7", "CB_Server must be str, not 7"),
        (
            '[gateway.multispeak_destinations]\nCIS_Server = "http://cis/"',
            "unknown MultiSpeak endpoint 'CIS_Server' (known: CB_Server, CD_Server",
        ),
        (
            '[gateway.multispeak_destinations]\nCB_Server = "cis:8080"',
            "multispeak_destinations.CB_Server must be an http(s) URL, not 'cis:8080'",
        ),
    ],
    ids=["not-a-table", "not-a-string", "unknown-endpoint", "not-a-url"],
)
def test_bad_destinations_are_refused_naming_the_key(tmp_path, toml, message) -> None:
    config = tmp_path / "gateway.toml"
    config.write_text(f"[gateway]\n{toml}\n", encoding="utf-8")
    with pytest.raises(ConfigurationError) as caught:
        load_settings(config)
    assert message in str(caught.value)


def test_a_multispeak_fault_fails_the_event_without_retries(stack) -> None:
    stack.start_headend()  # a CIM system: a MultiSpeak call gets a SOAP Fault from it
    stack.start_gateway(multispeak_destinations={"MR_Server": f"{stack.headend.url}/"})
    event = meter_event("changed", Meter(mrid="G-1"))

    post_cim(
        stack.gateway.url,
        event_bytes(event, ack_to=f"{stack.headend.url}/", message_id="E-5"),
        stack.check,
    )

    [item] = outbox(stack, TO_MULTISPEAK, OutboxState.DEAD)
    assert item.attempts == 1
    [transaction] = finished(stack, TransactionState.FAILED)
    assert transaction.detail.startswith("SOAP Fault from the MultiSpeak server:")
    ack = taken(stack, "E-5", MessageKind.RESPONSE).message
    [error] = ack.reply.errors
    assert (ack.reply.result, error.code) == (ReplyResult.FAILED, "6.2")
    assert error.reason.startswith(f"not delivered to {stack.headend.url}/: SOAP Fault")


def test_an_ack_asked_at_no_http_address_is_not_sent(stack) -> None:
    start(stack)

    answer = post_cim(
        stack.gateway.url,
        event_bytes(meter_event("created", Meter(mrid="G-1")), ack_to="urn:hes:inbox"),
        stack.check,
    )

    assert answer.reply.result is ReplyResult.OK
    [transaction] = finished(stack, TransactionState.DELIVERED)
    assert transaction.response_url is None
    assert [i for i in stack.store.outbox() if i.purpose == ACK_TO_CIM] == []


# --- the objects of a call, found by structure


def msp(xml: str) -> etree._Element:
    return etree.fromstring(f'<wrapper xmlns="{ns.MSP41}">{xml}</wrapper>')[0]


@pytest.mark.parametrize(
    ("xml", "objects"),
    [
        (
            "<C><changed><customer objectID='1'><a/></customer><customer><a/><b/></customer>"
            "</changed><transactionID>T</transactionID></C>",
            ["1", "customer[2]"],
        ),
        (
            "<M><added><electricMeters><electricMeter objectID='m1'><x/></electricMeter>"
            "<electricMeter objectID='m2'/></electricMeters></added></M>",
            ["m1", "m2"],
        ),
        (
            "<S><configStatus><groupID>G</groupID><list><item/></list></configStatus></S>",
            ["configStatus[1]"],
        ),
        ("<E><empty/><transactionID>T</transactionID></E>", []),
    ],
    ids=["list-of-objects", "nested-wrappers", "one-object-parameter", "no-object"],
)
def test_objects_are_found_below_list_wrappers(xml, objects) -> None:
    found = msp_objects(msp(xml))
    assert [label(element, n) for n, element in enumerate(found, start=1)] == objects


def test_objects_that_fail_only_together_are_all_refused() -> None:
    body = msp(
        "<C><changed><customer objectID='1'><a/></customer><customer objectID='2'><a/></customer></changed></C>"
    )

    def translate(call: etree._Element, gaps: GapReport) -> Message:
        if len(msp_objects(call)) > 1:
            raise MappingError("customers 1 and 2 name the same account")
        return Message(MessageKind.EVENT, Header(Verb.CHANGED, "CustomerConfig"))

    result = translate_objects(body, translate)

    assert result.message is None and result.kept == []
    assert [(e.object_id, e.noun_type) for e in result.refused] == [
        ("1", "customer"),
        ("2", "customer"),
    ]
    assert (
        result.refused[0].error_string == "not forwarded: customers 1 and 2 name the same account"
    )


# --- a customer, both ways, value by value


def test_a_customer_change_goes_to_the_cim_side_and_comes_back(stack) -> None:
    start(stack)
    body = samples()["CustomerChangedNotification"].fresh()

    answer = post_msp(stack.gateway.url, "OA_Server", body, stack.check, msp_header("CU-1"))

    assert read_array_of_error_object_response(answer.first_body) == []
    event = taken(stack, "CU-1")
    assert (event.message.header.verb, event.message.header.noun) == (
        Verb.CHANGED,
        "CustomerConfig",
    )
    [customer] = event.documents[0].customers
    assert (customer.mrid, customer.name) == ("CU-77810", "Lindqvist, Anna M")
    assert customer.electronic_address.email1 == "anna.lindqvist@example.org"
    phone = customer.phone2
    assert (phone.country_code, phone.area_code, phone.local_number, phone.extension) == (
        "1",
        "608",
        "555-0199",
        "214",
    )
    street = customer.street_address
    assert (street.street_detail.number, street.street_detail.name, street.town_detail.name) == (
        "1200",
        "Main",
        "Madison",
    )
    assert street.postal_code == "53703-1234"

    back = post_cim(stack.gateway.url, event_bytes(event.message, message_id="CU-2"), stack.check)

    assert back.reply.result is ReplyResult.OK
    [got] = cb_got(stack, 1)
    assert got.operation == "CustomerChangedNotification"
    assert [o.object_id for o in got.objects] == ["CU-77810"]

    def text(path: str) -> list[str]:
        return [e.text for e in got.body.iterfind(path, {"m": ns.MSP41})]

    assert text(".//m:customer/m:lastName") == ["Lindqvist"]
    assert text(".//m:customer/m:firstName") == ["Anna"]
    assert text(".//m:eMailAddress/m:eMail") == ["anna.lindqvist@example.org"]
    assert "Madison" in text(".//m:address/m:city")
    assert "53703-1234" in text(".//m:address/m:postalCode")
    finished(stack, TransactionState.DELIVERED, count=2)
