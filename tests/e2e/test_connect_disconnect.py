"""Connect/disconnect end to end over loopback HTTP: CB → gateway CD_Server → head-end → CB.

The CB simulator must receive one CDStateChangedNotification per meter with the state the
head-end's events report, failures per meter carry errorString, expTime is honoured, bad input
gets a SOAP Fault and changes no stored state, and every message is schema-valid.
"""

from __future__ import annotations

import httpx
import pytest
from _cd_support import (
    check_wire_tap,
    conversation,
    event,
    initiate_cd,
    outcome_message,
    outcomes,
    post_cd,
    post_reply,
    silent_headend,
    wait_cd_notifications,
    wait_conversation,
)
from lxml import etree

from mspcim import ns, xmlsafe
from mspcim.cim.catalogue import Edition, payload_codec, payload_for_tag
from mspcim.cim.end_device_controls import EndDevice, EndDeviceControl, EndDeviceControls, Ref
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import EnvelopeForm, Header, Message, MessageKind, ReplyResult, Verb
from mspcim.gateway.config import RetryPolicy
from mspcim.gateway.flows.connect_disconnect import ConnectDisconnect, ConnectDisconnectPurpose
from mspcim.gateway.store import OutboxState, TransactionState
from mspcim.multispeak.catalogue import operations_of
from mspcim.multispeak.v41.connect_disconnect import (
    CDStateChangedNotification,
    ConnectDisconnectEvent,
    InitiateConnectDisconnect,
    LoadActionCode,
    build_initiate_connect_disconnect,
)
from mspcim.multispeak.v41.meter_reading import MeterID
from mspcim.multispeak.v41.operations import ExpirationTime
from mspcim.sim.cb import CbSettings
from mspcim.sim.headend import HeadEndSettings
from mspcim.soap import SoapVersion, build_envelope, read_envelope

pytestmark = pytest.mark.e2e

DISCONNECTED, CONNECTED = "3.31.0.68", "3.31.0.42"


def assert_switched(
    notification: CDStateChangedNotification, transaction_id: str, state: LoadActionCode, code: str
) -> None:
    assert notification.transaction_id == transaction_id
    change = notification.state_change
    assert change is not None
    assert change.error_string is None
    assert change.state_change is state
    assert change.meter_event is not None
    assert (change.meter_event.code, change.meter_event.index) == (code, code.rsplit(".", 1)[1])
    assert change.timestamp is not None
    assert change.object_id, "the head-end's event mRID"


@pytest.mark.parametrize(
    "version", [SoapVersion.SOAP11, SoapVersion.SOAP12], ids=["soap11", "soap12"]
)
@pytest.mark.parametrize(
    "form", [EnvelopeForm.IEC61968_100, EnvelopeForm.NOUN_WRAPPER], ids=["100", "noun"]
)
def test_meters_are_disconnected_and_connected_and_the_cb_hears_of_each(stack, version, form):
    stack.start(HeadEndSettings(form=form, delay_seconds=0.05, seed=3), cim_form=form)
    cd_events = [
        event("M7001"),
        event("M7002"),
        event("M7003", LoadActionCode.CONNECT),
    ]

    assert initiate_cd(stack, cd_events, "TX-CD", version=version) == []

    by_meter = wait_cd_notifications(stack, 3)
    assert sorted(by_meter) == ["M7001", "M7002", "M7003"]
    assert_switched(by_meter["M7001"], "TX-CD", LoadActionCode.DISCONNECT, DISCONNECTED)
    assert_switched(by_meter["M7002"], "TX-CD", LoadActionCode.DISCONNECT, DISCONNECTED)
    assert_switched(by_meter["M7003"], "TX-CD", LoadActionCode.CONNECT, CONNECTED)
    calls = [
        call for call in stack.cb_app.state.calls if call.operation == "CDStateChangedNotification"
    ]
    assert {call.soap_version for call in calls} == {version}, "in the caller's SOAP version"
    assert {call.header.app_name for call in calls} == {"mspcim-sim-headend"}

    done = wait_conversation(stack, "TX-CD", TransactionState.DELIVERED)
    assert done.meter_ids == ["M7001", "M7002", "M7003"]
    assert done.caller == "TestCIS"
    assert done.soap_version == version.name
    assert done.detail == "3 notifications, 0 not delivered"
    per_meter = outcomes(stack, done)
    assert {meter: t.state for meter, t in per_meter.items()} == dict.fromkeys(
        ["M7001", "M7002", "M7003"], TransactionState.DELIVERED
    )
    assert per_meter["M7003"].detail == "Connect"
    items = stack.store.outbox()
    assert [item.purpose for item in items].count(ConnectDisconnectPurpose.NOTIFICATION) == 3
    assert all(
        item.state is OutboxState.SENT or item.purpose == ConnectDisconnectPurpose.CIM_REQUEST
        for item in items
    )

    # the head-end got one create EndDeviceControls: async, correlated, one control per meter
    [request] = stack.headend_app.state.requests
    message = read_message(xmlsafe.parse(request.body))
    assert message.form is form
    assert (message.header.verb, message.header.noun) == (Verb.CREATE, "EndDeviceControls")
    assert message.header.async_reply_flag is True
    assert message.header.reply_address == stack.settings.reply_address
    assert message.header.message_id == message.header.correlation_id == done.correlation_id
    (payload,) = message.payload
    codec = payload_for_tag(payload.tag)
    assert codec is not None
    controls = codec.read(payload).end_device_controls
    assert [(c.code, c.end_devices[0].name_of("meterID")) for c in controls] == [
        ("3.31.0.23", "M7001"),
        ("3.31.0.23", "M7002"),
        ("3.31.0.18", "M7003"),
    ]
    [delivery] = stack.headend_app.state.deliveries
    assert delivery.delivered and delivery.correlation_id == done.correlation_id

    kinds = check_wire_tap(stack, done.correlation_id)
    assert kinds[0] == ("in", "multispeak", "InitiateConnectDisconnect")
    assert kinds[1] == ("out", "cim", "create EndDeviceControls")
    assert ("in", "cim", "ResponseMessage") in kinds
    assert ("in", "cim", "EventMessage") in kinds
    assert kinds.count(("out", "multispeak", "CDStateChangedNotification")) == 3


def test_meters_that_cannot_be_switched_fail_one_by_one(stack):
    stack.start(HeadEndSettings(delay_seconds=0.05, seed=5, unknown_meters=frozenset({"GHOST"})))
    cd_events = [
        event("M8001"),
        event("GHOST"),
        ConnectDisconnectEvent(load_action_code=LoadActionCode.DISCONNECT, object_id="EV-9"),
        event("M8002", LoadActionCode.OPENED),
        event("M8003", LoadActionCode.INITIATE_POWER_LIMITATION),
        event("M8001", LoadActionCode.CONNECT),
        ConnectDisconnectEvent(meter_id=MeterID("M8004")),
    ]

    errors = initiate_cd(stack, cd_events, "TX-MIXED", version=SoapVersion.SOAP12)

    assert [(e.object_id, e.error_string, e.noun_type) for e in errors] == [
        ("EV-9", "connectDisconnectEvent names no meterID", "connectDisconnectEvent"),
        (
            "M8002",
            "loadActionCode Opened cannot be sent as a control: "
            "Opened is a switch state, not an action",
            "connectDisconnectEvent",
        ),
        (
            "M8003",
            "loadActionCode InitiatePowerLimitation cannot be sent as a control: "
            "the code system has no power-limitation control",
            "connectDisconnectEvent",
        ),
        ("M8001", "meter M8001 is named twice in this request", "connectDisconnectEvent"),
        ("M8004", "connectDisconnectEvent has no loadActionCode", "connectDisconnectEvent"),
    ]
    by_meter = wait_cd_notifications(stack, 2)
    assert_switched(by_meter["M8001"], "TX-MIXED", LoadActionCode.DISCONNECT, DISCONNECTED)
    ghost = by_meter["GHOST"].state_change
    assert (ghost.state_change, ghost.error_string) == (LoadActionCode.UNKNOWN, "unknown meter")
    assert ghost.meter_event is None
    done = wait_conversation(stack, "TX-MIXED", TransactionState.DELIVERED)
    assert done.meter_ids == ["M8001", "GHOST"]
    assert outcomes(stack, done)["GHOST"].detail == "Unknown: unknown meter"
    check_wire_tap(stack, done.correlation_id)


def test_a_meter_whose_switch_fails_is_reported_with_the_state_it_missed(stack):
    stack.start(HeadEndSettings(delay_seconds=0.05, seed=5, failure_rate=1.0))

    assert (
        initiate_cd(stack, [event("M8101"), event("M8102", LoadActionCode.CONNECT)], "TX-F") == []
    )

    by_meter = wait_cd_notifications(stack, 2)
    failed = by_meter["M8101"].state_change
    assert failed.state_change is LoadActionCode.DISCONNECT
    assert failed.error_string == "electricMeter rcdSwitch disconnectFailed"
    assert failed.meter_event.code == "3.31.0.84"
    failed = by_meter["M8102"].state_change
    assert (failed.state_change, failed.meter_event.code) == (LoadActionCode.CONNECT, "3.31.0.67")
    assert failed.error_string == "electricMeter rcdSwitch connectFailed"
    wait_conversation(stack, "TX-F", TransactionState.DELIVERED)


def test_a_request_the_head_end_refuses_fails_every_meter(stack):
    ghosts = frozenset({"G1", "G2"})
    stack.start(HeadEndSettings(seed=6, unknown_meters=ghosts))

    assert initiate_cd(stack, [event("G1"), event("G2")], "TX-NONE") == []

    by_meter = wait_cd_notifications(stack, 2)
    for meter in ghosts:
        change = by_meter[meter].state_change
        assert (change.state_change, change.error_string) == (
            LoadActionCode.UNKNOWN,
            "unknown meter",
        )
    done = wait_conversation(stack, "TX-NONE", TransactionState.DELIVERED)
    assert [d for d in stack.headend_app.state.deliveries] == [], "no events were promised"
    assert done.detail == "2 notifications, 0 not delivered"


def test_a_cim_system_that_cannot_be_reached_fails_every_meter(stack):
    stack.start_cb()
    stack.start_gateway(
        cim_endpoint="http://127.0.0.1:9/",
        retry=RetryPolicy(attempts=2, initial_delay=0.05),
    )

    assert initiate_cd(stack, [event("M8201"), event("M8202")], "TX-DOWN") == []

    by_meter = wait_cd_notifications(stack, 2)
    for change in (n.state_change for n in by_meter.values()):
        assert change.state_change is LoadActionCode.UNKNOWN
        assert change.error_string.startswith("the CIM system could not be reached:")
    wait_conversation(stack, "TX-DOWN", TransactionState.DELIVERED)
    [request] = [
        i for i in stack.store.outbox() if i.purpose == ConnectDisconnectPurpose.CIM_REQUEST
    ]
    assert request.state is OutboxState.DEAD


def test_outcomes_after_exptime_are_kept_and_not_delivered(stack):
    stack.start(HeadEndSettings(delay_seconds=2.5, seed=9))

    errors = initiate_cd(
        stack, [event("M9001"), event("M9002")], "TX-LATE", exp_time=ExpirationTime(1, "Seconds")
    )

    assert errors == []
    expired = wait_conversation(stack, "TX-LATE", TransactionState.EXPIRED)
    assert expired.expires_at - expired.created_at == pytest.approx(1.0)
    [delivery] = stack.wait_until(lambda: list(stack.headend_app.state.deliveries), "late events")
    assert delivery.delivered and delivery.status_code == 200
    stack.wait_until(
        lambda: ("in", "cim", "EventMessage") in check_wire_tap(stack, expired.correlation_id),
        "the late events in the wire tap",
    )
    assert conversation(stack, "TX-LATE").state is TransactionState.EXPIRED
    assert outcomes(stack, expired) == {}
    assert [
        c for c in stack.cb_app.state.calls if c.operation == "CDStateChangedNotification"
    ] == []


def test_outcomes_arriving_one_by_one_each_reach_the_cb_once(stack):
    stack.start_headend(app=silent_headend())
    stack.start_cb(CbSettings(fail_with="CB is busy"))
    stack.start_gateway()
    meters = ["M9101", "M9102", "M9103"]

    assert initiate_cd(stack, [event(m) for m in meters], "TX-ONE") == []
    waiting = wait_conversation(stack, "TX-ONE", TransactionState.REQUESTED)
    correlation = waiting.correlation_id

    reply = post_reply(stack, outcome_message(correlation, [("M9101", DISCONNECTED)]))
    assert reply.reply is not None and reply.reply.result is ReplyResult.OK
    first = wait_cd_notifications(stack, 1)
    assert list(first) == ["M9101"]
    assert conversation(stack, "TX-ONE").state is TransactionState.REQUESTED

    repeated = [("M9101", DISCONNECTED), ("STRANGER", DISCONNECTED), ("M9102", "3.31.0.84")]
    assert post_reply(stack, outcome_message(correlation, repeated)).reply.result is ReplyResult.OK
    second = wait_cd_notifications(stack, 2)
    assert second["M9102"].state_change.error_string == "electricMeter rcdSwitch disconnectFailed"
    post_reply(stack, outcome_message(correlation, [("M9103", DISCONNECTED)]))

    done = wait_conversation(stack, "TX-ONE", TransactionState.DELIVERED)
    assert sorted(wait_cd_notifications(stack, 3)) == meters
    stack.wait_until(lambda: len(stack.cb_app.state.calls) >= 3, "three calls")
    assert (
        len([c for c in stack.cb_app.state.calls if c.operation == "CDStateChangedNotification"])
        == 3
    )
    assert {t.detail for t in outcomes(stack, done).values()} == {"caller answered: CB is busy"}

    late = post_reply(stack, outcome_message(correlation, [("M9103", CONNECTED)]))
    assert late.reply.result is ReplyResult.OK, "a late outcome is kept, not refused"
    assert (
        len([c for c in stack.cb_app.state.calls if c.operation == "CDStateChangedNotification"])
        == 3
    )
    check_wire_tap(stack, correlation)


def test_outcomes_after_a_restart_complete_the_conversation(stack):
    stack.start_headend(app=silent_headend())
    stack.start_cb()
    port = stack.start_gateway().port

    assert initiate_cd(stack, [event("M9201"), event("M9202")], "TX-RE") == []
    correlation = wait_conversation(stack, "TX-RE", TransactionState.REQUESTED).correlation_id
    post_reply(stack, outcome_message(correlation, [("M9201", DISCONNECTED)]))
    wait_cd_notifications(stack, 1)
    stack.stop_gateway()

    stack.start_gateway(port=port)
    post_reply(stack, outcome_message(correlation, [("M9201", CONNECTED), ("M9202", DISCONNECTED)]))

    by_meter = wait_cd_notifications(stack, 2)
    assert by_meter["M9201"].state_change.state_change is LoadActionCode.DISCONNECT, "not twice"
    assert by_meter["M9202"].state_change.state_change is LoadActionCode.DISCONNECT
    wait_conversation(stack, "TX-RE", TransactionState.DELIVERED)


@pytest.mark.parametrize(
    "version", [SoapVersion.SOAP11, SoapVersion.SOAP12], ids=["soap11", "soap12"]
)
@pytest.mark.parametrize(
    ("call", "reason"),
    [
        (
            InitiateConnectDisconnect([event("M1")], "http://cb.example/", None),
            "transactionID is required",
        ),
        (
            InitiateConnectDisconnect([event("M1")], "ftp://cb.example/", "TX"),
            "responseURL must be an http(s) URL, not 'ftp://cb.example/'",
        ),
        (
            InitiateConnectDisconnect([], "http://cb.example/", "TX"),
            "cdEvents holds no connectDisconnectEvent",
        ),
        (
            InitiateConnectDisconnect(
                [event("M1")], "http://cb.example/", "TX", ExpirationTime(3, "Other")
            ),
            "expTime units 'Other' cannot be used for an expiry",
        ),
        (
            InitiateConnectDisconnect(
                [event("M1")], "http://cb.example/", "TX", ExpirationTime(-1, "Minutes")
            ),
            "expTime must be positive",
        ),
    ],
    ids=["no-transaction", "ftp", "no-events", "other-units", "negative"],
)
def test_bad_input_gets_a_soap_fault_and_stores_nothing(stack, version, call, reason):
    stack.start()

    answer = post_cd(stack, build_initiate_connect_disconnect(call), version)

    assert answer.response.status_code == (500 if version is SoapVersion.SOAP11 else 400)
    assert answer.envelope.fault is not None
    assert answer.envelope.fault.sender
    assert reason in answer.envelope.fault.reason
    assert stack.store.transactions() == []
    assert stack.store.outbox() == []
    assert stack.headend_app.state.requests == []


def test_a_request_whose_every_event_is_refused_stores_nothing(stack):
    stack.start()

    errors = initiate_cd(stack, [event("M1", LoadActionCode.UNKNOWN)], "TX-NOTHING")

    assert [e.error_string for e in errors] == [
        "loadActionCode Unknown cannot be sent as a control: Unknown asks for no action"
    ]
    assert stack.store.transactions() == []
    assert stack.store.outbox() == []


def test_cd_server_answers_ping_and_lists_its_operations(stack):
    stack.start()

    ping = post_cd(stack, etree.Element(ns.qname(ns.MSP41, "PingURL")))
    methods = post_cd(stack, etree.Element(ns.qname(ns.MSP41, "GetMethods")))
    unknown = post_cd(stack, etree.Element(ns.qname(ns.MSP41, "InitiateCDStateRequest")))

    assert ns.local_name(ping.body.tag) == "PingURLResponse"
    names = [child.text for child in methods.body.iter(ns.qname(ns.MSP41, "string"))]
    assert names[:3] == ["PingURL", "GetMethods", "InitiateConnectDisconnect"]
    assert set(names) <= set(operations_of("CD_Server"))
    assert unknown.envelope.fault is not None
    assert "does not offer operation 'InitiateCDStateRequest'" in unknown.envelope.fault.reason


def test_events_of_other_conversations_are_left_to_the_next_flow(stack):
    stack.start_headend(app=silent_headend())
    stack.start_cb()
    stack.start_gateway()
    assert stack.initiate(["M9301"], "TX-READ") == []
    read = stack.transaction("TX-READ")
    flow = ConnectDisconnect(stack.gateway_app.state.runtime)

    for correlation in ("no-such-conversation", read.correlation_id):
        body = outcome_message(correlation, [("M9301", DISCONNECTED)])
        message = read_message(xmlsafe.parse(body))
        assert flow.receive_events(message) is None
        assert flow.receive_answer(message) is None
    assert stack.transaction("TX-READ").correlation_id == read.correlation_id


def test_a_head_end_that_refuses_the_request_fails_every_meter(stack):
    stack.start_headend(app=silent_headend(refuse="controls are switched off today"))
    stack.start_cb()
    stack.start_gateway()

    assert (
        initiate_cd(stack, [event("M9401"), event("M9402", LoadActionCode.CONNECT)], "TX-NO") == []
    )

    by_meter = wait_cd_notifications(stack, 2)
    for change in (notification.state_change for notification in by_meter.values()):
        assert change.state_change is LoadActionCode.UNKNOWN
        assert change.error_string == (
            "SOAP Fault from the CIM system: controls are switched off today"
        )
    done = wait_conversation(stack, "TX-NO", TransactionState.DELIVERED)
    [request] = [
        i for i in stack.store.outbox() if i.purpose == ConnectDisconnectPurpose.CIM_REQUEST
    ]
    assert request.state is OutboxState.DEAD
    assert "controls are switched off today" in (request.last_error or "")
    check_wire_tap(stack, done.correlation_id)


def test_more_events_than_the_gateway_takes_at_once_are_refused(stack):
    stack.start(max_meters_per_request=2)
    call = InitiateConnectDisconnect(
        [event("M1"), event("M2"), event("M3")], stack.response_url, "TX-BIG"
    )

    answer = post_cd(stack, build_initiate_connect_disconnect(call))

    assert answer.envelope.fault is not None
    assert "3 connectDisconnectEvents exceed the limit of 2 per request" in (
        answer.envelope.fault.reason
    )
    assert stack.store.transactions() == []


def test_the_simulated_head_end_refuses_what_it_cannot_switch(stack):
    stack.start_headend(HeadEndSettings(seed=4))
    url = f"{stack.headend.url}/"

    def send(message: Message) -> Message:
        body = xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [build_message(message)]))
        response = httpx.post(url, content=body, headers=SoapVersion.SOAP11.headers(None))
        envelope = read_envelope(xmlsafe.parse(response.content))
        if envelope.fault is not None:
            return read_message(envelope.fault.detail[0])
        return read_message(envelope.first_body)

    pan = EndDeviceControl(
        end_device_control_type=Ref("12.0.0.0"), end_devices=[EndDevice(mrid="PAN-1")]
    )
    document = payload_codec("EndDeviceControls", Edition.CIM2013).write(EndDeviceControls([pan]))
    answer = send(
        Message(MessageKind.REQUEST, Header(Verb.CREATE, "EndDeviceControls"), payload=[document])
    )
    assert answer.reply.result is ReplyResult.FAILED
    [error] = answer.reply.errors
    assert (error.reason, error.id.value) == ("control 12.0.0.0 is not supported", "PAN-1")

    for message, reason in (
        (Message(MessageKind.REQUEST, Header(Verb.GET, "EndDeviceControls")), "Verb create"),
        (
            Message(MessageKind.REQUEST, Header(Verb.CREATE, "EndDeviceControls")),
            "no EndDeviceControls",
        ),
    ):
        fault = send(message)
        assert fault.kind is MessageKind.FAULT
        assert reason in fault.reply.errors[0].reason
