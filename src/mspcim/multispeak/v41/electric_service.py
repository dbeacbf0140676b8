"""MultiSpeak 4.1 ``electricService``: one electric service delivered at a service location.

As the 4.1.6 WSDLs declare it: where the service connects to the network (``sectionID``,
``parentSectionID``, ``fromNodeID``/``toNodeID``, ``electricLocationFields`` with substation,
feeder, phase and ``eaLoc`` — the 4.1 name of MultiSpeak 5's ``networkModelRef``), who it serves
(``customerID``, ``accountNumber``), its meter and meter base, its state and billing data
(status, cycle, route, rate code, dates). ``load`` (an abstract load group) and ``meterBase``
are not modelled; ``msp_binding.unread`` names them so translations report them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from mspcim.fieldmeta import xml
from mspcim.multispeak.v41.meter import ElectricLocationFields
from mspcim.multispeak.v41.msp_binding import MspObject

__all__ = ["ElectricService", "NodeIdentifier", "ObjectRef", "PowerStatus"]


class PowerStatus(StrEnum):
    """``powerStatus``: whether the service has power."""

    POWER_OFF = "PowerOff"
    POWER_ON = "PowerOn"
    STATUS_UNKNOWN = "StatusUnknown"


@dataclass(slots=True, kw_only=True)
class ObjectRef:
    """``objectRef``: a reference to another MultiSpeak object (text, name, noun, id)."""

    value: str = field(default="", metadata=xml("."))
    name: str | None = field(default=None, metadata=xml("@name"))
    noun: str | None = field(default=None, metadata=xml("@noun"))
    object_id: str | None = field(default=None, metadata=xml("@objectID"))
    utility: str | None = field(default=None, metadata=xml("@utility"))

    def __str__(self) -> str:
        return self.value or self.object_id or self.name or ""


@dataclass(slots=True, kw_only=True)
class NodeIdentifier:
    """``nodeIdentifier``: a node of the connectivity model (text, name, id)."""

    value: str = field(default="", metadata=xml("."))
    name: str | None = field(default=None, metadata=xml("@name"))
    object_id: str | None = field(default=None, metadata=xml("@objectID"))

    def __str__(self) -> str:
        return self.value or self.object_id or self.name or ""


@dataclass(slots=True, kw_only=True)
class ElectricService(MspObject):
    """``electricService``: an electric service point, its network place and its billing data."""

    section_id: str | None = field(default=None, metadata=xml("sectionID"))
    parent_section_ids: list[ObjectRef] = field(
        default_factory=list, metadata=xml("parentSectionID")
    )
    from_node_id: NodeIdentifier | None = field(default=None, metadata=xml("fromNodeID"))
    to_node_id: NodeIdentifier | None = field(default=None, metadata=xml("toNodeID"))
    customer_id: str | None = field(default=None, metadata=xml("customerID"))
    account_number: str | None = field(default=None, metadata=xml("accountNumber"))
    service_location_id: str | None = field(default=None, metadata=xml("serviceLocationID"))
    meter_base_id: str | None = field(default=None, metadata=xml("meterBaseID"))
    electric_meter_id: str | None = field(default=None, metadata=xml("electricMeterID"))
    electric_location_fields: ElectricLocationFields | None = field(
        default=None, metadata=xml("electricLocationFields")
    )
    outage_status: PowerStatus | None = field(default=None, metadata=xml("outageStatus"))
    special_needs: str | None = field(default=None, metadata=xml("specialNeeds"))
    connection: str | None = field(default=None, metadata=xml("connection"))
    load_mgmt: str | None = field(default=None, metadata=xml("loadMgmt"))
    is_cogeneration_site: bool | None = field(default=None, metadata=xml("isCogenerationSite"))
    wo_number: str | None = field(default=None, metadata=xml("woNumber"))
    so_number: str | None = field(default=None, metadata=xml("soNumber"))
    revenue_class: str | None = field(default=None, metadata=xml("revenueClass"))
    service_status: str | None = field(default=None, metadata=xml("serviceStatus"))
    billing_cycle: str | None = field(default=None, metadata=xml("billingCycle"))
    route: str | None = field(default=None, metadata=xml("route"))
    budget_bill: str | None = field(default=None, metadata=xml("budgetBill"))
    shut_off_date: datetime | None = field(default=None, metadata=xml("shutOffDate"))
    connect_date: datetime | None = field(default=None, metadata=xml("connectDate"))
    disconnect_date: datetime | None = field(default=None, metadata=xml("disconnectDate"))
    rate_code: str | None = field(default=None, metadata=xml("rateCode"))
    service_sub_type: str | None = field(default=None, metadata=xml("serviceSubType"))
