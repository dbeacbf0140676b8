"""Helpers for the connect/disconnect end-to-end tests, on top of ``conftest.Stack``.

Calls to the gateway's CD_Server, waits on the CB simulator's CDStateChangedNotification calls
and on the conversation's state, a head-end that only acknowledges (so a test can post the
outcome events itself, one by one), and a check that every message of a conversation in the
gateway's wire tap is schema-valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
from _support import WAIT, Answer, wait_until
from lxml import etree
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mspcim import ns, xmlsafe
from mspcim.cim import end_device_events as events
from mspcim.cim.catalogue import Edition, payload_codec
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import Header, Message, MessageKind, Reply, ReplyResult, Verb
from mspcim.gateway.flows.connect_disconnect import FLOW, METER_FLOW
from mspcim.gateway.store import ReadTransaction, TransactionState
from mspcim.multispeak.errors import ErrorObject
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41.connect_disconnect import (
    CDStateChangedNotification,
    ConnectDisconnectEvent,
    InitiateConnectDisconnect,
    LoadActionCode,
    build_initiate_connect_disconnect,
)
from mspcim.multispeak.v41.meter_reading import MeterID
from mspcim.multispeak.v41.operations import ExpirationTime, read_array_of_error_object_response
from mspcim.sim.cb import ReceivedCall
from mspcim.soap import (
    SoapFault,
    SoapVersion,
    build_envelope,
    build_fault,
    read_envelope,
)

NOTIFICATION = "CDStateChangedNotification"

Stack = Any
"""``conftest.Stack`` (the fixture's object; conftest modules are not imported by name)."""


def cd_server(stack: Stack) -> str:
    assert stack.gateway is not None
    return f"{stack.gateway.url}/multispeak/v41/CD_Server"


def post_cd(
    stack: Stack,
    body: etree._Element,
    version: SoapVersion = SoapVersion.SOAP11,
    action: str | None = None,
) -> Answer:
    """POST one operation to CD_Server; the answer (Fault or not) is checked schema-valid."""
    operation = action or ns.local_name(body.tag)
    header = MultiSpeakMsgHeader(app_name="TestCIS", user_id="tester", company="Test Co-op")
    response = httpx.post(
        cd_server(stack),
        content=xmlsafe.serialize(build_envelope(version, [body], [build_header(header)])),
        headers=version.headers(ns.MSP41_ACTION_PREFIX + operation),
        timeout=WAIT,
    )
    stack.check(response.content)
    envelope = read_envelope(xmlsafe.parse(response.content))
    assert envelope.version is version
    return Answer(response, envelope)


def event(meter: str, action: LoadActionCode = LoadActionCode.DISCONNECT) -> ConnectDisconnectEvent:
    return ConnectDisconnectEvent(
        meter_id=MeterID(meter, service_type="Electric"), load_action_code=action
    )


def initiate_cd(
    stack: Stack,
    cd_events: list[ConnectDisconnectEvent],
    transaction_id: str,
    *,
    version: SoapVersion = SoapVersion.SOAP11,
    exp_time: ExpirationTime | None = None,
) -> list[ErrorObject]:
    """InitiateConnectDisconnect; the errorObjects of the (HTTP 200) answer."""
    call = InitiateConnectDisconnect(
        cd_events, stack.response_url, transaction_id, exp_time or ExpirationTime(5, "Minutes")
    )
    answer = post_cd(stack, build_initiate_connect_disconnect(call), version)
    assert answer.response.status_code == 200, answer.response.text
    assert answer.envelope.fault is None
    assert ns.local_name(answer.body.tag) == "InitiateConnectDisconnectResponse"
    return read_array_of_error_object_response(answer.body)


def cd_calls(stack: Stack) -> list[ReceivedCall]:
    assert stack.cb_app is not None
    return [call for call in stack.cb_app.state.calls if call.operation == NOTIFICATION]


def wait_cd_notifications(stack: Stack, count: int) -> dict[str, CDStateChangedNotification]:
    """The first ``count`` notifications at the CB, by meter, each checked schema-valid."""
    calls = wait_until(
        lambda: cd_calls(stack) if len(cd_calls(stack)) >= count else None,
        f"{count} CDStateChangedNotification(s) at the CB",
    )
    by_meter: dict[str, CDStateChangedNotification] = {}
    for call in calls[:count]:
        stack.check(call.raw, endpoint="CB_Server")
        notification: CDStateChangedNotification = call.parsed
        assert notification.state_change is not None
        assert notification.state_change.meter_id is not None
        meter = notification.state_change.meter_id.value
        assert meter not in by_meter, f"meter {meter} notified twice"
        by_meter[meter] = notification
    return by_meter


def conversation(stack: Stack, transaction_id: str) -> ReadTransaction:
    found = [
        t
        for t in stack.store.transactions()
        if t.transaction_id == transaction_id and t.flow == FLOW
    ]
    assert len(found) == 1, f"{len(found)} conversations with transactionID {transaction_id}"
    return found[0]


def outcomes(stack: Stack, parent: ReadTransaction) -> dict[str, ReadTransaction]:
    """The per-meter outcome transactions of a conversation, by meter."""
    return {
        t.meter_ids[0]: t
        for t in stack.store.transactions()
        if t.flow == METER_FLOW and t.correlation_id.startswith(parent.correlation_id + "/")
    }


def wait_conversation(
    stack: Stack, transaction_id: str, state: TransactionState
) -> ReadTransaction:
    return wait_until(
        lambda: (found := conversation(stack, transaction_id)).state is state and found,
        f"conversation {transaction_id} to become {state.value}",
    )


def check_wire_tap(stack: Stack, correlation_id: str) -> list[tuple[str, str, str]]:
    """Every message logged for the conversation is schema-valid; their (direction, side, kind)."""
    logged = stack.store.messages(correlation_id)
    for message in logged:
        stack.check(message.body)
    return [(m.direction, m.side, m.kind) for m in logged]


# --- a head-end that acknowledges and never reports: the test posts the events


@dataclass
class Recorded:
    body: bytes


def silent_headend(refuse: str | None = None) -> Starlette:
    """Answers every request with Reply OK, correlated (or a SOAP Fault saying ``refuse``).

    The requests are recorded in ``app.state.requests``.
    """
    requests: list[Recorded] = []

    async def answer(request: Request) -> Response:
        body = await request.body()
        requests.append(Recorded(body))
        message = read_message(xmlsafe.parse(body))
        assert message.header is not None
        if refuse is not None:
            fault = build_fault(SoapVersion.SOAP11, SoapFault(reason=refuse, sender=True))
            return Response(xmlsafe.serialize(fault), 500, media_type="text/xml; charset=utf-8")
        reply = Message(
            MessageKind.RESPONSE,
            Header(Verb.REPLY, message.header.noun, correlation_id=message.header.correlation_id),
            reply=Reply(ReplyResult.OK),
        )
        envelope = build_envelope(SoapVersion.SOAP11, [build_message(reply)])
        return Response(xmlsafe.serialize(envelope), media_type=SoapVersion.SOAP11.content_type())

    app = Starlette(routes=[Route("/", answer, methods=["POST"])])
    app.state.requests = requests
    return app


def outcome_message(correlation_id: str, results: list[tuple[str, str]]) -> bytes:
    """``created EndDeviceEvents`` (SOAP 1.1) reporting (meter, event code) pairs."""
    authority = events.NameTypeAuthority(name="MultiSpeak")
    document = events.EndDeviceEvents(
        end_device_events=[
            events.EndDeviceEvent(
                created_date_time=datetime.now(UTC).replace(microsecond=0),
                assets=events.Asset(
                    names=[
                        events.Name(
                            name=meter,
                            name_type=events.NameType(
                                name="meterID", name_type_authority=authority
                            ),
                        )
                    ]
                ),
                end_device_event_type=events.EndDeviceEventTypeRef(ref=code),
            )
            for meter, code in results
        ]
    )
    message = Message(
        MessageKind.EVENT,
        Header(
            Verb.CREATED, "EndDeviceEvents", source="test-headend", correlation_id=correlation_id
        ),
        payload=[payload_codec("EndDeviceEvents", Edition.CIM2013).write(document)],
    )
    return xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [build_message(message)]))


def post_reply(stack: Stack, body: bytes) -> Message:
    """POST to the gateway's /cim/reply; the ResponseMessage it answers with."""
    assert stack.settings is not None
    response = httpx.post(
        stack.settings.reply_address,
        content=body,
        headers=SoapVersion.SOAP11.headers(
            "http://iec.ch/TC57/2011/EndDeviceEvents/CreatedEndDeviceEvents"
        ),
        timeout=WAIT,
    )
    stack.check(response.content)
    return read_message(read_envelope(xmlsafe.parse(response.content)).first_body)
