"""MultiSpeak 4.1 ``serviceOrder``: field work for a customer, and its notifications.

``ServiceOrderOpenedNotification``, ``ServiceOrderChangedNotification`` and
``ServiceOrderClosedNotification`` (MR, MDM and NOT servers) deliver ``changedSOs``;
``GetServiceOrderByServiceOrderID`` (CB, MDM) answers one. The ``securityLights`` of an order
are not modelled here (``msp_binding.unread`` reports them when present), nor the
``readingValues`` of its associated meters (the readings of a service order are profile 8.17's).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from mspcim.fieldmeta import xml
from mspcim.multispeak.v41.msp_binding import MeterID, MspObject, xml_list

__all__ = [
    "SERVICE_ORDER_NOTIFICATIONS",
    "AssociatedMeters",
    "EquipmentStatus",
    "GetServiceOrderByServiceOrderID",
    "GetServiceOrderByServiceOrderIDResponse",
    "Network",
    "OrderMeter",
    "OtherIdentificationFields",
    "ServiceOrder",
    "ServiceOrderNotification",
    "StatusOfService",
]

SO_STATUS_CODES = (
    "Active",
    "Closed",
    "OnHold",
    "Cancelled",
    "Enroute",
    "Onsite",
    "Other",
    "Unknown",
)
"""The values of ``soStatusCode``."""


@dataclass(slots=True, kw_only=True)
class Network:
    """``network``: the districts and address parts of the order's location."""

    board_dist: str | None = field(default=None, metadata=xml("boardDist"))
    tax_dist: str | None = field(default=None, metadata=xml("taxDist"))
    franchise_dist: str | None = field(default=None, metadata=xml("franchiseDist"))
    school_dist: str | None = field(default=None, metadata=xml("schoolDist"))
    district: str | None = field(default=None, metadata=xml("district"))
    county: str | None = field(default=None, metadata=xml("county"))
    city_code: str | None = field(default=None, metadata=xml("cityCode"))
    city: str | None = field(default=None, metadata=xml("city"))
    state: str | None = field(default=None, metadata=xml("state"))
    postal_code: str | None = field(default=None, metadata=xml("postalCode"))
    country: str | None = field(default=None, metadata=xml("country"))
    section: str | None = field(default=None, metadata=xml("section"))
    township: str | None = field(default=None, metadata=xml("township"))
    range: str | None = field(default=None, metadata=xml("range"))
    subdivision: str | None = field(default=None, metadata=xml("subdivision"))
    block: str | None = field(default=None, metadata=xml("block"))
    lot: str | None = field(default=None, metadata=xml("lot"))


@dataclass(slots=True, kw_only=True)
class OrderMeter:
    """``existingMeter`` / ``replacementMeter``: a meter the order removes or installs."""

    meter_id: MeterID | None = field(default=None, metadata=xml("meterID"))
    meter_type: str | None = field(default=None, metadata=xml("meterType"))
    service_type: str | None = field(default=None, metadata=xml("serviceType"))
    action_taken: str | None = field(default=None, metadata=xml("actionTaken"))


@dataclass(slots=True, kw_only=True)
class AssociatedMeters(MspObject):
    """``associatedMeters``: the meter taken out and the one put in."""

    existing_meter: OrderMeter | None = field(default=None, metadata=xml("existingMeter"))
    replacement_meter: OrderMeter | None = field(default=None, metadata=xml("replacementMeter"))


@dataclass(slots=True, kw_only=True)
class StatusOfService:
    """``statusOfService``: what was done to one service."""

    service_type: str | None = field(default=None, metadata=xml("serviceType"))
    action_taken: str | None = field(default=None, metadata=xml("actionTaken"))


@dataclass(slots=True, kw_only=True)
class EquipmentStatus:
    """``equipmentStatus``: what was done to one piece of equipment."""

    equipment_type: str | None = field(default=None, metadata=xml("equipmentType"))
    action_taken: str | None = field(default=None, metadata=xml("actionTaken"))


@dataclass(slots=True, kw_only=True)
class OtherIdentificationFields:
    """``otherIdentificationFields``: accounting codes of the order."""

    dept_code: int | None = field(default=None, metadata=xml("deptCode"))
    act_code: str | None = field(default=None, metadata=xml("actCode"))
    ac_no: int | None = field(default=None, metadata=xml("acNo"))
    budget_code: int | None = field(default=None, metadata=xml("budgetCode"))
    warehouse_id: str | None = field(default=None, metadata=xml("warehouseID"))
    grp_code: int | None = field(default=None, metadata=xml("grpCode"))


@dataclass(slots=True, kw_only=True)
class ServiceOrder(MspObject):
    """``serviceOrder``: a work order at a service location."""

    project_id: str | None = field(default=None, metadata=xml("projectID"))
    wo_number: str | None = field(default=None, metadata=xml("woNumber"))
    so_number: str | None = field(default=None, metadata=xml("soNumber"))
    so_status_code: str | None = field(default=None, metadata=xml("soStatusCode"))
    so_type: str | None = field(default=None, metadata=xml("soType"))
    so_description: str | None = field(default=None, metadata=xml("soDescription"))
    customer_id: str | None = field(default=None, metadata=xml("customerID"))
    account_number: str | None = field(default=None, metadata=xml("accountNumber"))
    service_location_id: str | None = field(default=None, metadata=xml("serviceLocationID"))
    network: Network | None = field(default=None, metadata=xml("network"))
    start_date: datetime | None = field(default=None, metadata=xml("startDate"))
    close_date: datetime | None = field(default=None, metadata=xml("closeDate"))
    crew_id: str | None = field(default=None, metadata=xml("crewID"))
    worked_by: str | None = field(default=None, metadata=xml("workedBy"))
    associated_meters_list: list[AssociatedMeters] = field(
        default_factory=list, metadata=xml_list("associatedMetersList", "associatedMeters")
    )
    service_statuses: list[StatusOfService] = field(
        default_factory=list, metadata=xml_list("serviceStatuses", "statusOfService")
    )
    equipment_statuses: list[EquipmentStatus] = field(
        default_factory=list, metadata=xml_list("equipmentStatuses", "equipmentStatus")
    )
    other_identification_fields: OtherIdentificationFields | None = field(
        default=None, metadata=xml("otherIdentificationFields")
    )


@dataclass(slots=True, kw_only=True)
class ServiceOrderNotification:
    """``ServiceOrder{Opened,Changed,Closed}Notification``: the orders concerned."""

    changed_sos: list[ServiceOrder] = field(
        default_factory=list, metadata=xml_list("changedSOs", "serviceOrder")
    )


SERVICE_ORDER_NOTIFICATIONS = (
    "ServiceOrderOpenedNotification",
    "ServiceOrderChangedNotification",
    "ServiceOrderClosedNotification",
)
"""The notifications that carry ``ServiceOrderNotification`` parameters."""


@dataclass(slots=True, kw_only=True)
class GetServiceOrderByServiceOrderID:
    """``GetServiceOrderByServiceOrderID``: one order by its number."""

    service_order_id: str | None = field(default=None, metadata=xml("serviceOrderID"))


@dataclass(slots=True, kw_only=True)
class GetServiceOrderByServiceOrderIDResponse:
    """``GetServiceOrderByServiceOrderIDResponse``: the order, if found."""

    result: ServiceOrder | None = field(
        default=None, metadata=xml("GetServiceOrderByServiceOrderIDResult")
    )
