"""Codecs and carriers of the service point profiles (8.22, 8.27, 8.28): ``electricService`` links.

- ``PHASE_CODES``: MultiSpeak 4.1 ``phaseCode`` ⇄ CIM PhaseCode, declared as data (MultiSpeak
  ``Unknown`` has no CIM literal; CIM's single-phase secondaries ``s1``, ``s12N`` … have no
  MultiSpeak one).
- ``electricMeterID`` ⇄ the point's Meter (a Name of NameType meterID, as profile 8.17 names a
  meter); ``rateCode`` ⇄ the point's PricingStructure ``code`` (as profile 8.24 names a rate).
- An ``electricService`` is of ServiceKind electricity: the ServiceCategory of 8.22 says so;
  a point of another kind has no ``electricService`` (``electric_points`` reports it).
- Carriers: the Names of a ServiceCategory (``ServiceCategoryNames``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final, TypeVar

from mspcim.cim.customer_meter_data_set import LinkedMeter
from mspcim.cim.end_device_assets import ServiceCategory, ServiceKind
from mspcim.cim.identified_object import first_name
from mspcim.cim.meter_service_requests import PhaseCode
from mspcim.cim.service_delivery_point_config import PricingStructure
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.end_device_codecs import names_carrier, typed_name
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.parts import take
from mspcim.harmonize.profiles.meter_readings import METER_ID_NAME_TYPES

__all__ = [
    "ELECTRIC_METER",
    "ELECTRIC_SERVICE_KIND",
    "MSP_PHASE_CODES",
    "NOT_ELECTRIC",
    "PHASE_CODE",
    "PHASE_CODES",
    "PHASE_NAME_TYPE",
    "RATE_CODE",
    "SERVICE_CATEGORY_NAMES",
    "electric_points",
    "is_electric",
]

_P = TypeVar("_P")

PHASE_CODES: Final[dict[str, PhaseCode]] = {
    phase: PhaseCode(phase)
    for phase in (
        "A",
        "B",
        "C",
        "N",
        "AB",
        "AC",
        "BC",
        "ABC",
        "AN",
        "BN",
        "CN",
        "ABN",
        "ACN",
        "BCN",
        "ABCN",
    )
}
"""MultiSpeak 4.1 ``phaseCode`` ⇄ CIM PhaseCode (``Unknown`` has none)."""
_MSP_PHASES: Final = {code: phase for phase, code in PHASE_CODES.items()}
MSP_PHASE_CODES: Final = frozenset({*PHASE_CODES, "Unknown"})
"""Every MultiSpeak 4.1 ``phaseCode``."""

PHASE_NAME_TYPE: Final = "electricLocationFields.phaseCode"
"""NameType of the UsagePoint name carrying a phaseCode CIM has no literal for."""
_METER_ID: Final = METER_ID_NAME_TYPES["value"]

SERVICE_CATEGORY_NAMES: Final = names_carrier(
    "ServiceCategoryNames", "service_category_names", "ServiceCategory"
)


def _phase_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    phase: str | None = values["phase_code"]
    if phase is None:
        return {}
    if phase in PHASE_CODES:
        return {"phase_code": PHASE_CODES[phase]}
    ctx.gap(
        "phase_code", phase, f"no CIM PhaseCode: carried as a Name ({PHASE_NAME_TYPE})", lost=False
    )
    return {"service_point_names": [typed_name(phase, PHASE_NAME_TYPE)]}


def _phase_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    code: PhaseCode | None = values["phase_code"]
    carried = first_name(values["service_point_names"] or [], PHASE_NAME_TYPE)
    if carried is not None:
        take(ctx, carried)
    if code is not None and code in _MSP_PHASES:
        if carried is not None:
            ctx.gap("service_point_names", carried.name, "the phaseCode is the CIM phaseCode")
        return {"phase_code": _MSP_PHASES[code]}
    if code is not None:
        ctx.gap("phase_code", code.value, "no MultiSpeak 4.1 phaseCode for this CIM PhaseCode")
    if carried is not None and carried.name not in MSP_PHASE_CODES:
        ctx.gap("service_point_names", carried.name, "not a MultiSpeak 4.1 phaseCode")
        return {}
    return {"phase_code": carried.name} if carried is not None else {}


PHASE_CODE: Final = field_codec(
    "phase_code",
    _phase_to_cim,
    _phase_to_msp,
    "phaseCode ⇄ PhaseCode by the declared table PHASE_CODES (Unknown as a Name; s1, s12N … "
    "reported)",
).name


def _meter_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    meter: str | None = values["electric_meter_id"]
    if meter is None:
        return {}
    return {"meters": [LinkedMeter(end_device_names=[typed_name(meter, _METER_ID)])]}


def _meter_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    meters: list[LinkedMeter] = values["meters"] or []
    if not meters:
        return {}
    first, *others = meters
    for other in others:
        shown = other.mrid or ", ".join(name.name for name in other.end_device_names)
        ctx.gap("meters", shown, "electricMeterID names one meter")
    name = first_name(first.end_device_names, _METER_ID)
    for other_name in first.end_device_names:
        if other_name is not name:
            shown = f"{other_name.type_name}={other_name.name}"
            ctx.gap("meters", shown, "electricMeterID is the meter number only")
    if first.mrid and name is not None:
        ctx.gap("meters", first.mrid, "electricMeterID is the meter number, not its mRID")
    meter = name.name if name is not None else first.mrid
    return {"electric_meter_id": meter} if meter else {}


ELECTRIC_METER: Final = field_codec(
    "electric_service_meter",
    _meter_to_cim,
    _meter_to_msp,
    "electricMeterID ⇄ Meter/Names (NameType meterID; the mRID when there is no such name)",
).name


def _rate_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    rate: str | None = values["rate_code"]
    if rate is None:
        return {}
    return {"pricing_structures": [PricingStructure(code=rate)]}


def _rate_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    structures: list[PricingStructure] = values["pricing_structures"] or []
    if not structures:
        return {}
    first, *others = structures
    for other in others:
        shown = other.code or other.mrid or ""
        ctx.gap("pricing_structures", shown, "an electricService has one rateCode")
    if first.mrid:
        ctx.gap("pricing_structures", first.mrid, "rateCode is the code, not the mRID")
    for name in first.pricing_structure_names:
        ctx.gap("pricing_structures", name.name, "rateCode is the code only")
    return {"rate_code": first.code} if first.code else {}


RATE_CODE: Final = field_codec(
    "electric_service_rate_code",
    _rate_to_cim,
    _rate_to_msp,
    "rateCode ⇄ PricingStructures/code (as profile 8.24 names a rate)",
).name


def _kind_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    return {"service_category": ServiceCategory(kind=ServiceKind.ELECTRICITY)}


def _kind_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    category: ServiceCategory | None = values["service_category"]
    if category is not None and category.kind is not ServiceKind.ELECTRICITY:
        ctx.gap("service_category", category.kind.value, "an electricService is electric")
    return {}


NOT_ELECTRIC: Final = (
    "a {kind} service point: MultiSpeak 4.1 lists it in a service list mspcim does not map"
)


def is_electric(point: Any) -> bool:
    """True unless the point's ServiceCategory is of a kind other than electricity."""
    category = getattr(point, "service_category", None)
    return category is None or category.kind in (None, ServiceKind.ELECTRICITY)


def electric_points(
    points: Sequence[_P], report: GapReport, path: str, profile: str
) -> list[tuple[int, _P]]:
    """(number, point) of the electric ``points``; each other one reported lost."""
    found = []
    for index, point in enumerate(points, start=1):
        if is_electric(point):
            found.append((index, point))
            continue
        kind = point.service_category.kind.value  # type: ignore[attr-defined]
        shown = point.mrid or kind  # type: ignore[attr-defined]
        reason = NOT_ELECTRIC.format(kind=kind)
        report.add(f"{path}[{index}]", shown, GapKind.LOST, reason, None, profile)
    return found


ELECTRIC_SERVICE_KIND: Final = field_codec(
    "electric_service_kind",
    _kind_to_cim,
    _kind_to_msp,
    "an electricService ⇄ ServiceCategory/kind electricity (other kinds are reported)",
).name
