"""MultiSpeak 4.1 operations that carry meters: the meter notifications and the meter queries.

Bodies as the 4.1.6 WSDLs declare them: ``MeterAddNotification``, ``MeterChangedNotification``,
``MeterRemoveNotification``, ``MeterRetireNotification`` (MR, MDM, EA, OA, NOT servers; the
CD, CH and DR servers take ``MeterChangedNotification`` too), ``MeterInstalledNotification``
(CB, MDM, NOT), and the CB/MDM queries ``GetMeterByMeterID``, ``GetAllMeters``,
``GetMeterByServiceLocationID`` and ``GetMeterByCustomerID`` with their responses. Each
notification holds one ``meters`` element; ``METER_LISTS`` names it per operation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from mspcim.fieldmeta import xml
from mspcim.multispeak.v41.meter import Meters
from mspcim.multispeak.v41.msp_binding import MeterID

__all__ = [
    "METER_LISTS",
    "QUERY_RESULTS",
    "GetAllMeters",
    "GetAllMetersResponse",
    "GetMeterByCustomerID",
    "GetMeterByCustomerIDResponse",
    "GetMeterByMeterID",
    "GetMeterByMeterIDResponse",
    "GetMeterByServiceLocationID",
    "GetMeterByServiceLocationIDResponse",
    "MeterAddNotification",
    "MeterChangedNotification",
    "MeterInstalledNotification",
    "MeterNotification",
    "MeterRemoveNotification",
    "MeterRetireNotification",
]


@dataclass(slots=True, kw_only=True)
class MeterAddNotification:
    """``MeterAddNotification``: meters new to the sender's system."""

    meters: Meters | None = field(default=None, metadata=xml("addedMeters"))


@dataclass(slots=True, kw_only=True)
class MeterChangedNotification:
    """``MeterChangedNotification``: meters whose data changed."""

    meters: Meters | None = field(default=None, metadata=xml("changedMeters"))


@dataclass(slots=True, kw_only=True)
class MeterRemoveNotification:
    """``MeterRemoveNotification``: meters removed from service (they may be used again)."""

    meters: Meters | None = field(default=None, metadata=xml("removedMeters"))


@dataclass(slots=True, kw_only=True)
class MeterRetireNotification:
    """``MeterRetireNotification``: meters retired for good."""

    meters: Meters | None = field(default=None, metadata=xml("retiredMeters"))


@dataclass(slots=True, kw_only=True)
class MeterInstalledNotification:
    """``MeterInstalledNotification``: meters installed, answering an InitiateMeterInstallation."""

    meters: Meters | None = field(default=None, metadata=xml("addedMeters"))
    transaction_id: str | None = field(default=None, metadata=xml("transactionID"))


MeterNotification = (
    MeterAddNotification
    | MeterChangedNotification
    | MeterRemoveNotification
    | MeterRetireNotification
    | MeterInstalledNotification
)

METER_LISTS: Final[dict[str, type[MeterNotification]]] = {
    "MeterAddNotification": MeterAddNotification,
    "MeterChangedNotification": MeterChangedNotification,
    "MeterRemoveNotification": MeterRemoveNotification,
    "MeterRetireNotification": MeterRetireNotification,
    "MeterInstalledNotification": MeterInstalledNotification,
}
"""Notification body element → its dataclass (each holds the meters in ``meters``)."""


@dataclass(slots=True, kw_only=True)
class GetMeterByMeterID:
    """CB/MDM_Server ``GetMeterByMeterID``: one meter by its number."""

    meter_id: MeterID | None = field(default=None, metadata=xml("meterID"))


@dataclass(slots=True, kw_only=True)
class GetMeterByMeterIDResponse:
    """``GetMeterByMeterIDResponse``: the meter, if known."""

    result: Meters | None = field(default=None, metadata=xml("GetMeterByMeterIDResult"))


@dataclass(slots=True, kw_only=True)
class GetAllMeters:
    """CB/MDM_Server ``GetAllMeters``: every meter, paged after ``lastReceived``."""

    last_received: str | None = field(default=None, metadata=xml("lastReceived"))


@dataclass(slots=True, kw_only=True)
class GetAllMetersResponse:
    """``GetAllMetersResponse``: the meters."""

    result: Meters | None = field(default=None, metadata=xml("GetAllMetersResult"))


@dataclass(slots=True, kw_only=True)
class GetMeterByServiceLocationID:
    """CB/MDM_Server ``GetMeterByServiceLocationID``: the meters at a service location."""

    service_location_id: str | None = field(default=None, metadata=xml("serviceLocationID"))
    service_type: str = field(default="Electric", metadata=xml("serviceType"))


@dataclass(slots=True, kw_only=True)
class GetMeterByServiceLocationIDResponse:
    """``GetMeterByServiceLocationIDResponse``: the meters at the location."""

    result: Meters | None = field(default=None, metadata=xml("GetMeterByServiceLocationIDResult"))


@dataclass(slots=True, kw_only=True)
class GetMeterByCustomerID:
    """CB/MDM_Server ``GetMeterByCustomerID``: the meters of a customer."""

    customer_id: str | None = field(default=None, metadata=xml("customerID"))


@dataclass(slots=True, kw_only=True)
class GetMeterByCustomerIDResponse:
    """``GetMeterByCustomerIDResponse``: the customer's meters."""

    result: Meters | None = field(default=None, metadata=xml("GetMeterByCustomerIDResult"))


QueryResponse = (
    GetMeterByMeterIDResponse
    | GetAllMetersResponse
    | GetMeterByServiceLocationIDResponse
    | GetMeterByCustomerIDResponse
)

QUERY_RESULTS: Final[dict[str, type[QueryResponse]]] = {
    "GetMeterByMeterIDResponse": GetMeterByMeterIDResponse,
    "GetAllMetersResponse": GetAllMetersResponse,
    "GetMeterByServiceLocationIDResponse": GetMeterByServiceLocationIDResponse,
    "GetMeterByCustomerIDResponse": GetMeterByCustomerIDResponse,
}
"""Query response body element → its dataclass (each holds the meters in ``result``)."""
