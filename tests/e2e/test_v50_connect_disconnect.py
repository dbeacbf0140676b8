"""Connect/disconnect over MultiSpeak v5, end to end on loopback, beside a v4.1 caller.

A v5 CIS calls ``/multispeak/v50/CD_Server: InitiateConnectDisconnect``; the head-end switches
the meters and reports ``created EndDeviceEvents``; each meter's outcome reaches the caller's
NOT_Server as a ``CDStatesChangedNotification`` with the caller's GUID, the state reached and the
transactionID. Unknown meters come back Unknown with errorObjects; every v5 message is checked
against the schemas of its release (the stack checks what the head-end received).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from _cd_support import cd_server, initiate_cd, wait_conversation
from _support import wait_until
from _v50_support import V5Caller, guid
from lxml import etree

from mspcim import ns
from mspcim.gateway.flows.connect_disconnect import METER_FLOW
from mspcim.gateway.flows.connect_disconnect50 import FLOW
from mspcim.gateway.store import ReadTransaction, TransactionState
from mspcim.multispeak.v41.connect_disconnect import (
    ConnectDisconnectEvent as ConnectDisconnectEvent41,
)
from mspcim.multispeak.v41.connect_disconnect import LoadActionCode as LoadActionCode41
from mspcim.multispeak.v41.meter_reading import MeterID as MeterID41
from mspcim.multispeak.v50.connect_disconnect import (
    CDDeviceIdentifier,
    CDStatesChangedNotification,
    ConnectDisconnectEvent,
    InitiateConnectDisconnect,
    LoadAction,
    LoadActionCode,
    write_operation,
)
from mspcim.multispeak.v50.identity import MeterID
from mspcim.multispeak.v50.msp_binding import Release, read
from mspcim.sim.headend import HeadEndSettings

pytestmark = pytest.mark.e2e

OFF, ON = guid("CD-OFF"), guid("CD-ON")


def initiate(
    actions: dict[str, LoadActionCode],
    transaction_id: str,
    response_url: str,
    release: Release = Release.V507,
) -> etree._Element:
    now = datetime.now(UTC).replace(microsecond=0)
    call = InitiateConnectDisconnect(
        events=[
            ConnectDisconnectEvent(
                referable_id=f"E-{number}",
                time_stamp=now,
                cd_device_identifier=CDDeviceIdentifier(meter_id=MeterID(object_guid=meter)),
                load_action_code=LoadAction(value=action),
            )
            for number, (meter, action) in enumerate(actions.items(), start=1)
        ],
        response_url=response_url,
        transaction_id=transaction_id,
        expiration_time=(now + timedelta(minutes=5)).isoformat()
        if release is Release.V507
        else None,
    )
    return write_operation(call, release)


def wait_conversation50(stack, transaction_id: str, state: TransactionState) -> ReadTransaction:
    """The v5 conversation opened by ``transaction_id``, once in ``state``."""

    def reached() -> ReadTransaction | None:
        found = [
            t
            for t in stack.store.transactions()
            if t.transaction_id == transaction_id and t.flow == FLOW
        ]
        assert len(found) == 1, f"{len(found)} conversations with transactionID {transaction_id}"
        return found[0] if found[0].state is state else None

    return wait_until(reached, f"conversation {transaction_id} to become {state.value}")


def changes(caller: V5Caller, count: int) -> dict[str, str]:
    """Meter GUID → state reached, over the first ``count`` notifications (one meter each)."""
    found = {}
    for call in caller.notifications(count):
        assert call.operation == "CDStatesChangedNotification"
        notification = read(call.body, CDStatesChangedNotification)
        [change] = notification.state_changes
        meter = change.cd_device_identifier.meter_id
        assert meter is not None
        found[meter.object_guid] = change.state_change.value.value
    return found


def test_a_v5_caller_switches_meters_and_hears_of_each(stack):
    stack.start(HeadEndSettings(seed=21))
    caller = V5Caller(stack).start()
    body = initiate(
        {OFF: LoadActionCode.DISCONNECT, ON: LoadActionCode.CONNECT}, "TX-CD5", caller.not_server
    )

    answer = caller.post(body, "CD_Server")

    assert answer.response.status_code == 200, answer.response.text
    assert caller.response_header(answer).result.result_identifier.code == "0.0"
    assert changes(caller, 2) == {OFF: "Disconnect", ON: "Connect"}
    assert {call.transaction_id for call in caller.notifications(2)} == {"TX-CD5"}
    conversation = wait_conversation50(stack, "TX-CD5", TransactionState.DELIVERED)
    assert conversation.flow == FLOW
    assert conversation.meter_ids == [OFF, ON]
    outcomes = [t for t in stack.store.transactions() if t.flow == METER_FLOW]
    assert sorted(t.detail or "" for t in outcomes) == ["Connect", "Disconnect"]


def test_an_unknown_meter_is_reported_unknown_with_an_error_object(stack):
    ghost = guid("CD-GHOST")
    stack.start(HeadEndSettings(seed=22, unknown_meters=frozenset({ghost})))
    caller = V5Caller(stack).start()

    caller.post(
        initiate(
            {OFF: LoadActionCode.DISCONNECT, ghost: LoadActionCode.DISCONNECT},
            "TX-CD-GHOST",
            caller.not_server,
        ),
        "CD_Server",
    )

    assert changes(caller, 2) == {OFF: "Disconnect", ghost: "Unknown"}
    [failed] = [
        read(call.body, CDStatesChangedNotification).state_changes[0]
        for call in caller.notifications(2)
        if read(call.body, CDStatesChangedNotification).state_changes[0].error_objects
    ]
    assert failed.error_objects[0].display_string
    wait_conversation50(stack, "TX-CD-GHOST", TransactionState.DELIVERED)


def test_a_504_destination_gets_the_504_form(stack):
    stack.start_headend(HeadEndSettings(seed=23))
    caller = V5Caller(stack).start()
    stack.start_gateway(multispeak50_releases={caller.server.url: "5.0.4"})

    caller.post(
        initiate({OFF: LoadActionCode.DISCONNECT}, "TX-CD504", caller.not_server, Release.V504),
        "CD_Server",
        release=Release.V504,
    )

    [call] = caller.notifications(1)
    assert call.release is Release.V504
    assert [meter.get("objectGUID") for meter in call.body.iter("{*}meterID")] == [OFF]
    wait_conversation50(stack, "TX-CD504", TransactionState.DELIVERED)


def test_v41_and_v5_callers_switch_meters_at_the_same_time(stack):
    stack.start(HeadEndSettings(seed=24, mode="async"))
    caller = V5Caller(stack).start()

    with ThreadPoolExecutor(max_workers=2) as pool:
        v41_event = ConnectDisconnectEvent41(
            meter_id=MeterID41("M41-OFF", service_type="Electric"),
            load_action_code=LoadActionCode41.DISCONNECT,
        )
        v41 = pool.submit(initiate_cd, stack, [v41_event], "TX-CD41-BOTH")
        v5 = pool.submit(
            caller.post,
            initiate({ON: LoadActionCode.CONNECT}, "TX-CD50-BOTH", caller.not_server),
            "CD_Server",
        )
        assert v41.result() == []
        assert v5.result().response.status_code == 200

    assert changes(caller, 1) == {ON: "Connect"}
    first = wait_conversation(stack, "TX-CD41-BOTH", TransactionState.DELIVERED)
    second = wait_conversation50(stack, "TX-CD50-BOTH", TransactionState.DELIVERED)
    assert first.flow == "connect-disconnect" and second.flow == FLOW
    assert cd_server(stack).endswith("/multispeak/v41/CD_Server")


def test_refused_events_are_errors_in_the_result_and_duplicates_named(stack):
    stack.start(HeadEndSettings(seed=25))
    caller = V5Caller(stack).start()
    body = initiate({OFF: LoadActionCode.DISCONNECT}, "TX-CD-DUP", caller.not_server)
    holder = body.find(
        ns.qname(ns.MSP50_WSDL.format(endpoint="CD_Server"), "ArrayOfConnectDisconnectEvent")
    )
    holder.append(etree.fromstring(etree.tostring(holder[0])))

    answer = caller.post(body, "CD_Server")

    [error] = caller.response_header(answer).result.error_objects
    assert error.display_string == f"meter {OFF} is named twice in this request"
    assert error.noun_type == "connectDisconnectEvent"
    assert changes(caller, 1) == {OFF: "Disconnect"}
