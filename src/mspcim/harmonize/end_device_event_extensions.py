"""Profile 8.13: where CIM-only values of an EndDeviceEvent travel in MultiSpeak, and back.

An ``eventInstance`` has no element for an event's mRID, issuer, reason, severity, user, status,
Names, usage point or details, so they travel as extensionsItems named ``CIM.<Class>.<attr>``
in the ``eventExtensions`` carrier (one list per instance, written at list level by
``multispeak.v41.meter_event``), and are taken back on return. Vendor extensionsItems of an event
go the other way, as EndDeviceEventDetails named ``MultiSpeak.extensionsList.<extName>``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from mspcim import ns
from mspcim.cim.end_device_events import EndDeviceEventDetail, Name, NameType, Status, UsagePoint
from mspcim.harmonize import end_device_event_codes as codes
from mspcim.harmonize.codecs import (
    TEXT_CODECS,
    Carrier,
    TranslationContext,
    field_codec,
    register_carrier,
)
from mspcim.multispeak.v41.meter_reading import ExtensionsItem

__all__ = ["CARRIER", "EVENT_EXTENSIONS", "carry_out", "names_back", "names_out", "taken"]

CARRIER: Final = "eventExtensions"
"""Name of the carrier of one eventInstance's extensionsItems."""
_DETAIL_ITEM: Final = "CIM.EndDeviceEventDetail."
_VENDOR_DETAIL: Final = "MultiSpeak.extensionsList."
_NO_MSP: Final = "no MultiSpeak element for this CIM value"


def _extension(key: str, text: str, xsd_type: str) -> ExtensionsItem:
    return ExtensionsItem(ext_name=key, ext_value=text, ext_type=xsd_type)


EVENT_EXTENSIONS: Final = register_carrier(
    Carrier(
        name=CARRIER,
        field="instance_extensions",
        make=_extension,
        key_of=lambda item: item.ext_name if isinstance(item, ExtensionsItem) else None,
        text_of=lambda item: item.ext_value if isinstance(item, ExtensionsItem) else None,
        describe=lambda key: (
            f"events/extensionsList/extensionsItem[extName='eventInstance[n]/{key}']"
        ),
    )
)
"""The extensionsItems of one eventInstance (kept at list level, prefixed by its position)."""


def carry_out(
    ctx: TranslationContext, where: str, key: str, value: object, reason: str, codec: str = "text"
) -> ExtensionsItem:
    """An extensionsItem carrying ``value`` under ``key``, reported as carried."""
    text = TEXT_CODECS[codec]
    codes.report_carried(ctx, where, value, reason, EVENT_EXTENSIONS.describe(key))
    return _extension(key, text.dump(value), text.xsd_type)


def taken(items: list[ExtensionsItem] | None, ctx: TranslationContext) -> Callable[[str], Any]:
    """A finder of the items with a key (or a key prefix ending in '.'), consuming them."""

    def find(key: str) -> list[ExtensionsItem]:
        found = [
            item
            for item in items or []
            if item.ext_name == key or (key.endswith(".") and item.ext_name.startswith(key))
        ]
        for item in found:
            ctx.consume(item)
        return found

    return find


def names_out(
    names: list[Name], prefix: str, where: str, ctx: TranslationContext, field: str = "names"
) -> list[ExtensionsItem]:
    """Items carrying CIM Names: ``<prefix>.Names`` (untyped) or ``<prefix>.Names.<NameType>``."""
    items = []
    for index, name in enumerate(names, start=1):
        type_name = name.type_name
        key = f"{prefix}.Names" + (f".{type_name}" if type_name else "")
        reason = "no MultiSpeak element for this CIM name"
        items.append(carry_out(ctx, f"{where}[{index}]/name", key, name.name, reason))
        kind = name.name_type
        if kind is not None and (kind.description or kind.name_type_authority is not None):
            ctx.gap(
                field,
                f"NameType {kind.name}",
                "NameType description and authority have no MultiSpeak counterpart",
            )
    return items


def names_back(found: list[ExtensionsItem], prefix: str) -> list[Name]:
    """The CIM Names carried by ``found`` (items written by ``names_out``)."""
    names = []
    for item in found:
        suffix = item.ext_name[len(f"{prefix}.Names") :].removeprefix(".")
        names.append(
            Name(name=item.ext_value or "", name_type=NameType(name=suffix) if suffix else None)
        )
    return names


# --- values CIM has and an eventInstance has not


_STATUS_ALL: Final = (
    ("date_time", "dateTime", "datetime"),
    ("reason", "reason", "text"),
    ("remark", "remark", "text"),
    ("value", "value", "text"),
)


def _status_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    status: Status | None = values["status"]
    if status is None:
        return {}
    items = [
        carry_out(ctx, f"status/{xml}", f"CIM.EndDeviceEvent.status.{xml}", value, _NO_MSP, codec)
        for attribute, xml, codec in _STATUS_ALL
        if (value := getattr(status, attribute)) is not None
    ]
    return {"instance_extensions": items}


def _status_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    find = taken(values["instance_extensions"], ctx)
    found = {item.ext_name: item.ext_value or "" for item in find("CIM.EndDeviceEvent.status.")}
    if not found:
        return {}
    status = Status()
    for attribute, xml, codec in _STATUS_ALL:
        text = found.get(f"CIM.EndDeviceEvent.status.{xml}")
        if text is not None:
            setattr(status, attribute, TEXT_CODECS[codec].load(text))
    return {"status": status}


def _names_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    return {"instance_extensions": names_out(values["names"], "CIM.EndDeviceEvent", "Names", ctx)}


def _names_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    find = taken(values["instance_extensions"], ctx)
    found = find("CIM.EndDeviceEvent.Names") + find("CIM.EndDeviceEvent.Names.")
    return {"names": names_back(found, "CIM.EndDeviceEvent")}


def _usage_point_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    point: UsagePoint | None = values["usage_point"]
    if point is None:
        return {}
    items = names_out(point.names, "CIM.UsagePoint", "UsagePoint/Names", ctx)
    if point.mrid is not None:
        where, key = "UsagePoint/mRID", "CIM.UsagePoint.mRID"
        items.insert(0, carry_out(ctx, where, key, point.mrid, _NO_MSP))
    return {"instance_extensions": items}


def _usage_point_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    find = taken(values["instance_extensions"], ctx)
    mrid = find("CIM.UsagePoint.mRID")
    names = names_back(
        find("CIM.UsagePoint.Names") + find("CIM.UsagePoint.Names."), "CIM.UsagePoint"
    )
    if not mrid and not names:
        return {}
    return {"usage_point": UsagePoint(mrid=mrid[0].ext_value if mrid else None, names=names)}


def _details_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    items = []
    for index, detail in enumerate(values["end_device_event_details"] or [], start=1):
        if codes.is_vendor_attribute(detail.name):
            where = f"EndDeviceEventDetails[{index}]"
            reason = "vendor attribute of meterEvent: the schema admits none, so it is an item"
            items.append(carry_out(ctx, where, detail.name, detail.value or "", reason))
            continue
        if detail.name == codes.DETAIL or detail.name.startswith(codes.DETAIL + "."):
            continue
        if detail.name.startswith(_VENDOR_DETAIL):
            name = detail.name[len(_VENDOR_DETAIL) :]
            items.append(ExtensionsItem(ext_name=name, ext_value=detail.value))
            continue
        where = f"EndDeviceEventDetails[{index}]"
        key = _DETAIL_ITEM + detail.name
        items.append(carry_out(ctx, where, key, detail.value or "", _NO_MSP))
    return {"instance_extensions": items}


def _details_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    details = []
    for index, item in enumerate(values["instance_extensions"] or [], start=1):
        if codes.is_vendor_attribute(item.ext_name):
            details.append(EndDeviceEventDetail(name=item.ext_name, value=item.ext_value))
            ctx.consume(item)
        elif item.ext_name.startswith(_DETAIL_ITEM):
            name = item.ext_name[len(_DETAIL_ITEM) :]
            details.append(EndDeviceEventDetail(name=name, value=item.ext_value))
            ctx.consume(item)
        elif not item.ext_name.startswith("CIM."):
            name = _VENDOR_DETAIL + item.ext_name
            details.append(EndDeviceEventDetail(name=name, value=item.ext_value))
            ctx.consume(item)
            codes.report_carried(
                ctx,
                f"extensionsList[{index}]",
                f"{item.ext_name}={item.ext_value}",
                "vendor extensionsItem with no CIM attribute",
                f"EndDeviceEventDetails[name='{name}']",
            )
    return {"end_device_event_details": details}


def _wildcard_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    for name, value in values.items():
        elements = value if isinstance(value, list) else [value] if value is not None else []
        if elements:
            ctx.gap(
                name,
                ", ".join(ns.local_name(element.tag) for element in elements),
                "schema wildcard content (xs:any) has no CIM counterpart",
            )
    return {}


field_codec("end_device_event_status", _status_to_cim, _status_to_msp, "status ⇄ extensionsItems")
field_codec("end_device_event_names", _names_to_cim, _names_to_msp, "Names ⇄ extensionsItems")
field_codec("usage_point", _usage_point_to_cim, _usage_point_to_msp, "UsagePoint ⇄ items")
field_codec(
    "end_device_event_details",
    _details_to_cim,
    _details_to_msp,
    "EndDeviceEventDetails ⇄ extensionsItems CIM.EndDeviceEventDetail.<name>; vendor items ⇄ "
    "details MultiSpeak.extensionsList.<extName>",
)
field_codec("xml_wildcard", _wildcard_to_cim, lambda values, ctx: {}, "xs:any content, reported")
