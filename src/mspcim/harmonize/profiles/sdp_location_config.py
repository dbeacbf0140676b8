"""Profile SDPLocationConfig, IEC TS 61968-14 8.26: ``serviceLocation`` ⇄ UsagePointLocation.

MultiSpeak 4.1 has no separate location of a service point: a ``serviceLocation`` is where its
``electricService``s are delivered. ``USAGE_POINT_LOCATION`` maps it to the CIM
UsagePointLocation (2009: SDPLocation) with the rules of every location (``location_codecs``:
identity, coordinates, the Annex A address, phone and contact transformations, the network),
``comments`` ⇄ ``remark``, and each ``electricService`` ⇄ a UsagePoint located there, by mRID
and category (``SERVICE_POINT``; the point's configuration is profile 8.28, declared lost
here). ``description`` travels as a Name of the location.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Final

from mspcim.cim.sdp_location_config import (
    UsagePoint,
    UsagePointLocation,
    UsagePointLocationConfig,
)
from mspcim.harmonize.end_device_codecs import VENDOR_EXTENSION, carried_msp, names_carrier
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.location_codecs import location_rules, network_table, service_points
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.harmonize.service_point_codecs import ELECTRIC_SERVICE_KIND
from mspcim.multispeak.v41.electric_service import ElectricService
from mspcim.multispeak.v41.service_location import ServiceLocation

__all__ = ["NETWORK", "SERVICE_POINT", "USAGE_POINT_LOCATION", "to_cim", "to_msp"]

PROFILE: Final = "SDPLocationConfig"
CLAUSE: Final = "8.26"

USAGE_POINT_LOCATION_NAMES: Final = names_carrier(
    "UsagePointLocationNames", "usage_point_location_names", "UsagePointLocation"
)

_CONFIGURATION: Final = "the point's configuration is profile 8.28, not its location"

SERVICE_POINT: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=ElectricService,
    cim_class=UsagePoint,
    msp_objects=("serviceLocation/electricServiceList/electricService (its id)",),
    rules=(
        Correlate("object_id", "mrid"),
        Transform((), ("service_category",), ELECTRIC_SERVICE_KIND, "electricity"),
        Gap(Side.MSP, "verb", "CIM states the action in the Header Verb"),
        *(
            Gap(Side.MSP, item.name, _CONFIGURATION)
            for item in dataclasses.fields(ElectricService)
            if item.name not in ("object_id", "verb", "extensions_list")
        ),
        Gap(Side.MSP, "extensions_list", VENDOR_EXTENSION),
        Gap(Side.CIM, "service_point_names", "service point name of a type MultiSpeak lacks"),
    ),
)
"""electricService ⇄ a UsagePoint at the location, by mRID (its configuration is 8.28)."""

NETWORK: Final = network_table(UsagePointLocation, USAGE_POINT_LOCATION_NAMES.name, PROFILE, CLAUSE)
"""serviceLocation/network ⇄ the UsagePointLocation's Names (``network.<element>``)."""

USAGE_POINT_LOCATION: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=ServiceLocation,
    cim_class=UsagePointLocation,
    msp_objects=(
        "MR/MDM/OA/CD/NOT_Server: ServiceLocationChangedNotification (what a "
        "UsagePointLocationConfig event becomes)",
        "serviceLocation (its address, coordinates and network; its electricServices by id)",
    ),
    rules=location_rules(
        UsagePointLocation,
        "usage_point_location_names",
        USAGE_POINT_LOCATION_NAMES.name,
        NETWORK,
        (
            Correlate("comments", "remark"),
            carried_msp("description", "description", USAGE_POINT_LOCATION_NAMES.name),
            service_points(SERVICE_POINT),
        ),
    ),
)


def to_cim(
    locations: Iterable[ServiceLocation], report: GapReport | None = None, path: str = ""
) -> UsagePointLocationConfig:
    """MultiSpeak serviceLocations as one CIM UsagePointLocationConfig (SDPLocationConfig)."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return UsagePointLocationConfig(
        usage_point_locations=[
            translate(
                USAGE_POINT_LOCATION, item, Direction.TO_CIM, shared, f"{path}/serviceLocation[{i}]"
            )
            for i, item in enumerate(locations, start=1)
        ]
    )


def to_msp(
    document: UsagePointLocationConfig,
    report: GapReport | None = None,
    path: str = "/UsagePointLocationConfig",
) -> list[ServiceLocation]:
    """A CIM UsagePointLocationConfig document as MultiSpeak serviceLocations."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return [
        translate(
            USAGE_POINT_LOCATION,
            location,
            Direction.TO_MSP,
            shared,
            f"{path}/UsagePointLocation[{i}]",
        )
        for i, location in enumerate(document.usage_point_locations, start=1)
    ]
