"""Profile ServiceCategoryConfig, IEC TS 61968-14 8.27: MultiSpeak service kinds ⇄ ServiceCategory.

MultiSpeak 4.1 has no service category object: the kind of a service is where it is listed
(``electricServiceList``, ``waterServiceList`` … of a ``serviceLocation``) and, where an id
names a service, its ``serviceType`` (the declared table ``utility_info_codecs.SERVICE_KINDS``).
The table maps what an ``electricService`` says of its category: ServiceKind electricity (the
list it is in) and ``serviceSubType`` (a Name of NameType serviceSubType). The ServiceCategory's
mRID and description have no MultiSpeak place. Profile 8.28 runs this table for the category of
each service point; no MultiSpeak 4.1 operation carries categories on their own, so
``ServiceCategoryConfig`` messages have no MultiSpeak counterpart.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any, Final

from mspcim.cim.end_device_assets import ServiceKind
from mspcim.cim.service_category_config import ServiceCategory
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.end_device_codecs import carried_msp
from mspcim.harmonize.rules import Gap, Side, Table, Transform
from mspcim.harmonize.service_point_codecs import SERVICE_CATEGORY_NAMES
from mspcim.harmonize.utility_info_codecs import SERVICE_KINDS
from mspcim.multispeak.v41.electric_service import ElectricService

__all__ = ["CATEGORY", "SERVICE_CATEGORY"]

PROFILE: Final = "ServiceCategoryConfig"
_SERVICE_TYPES: Final = {kind: service for service, kind in SERVICE_KINDS.items()}


def _kind_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    return {"kind": ServiceKind.ELECTRICITY}


def _kind_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    kind: ServiceKind | None = values["kind"]
    if kind is not None and kind is not ServiceKind.ELECTRICITY:
        listed = _SERVICE_TYPES.get(kind)
        where = f"a {listed} service (not mapped)" if listed else "no MultiSpeak serviceType"
        ctx.gap("kind", kind.value, f"an electricService is electric; {kind.value} is {where}")
    return {}


field_codec(
    "electric_service_category_kind",
    _kind_to_cim,
    _kind_to_msp,
    "listed in electricServiceList ⇄ kind electricity (other kinds are reported)",
)

SERVICE_CATEGORY = Table(
    name=PROFILE,
    clause="8.27",
    msp_class=ElectricService,
    cim_class=ServiceCategory,
    msp_objects=(
        "serviceLocation/electricServiceList/electricService (the service's kind and sub type)",
        "serviceType enumeration (meterID/@serviceType, serviceID/@serviceType, the "
        "…ByServiceType queries) ⇄ ServiceKind by SERVICE_KINDS",
        "no MultiSpeak 4.1 object or operation carries service categories on their own",
    ),
    rules=(
        Transform((), ("kind",), "electric_service_category_kind", "the kind of service"),
        carried_msp("service_sub_type", "serviceSubType", SERVICE_CATEGORY_NAMES.name),
        Gap(Side.CIM, "mrid", "MultiSpeak names a category by its serviceType, not an id"),
        Gap(Side.CIM, "description", "MultiSpeak has no description of a service category"),
        Gap(Side.CIM, "service_category_names", "name of a type MultiSpeak has no element for"),
    ),
)


def _category_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    source = SimpleNamespace(service_sub_type=values["service_sub_type"])
    return {"service_category": ctx.nested(SERVICE_CATEGORY, source, ctx.path)}


def _category_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    category: ServiceCategory | None = values["service_category"]
    if category is None:
        return {}
    service = ctx.nested(SERVICE_CATEGORY, category, f"{ctx.path}/ServiceCategory")
    return {"service_sub_type": service.service_sub_type}


CATEGORY: Final = field_codec(
    "electric_service_category",
    _category_to_cim,
    _category_to_msp,
    "the point's ServiceCategory, by table ServiceCategoryConfig (8.27)",
).name
"""Codec of a service point's category: runs ``SERVICE_CATEGORY`` on the electricService."""
