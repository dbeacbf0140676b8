"""MultiSpeak 4.1 operations that carry service locations: notifications, queries, responses.

Bodies as the 4.1.6 WSDLs declare them: ``ServiceLocationChangedNotification`` (MR, MDM, OA,
CD, NOT, EA, HAN, DR and CH servers), ``ServiceLocationNetworkChangedNotification`` (CB, NOT),
``ModifyCBDataForServiceLocations`` (CB, MDM) and the CB/MDM queries
``GetServiceLocationByServiceLocationID``, ``…ByMeterID``, ``…ByCustomerID``,
``…ByAccountNumber``, ``…ByPhaseCode``, ``GetAllServiceLocations`` and
``GetAllServiceLocationsByServiceType`` with their responses (each a list of
``serviceLocation``). ``LOCATION_LISTS`` and ``QUERY_RESULTS`` name the classes by body element.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from mspcim.fieldmeta import xml
from mspcim.multispeak.v41.msp_binding import MeterID, xml_list
from mspcim.multispeak.v41.service_location import ServiceLocation

__all__ = [
    "LOCATION_LISTS",
    "QUERIES",
    "QUERY_RESULTS",
    "GetAllServiceLocations",
    "GetAllServiceLocationsByServiceType",
    "GetServiceLocationByAccountNumber",
    "GetServiceLocationByCustomerID",
    "GetServiceLocationByMeterID",
    "GetServiceLocationByPhaseCode",
    "GetServiceLocationByServiceLocationID",
    "ModifyCBDataForServiceLocations",
    "ServiceLocationChangedNotification",
    "ServiceLocationNetworkChangedNotification",
]


def _locations(name: str) -> dict[str, str]:
    return xml_list(name, "serviceLocation")


@dataclass(slots=True, kw_only=True)
class ServiceLocationChangedNotification:
    """``ServiceLocationChangedNotification``: service locations whose data changed."""

    service_locations: list[ServiceLocation] = field(
        default_factory=list, metadata=_locations("changedServiceLocations")
    )


@dataclass(slots=True, kw_only=True)
class ServiceLocationNetworkChangedNotification:
    """``ServiceLocationNetworkChangedNotification``: locations whose network place changed."""

    service_locations: list[ServiceLocation] = field(
        default_factory=list, metadata=_locations("changedServiceLocations")
    )


@dataclass(slots=True, kw_only=True)
class ModifyCBDataForServiceLocations:
    """``ModifyCBDataForServiceLocations``: a request to change the CB's data of locations."""

    service_locations: list[ServiceLocation] = field(
        default_factory=list, metadata=_locations("serviceLocationData")
    )


LocationList = (
    ServiceLocationChangedNotification
    | ServiceLocationNetworkChangedNotification
    | ModifyCBDataForServiceLocations
)

LOCATION_LISTS: Final[dict[str, type[LocationList]]] = {
    "ServiceLocationChangedNotification": ServiceLocationChangedNotification,
    "ServiceLocationNetworkChangedNotification": ServiceLocationNetworkChangedNotification,
    "ModifyCBDataForServiceLocations": ModifyCBDataForServiceLocations,
}
"""Body element → the dataclass holding its service locations (``service_locations``)."""


@dataclass(slots=True, kw_only=True)
class GetServiceLocationByServiceLocationID:
    """CB/MDM_Server ``GetServiceLocationByServiceLocationID``: one location by its id."""

    service_location_id: str | None = field(default=None, metadata=xml("serviceLocationId"))
    service_type: str = field(default="Electric", metadata=xml("serviceType"))


@dataclass(slots=True, kw_only=True)
class GetServiceLocationByMeterID:
    """CB/MDM_Server ``GetServiceLocationByMeterID``: the location of a meter."""

    meter_id: MeterID | None = field(default=None, metadata=xml("meterID"))


@dataclass(slots=True, kw_only=True)
class GetServiceLocationByCustomerID:
    """CB/MDM_Server ``GetServiceLocationByCustomerID``: the locations of a customer."""

    customer_id: str | None = field(default=None, metadata=xml("customerId"))


@dataclass(slots=True, kw_only=True)
class GetServiceLocationByAccountNumber:
    """CB/MDM_Server ``GetServiceLocationByAccountNumber``: the locations of an account."""

    account_number: str | None = field(default=None, metadata=xml("accountNumber"))
    service_type: str = field(default="Electric", metadata=xml("serviceType"))


@dataclass(slots=True, kw_only=True)
class GetServiceLocationByPhaseCode:
    """CB/MDM_Server ``GetServiceLocationByPhaseCode``: the locations served on a phase."""

    phase_code: str = field(metadata=xml("phaseCode"))
    last_received: str | None = field(default=None, metadata=xml("lastReceived"))


@dataclass(slots=True, kw_only=True)
class GetAllServiceLocations:
    """CB/MDM_Server ``GetAllServiceLocations``: every location, paged after ``lastReceived``."""

    last_received: str | None = field(default=None, metadata=xml("lastReceived"))


@dataclass(slots=True, kw_only=True)
class GetAllServiceLocationsByServiceType:
    """CB/MDM_Server ``GetAllServiceLocationsByServiceType``: every location of a service type."""

    service_type: str = field(default="Electric", metadata=xml("serviceType"))
    last_received: str | None = field(default=None, metadata=xml("lastReceived"))


Query = (
    GetServiceLocationByServiceLocationID
    | GetServiceLocationByMeterID
    | GetServiceLocationByCustomerID
    | GetServiceLocationByAccountNumber
    | GetServiceLocationByPhaseCode
    | GetAllServiceLocations
    | GetAllServiceLocationsByServiceType
)

QUERIES: Final[dict[str, type[Query]]] = {
    cls.__name__: cls
    for cls in (
        GetServiceLocationByServiceLocationID,
        GetServiceLocationByMeterID,
        GetServiceLocationByCustomerID,
        GetServiceLocationByAccountNumber,
        GetServiceLocationByPhaseCode,
        GetAllServiceLocations,
        GetAllServiceLocationsByServiceType,
    )
}
"""Query body element → its dataclass."""


def _response(operation: str) -> type[Any]:
    """The response class of ``operation``: its ``<operation>Result`` lists serviceLocations."""

    @dataclass(slots=True, kw_only=True)
    class Response:
        result: list[ServiceLocation] = field(
            default_factory=list, metadata=_locations(f"{operation}Result")
        )

    Response.__name__ = Response.__qualname__ = f"{operation}Response"
    Response.__doc__ = f"``{operation}Response``: the service locations found."
    return Response


QUERY_RESULTS: Final[dict[str, type[Any]]] = {
    f"{name}Response": _response(name) for name in QUERIES
}
"""Query response body element → its dataclass: ``result`` lists the service locations."""
