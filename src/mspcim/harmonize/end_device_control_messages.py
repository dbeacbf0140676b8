"""Whole messages of connect/disconnect (profile 8.12), both ways.

- ``InitiateConnectDisconnect`` ⇄ ``RequestMessage`` *create EndDeviceControls* (one control per
  connectDisconnectEvent; responseURL ⇄ ReplyAddress, transactionID ⇄ CorrelationID)
- ``CDStateChangedNotification`` → ``EventMessage`` *created EndDeviceEvents* (the outcome)
- a CIM outcome (``created EndDeviceEvents``, or a Reply naming failed meters) → one
  ``CDStateChangedNotification`` per meter, as the 4.1 WSDLs define it (one ``stateChange``)

Spontaneous EndDeviceEvents (outages, tamper …) are profile 8.13's: only the connect/disconnect
operations are routed here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from mspcim.cim import end_device_events as events
from mspcim.cim.catalogue import Edition, payload_codec, payload_for_tag
from mspcim.cim.end_device_controls import EndDeviceControls
from mspcim.cim.message import EnvelopeForm, Header, Message, MessageKind, Reply, Verb
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.header import header_to_cim, header_to_msp
from mspcim.harmonize.profile_messages import carried_by_operation
from mspcim.harmonize.profiles import end_device_controls as profile
from mspcim.harmonize.routes import TranslateOptions, cim_route, msp_route
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v41.connect_disconnect import (
    CDStateChange,
    CDStateChangedNotification,
    InitiateConnectDisconnect,
    LoadActionCode,
    build_initiate_connect_disconnect,
    read_cd_state_changed_notification,
    read_initiate_connect_disconnect,
)
from mspcim.multispeak.v41.meter_reading import MeterID

__all__ = [
    "CONTROLS",
    "EVENTS",
    "CimOutcome",
    "cim_outcome",
    "failure_notification",
    "initiate_to_request",
    "notification_to_event",
    "outcome_notifications",
    "request_to_initiate",
]

CONTROLS = "EndDeviceControls"
EVENTS = "EndDeviceEvents"


def initiate_to_request(
    call: InitiateConnectDisconnect,
    header: MultiSpeakMsgHeader | None,
    *,
    message_id: str,
    reply_address: str | None,
    form: EnvelopeForm = EnvelopeForm.IEC61968_100,
    edition: Edition = Edition.CIM2013,
    report: GapReport | None = None,
) -> Message:
    """``create EndDeviceControls`` for an InitiateConnectDisconnect, asking for an async reply.

    MessageID and CorrelationID are ``message_id``; the outcome is awaited at ``reply_address``.
    """
    report = report if report is not None else GapReport()
    cim_header = header_to_cim(header or MultiSpeakMsgHeader(), Verb.CREATE, CONTROLS, report)
    cim_header.message_id = message_id
    cim_header.correlation_id = message_id
    cim_header.async_reply_flag = True
    cim_header.reply_address = reply_address
    document = profile.events_to_cim(call.cd_events, report, "/InitiateConnectDisconnect/cdEvents")
    if call.exp_time is not None:
        report.add(
            "/InitiateConnectDisconnect/expTime",
            f"{call.exp_time.value:g} {call.exp_time.units or ''}".strip(),
            GapKind.LOST,
            "61968-100 has no expiry: the gateway holds the request that long itself",
            profile=profile.PROFILE,
        )
    return Message(
        kind=MessageKind.REQUEST,
        header=cim_header,
        payload=[payload_codec(CONTROLS, edition).write(document)],
        form=form,
    )


def _document(message: Message, noun: str) -> tuple[object | None, str]:
    """The one ``noun`` payload of ``message`` read into its pivot (None when there is none)."""
    found = []
    for element in message.payload:
        codec = payload_for_tag(element.tag)
        if codec is None or codec.noun != noun:
            tag = element.tag if isinstance(element.tag, str) else "?"
            raise MessageFormatError(f"unexpected payload {tag!r}", xpath="/Payload")
        found.append((codec, element))
    if len(found) > 1:
        raise MessageFormatError(f"more than one {noun} payload", xpath="/Payload")
    if not found:
        return None, ""
    codec, element = found[0]
    return codec.read(element), f"/{noun}"


def request_to_initiate(
    message: Message, report: GapReport | None = None
) -> tuple[InitiateConnectDisconnect, MultiSpeakMsgHeader]:
    """The InitiateConnectDisconnect a CIM ``create EndDeviceControls`` corresponds to."""
    report = report if report is not None else GapReport()
    header = message.header
    if header is None or header.noun != CONTROLS or header.verb is not Verb.CREATE:
        raise MessageFormatError(
            "expected a create EndDeviceControls request", xpath="/RequestMessage/Header"
        )
    document, path = _document(message, CONTROLS)
    if not isinstance(document, EndDeviceControls) or not document.end_device_controls:
        raise MessageFormatError(
            "create EndDeviceControls carries no EndDeviceControl", xpath="/Payload"
        )
    msp_header = header_to_msp(header, report)
    carried_by_operation(report, "/Header/ReplyAddress", "InitiateConnectDisconnect/responseURL")
    carried_by_operation(report, "/Header/CorrelationID", "InitiateConnectDisconnect/transactionID")
    call = InitiateConnectDisconnect(
        cd_events=profile.controls_to_msp(document, report, path),
        response_url=header.reply_address,
        transaction_id=header.correlation_id or header.message_id,
    )
    return call, msp_header


def notification_to_event(
    call: CDStateChangedNotification,
    header: MultiSpeakMsgHeader | None,
    *,
    message_id: str | None = None,
    form: EnvelopeForm = EnvelopeForm.IEC61968_100,
    edition: Edition = Edition.CIM2013,
    report: GapReport | None = None,
) -> Message:
    """``created EndDeviceEvents`` EventMessage for a CDStateChangedNotification."""
    report = report if report is not None else GapReport()
    header = header or MultiSpeakMsgHeader()
    cim_header = header_to_cim(header, Verb.CREATED, EVENTS, report)
    if message_id is not None:
        cim_header.message_id = message_id
    cim_header.correlation_id = call.transaction_id
    changes = [call.state_change] if call.state_change is not None else []
    document = profile.state_changes_to_cim(
        changes, report, "/CDStateChangedNotification", time_stamp=header.time_stamp
    )
    return Message(
        kind=MessageKind.EVENT,
        header=cim_header,
        payload=[payload_codec(EVENTS, edition).write(document)],
        form=form,
    )


@dataclass(slots=True)
class CimOutcome:
    """What a CIM message says about switched meters: state changes and failures by meter."""

    changes: list[CDStateChange]
    header: Header | None
    reply: Reply | None
    failed: dict[str, str] = field(default_factory=dict)
    """Meter → reason, for every Error that names a meter."""

    @property
    def correlation_id(self) -> str | None:
        """The message's CorrelationID, if any."""
        return self.header.correlation_id if self.header is not None else None


def cim_outcome(message: Message, report: GapReport | None = None) -> CimOutcome:
    """The switch outcomes an EndDeviceEvents payload reports, and the meters a Reply fails.

    A message about EndDeviceControls (the answer to the create) carries no outcome, only
    failures; its payload, if any, is the request echoed and is not read.
    """
    report = report if report is not None else GapReport()
    changes: list[CDStateChange] = []
    if message.noun == EVENTS:
        document, path = _document(message, EVENTS)
        if isinstance(document, events.EndDeviceEvents):
            changes = profile.state_changes_to_msp(document, report, path)
    failed: dict[str, str] = {}
    if message.reply is not None:
        for error in message.reply.errors:
            if error.id is not None:
                failed[error.id.value] = error.reason or error.details or error.code
    return CimOutcome(changes, message.header, message.reply, failed)


def failure_notification(
    meter: str, reason: str, transaction_id: str | None
) -> CDStateChangedNotification:
    """The notification that ``meter`` was not switched: state Unknown, with ``errorString``.

    (A device that tried and failed reports a failure event instead: its ``stateChange`` names
    the state it did not reach, see ``STATE_CHANGE_EVENTS``.)
    """
    change = CDStateChange(
        meter_id=MeterID(meter), state_change=LoadActionCode.UNKNOWN, error_string=reason
    )
    return CDStateChangedNotification(change, transaction_id)


def outcome_notifications(
    outcome: CimOutcome, transaction_id: str | None
) -> list[CDStateChangedNotification]:
    """One CDStateChangedNotification per state change (the 4.1 operation carries one)."""
    return [CDStateChangedNotification(change, transaction_id) for change in outcome.changes]


# --- routes for the document translator


@msp_route("InitiateConnectDisconnect")
def _initiate_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    call = read_initiate_connect_disconnect(body)
    message = initiate_to_request(
        call,
        header,
        message_id=header.message_id or options.new_id(),
        reply_address=call.response_url,
        form=options.form,
        edition=options.edition,
        report=report,
    )
    assert message.header is not None
    message.header.correlation_id = call.transaction_id
    return message


@msp_route("CDStateChangedNotification")
def _notification_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    return notification_to_event(
        read_cd_state_changed_notification(body),
        header,
        message_id=header.message_id or options.new_id(),
        form=options.form,
        edition=options.edition,
        report=report,
    )


@cim_route(CONTROLS, MessageKind.REQUEST)
def _request_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    call, header = request_to_initiate(message, report)
    return build_initiate_connect_disconnect(call), header
