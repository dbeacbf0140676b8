"""Profile ServiceLocationConfig, IEC TS 61968-14 8.29: ``serviceLocation`` ⇄ ServiceLocation.

A MultiSpeak ``serviceLocation`` is a CIM ServiceLocation with its service points:
``@objectID`` ⇄ mRID, ``description`` ⇄ ``description``, ``gridLocation`` ⇄
``geoInfoReference``, ``gpsPoint`` ⇄ the first PositionPoint, the Annex A ServiceLocation
transformations (``serviceAddress`` ⇄ ``mainAddress``, ``phoneList`` ⇄ ``phone1``/``phone2``,
``contactInfo`` ⇄ ``electronicAddress`` and ``secondaryAddress``), and each ``electricService``
⇄ a UsagePoint with its configuration and network place (profile 8.28, whose table
``ELECTRIC_LOCATION`` maps the electrical location: substation, feeder, bus, phase, ``eaLoc``).
The political and survey ``network`` (``NETWORK``), the customer id, facility, SIC and site
travel as the location's Names; ``accessMethod``, ``siteAccessProblem``, ``needsInspection``,
``direction`` and ``type`` in ``extensionsList``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from mspcim.cim.service_location_config import ServiceLocation, ServiceLocationConfig
from mspcim.harmonize.carriers import carried_cim
from mspcim.harmonize.end_device_codecs import carried_msp, names_carrier
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.location_codecs import location_rules, network_table, service_points
from mspcim.harmonize.profiles.service_delivery_point_config import USAGE_POINT
from mspcim.harmonize.rules import Correlate, Table
from mspcim.multispeak.v41.service_location import ServiceLocation as MspServiceLocation

__all__ = ["NETWORK", "SERVICE_LOCATION", "SERVICE_LOCATION_NAMES", "to_cim", "to_msp"]

PROFILE: Final = "ServiceLocationConfig"
CLAUSE: Final = "8.29"

SERVICE_LOCATION_NAMES: Final = names_carrier(
    "ServiceLocationNames", "service_location_names", "ServiceLocation"
)

NETWORK: Final = network_table(ServiceLocation, SERVICE_LOCATION_NAMES.name, PROFILE, CLAUSE)
"""serviceLocation/network ⇄ the ServiceLocation's Names (NameType ``network.<element>``)."""

SERVICE_LOCATION: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=MspServiceLocation,
    cim_class=ServiceLocation,
    msp_objects=(
        "MR/MDM/OA/CD/NOT_Server (also EA, HAN, DR, CH): ServiceLocationChangedNotification; "
        "CB/NOT_Server: ServiceLocationNetworkChangedNotification; CB/MDM_Server: "
        "ModifyCBDataForServiceLocations",
        "CB/MDM_Server: GetServiceLocationByServiceLocationID, …ByMeterID, …ByCustomerID, "
        "…ByAccountNumber, …ByPhaseCode, GetAllServiceLocations, "
        "GetAllServiceLocationsByServiceType (and responses)",
        "serviceLocation (mspPointObject: gpsPoint, GPSLocation, gridLocation, timeZone …), "
        "network, electricServiceList/electricService/electricLocationFields (eaLoc: MultiSpeak "
        "5 networkModelRef)",
    ),
    rules=location_rules(
        ServiceLocation,
        "service_location_names",
        SERVICE_LOCATION_NAMES.name,
        NETWORK,
        (
            Correlate("description", "description"),
            carried_msp("comments", "comments", SERVICE_LOCATION_NAMES.name),
            carried_cim("needs_inspection", "ServiceLocation.needsInspection", "boolean"),
            service_points(USAGE_POINT),
        ),
    ),
)


def to_cim(
    locations: Iterable[MspServiceLocation], report: GapReport | None = None, path: str = ""
) -> ServiceLocationConfig:
    """MultiSpeak serviceLocations as one CIM ServiceLocationConfig document."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return ServiceLocationConfig(
        service_locations=[
            translate(
                SERVICE_LOCATION, item, Direction.TO_CIM, shared, f"{path}/serviceLocation[{i}]"
            )
            for i, item in enumerate(locations, start=1)
        ]
    )


def to_msp(
    document: ServiceLocationConfig,
    report: GapReport | None = None,
    path: str = "/ServiceLocationConfig",
) -> list[MspServiceLocation]:
    """A CIM ServiceLocationConfig document as MultiSpeak serviceLocations."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return [
        translate(
            SERVICE_LOCATION, location, Direction.TO_MSP, shared, f"{path}/ServiceLocation[{i}]"
        )
        for i, location in enumerate(document.service_locations, start=1)
    ]
