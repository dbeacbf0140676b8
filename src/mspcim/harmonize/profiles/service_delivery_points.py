"""Profile ServiceDeliveryPoints, IEC TS 61968-14 8.22: ``electricService`` ⇄ a linked UsagePoint.

The service points and what each links to, without their configuration (profile 8.28): the
``electricService`` id ⇄ mRID, ``serviceLocationID`` ⇄ ServiceLocation, ``customerID`` and
``accountNumber`` ⇄ CustomerAgreement (as profile 8.4), ``electricMeterID`` ⇄ Meter (Names of
NameType meterID), and ServiceKind electricity; ``sectionID`` and ``meterBaseID`` travel as the
point's Names. Everything else an ``electricService`` holds is the point's configuration: those
elements are declared gaps (see ServiceDeliveryPointConfig), so nothing is left out unsaid.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Final

from mspcim.cim.service_delivery_points import UsagePoint, UsagePoints
from mspcim.harmonize.end_device_codecs import USAGE_POINT_NAMES, VENDOR_EXTENSION, carried_msp
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.profiles.service_delivery_point_config import usage_point_rules
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.harmonize.service_point_codecs import ELECTRIC_SERVICE_KIND, electric_points
from mspcim.harmonize.utility_info_codecs import SERVICE_LOCATION_REFERENCE
from mspcim.multispeak.v41.electric_service import ElectricService

__all__ = ["SERVICE_DELIVERY_POINT", "to_cim", "to_msp"]

PROFILE: Final = "ServiceDeliveryPoints"
_LINKED: Final = frozenset(
    {
        "object_id",
        "service_location_id",
        "customer_id",
        "account_number",
        "electric_meter_id",
        "section_id",
        "meter_base_id",
        "extensions_list",
        "verb",
    }
)
_CONFIGURATION: Final = "the point's configuration is not part of this profile (see 8.28)"

SERVICE_DELIVERY_POINT = Table(
    name=PROFILE,
    clause="8.22",
    msp_class=ElectricService,
    cim_class=UsagePoint,
    msp_objects=(
        "MR/MDM/OA/CD/NOT_Server: ServiceLocationChangedNotification (what a UsagePoints "
        "event becomes: the points grouped by service location)",
        "serviceLocation/electricServiceList/electricService (its ids and links)",
    ),
    rules=(
        Correlate("object_id", "mrid"),
        *usage_point_rules(SERVICE_LOCATION_REFERENCE),
        Transform((), ("service_category",), ELECTRIC_SERVICE_KIND, "electricity"),
        carried_msp("section_id", "sectionID", USAGE_POINT_NAMES.name),
        carried_msp("meter_base_id", "meterBaseID", USAGE_POINT_NAMES.name),
        Gap(Side.MSP, "verb", "CIM states the action in the Header Verb"),
        *(
            Gap(Side.MSP, item.name, _CONFIGURATION)
            for item in dataclasses.fields(ElectricService)
            if item.name not in _LINKED
        ),
        Gap(Side.MSP, "extensions_list", VENDOR_EXTENSION),
        Gap(Side.CIM, "service_point_names", "service point name of a type MultiSpeak lacks"),
    ),
)


def to_cim(
    services: Iterable[ElectricService], report: GapReport | None = None, path: str = ""
) -> UsagePoints:
    """MultiSpeak electricServices as one CIM UsagePoints (ServiceDeliveryPoints) document."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return UsagePoints(
        usage_points=[
            translate(
                SERVICE_DELIVERY_POINT,
                item,
                Direction.TO_CIM,
                shared,
                f"{path}/electricService[{i}]",
            )
            for i, item in enumerate(services, start=1)
        ]
    )


def to_msp(
    document: UsagePoints, report: GapReport | None = None, path: str = "/UsagePoints"
) -> list[ElectricService]:
    """A CIM UsagePoints document as MultiSpeak electricServices (their ids and links)."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    points = electric_points(document.usage_points, shared.report, f"{path}/UsagePoint", PROFILE)
    return [
        translate(
            SERVICE_DELIVERY_POINT, point, Direction.TO_MSP, shared, f"{path}/UsagePoint[{i}]"
        )
        for i, point in points
    ]
