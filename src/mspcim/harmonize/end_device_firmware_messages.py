"""Whole messages of profile 8.14 EndDeviceFirmware, both ways.

- ``InsertMeterInConfigurationGroup`` ⇄ *create* EndDeviceFirmware (``transactionID`` ⇄
  CorrelationID, ``responseURL`` ⇄ ReplyAddress, asynchronous reply asked)
- ``RemoveMetersFromConfigurationGroup`` ⇄ *delete* EndDeviceFirmware
- ``MeterConfigurationNotification`` ⇄ EventMessage *changed* EndDeviceFirmware
- their ``…Response`` (errorObjects) ⇄ ResponseMessage with Reply only
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from lxml import etree

from mspcim.cim.end_device_firmware import NOUN, EndDeviceFirmware
from mspcim.cim.message import Message, MessageKind, Reply, ReplyResult, Verb
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profile_messages import (
    cim_header,
    error_response_reply,
    header_carried_by,
    message_of,
    msp_header,
    payload_document,
)
from mspcim.harmonize.profiles import end_device_firmware
from mspcim.harmonize.reply import error_objects_from_reply
from mspcim.harmonize.routes import TranslateOptions, cim_route, msp_route
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.meter_configuration import (
    ConfigurationStatusItem,
    InsertMeterInConfigurationGroup,
    MeterConfigurationNotification,
    MeterConfigurationStatus,
    RemoveMetersFromConfigurationGroup,
)
from mspcim.multispeak.v41.operations import build_array_of_error_object_response

__all__ = ["OPERATION_VERBS", "RESPONSE_OPERATION"]

OPERATION_VERBS: Final[dict[str, Verb]] = {
    "InsertMeterInConfigurationGroup": Verb.CREATE,
    "RemoveMetersFromConfigurationGroup": Verb.DELETE,
    "MeterConfigurationNotification": Verb.CHANGED,
}
"""MultiSpeak 4.1 operation → the CIM verb of its EndDeviceFirmware message."""

RESPONSE_OPERATION: Final = "InsertMeterInConfigurationGroup"
"""The operation whose errorObject response a CIM reply without devices becomes."""


def _group_status(
    call: InsertMeterInConfigurationGroup | RemoveMetersFromConfigurationGroup,
) -> MeterConfigurationStatus:
    return MeterConfigurationStatus(
        configuration_group_id=call.meter_group_id,
        configuration_status_list=[ConfigurationStatusItem(meter_id=m) for m in call.meter_ids],
    )


def _report_unread(body: etree._Element, cls: type, report: GapReport) -> None:
    for path in msp_binding.unread(body, cls):
        report.add(path, "(element)", GapKind.LOST, "not read by mspcim", profile=NOUN)


@msp_route(*OPERATION_VERBS)
def _msp_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    name = etree.QName(body).localname
    correlation = reply_address = None
    kind = MessageKind.REQUEST
    if name == "InsertMeterInConfigurationGroup":
        insert = msp_binding.read(body, InsertMeterInConfigurationGroup)
        status = _group_status(insert)
        correlation, reply_address = insert.transaction_id, insert.response_url
    elif name == "RemoveMetersFromConfigurationGroup":
        status = _group_status(msp_binding.read(body, RemoveMetersFromConfigurationGroup))
    else:
        notification = msp_binding.read(body, MeterConfigurationNotification)
        _report_unread(body, MeterConfigurationNotification, report)
        status = notification.config_status or MeterConfigurationStatus()
        correlation, kind = notification.transaction_id, MessageKind.EVENT
    document = end_device_firmware.to_cim(status, report, f"/{name}")
    cim = cim_header(header, OPERATION_VERBS[name], NOUN, report, message_id=options.new_id())
    cim.correlation_id = correlation
    if reply_address is not None:
        cim.reply_address, cim.async_reply_flag = reply_address, True
    return message_of(kind, cim, [document], noun=NOUN, edition=options.edition, form=options.form)


@msp_route(*(f"{name}Response" for name in OPERATION_VERBS))
def _msp_response_route(
    body: etree._Element, header: MultiSpeakMsgHeader, report: GapReport, options: TranslateOptions
) -> Message:
    reply = error_response_reply(body, report)
    cim = cim_header(header, Verb.REPLY, NOUN, report, message_id=options.new_id())
    return message_of(
        MessageKind.RESPONSE,
        cim,
        [],
        noun=NOUN,
        edition=options.edition,
        form=options.form,
        reply=reply,
    )


def _status(
    message: Message, report: GapReport
) -> tuple[MeterConfigurationStatus, MultiSpeakMsgHeader]:
    document: EndDeviceFirmware = payload_document(message, NOUN, EndDeviceFirmware)
    status = end_device_firmware.to_msp(document, report)
    others = message.header.properties if message.header else []
    return status, msp_header(message.header, others, report)


def _timed(status: MeterConfigurationStatus, when: datetime | None, report: GapReport) -> None:
    """Give every item the time the schema requires: its status time, else the message's."""
    for index, item in enumerate(status.configuration_status_list, start=1):
        if item.time_stamp is not None:
            continue
        where = f"/{NOUN}/EndDevice[{index}]/status/dateTime"
        if when is None:
            raise MappingError(
                "configurationStatusItem needs a timeStamp: the EndDevice status has no dateTime "
                "and the Header no Timestamp",
                xpath=where,
            )
        item.time_stamp = when
        report.add(where, when, GapKind.CHANGED, "the message's Timestamp stands in", profile=NOUN)


@cim_route(NOUN, MessageKind.REQUEST)
def _cim_request_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    assert message.header is not None
    status, header = _status(message, report)
    meters = [item.meter_id for item in status.configuration_status_list if item.meter_id]
    if message.header.verb is Verb.CREATE:
        header_carried_by(
            report,
            "InsertMeterInConfigurationGroup",
            {
                "CorrelationID": "transactionID",
                "ReplyAddress": "responseURL",
                "AsyncReplyFlag": "responseURL",
            },
        )
        insert = InsertMeterInConfigurationGroup(
            meter_ids=meters,
            meter_group_id=status.configuration_group_id,
            transaction_id=message.header.correlation_id,
            response_url=message.header.reply_address,
        )
        return msp_binding.write(insert, "InsertMeterInConfigurationGroup"), header
    if message.header.verb is Verb.DELETE:
        remove = RemoveMetersFromConfigurationGroup(
            meter_ids=meters, meter_group_id=status.configuration_group_id
        )
        return msp_binding.write(remove, "RemoveMetersFromConfigurationGroup"), header
    raise MessageFormatError(
        f"no MultiSpeak 4.1 operation for {message.header.verb.value} {NOUN}: meters are put in "
        "a configuration group (create) or taken out of it (delete)",
        xpath="/Header/Verb",
    )


@cim_route(NOUN, MessageKind.EVENT, MessageKind.RESPONSE)
def _cim_outcome_route(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    status, header = _status(message, report)
    if message.kind is MessageKind.RESPONSE and not message.payload:
        errors = error_objects_from_reply(message.reply or Reply(ReplyResult.OK), report)
        return build_array_of_error_object_response(RESPONSE_OPERATION, errors), header
    if message.reply is not None and message.reply.errors:
        for error in error_objects_from_reply(message.reply, report):
            report.add(
                "/Reply/Error",
                error.error_string or "",
                GapKind.LOST,
                "MeterConfigurationNotification has no place for errors",
                profile=NOUN,
            )
    header_carried_by(report, "MeterConfigurationNotification", {"CorrelationID": "transactionID"})
    _timed(status, message.header.timestamp if message.header else None, report)
    transaction = message.header.correlation_id if message.header else None
    notification = MeterConfigurationNotification(config_status=status, transaction_id=transaction)
    return msp_binding.write(notification, "MeterConfigurationNotification"), header
