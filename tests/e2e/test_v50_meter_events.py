"""CIM meter events to a MultiSpeak v5 NOT_Server: ``EndDeviceEventsNotification``, end to end.

The CIM side posts ``created EndDeviceEvents`` to ``/cim/reply``; with
``multispeak50_event_url`` set, the v5 NOT_Server receives an EndDeviceEventsNotification naming
the device by its GUID, with the event's time and code (in its configured release); with
``meter_event_url`` set too, the 4.1 server hears of the same events. Every v5 notification is
checked against the schemas of its release.
"""

from __future__ import annotations

import pytest
from _events_support import T0, cim_event_message, post_cim
from _v50_support import V5Caller, guid

from mspcim.cim.end_device_events import Asset, EndDeviceEvent, EndDeviceEventTypeRef
from mspcim.cim.message import ReplyResult
from mspcim.gateway.flows.meter_events50 import FLOW
from mspcim.gateway.store import TransactionState
from mspcim.multispeak.v50.end_device_event import EndDeviceEventsNotification
from mspcim.multispeak.v50.msp_binding import Release, read
from mspcim.sim.headend import HeadEndSettings

pytestmark = pytest.mark.e2e

METER = guid("EVENT-1")
CODE = "3.26.0.85"


def event(meter: str = METER, code: str = CODE) -> EndDeviceEvent:
    return EndDeviceEvent(
        created_date_time=T0,
        assets=Asset(mrid=meter),
        end_device_event_type=EndDeviceEventTypeRef(ref=code),
        reason="storm",
    )


def wait_forwarded(stack, state: TransactionState):
    def reached():
        found = [t for t in stack.store.transactions() if t.flow == FLOW]
        return found[0] if len(found) == 1 and found[0].state is state else None

    return stack.wait_until(reached, f"the v5 event notification to become {state.value}")


@pytest.mark.parametrize("release", [Release.V507, Release.V504])
def test_cim_events_reach_the_v5_not_server(stack, release: Release):
    stack.start_headend(HeadEndSettings(seed=31))
    caller = V5Caller(stack).start()
    releases = {caller.server.url: release.value}
    stack.start_gateway(multispeak50_event_url=caller.not_server, multispeak50_releases=releases)

    reply = post_cim(
        stack.gateway.url,
        cim_event_message([event()], correlation_id="HES-CORR-9"),
        stack.check,
    )

    assert reply.reply is not None and reply.reply.result is ReplyResult.OK
    [call] = caller.notifications(1)
    assert call.operation == "EndDeviceEventsNotification"
    assert call.release is release
    assert call.transaction_id == "HES-CORR-9"
    notification = read(call.body, EndDeviceEventsNotification)
    [events] = notification.lists
    [received] = events.events
    assert received.device_reference is not None
    assert received.device_reference.object_guid == METER
    assert received.time_stamp == T0
    parts = received.end_device_event_type_option.end_device_event_type
    assert parts is not None
    found = (
        parts.end_device_type,
        parts.end_device_domain,
        parts.end_device_subdomain,
        parts.event_or_action,
    )
    assert ".".join(str(part) for part in found) == CODE
    transaction = wait_forwarded(stack, TransactionState.DELIVERED)
    assert transaction.meter_ids == [METER]
    assert transaction.caller == "Riverside HES"


def test_with_both_servers_configured_both_hear_of_the_event(stack):
    stack.start_headend(HeadEndSettings(seed=32))
    stack.start_cb()
    caller = V5Caller(stack).start()
    stack.start_gateway(
        multispeak50_event_url=caller.not_server,
        meter_event_url=f"{stack.cb.url}/CB_Server",
    )

    reply = post_cim(stack.gateway.url, cim_event_message([event()]), stack.check)

    assert reply.reply is not None and reply.reply.result is ReplyResult.OK
    [call] = caller.notifications(1)
    assert call.operation == "EndDeviceEventsNotification"
    stack.wait_until(
        lambda: [c for c in stack.cb_app.state.calls if c.operation == "MeterEventNotification"],
        "the 4.1 MeterEventNotification",
    )
    wait_forwarded(stack, TransactionState.DELIVERED)


def test_without_a_v5_destination_nothing_is_sent_to_v5(stack):
    stack.start_headend(HeadEndSettings(seed=33))
    caller = V5Caller(stack).start()
    stack.start_gateway()

    reply = post_cim(stack.gateway.url, cim_event_message([event()]), stack.check)

    assert reply.reply is not None and reply.reply.result is ReplyResult.FAILED
    assert caller.app.state.calls == []
    assert [t for t in stack.store.transactions() if t.flow == FLOW] == []
