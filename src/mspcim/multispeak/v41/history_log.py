"""MultiSpeak 4.1 ``historyLog``: the events a meter (or the metering system) logged.

``HistoryLogChangedNotification`` (CB, MDM, NOT and OA servers) delivers logs; the MR and MDM
servers answer ``GetHistoryLogByMeterID``, ``GetHistoryLogsByDate``,
``GetHistoryLogsByMeterIDAndEventCode`` and ``GetHistoryLogsByDateAndEventCode``. A
``meterEvent`` is a text (the sender's name for the event) with the parts of the IEC 61968-9
Annex E code as attributes (``type``, ``domain``, ``domainPart``, ``index``), a ``value`` and a
readable ``codeString``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from mspcim import ns
from mspcim.fieldmeta import xml
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.msp_binding import MeterID, MspObject, xml_list

__all__ = [
    "HISTORY_LOG_REQUESTS",
    "Event",
    "GetHistoryLogs",
    "HistoryLog",
    "HistoryLogChangedNotification",
    "MeterEvent",
    "build_history_logs_response",
    "read_history_logs_response",
]


@dataclass(slots=True, kw_only=True)
class MeterEvent:
    """``meterEvent``: the event as named by the sender, with its Annex E code parts."""

    value: str = field(default="", metadata=xml("."))
    domain: str | None = field(default=None, metadata=xml("@domain"))
    domain_part: str | None = field(default=None, metadata=xml("@domainPart"))
    type: str | None = field(default=None, metadata=xml("@type"))
    index: str | None = field(default=None, metadata=xml("@index"))
    event_value: str | None = field(default=None, metadata=xml("@value"))
    code_string: str | None = field(default=None, metadata=xml("@codeString"))


@dataclass(slots=True, kw_only=True)
class Event:
    """``event``: one logged event (when, what, by whom, with what argument)."""

    date_time: datetime | None = field(default=None, metadata=xml("dateTime"))
    meter_event: MeterEvent | None = field(default=None, metadata=xml("meterEvent"))
    user_id: str | None = field(default=None, metadata=xml("userID"))
    argument: str | None = field(default=None, metadata=xml("argument"))
    sequence_number: int | None = field(default=None, metadata=xml("@sequenceNumber"))


@dataclass(slots=True, kw_only=True)
class HistoryLog(MspObject):
    """``historyLog``: the events of one meter."""

    meter_id: MeterID | None = field(default=None, metadata=xml("meterID"))
    event_list: list[Event] = field(default_factory=list, metadata=xml_list("eventList", "event"))


@dataclass(slots=True, kw_only=True)
class HistoryLogChangedNotification:
    """``HistoryLogChangedNotification``: logs delivered to a subscriber."""

    changed_history_logs: list[HistoryLog] = field(
        default_factory=list, metadata=xml_list("changedHistoryLogs", "historyLog")
    )


@dataclass(slots=True, kw_only=True)
class GetHistoryLogs:
    """The parameters of the four ``GetHistoryLog…`` requests (each uses some of them)."""

    meter_id: MeterID | None = field(default=None, metadata=xml("meterID"))
    event_code: MeterEvent | None = field(default=None, metadata=xml("eventCode"))
    start_date: datetime | None = field(default=None, metadata=xml("startDate"))
    end_date: datetime | None = field(default=None, metadata=xml("endDate"))
    last_received: str | None = field(default=None, metadata=xml("lastReceived"))


HISTORY_LOG_REQUESTS: dict[str, tuple[str, ...]] = {
    "GetHistoryLogByMeterID": ("meter_id", "start_date", "end_date"),
    "GetHistoryLogsByDate": ("start_date", "end_date", "last_received"),
    "GetHistoryLogsByMeterIDAndEventCode": ("meter_id", "event_code", "start_date", "end_date"),
    "GetHistoryLogsByDateAndEventCode": ("event_code", "start_date", "end_date", "last_received"),
}
"""Each ``GetHistoryLog…`` request and the parameters (of ``GetHistoryLogs``) it has."""


def build_history_logs_response(operation: str, logs: list[HistoryLog]) -> etree._Element:
    """``<operation>Response`` whose ``<operation>Result`` holds ``logs``."""
    response = etree.Element(_q(f"{operation}Response"), nsmap={"msp": ns.MSP41})
    result = etree.SubElement(response, _q(f"{operation}Result"))
    for log in logs:
        result.append(msp_binding.write(log, "historyLog"))
    return response


def read_history_logs_response(body: etree._Element) -> list[HistoryLog]:
    """The historyLogs of a ``GetHistoryLog…Response`` body."""
    operation = ns.local_name(body.tag).removesuffix("Response")
    result = body.find(_q(f"{operation}Result"))
    if result is None:
        return []
    return [
        msp_binding.read(
            element, HistoryLog, f"/{operation}Response/{operation}Result/historyLog[{n}]"
        )
        for n, element in enumerate(result.iterchildren(_q("historyLog")), start=1)
    ]


def _q(local: str) -> str:
    return f"{{{ns.MSP41}}}{local}"
