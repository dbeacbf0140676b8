"""MultiSpeak 4.1 ``meterHistoryEvent``: what was done to a meter, when, and where it served.

As the 4.1.6 WSDLs declare it (``mspAssetHistoryEvent`` → ``meterHistoryEvent``): the time,
the actions taken (``actionTaken``, repeated without a wrapper), free-text information, the
meter and the customer, account, service location, service and meter base it served, and the
meter's status. The CB and MDM servers answer ``GetMeterHistoryByMeterID`` with a list of them;
no MultiSpeak 4.1 notification carries one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from mspcim.fieldmeta import xml
from mspcim.multispeak.v41.meter import ServiceID
from mspcim.multispeak.v41.msp_binding import MeterID, xml_list
from mspcim.multispeak.v41.point_object import MspPointObject

__all__ = [
    "ActionTaken",
    "GetMeterHistoryByMeterID",
    "GetMeterHistoryByMeterIDResponse",
    "MeterHistoryEvent",
]


class ActionTaken(StrEnum):
    """``actionTaken``: what was done to the asset."""

    INSTALLED = "Installed"
    PLACED_INTO_SERVICE = "PlacedIntoService"
    CONNECTED = "Connected"
    DISCONNECTED = "Disconnected"
    REMOVED = "Removed"
    INSPECTED = "Inspected"
    TESTED = "Tested"
    REPAIRED = "Repaired"
    CALIBRATED = "Calibrated"
    CHECKED = "Checked"
    RETURNED_TO_INVENTORY = "ReturnedToInventory"
    RETIRED = "Retired"
    DESTROYED = "Destroyed"
    OTHER = "Other"
    UNKNOWN = "Unknown"


@dataclass(slots=True, kw_only=True)
class MeterHistoryEvent(MspPointObject):
    """``meterHistoryEvent``: one event in a meter's history and the service it was part of."""

    event_time: datetime | None = field(default=None, metadata=xml("eventTime"))
    actions_taken: list[ActionTaken] = field(default_factory=list, metadata=xml("actionTaken"))
    information_list: list[str] = field(
        default_factory=list, metadata=xml_list("informationList", "informationItem")
    )
    meter_id: MeterID | None = field(default=None, metadata=xml("meterID"))
    customer_id: str | None = field(default=None, metadata=xml("customerID"))
    account_id: str | None = field(default=None, metadata=xml("accountID"))
    service_location_id: str | None = field(default=None, metadata=xml("serviceLocationID"))
    service_id: ServiceID | None = field(default=None, metadata=xml("serviceID"))
    meter_base_id: str | None = field(default=None, metadata=xml("meterBaseID"))
    meter_status_list: list[str] = field(
        default_factory=list, metadata=xml_list("meterStatusList", "meterStatus")
    )


@dataclass(slots=True, kw_only=True)
class GetMeterHistoryByMeterID:
    """CB/MDM_Server ``GetMeterHistoryByMeterID``: the history of one meter."""

    meter: MeterID | None = field(default=None, metadata=xml("meter"))


@dataclass(slots=True, kw_only=True)
class GetMeterHistoryByMeterIDResponse:
    """``GetMeterHistoryByMeterIDResponse``: the meter's history events."""

    result: list[MeterHistoryEvent] = field(
        default_factory=list,
        metadata=xml_list("GetMeterHistoryByMeterIDResult", "meterHistoryEvent"),
    )
