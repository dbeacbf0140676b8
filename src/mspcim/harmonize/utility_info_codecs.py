"""Codecs of MultiSpeak ``utilityInfo``: the links of a meter to its service, location, customer.

- ``reference_codec``: a MultiSpeak id (``customerID``, ``serviceLocationID``) ⇄ a CIM object
  by mRID; the object's names have no MultiSpeak place and are reported.
- ``serviceID`` ⇄ UsagePoint: ``@objectID`` ⇄ mRID, text ⇄ a Name of NameType serviceID,
  ``@serviceType`` ⇄ ServiceCategory/kind through the declared table ``SERVICE_KINDS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from mspcim.cim.end_device_assets import (
    Customer,
    ServiceCategory,
    ServiceKind,
    ServiceLocation,
    UsagePoint,
)
from mspcim.cim.identified_object import Name
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.end_device_codecs import typed_name
from mspcim.harmonize.parts import take
from mspcim.multispeak.v41.meter import ServiceID

__all__ = [
    "CUSTOMER_REFERENCE",
    "SERVICE_KINDS",
    "SERVICE_LOCATION_REFERENCE",
    "reference_codec",
    "service_id_from",
    "usage_point_parts",
]


def reference_codec(name: str, msp: str, cim: str, cls: type, names: str, what: str) -> str:
    """Register a codec of MultiSpeak id ``msp`` ⇄ the ``cls`` object ``cim`` by its mRID.

    The object's names have no MultiSpeak place (MultiSpeak refers by id): each is reported.
    """

    def to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        return {cim: cls(mrid=values[msp])} if values[msp] is not None else {}

    def to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        found = values[cim]
        if found is None:
            return {}
        for item in getattr(found, names):
            ctx.gap(cim, item.name, f"MultiSpeak refers to the {what} by id only")
        return {msp: found.mrid}

    field_codec(name, to_cim, to_msp, f"{what} id ⇄ {cls.__name__}/mRID")
    return name


CUSTOMER_REFERENCE: Final = reference_codec(
    "utility_info_customer", "customer_id", "customer", Customer, "customer_names", "customer"
)
SERVICE_LOCATION_REFERENCE: Final = reference_codec(
    "utility_info_service_location",
    "service_location_id",
    "service_location",
    ServiceLocation,
    "service_location_names",
    "service location",
)


SERVICE_KINDS: Final[dict[str, ServiceKind]] = {
    "Electric": ServiceKind.ELECTRICITY,
    "Gas": ServiceKind.GAS,
    "Water": ServiceKind.WATER,
    "Refuse": ServiceKind.REFUSE,
    "Sewer": ServiceKind.SEWERAGE,
    "Heating": ServiceKind.HEAT,
    "Other": ServiceKind.OTHER,
}
"""MultiSpeak ``serviceType`` ⇄ CIM ServiceKind (the other MultiSpeak values have none)."""
_SERVICE_TYPES: Final = {kind: service for service, kind in SERVICE_KINDS.items()}


_SERVICE_NAMES: Final = ("serviceID", "serviceType")
"""NameTypes of the UsagePoint names that carry MultiSpeak serviceID text and serviceType."""


def usage_point_parts(service: ServiceID) -> tuple[str | None, list[Name], ServiceCategory | None]:
    """(mRID, Names, ServiceCategory) of the service point a MultiSpeak serviceID names."""
    names = [typed_name(service.value, "serviceID")] if service.value else []
    category = None
    if service.service_type is not None:
        kind = SERVICE_KINDS.get(service.service_type)
        if kind is None:
            names.append(typed_name(service.service_type, "serviceType"))
        else:
            category = ServiceCategory(kind=kind)
    return service.object_id, names, category


def service_id_from(
    mrid: str | None,
    names: list[Name],
    category: ServiceCategory | None,
    ctx: TranslationContext,
    field: str,
) -> ServiceID:
    """The MultiSpeak serviceID of a service point; its serviceID/serviceType names consumed."""
    found: dict[str, str] = {}
    for name in names:
        if name.type_name in _SERVICE_NAMES and name.type_name not in found:
            found[str(name.type_name)] = name.name
            take(ctx, name)
    service_type = found.get("serviceType")
    if category is not None:
        if category.kind in _SERVICE_TYPES:
            service_type = _SERVICE_TYPES[category.kind]
        else:
            ctx.gap(field, category.kind, "no MultiSpeak serviceType for this ServiceKind")
    return ServiceID(value=found.get("serviceID", ""), service_type=service_type, object_id=mrid)


def _service_id_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    service: ServiceID | None = values["service_id"]
    if service is None:
        return {}
    mrid, names, category = usage_point_parts(service)
    point = UsagePoint(mrid=mrid, service_point_names=names, service_category=category)
    return {"usage_point": point}


def _service_id_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    point: UsagePoint | None = values["usage_point"]
    if point is None:
        return {}
    for name in point.service_point_names:
        if name.type_name not in _SERVICE_NAMES:
            ctx.gap("usage_point", f"{name.type_name}={name.name}", "serviceID has no such name")
    service = service_id_from(
        point.mrid, point.service_point_names, point.service_category, ctx, "usage_point"
    )
    return {"service_id": service}


field_codec(
    "utility_info_service_id",
    _service_id_to_cim,
    _service_id_to_msp,
    "serviceID: @objectID ⇄ UsagePoint/mRID, text ⇄ Names (serviceID), @serviceType ⇄ "
    "ServiceCategory/kind (declared table SERVICE_KINDS; others as a serviceType name)",
)
