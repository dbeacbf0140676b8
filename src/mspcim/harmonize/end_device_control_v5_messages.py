"""Whole messages of connect/disconnect over MultiSpeak 5.0 (clause 9 EndDeviceControls).

- ``CD_Server: InitiateConnectDisconnect`` ⇄ ``RequestMessage`` *create EndDeviceControls*
  (responseURL ⇄ ReplyAddress, transactionID ⇄ CorrelationID)
- ``NOT_Server: CDStatesChangedNotification`` ⇄ ``EventMessage`` *created EndDeviceEvents*
  (the outcomes), and the *reply EndDeviceControls* a CIM side answers the create with: meters
  its Reply names as failed become ``CDStateChange`` Unknown with ``errorObjects``.

Spontaneous events (outages, tamper …) are EndDeviceEventsNotification's, see
``end_device_event_v5_messages``, which hands switch outcomes here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from lxml import etree

from mspcim.cim import end_device_events as events
from mspcim.cim.catalogue import Edition, payload_codec
from mspcim.cim.end_device_controls import EndDeviceControls
from mspcim.cim.message import (
    EnvelopeForm,
    Error,
    ErrorLevel,
    Header,
    Message,
    MessageKind,
    ObjectID,
    Reply,
    ReplyResult,
    Verb,
)
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize.end_device_control_messages import CONTROLS, EVENTS
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.header_v5 import header_from_cim, header_to_cim
from mspcim.harmonize.profile_messages import carried_by_operation, payload_document
from mspcim.harmonize.profiles import end_device_controls_v5 as profile
from mspcim.harmonize.profiles.meter_readings_v5 import derived_guid, is_guid
from mspcim.harmonize.routes import TranslateOptions
from mspcim.harmonize.routes50 import cim_route50, msp50_route
from mspcim.multispeak.v50 import msp_binding
from mspcim.multispeak.v50.connect_disconnect import (
    CDDeviceIdentifier,
    CDStateChange,
    CDStatesChangedNotification,
    InitiateConnectDisconnect,
    LoadAction,
    LoadActionCode,
    write_operation,
)
from mspcim.multispeak.v50.header import RequestHeader, V5Header
from mspcim.multispeak.v50.identity import MeterID, Release
from mspcim.multispeak.v50.result import ErrorObject

__all__ = [
    "CONTROLS",
    "EVENTS",
    "failure_state_change",
    "initiate_to_request",
    "notification_to_event",
    "outcome_to_notification",
    "request_to_initiate",
]

_INITIATE: Final = "/InitiateConnectDisconnect"


def initiate_to_request(
    call: InitiateConnectDisconnect,
    cim_header: Header,
    *,
    form: EnvelopeForm = EnvelopeForm.IEC61968_100,
    edition: Edition = Edition.CIM2013,
    report: GapReport | None = None,
) -> Message:
    """``create EndDeviceControls`` for an InitiateConnectDisconnect, asking for an async reply.

    ``cim_header`` is the caller's header already mapped; responseURL becomes ReplyAddress and
    transactionID the CorrelationID unless the header has them (the gateway sets its own).
    """
    report = report if report is not None else GapReport()
    cim_header.async_reply_flag = True
    cim_header.reply_address = cim_header.reply_address or call.response_url
    cim_header.correlation_id = cim_header.correlation_id or call.transaction_id
    document = profile.events_to_cim(
        call.events, report, _INITIATE, time_stamp=cim_header.timestamp
    )
    for name, value, reason in (
        ("expirationTime", call.expiration_time, "61968-100 has no expiry: the gateway holds it"),
        ("readingRequested", call.reading_requested, "create EndDeviceControls asks no reading"),
    ):
        if value is not None:
            report.add(f"{_INITIATE}/{name}", value, GapKind.LOST, reason, profile=profile.PROFILE)
    return Message(
        kind=MessageKind.REQUEST,
        header=cim_header,
        payload=[payload_codec(CONTROLS, edition).write(document)],
        form=form,
    )


def request_to_initiate(message: Message, report: GapReport) -> InitiateConnectDisconnect:
    """The InitiateConnectDisconnect a CIM ``create EndDeviceControls`` corresponds to."""
    header = message.header
    if header is None or header.noun != CONTROLS or header.verb is not Verb.CREATE:
        raise MessageFormatError(
            "expected a create EndDeviceControls request", xpath="/RequestMessage/Header"
        )
    document = payload_document(message, CONTROLS, EndDeviceControls)
    if not document.end_device_controls:
        raise MessageFormatError(
            "create EndDeviceControls carries no EndDeviceControl", xpath="/Payload"
        )
    when = header.timestamp
    if when is None:
        raise MessageFormatError(
            "the Header has no Timestamp for the events' timeStamp", xpath="/Header/Timestamp"
        )
    carried_by_operation(report, "/Header/ReplyAddress", "InitiateConnectDisconnect/responseURL")
    carried_by_operation(report, "/Header/CorrelationID", "InitiateConnectDisconnect/transactionID")
    return InitiateConnectDisconnect(
        events=profile.controls_to_msp(document, report, time_stamp=when),
        response_url=header.reply_address,
        transaction_id=header.correlation_id or header.message_id,
    )


def notification_to_event(
    call: CDStatesChangedNotification,
    cim_header: Header,
    *,
    form: EnvelopeForm = EnvelopeForm.IEC61968_100,
    edition: Edition = Edition.CIM2013,
    report: GapReport | None = None,
) -> Message:
    """``created EndDeviceEvents`` EventMessage for a CDStatesChangedNotification."""
    report = report if report is not None else GapReport()
    cim_header.correlation_id = cim_header.correlation_id or call.transaction_id
    document = profile.state_changes_to_cim(
        call.state_changes, report, "/CDStatesChangedNotification"
    )
    return Message(
        kind=MessageKind.EVENT,
        header=cim_header,
        payload=[payload_codec(EVENTS, edition).write(document)],
        form=form,
    )


def failure_state_change(meter: str, reason: str, when: datetime) -> CDStateChange:
    """The CDStateChange of a meter that was not switched: Unknown, with an errorObject."""
    device = (
        MeterID(object_guid=meter)
        if is_guid(meter)
        else MeterID(object_guid=derived_guid(meter), meter_name=meter)
    )
    return CDStateChange(
        time_stamp=when,
        cd_device_identifier=CDDeviceIdentifier(meter_id=device),
        state_change=LoadAction(value=LoadActionCode.UNKNOWN),
        error_objects=[ErrorObject(event_time=when, display_string=reason, reference_id=meter)],
    )


def outcome_to_notification(
    message: Message, report: GapReport, when: datetime
) -> CDStatesChangedNotification:
    """The CDStatesChangedNotification of a CIM outcome: its switch events and failed meters."""
    changes: list[CDStateChange] = []
    if message.noun == EVENTS:
        document = payload_document(message, EVENTS, events.EndDeviceEvents)
        changes = profile.state_changes_to_msp(document, report)
    failed = {
        error.id.value: error.reason or error.details or error.code
        for error in (message.reply.errors if message.reply else [])
        if error.id is not None
    }
    named = {
        key
        for change in changes
        if (device := change.cd_device_identifier.meter_id) is not None
        for key in (device.object_guid, device.meter_name)
    }
    for meter, reason in failed.items():
        if meter not in named:
            changes.append(failure_state_change(meter, reason, when))
    if message.reply is not None:
        for error in message.reply.errors:
            if error.id is None:
                report.add(
                    "/Reply/Error",
                    error.reason or error.code,
                    GapKind.LOST,
                    "the CIM system refused the request without naming meters",
                    profile=profile.PROFILE,
                )
    correlation = message.header.correlation_id if message.header else None
    return CDStatesChangedNotification(state_changes=changes, transaction_id=correlation)


def _errors_of(notification: CDStatesChangedNotification) -> list[Error]:
    errors = []
    for change in notification.state_changes:
        if change.state_change.value is not LoadActionCode.UNKNOWN:
            continue
        meter = change.cd_device_identifier.meter_id
        for error in change.error_objects:
            shown = (meter.meter_name or meter.object_guid) if meter else error.reference_id
            errors.append(
                Error(
                    code=error.error_code.code if error.error_code else "2.4",
                    level=ErrorLevel.FATAL,
                    reason=error.display_string,
                    id=ObjectID(shown or "", object_type="Meter"),
                )
            )
    return errors


def _report_unread(body: etree._Element, cls: type, report: GapReport) -> None:
    """Report the elements no field binds (supplementalNotes, powerLimitationDetails …)."""
    for path in msp_binding.unread(body, cls):
        report.add(path, "(element)", GapKind.LOST, "no CIM counterpart", profile=profile.PROFILE)


# --- routes for the document translator and the gateway


@msp50_route("InitiateConnectDisconnect")
def _initiate_route(
    body: etree._Element, header: V5Header, report: GapReport, options: TranslateOptions
) -> Message:
    call = msp_binding.read(body, InitiateConnectDisconnect)
    _report_unread(body, InitiateConnectDisconnect, report)
    cim_header = header_to_cim(header, Verb.CREATE, CONTROLS, report)
    return initiate_to_request(
        call, cim_header, form=options.form, edition=options.edition, report=report
    )


@msp50_route("CDStatesChangedNotification")
def _notification_route(
    body: etree._Element, header: V5Header, report: GapReport, options: TranslateOptions
) -> Message:
    call = msp_binding.read(body, CDStatesChangedNotification)
    _report_unread(body, CDStatesChangedNotification, report)
    failures = _errors_of(call)
    call.state_changes = [
        change
        for change in call.state_changes
        if change.state_change.value is not LoadActionCode.UNKNOWN or not change.error_objects
    ]
    message = notification_to_event(
        call,
        header_to_cim(header, Verb.CREATED, EVENTS, report),
        form=options.form,
        edition=options.edition,
        report=report,
    )
    if failures:
        message.reply = Reply(ReplyResult.PARTIAL, failures)
    return message


@cim_route50(CONTROLS, MessageKind.REQUEST)
def _request_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, V5Header]:
    header = _v5_header(message, report, options)
    call = request_to_initiate(message, report)
    return write_operation(call, Release(options.release)), header


@cim_route50(CONTROLS, MessageKind.RESPONSE, MessageKind.EVENT)
def _outcome_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, V5Header]:
    return outcome_route(message, report, options)


def outcome_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, V5Header]:
    """CDStatesChangedNotification (with its request header) for a CIM switch outcome."""
    header = _v5_header(message, report, options)
    notification = outcome_to_notification(message, report, header.time_stamp)
    if notification.transaction_id is not None:
        carried_by_operation(
            report, "/Header/CorrelationID", "CDStatesChangedNotification/transactionID"
        )
    return write_operation(notification, Release(options.release)), header


def _v5_header(message: Message, report: GapReport, options: TranslateOptions) -> RequestHeader:
    found = header_from_cim(
        message.header or Header(Verb.REPLY, CONTROLS),
        report,
        release=options.release,
        message_id=options.new_id(),
    )
    assert isinstance(found, RequestHeader)
    return found
