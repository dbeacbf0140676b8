"""MultiSpeak 5.0 ``endDeviceEvent`` and ``NOT_Server: EndDeviceEventsNotification``.

A v5 event names its EndDeviceEventType by the four parts of the CIM code (attributes of
``endDeviceEventType``), by a ``codeString``, or by an ``endDeviceEventTypeRef`` into the
``endDeviceEventTypeList`` of its ``endDeviceEventList``; ``resolve_types`` puts the referred
type into each event, so readers of the objects see one form. ``associatedReadingValues`` and
``supplementalNotes`` are not bound: ``unread`` names them for the gap report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import ClassVar, Final

from mspcim import ns
from mspcim.exceptions import MessageFormatError
from mspcim.fieldmeta import xml
from mspcim.multispeak.v50.connect_disconnect import EndDeviceEventType, MspEvent
from mspcim.multispeak.v50.identity import MspReferable, ObjectRef
from mspcim.multispeak.v50.msp_binding import xml_list

__all__ = [
    "NOT_SERVER",
    "EndDeviceEvent",
    "EndDeviceEventList",
    "EndDeviceEventType",
    "EndDeviceEventTypeItem",
    "EndDeviceEventTypeOption",
    "EndDeviceEventsNotification",
    "TimeZone",
    "resolve_types",
]

NOT_SERVER: Final = ns.MSP50_WSDL.format(endpoint="NOT_Server")


@dataclass(slots=True, kw_only=True)
class EndDeviceEventTypeOption:
    """``endDeviceEventTypeOption``: the event type itself, or a reference into the list."""

    NAMESPACE: ClassVar[str] = ns.MSP50
    end_device_event_type: EndDeviceEventType | None = field(
        default=None, metadata=xml("endDeviceEventType")
    )
    end_device_event_type_ref: str | None = field(
        default=None, metadata=xml("endDeviceEventTypeRef")
    )


@dataclass(slots=True, kw_only=True)
class TimeZone:
    """``timeZone``: the zone the device keeps its clock in."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    value: str = field(default="", metadata=xml("."))
    dst_enabled: bool | None = field(default=None, metadata=xml("@DSTEnabled"))
    utc_offset: Decimal = field(metadata=xml("@UTCOffset"))
    name: str | None = field(default=None, metadata=xml("@name"))
    comment: str | None = field(default=None, metadata=xml("@comment"))


@dataclass(slots=True, kw_only=True)
class EndDeviceEvent(MspEvent):
    """``endDeviceEvent``: something a device reported, with its EndDeviceEventType."""

    NAMESPACE: ClassVar[str] = ns.MSP50
    device_reference: ObjectRef | None = field(default=None, metadata=xml("deviceReference"))
    end_device_event_type_option: EndDeviceEventTypeOption = field(
        metadata=xml("endDeviceEventTypeOption")
    )
    event_severity: str | None = field(default=None, metadata=xml("eventSeverity"))
    user_id: str | None = field(default=None, metadata=xml("userID"))
    argument: str | None = field(default=None, metadata=xml("argument"))
    time_zone: TimeZone | None = field(default=None, metadata=xml("timeZone"))

    @property
    def event_type(self) -> EndDeviceEventType | None:
        """The event's type as given in place (after ``resolve_types``, always when known)."""
        return self.end_device_event_type_option.end_device_event_type


@dataclass(slots=True, kw_only=True)
class EndDeviceEventTypeItem:
    """``endDeviceEventTypeItem``: a type declared once per list, named by a reference."""

    NAMESPACE: ClassVar[str] = ns.MSP50
    end_device_event_type: EndDeviceEventType = field(metadata=xml("endDeviceEventType"))
    end_device_event_type_ref: str = field(metadata=xml("endDeviceEventTypeRef"))


@dataclass(slots=True, kw_only=True)
class EndDeviceEventList(MspReferable):
    """``endDeviceEventList``: events, and the types they refer to."""

    NAMESPACE: ClassVar[str] = ns.MSP50
    events: list[EndDeviceEvent] = field(
        default_factory=list, metadata=xml_list("endDeviceEvents", "endDeviceEvent")
    )
    types: list[EndDeviceEventTypeItem] = field(
        default_factory=list,
        metadata=xml_list("endDeviceEventTypeList", "endDeviceEventTypeItem"),
    )


@dataclass(slots=True, kw_only=True)
class EndDeviceEventsNotification:
    """``NOT_Server: EndDeviceEventsNotification``: lists of events a system reports."""

    NAMESPACE: ClassVar[str] = NOT_SERVER
    lists: list[EndDeviceEventList] = field(
        default_factory=list,
        metadata=xml_list("ArrayOfEndDeviceEventList", "endDeviceEventList", ns.MSP50_ARRAYS),
    )
    transaction_id: str | None = field(default=None, metadata=xml("transactionID"))


def resolve_types(notification: EndDeviceEventsNotification, where: str = "") -> None:
    """Put the type each ``endDeviceEventTypeRef`` refers to into its event (in place)."""
    for number, holder in enumerate(notification.lists, start=1):
        declared = {item.end_device_event_type_ref: item for item in holder.types}
        for index, event in enumerate(holder.events, start=1):
            option = event.end_device_event_type_option
            reference = option.end_device_event_type_ref
            if option.end_device_event_type is not None or reference is None:
                continue
            item = declared.get(reference.strip())
            if item is None:
                raise MessageFormatError(
                    f"endDeviceEventTypeRef {reference!r} names no endDeviceEventTypeItem",
                    xpath=f"{where}/ArrayOfEndDeviceEventList/endDeviceEventList[{number}]"
                    f"/endDeviceEvents/endDeviceEvent[{index}]/endDeviceEventTypeOption",
                )
            option.end_device_event_type = item.end_device_event_type
