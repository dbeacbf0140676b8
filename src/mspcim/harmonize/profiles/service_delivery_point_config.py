"""Profile ServiceDeliveryPointConfig, IEC TS 61968-14 8.28: ``electricService`` ⇄ UsagePoint.

MultiSpeak 4.1 describes a service point as an ``electricService`` of a ``serviceLocation``.
``USAGE_POINT`` maps it to the CIM UsagePoint (2009: ServiceDeliveryPoint): ``@objectID`` ⇄
mRID, ``comments`` ⇄ ``serviceDeliveryRemark``, ``billingCycle`` ⇄ ``readCycle``, ``route`` ⇄
``readRoute``; the links by their ids — ``serviceLocationID``, ``customerID`` and
``accountNumber`` (the CustomerAgreement, as profile 8.4 maps them), ``electricMeterID``,
``rateCode`` (a PricingStructure) —; the category by table 8.27. ``ELECTRIC_LOCATION`` maps the
network place (``electricLocationFields``): ``phaseCode`` ⇄ ``phaseCode`` by a declared table,
substation, feeder, bus, transformer bank, pole and ``eaLoc`` (MultiSpeak 5's
``networkModelRef``) as Names of the point (NameType ``electricLocationFields.<element>``, as the
EndDeviceAssets profile carries them on a meter). MultiSpeak values with no CIM attribute travel
as the point's Names; CIM attributes with no MultiSpeak element in ``extensionsList``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from mspcim.cim.service_delivery_point_config import (
    LinkedServiceLocation,
    UsagePoint,
    UsagePointConfig,
)
from mspcim.harmonize.carried_parts import carried_object
from mspcim.harmonize.carriers import carried_cim
from mspcim.harmonize.end_device_codecs import (
    USAGE_POINT_NAMES,
    VENDOR_EXTENSION,
    carried_msp,
    reported_items,
)
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.parts import part
from mspcim.harmonize.profiles import customer_meter_data_set as _data_set  # noqa: F401
from mspcim.harmonize.profiles.service_category_config import CATEGORY
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.harmonize.service_point_codecs import (
    ELECTRIC_METER,
    PHASE_CODE,
    RATE_CODE,
    electric_points,
)
from mspcim.harmonize.utility_info_codecs import reference_codec
from mspcim.multispeak.v41.electric_service import ElectricService, NodeIdentifier
from mspcim.multispeak.v41.meter import EaLoc, ElectricLocationFields

__all__ = ["ELECTRIC_LOCATION", "USAGE_POINT", "to_cim", "to_msp", "usage_point_rules"]

PROFILE: Final = "ServiceDeliveryPointConfig"
CLAUSE: Final = "8.28"
_NAMES: Final = USAGE_POINT_NAMES.name
_LOCATION: Final = "electricLocationFields"

ELECTRIC_LOCATION = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=ElectricLocationFields,
    cim_class=UsagePoint,
    msp_objects=(
        "electricService/electricLocationFields (substation, feeder, bus, phase, eaLoc — "
        "networkModelRef in MultiSpeak 5 — transformer bank, linemen service area, pole)",
    ),
    rules=(
        Transform(("phase_code",), ("phase_code", "service_point_names"), PHASE_CODE, "phase"),
        *(
            carried_msp(field, f"{_LOCATION}.{element}", _NAMES)
            for field, element in (
                ("substation_code", "substationCode"),
                ("substation_name", "substationName"),
                ("feeder_code", "feederCode"),
                ("bus", "bus"),
                ("transformer_bank_id", "transformerBankID"),
                ("linemen_service_area", "linemenServiceArea"),
                ("pole_no", "poleNo"),
            )
        ),
        carried_object("ea_loc", f"{_LOCATION}.eaLoc", EaLoc, "service_point_names", "UsagePoint"),
    ),
)
"""electricLocationFields ⇄ the UsagePoint's phase and Names: where the point is connected."""

_PARENT_SECTIONS: Final = reported_items(
    "electric_service_parent_sections",
    "parent_section_ids",
    "the CIM profile has no line sections above a service point",
)


LOCATION_REFERENCE: Final = reference_codec(
    "usage_point_service_location",
    "service_location_id",
    "service_location",
    LinkedServiceLocation,
    "service_location_names",
    "service location",
)


def usage_point_rules(location: str) -> tuple[Transform, ...]:
    """The links of a service point: location (by codec ``location``), customer, meter."""
    return (
        Transform(("service_location_id",), ("service_location",), location, "the location"),
        Transform(
            ("customer_id", "account_number"),
            ("customer_agreement",),
            "utility_info_agreement",
            "the customer and the account (as profile 8.4)",
        ),
        Transform(("electric_meter_id",), ("meters",), ELECTRIC_METER, "the meter"),
    )


USAGE_POINT = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=ElectricService,
    cim_class=UsagePoint,
    msp_objects=(
        "MR/MDM/OA/CD/NOT_Server: ServiceLocationChangedNotification (what a UsagePointConfig "
        "event becomes: the points grouped by service location)",
        "serviceLocation/electricServiceList/electricService",
    ),
    rules=(
        Correlate("object_id", "mrid"),
        Correlate("comments", "service_delivery_remark"),
        Correlate("billing_cycle", "read_cycle"),
        Correlate("route", "read_route"),
        *usage_point_rules(LOCATION_REFERENCE),
        Transform(("rate_code",), ("pricing_structures",), RATE_CODE, "the tariff"),
        Transform(("service_sub_type",), ("service_category",), CATEGORY, "the category (8.27)"),
        part(
            ELECTRIC_LOCATION,
            msp="electric_location_fields",
            within=(ElectricService, UsagePoint),
            note="the network place",
        ),
        *(
            carried_msp(field, element, _NAMES, codec)
            for field, element, codec in (
                ("object_name", "objectName", "text"),
                ("utility", "@utility", "text"),
                ("section_id", "sectionID", "text"),
                ("meter_base_id", "meterBaseID", "text"),
                ("outage_status", "outageStatus", "text"),
                ("special_needs", "specialNeeds", "text"),
                ("connection", "connection", "text"),
                ("load_mgmt", "loadMgmt", "text"),
                ("is_cogeneration_site", "isCogenerationSite", "boolean"),
                ("wo_number", "woNumber", "text"),
                ("so_number", "soNumber", "text"),
                ("revenue_class", "revenueClass", "text"),
                ("service_status", "serviceStatus", "text"),
                ("budget_bill", "budgetBill", "text"),
                ("shut_off_date", "shutOffDate", "datetime"),
                ("connect_date", "connectDate", "datetime"),
                ("disconnect_date", "disconnectDate", "datetime"),
            )
        ),
        carried_object(
            "from_node_id", "fromNodeID", NodeIdentifier, "service_point_names", "UsagePoint"
        ),
        carried_object(
            "to_node_id", "toNodeID", NodeIdentifier, "service_point_names", "UsagePoint"
        ),
        Transform(("parent_section_ids",), (), _PARENT_SECTIONS, "parent sections (reported lost)"),
        *(
            carried_cim(field, f"UsagePoint.{element}", codec)
            for field, element, codec in (
                ("check_billing", "checkBilling", "boolean"),
                ("grounded", "grounded", "boolean"),
                ("is_sdp", "isSdp", "boolean"),
                ("is_virtual", "isVirtual", "boolean"),
                ("nominal_service_voltage", "nominalServiceVoltage", "decimal"),
                ("outage_region", "outageRegion", "text"),
                ("rated_current", "ratedCurrent", "decimal"),
                ("rated_power", "ratedPower", "decimal"),
                ("service_priority", "servicePriority", "text"),
            )
        ),
        Gap(Side.MSP, "verb", "CIM states the action in the Header Verb"),
        Gap(Side.MSP, "error_string", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "replace_id", "no CIM counterpart"),
        Gap(Side.MSP, "extensions_list", VENDOR_EXTENSION),
        Gap(Side.CIM, "service_point_names", "service point name of a type MultiSpeak lacks"),
    ),
)


def to_cim(
    services: Iterable[ElectricService], report: GapReport | None = None, path: str = ""
) -> UsagePointConfig:
    """MultiSpeak electricServices as one CIM UsagePointConfig (ServiceDeliveryPointConfig)."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return UsagePointConfig(
        usage_points=[
            translate(USAGE_POINT, item, Direction.TO_CIM, shared, f"{path}/electricService[{i}]")
            for i, item in enumerate(services, start=1)
        ]
    )


def to_msp(
    document: UsagePointConfig, report: GapReport | None = None, path: str = "/UsagePointConfig"
) -> list[ElectricService]:
    """A CIM UsagePointConfig document as MultiSpeak electricServices."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    points = electric_points(document.usage_points, shared.report, f"{path}/UsagePoint", PROFILE)
    return [
        translate(USAGE_POINT, point, Direction.TO_MSP, shared, f"{path}/UsagePoint[{i}]")
        for i, point in points
    ]
