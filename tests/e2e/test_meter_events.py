"""Meter events end to end over loopback HTTP: head-end → gateway → CB, and MultiSpeak → head-end.

What arrives is read back and checked value by value (codes, meters, times, transactionID), every
message is validated against the official schemas, and the gateway's store must show each
conversation finished.
"""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from _events_support import (
    T0,
    cim_event,
    cim_event_message,
    meter_event_transactions,
    notification,
    post_cim,
    post_msp,
)

from mspcim import ns, xmlsafe
from mspcim.cim.end_device_events import EndDeviceEvents, read_2013, write_2013
from mspcim.cim.envelope import build_message
from mspcim.cim.message import (
    EnvelopeForm,
    Header,
    Message,
    MessageKind,
    Reply,
    ReplyResult,
    Verb,
)
from mspcim.gateway.config import RetryPolicy
from mspcim.gateway.flows.meter_events import NOT_CONFIGURED, TO_CIM, TO_MULTISPEAK
from mspcim.gateway.store import OutboxState, TransactionState
from mspcim.multispeak.v41.meter_event import EventInstance, MeterEvent
from mspcim.multispeak.v41.meter_reading import MeterID
from mspcim.multispeak.v41.operations import read_array_of_error_object_response
from mspcim.sim.cb import CbSettings
from mspcim.sim.cb_meter_events import meter_events, notifications
from mspcim.sim.headend_events import received_events
from mspcim.soap import SoapVersion, build_envelope, read_envelope

pytestmark = pytest.mark.e2e


def cb_calls(stack, count: int):
    """The first ``count`` MeterEventNotifications at the CB simulator, once they are there."""
    stack.wait_until(
        lambda: len(notifications(stack.cb_app)) >= count, f"{count} MeterEventNotification(s)"
    )
    calls = [
        call for call in stack.cb_app.state.calls if call.operation == "MeterEventNotification"
    ]
    for call in calls:
        stack.check(call.raw)
    return calls[:count]


def delivered(stack):
    """The delivered meter-event conversations; every message they logged is schema-valid."""
    transactions = stack.wait_until(
        lambda: meter_event_transactions(stack.store.transactions(), TransactionState.DELIVERED),
        "the meter-event conversation to be delivered",
    )
    for transaction in transactions:
        logged = stack.store.messages(transaction.correlation_id)
        assert len(logged) >= 2
        for message in logged:
            if message.body:
                stack.check(message.body)
    return transactions


# --- CIM → MultiSpeak


@pytest.mark.parametrize(
    ("form", "version"),
    [
        (EnvelopeForm.IEC61968_100, SoapVersion.SOAP11),
        (EnvelopeForm.NOUN_WRAPPER, SoapVersion.SOAP12),
    ],
    ids=["61968-100", "noun-wrapper-soap12"],
)
def test_cim_events_arrive_at_the_cb_as_meter_event_notification(stack, form, version) -> None:
    stack.start_cb()
    stack.start_gateway(meter_event_url=f"{stack.cb.url}/CB_Server")
    events = [
        cim_event("MTR-1", "3.26.0.85", reason="storm"),
        cim_event("MTR-2", "3.26.0.216", T0 + timedelta(minutes=5)),
        cim_event("MTR-3", "3.26.0.999"),
    ]
    content = cim_event_message(events, correlation_id="HES-C-9", form=form, version=version)

    answer = post_cim(stack.gateway.url, content, stack.check, version)

    assert answer.kind is MessageKind.RESPONSE
    assert answer.reply.result is ReplyResult.OK
    assert answer.header.correlation_id == "HES-EVT-1"
    [call] = cb_calls(stack, 1)
    assert call.parsed.transaction_id == "HES-C-9"
    assert call.header.app_name == "Riverside HES"
    received = meter_events(stack.cb_app)
    assert [(e.meter, e.code, e.parts) for e in received] == [
        ("MTR-1", "Outage", ("3", "26", "0", "85")),
        ("MTR-2", "Restoration", ("3", "26", "0", "216")),
        ("MTR-3", "3.26.0.999", ("3", "26", "0", "999")),
    ]
    assert [e.time_stamp for e in received] == [T0, T0 + timedelta(minutes=5), T0]
    items = {item.ext_name: item.ext_value for item in call.parsed.events.extensions_list}
    assert items == {}  # carried values belong to their instance, not to the list
    first, _, third = call.parsed.events.event_instances
    assert [(i.ext_name, i.ext_value) for i in first.instance_extensions] == [
        ("CIM.EndDeviceEvent.reason", "storm")
    ]
    assert [(i.ext_name, i.ext_value) for i in third.instance_extensions] == [
        ("CIM.EndDeviceEventType", "3.26.0.999")
    ]
    [transaction] = delivered(stack)
    assert transaction.meter_ids == ["MTR-1", "MTR-2", "MTR-3"]
    assert transaction.transaction_id == "HES-C-9"
    assert transaction.caller == "Riverside HES"
    assert transaction.response_url == f"{stack.cb.url}/CB_Server"
    item = stack.wait_until(
        lambda: [
            item
            for item in stack.store.outbox()
            if item.purpose == TO_MULTISPEAK and item.state is OutboxState.SENT
        ],
        "the notification to be marked sent",
    )[0]
    assert item.correlation_id == transaction.correlation_id
    kinds = [m.kind for m in stack.store.messages(transaction.correlation_id)]
    assert "MeterEventNotification" in kinds


def test_without_meter_event_url_the_event_is_refused_and_nothing_is_kept(stack) -> None:
    stack.start_gateway()
    before = stack.store.counts()

    answer = post_cim(
        stack.gateway.url, cim_event_message([cim_event("MTR-1", "3.26.0.85")]), stack.check
    )

    assert answer.reply.result is ReplyResult.FAILED
    [error] = answer.reply.errors
    assert error.reason == NOT_CONFIGURED
    assert error.code == "2.5"
    assert stack.store.counts() == before
    assert meter_event_transactions(stack.store.transactions()) == []


def test_other_verbs_are_refused(stack) -> None:
    stack.start_cb()
    stack.start_gateway(meter_event_url=f"{stack.cb.url}/CB_Server")

    answer = post_cim(
        stack.gateway.url,
        cim_event_message([cim_event("MTR-1", "3.26.0.85")], verb=Verb.DELETED),
        stack.check,
    )

    assert answer.reply.result is ReplyResult.FAILED
    assert "forwards created EndDeviceEvents, not deleted" in answer.reply.errors[0].reason
    assert meter_event_transactions(stack.store.transactions()) == []


def test_a_refusing_cb_is_recorded_on_the_conversation(stack) -> None:
    stack.start_cb(CbSettings(fail_with="unknown meter MTR-1"))
    stack.start_gateway(meter_event_url=f"{stack.cb.url}/MDM_Server")

    post_cim(stack.gateway.url, cim_event_message([cim_event("MTR-1", "3.31.0.68")]), stack.check)

    [call] = cb_calls(stack, 1)
    assert call.parsed.events.event_instances[0].meter_id.value == "MTR-1"
    assert [(e.meter, e.code) for e in meter_events(stack.cb_app)] == [("MTR-1", "Disconnected")]
    [transaction] = delivered(stack)
    assert transaction.detail == "MultiSpeak server answered with errors: unknown meter MTR-1"


# --- MultiSpeak → CIM


@pytest.mark.parametrize("endpoint", ["CB_Server", "MDM_Server", "NOT_Server"])
@pytest.mark.parametrize("version", list(SoapVersion), ids=lambda v: v.name)
def test_multispeak_events_arrive_at_the_headend(stack, endpoint, version) -> None:
    stack.start_headend()
    stack.start_gateway()
    instances = [
        EventInstance(
            MeterID("MTR-7", service_type="Electric"),
            MeterEvent("Tamper", type="3", domain="12", domain_part="0", index="257"),
            T0,
        ),
        EventInstance(MeterID("MTR-8"), MeterEvent("LowBattery"), T0 + timedelta(hours=1)),
        EventInstance(MeterID("MTR-9"), MeterEvent("SwellStarted", value="262 V"), T0),
    ]

    answer = post_msp(
        stack.gateway.url, endpoint, notification(instances, "MDM-TX-3"), stack.check, version
    )

    assert answer.fault is None
    assert read_array_of_error_object_response(answer.first_body) == []
    events = stack.wait_until(
        lambda: received_events(stack.headend_app), "the events at the head-end"
    )
    assert [event.end_device_event_type.ref for event in events] == [
        "3.12.0.257",
        "3.2.22.150",
        "3.26.38.248",
    ]
    assert [event.assets.names[0].name for event in events] == ["MTR-7", "MTR-8", "MTR-9"]
    assert [event.created_date_time for event in events] == [T0, T0 + timedelta(hours=1), T0]
    assert [(d.name, d.value) for d in events[2].end_device_event_details] == [
        ("MultiSpeak.meterEvent.value", "262 V")
    ]
    [request] = [r for r in stack.headend_app.state.requests if r.message is not None]
    assert request.message.header.verb is Verb.CREATED
    assert request.message.header.correlation_id == "MDM-TX-3"
    declared = read_2013(request.message.payload[0]).end_device_event_types
    assert [t.mrid for t in declared] == ["3.12.0.257", "3.2.22.150", "3.26.38.248"]
    [transaction] = delivered(stack)
    assert transaction.transaction_id == "MDM-TX-3"
    assert transaction.caller == "Riverside MDM"
    assert transaction.meter_ids == ["MTR-7", "MTR-8", "MTR-9"]
    assert transaction.soap_version == version.name


def test_an_untranslatable_event_is_refused_alone(stack) -> None:
    stack.start_headend()
    stack.start_gateway()
    instances = [
        EventInstance(MeterID("MTR-1"), MeterEvent("Outage"), T0),
        EventInstance(MeterID("MTR-2"), None, T0),
        EventInstance(MeterID("MTR-3"), MeterEvent("Restoration"), T0),
    ]

    answer = post_msp(stack.gateway.url, "CB_Server", notification(instances, "T-2"), stack.check)

    [error] = read_array_of_error_object_response(answer.first_body)
    assert error.object_id == "MTR-2"
    assert error.noun_type == "eventInstance"
    assert "has no meterEvent" in error.error_string
    events = stack.wait_until(
        lambda: received_events(stack.headend_app), "the events at the head-end"
    )
    assert [event.end_device_event_type.ref for event in events] == ["3.26.0.85", "3.26.0.216"]
    [transaction] = delivered(stack)
    assert transaction.detail == "2 events for the CIM side, 1 refused"


def test_an_unreachable_cim_side_ends_in_the_dead_letter_state(stack) -> None:
    stack.start_gateway(retry=RetryPolicy(attempts=2, initial_delay=0.05, max_delay=0.1))
    instances = [EventInstance(MeterID("MTR-1"), MeterEvent("Outage"), T0)]

    answer = post_msp(stack.gateway.url, "NOT_Server", notification(instances, "T-3"), stack.check)

    assert read_array_of_error_object_response(answer.first_body) == []
    [transaction] = stack.wait_until(
        lambda: meter_event_transactions(stack.store.transactions(), TransactionState.FAILED),
        "the conversation to fail",
    )
    assert transaction.detail
    dead = [item for item in stack.store.outbox() if item.purpose == TO_CIM]
    assert [item.state for item in dead] == [OutboxState.DEAD]
    assert dead[0].attempts == 2


def test_a_malformed_notification_gets_a_fault_and_changes_nothing(stack) -> None:
    stack.start_gateway()
    body = notification([EventInstance(MeterID("MTR-1"), MeterEvent("Outage"), T0)], "T-4")
    body.find(".//{*}timeStamp").text = "yesterday"
    before = stack.store.counts()
    content = xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [body]))

    response = httpx.post(
        f"{stack.gateway.url}/multispeak/v41/CB_Server",
        content=content,
        headers=SoapVersion.SOAP11.headers(ns.MSP41_ACTION_PREFIX + "MeterEventNotification"),
        timeout=10,
    )

    assert response.status_code == 500
    stack.check(response.content)
    fault = read_envelope(xmlsafe.parse(response.content)).fault
    assert "not an xs:dateTime: 'yesterday'" in fault.reason
    assert "eventInstance[1]/timeStamp" in fault.reason
    assert stack.store.counts() == before
    assert stack.store.messages() == []


def test_a_notification_with_only_bad_events_forwards_nothing(stack) -> None:
    stack.start_headend()
    stack.start_gateway()
    instances = [EventInstance(MeterID("MTR-5"), MeterEvent(), T0)]

    answer = post_msp(stack.gateway.url, "MDM_Server", notification(instances, "T-5"), stack.check)

    [error] = read_array_of_error_object_response(answer.first_body)
    assert (error.object_id, error.noun_type) == ("MTR-5", "eventInstance")
    assert "meterEvent names no event" in error.error_string
    assert meter_event_transactions(stack.store.transactions()) == []
    assert stack.store.outbox() == []


def test_a_cim_side_that_faults_fails_the_conversation_without_retries(stack) -> None:
    stack.start_cb()  # not a CIM system: it answers the EventMessage with a SOAP Fault
    stack.start_gateway(cim_endpoint=f"{stack.cb.url}/")
    instances = [EventInstance(MeterID("MTR-6"), MeterEvent("Outage"), T0)]

    post_msp(stack.gateway.url, "CB_Server", notification(instances, "T-6"), stack.check)

    [transaction] = stack.wait_until(
        lambda: meter_event_transactions(stack.store.transactions(), TransactionState.FAILED),
        "the conversation to fail",
    )
    assert transaction.detail.startswith("SOAP Fault from the CIM system")
    [item] = [item for item in stack.store.outbox() if item.purpose == TO_CIM]
    assert (item.state, item.attempts) == (OutboxState.DEAD, 1)


def test_a_response_without_events_is_taken_and_forwards_nothing(stack) -> None:
    stack.start_cb()
    stack.start_gateway(meter_event_url=f"{stack.cb.url}/CB_Server")
    message = Message(
        MessageKind.RESPONSE,
        Header(Verb.REPLY, "EndDeviceEvents", message_id="R-1"),
        reply=Reply(ReplyResult.OK),
        payload=[write_2013(EndDeviceEvents())],
    )
    content = xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [build_message(message)]))

    answer = post_cim(stack.gateway.url, content, stack.check)

    assert answer.reply.result is ReplyResult.OK
    assert meter_event_transactions(stack.store.transactions()) == []
    assert notifications(stack.cb_app) == []
