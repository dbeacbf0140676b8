"""Helpers for the meter-event tests over loopback: CIM events in, MultiSpeak notifications in.

Used with the ``stack`` fixture of ``conftest.py``: the CIM side posts to the gateway's
``/cim/reply``, a MultiSpeak system posts ``MeterEventNotification`` to one of its servers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import httpx
from _support import WAIT
from lxml import etree

from mspcim import ns, xmlsafe
from mspcim.cim.end_device_events import (
    Asset,
    EndDeviceEvent,
    EndDeviceEvents,
    EndDeviceEventTypeRef,
    Name,
    NameType,
    NameTypeAuthority,
    write_2013,
)
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import EnvelopeForm, Header, Message, MessageKind, Verb
from mspcim.gateway.flows.meter_events import FLOW
from mspcim.gateway.store import ReadTransaction, TransactionState
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41.meter_event import (
    EventInstance,
    MeterEventList,
    MeterEventNotification,
    build_meter_event_notification,
)
from mspcim.soap import SoapEnvelope, SoapVersion, build_envelope, read_envelope

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def cim_event(meter: str, code: str, when: datetime = T0, **fields: object) -> EndDeviceEvent:
    """A CIM EndDeviceEvent of ``meter`` (named by its MultiSpeak meterID) with ``code``."""
    authority = NameTypeAuthority(name="MultiSpeak")
    return EndDeviceEvent(
        created_date_time=when,
        assets=Asset(
            names=[
                Name(name=meter, name_type=NameType(name="meterID", name_type_authority=authority))
            ]
        ),
        end_device_event_type=EndDeviceEventTypeRef(ref=code),
        **fields,  # type: ignore[arg-type]
    )


def cim_event_message(
    events: list[EndDeviceEvent],
    *,
    message_id: str = "HES-EVT-1",
    correlation_id: str | None = None,
    verb: Verb = Verb.CREATED,
    form: EnvelopeForm = EnvelopeForm.IEC61968_100,
    version: SoapVersion = SoapVersion.SOAP11,
) -> bytes:
    """A SOAP EventMessage *created EndDeviceEvents* as a head-end sends it."""
    message = Message(
        MessageKind.EVENT,
        Header(
            verb=verb,
            noun="EndDeviceEvents",
            timestamp=T0,
            source="Riverside HES",
            message_id=message_id,
            correlation_id=correlation_id,
        ),
        payload=[write_2013(EndDeviceEvents(end_device_events=events))],
        form=form,
    )
    return xmlsafe.serialize(build_envelope(version, [build_message(message)]))


def post_cim(
    gateway_url: str,
    content: bytes,
    check: Callable[..., None],
    version: SoapVersion = SoapVersion.SOAP11,
) -> Message:
    """POST ``content`` to the gateway's /cim/reply; the (schema-valid) answer, read."""
    response = httpx.post(
        f"{gateway_url}/cim/reply",
        content=content,
        headers={"content-type": version.content_type()},
        timeout=WAIT,
    )
    check(response.content)
    assert response.status_code == 200, response.text
    return read_message(read_envelope(xmlsafe.parse(response.content)).first_body)


def notification(instances: list[EventInstance], transaction_id: str | None) -> etree._Element:
    """The body element of a MeterEventNotification."""
    call = MeterEventNotification(MeterEventList(event_instances=instances), transaction_id)
    return build_meter_event_notification(call)


def post_msp(
    gateway_url: str,
    endpoint: str,
    body: etree._Element,
    check: Callable[..., None],
    version: SoapVersion = SoapVersion.SOAP11,
) -> SoapEnvelope:
    """POST one MultiSpeak operation to the gateway's ``endpoint``; the schema-valid answer."""
    header = MultiSpeakMsgHeader(app_name="Riverside MDM", user_id="mdm", time_stamp=T0)
    content = xmlsafe.serialize(build_envelope(version, [body], [build_header(header)]))
    response = httpx.post(
        f"{gateway_url}/multispeak/v41/{endpoint}",
        content=content,
        headers=version.headers(ns.MSP41_ACTION_PREFIX + ns.local_name(body.tag)),
        timeout=WAIT,
    )
    check(response.content)
    assert response.status_code == 200, response.text
    return read_envelope(xmlsafe.parse(response.content))


def meter_event_transactions(
    transactions: list[ReadTransaction], state: TransactionState | None = None
) -> list[ReadTransaction]:
    """The conversations of the meter-events flow (in one state)."""
    return [
        transaction
        for transaction in transactions
        if transaction.flow == FLOW and (state is None or transaction.state is state)
    ]
