"""What the location profiles (8.26, 8.29) share: coordinates, the ``network`` class, the rules.

- ``gpsPoint`` ⇄ the Location's first PositionPoint: ``longitude`` ⇄ ``xPosition``,
  ``latitude`` ⇄ ``yPosition``, ``altitude`` ⇄ ``zPosition``, exact (decimal text both ways).
  Further points, and points that are no decimal degrees, are reported.
- ``network_table``: the political and survey ``network`` of a MultiSpeak location (districts,
  county, city, section, township, lot …) has no CIM class; each value travels as a Name of the
  location (NameType ``network.<element>``).
- ``location_rules``: the rules every ``serviceLocation`` ⇄ Location table has — identity,
  geo reference, coordinates, the Annex A address, phone and contact transformations, the
  network, the values carried as Names, and the CIM attributes carried in ``extensionsList``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from mspcim.cim.service_location_config import PositionPoint
from mspcim.exceptions import MappingError
from mspcim.harmonize.annex_a_contacts import service_location_rules
from mspcim.harmonize.carried_parts import carried_object
from mspcim.harmonize.carriers import carried_cim
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.end_device_codecs import VENDOR_EXTENSION, carried_msp
from mspcim.harmonize.parts import part
from mspcim.harmonize.rules import Correlate, Gap, Rule, Side, Table, Transform
from mspcim.harmonize.service_point_codecs import NOT_ELECTRIC, is_electric
from mspcim.multispeak.v41.meter import GpsPoint
from mspcim.multispeak.v41.point_object import GPSLocation, TimeZone
from mspcim.multispeak.v41.service_location import Network, ServiceLocation
from mspcim.xsdtypes import format_decimal, parse_decimal

__all__ = ["POSITION", "location_rules", "network_table", "service_points"]

_NETWORK: Final = (
    ("board_dist", "boardDist"),
    ("tax_dist", "taxDist"),
    ("franchise_dist", "franchiseDist"),
    ("school_dist", "schoolDist"),
    ("district", "district"),
    ("county", "county"),
    ("city_code", "cityCode"),
    ("city", "city"),
    ("state", "state"),
    ("postal_code", "postalCode"),
    ("country", "country"),
    ("section", "section"),
    ("township", "township"),
    ("range", "range"),
    ("subdivision", "subdivision"),
    ("block", "block"),
    ("lot", "lot"),
)


def _position_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    point: GpsPoint | None = values["gps_point"]
    if point is None:
        return {}
    height = format_decimal(point.altitude) if point.altitude is not None else None
    position = PositionPoint(
        x_position=format_decimal(point.longitude),
        y_position=format_decimal(point.latitude),
        z_position=height,
    )
    return {"position_points": [position]}


def _position_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    points: list[PositionPoint] = values["position_points"] or []
    if not points:
        return {}
    first, *others = points
    for other in others:
        shown = f"{other.x_position} {other.y_position}"
        ctx.gap("position_points", shown, "gpsPoint is one point: further points")
    if first.sequence_number is not None:
        ctx.gap("position_points", first.sequence_number, "gpsPoint has no sequence number")
    try:
        point = GpsPoint(
            latitude=parse_decimal(first.y_position),
            longitude=parse_decimal(first.x_position),
            altitude=parse_decimal(first.z_position) if first.z_position is not None else None,
        )
    except MappingError:
        shown = f"{first.x_position} {first.y_position}"
        ctx.gap("position_points", shown, "not decimal degrees: gpsPoint has no place for it")
        return {}
    return {"gps_point": point}


POSITION: Final = field_codec(
    "gps_position_points",
    _position_to_cim,
    _position_to_msp,
    "gpsPoint longitude, latitude, altitude ⇄ PositionPoints xPosition, yPosition, zPosition "
    "(exact decimal text); further points reported",
).name


def service_points(table: Table) -> Transform:
    """The rule ``electricServiceList`` ⇄ ``UsagePoints``, item by item by ``table``.

    A UsagePoint of a kind other than electricity has no ``electricService``: reported lost.
    """
    name = f"service_points:{table.name}"

    def to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        services = values["electric_service_list"] or []
        where = f"{ctx.path}/electricServiceList/electricService"
        return {
            "usage_points": [
                ctx.nested(table, item, f"{where}[{index}]")
                for index, item in enumerate(services, start=1)
            ]
        }

    def to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        services = []
        for index, point in enumerate(values["usage_points"] or [], start=1):
            if is_electric(point):
                services.append(ctx.nested(table, point, f"{ctx.path}/UsagePoints[{index}]"))
                continue
            kind = point.service_category.kind.value
            ctx.gap("usage_points", point.mrid or kind, NOT_ELECTRIC.format(kind=kind))
        return {"electric_service_list": services}

    field_codec(
        name,
        to_cim,
        to_msp,
        f"each electricService ⇄ a UsagePoint by table {table.name} ({table.clause}); "
        "points of another kind than electricity are reported",
    )
    return Transform(
        ("electric_service_list",), ("usage_points",), name, "the service points delivered here"
    )


def network_table(owner: type, carrier: str, profile: str, clause: str) -> Table:
    """The table of MultiSpeak ``network`` ⇄ the Names (``carrier``) of CIM class ``owner``."""
    return Table(
        name=profile,
        clause=clause,
        msp_class=Network,
        cim_class=owner,
        msp_objects=("serviceLocation/network (districts, county, town, survey parcel)",),
        rules=tuple(
            carried_msp(field, f"network.{element}", carrier) for field, element in _NETWORK
        ),
    )


def location_rules(
    owner: type, names: str, carrier: str, network: Table, carried: tuple[Rule, ...]
) -> tuple[Rule, ...]:
    """The rules of ``serviceLocation`` ⇄ CIM ``owner`` (a Location) shared by 8.26 and 8.29.

    ``names`` is the owner's Names field and ``carrier`` its carrier; ``network`` the owner's
    network table; ``carried`` the rules particular to the owner.
    """
    element = owner.__name__
    return (
        Correlate("object_id", "mrid"),
        Correlate("grid_location", "geo_info_reference"),
        Transform(("gps_point",), ("position_points",), POSITION, "the coordinates"),
        *service_location_rules(ServiceLocation, owner, names),
        part(network, msp="network", within=(ServiceLocation, owner), note="the network"),
        *carried,
        *(
            carried_msp(field, xml, carrier, codec)
            for field, xml, codec in (
                ("object_name", "objectName", "text"),
                ("utility", "@utility", "text"),
                ("customer_id", "customerID", "text"),
                ("facility_name", "facilityName", "text"),
                ("sic", "SIC", "text"),
                ("site_id", "siteID", "text"),
                ("special_needs", "specialNeeds", "text"),
                ("rotation", "rotation", "decimal"),
                ("facility_id", "facilityID", "text"),
            )
        ),
        carried_object("gps_location", "GPSLocation", GPSLocation, names, element),
        carried_object("time_zone", "timeZone", TimeZone, names, element),
        *(
            carried_cim(field, f"{element}.{xml}")
            for field, xml in (
                ("access_method", "accessMethod"),
                ("site_access_problem", "siteAccessProblem"),
                ("direction", "direction"),
                ("type", "type"),
            )
        ),
        Gap(Side.MSP, "verb", "CIM states the action in the Header Verb"),
        Gap(Side.MSP, "error_string", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "replace_id", "no CIM counterpart"),
        Gap(Side.MSP, "extensions_list", VENDOR_EXTENSION),
        Gap(Side.CIM, names, "name of a type MultiSpeak has no element for"),
    )
