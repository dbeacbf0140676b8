"""Profile 9 EndDeviceEvents: MultiSpeak 5.0 ``endDeviceEvent`` ⇄ CIM ``EndDeviceEvent`` (2013).

Version 5 gives the EndDeviceEventType code itself (the four parts as attributes, or a
``codeString``), so the code passes as it is; a code outside the code system (a vendor's
private type or domain) is carried as its text both ways and reported. The device reference
(an ``objectRef``: GUID, noun, identifier values) ⇄ the event's Assets (mRID and Names); the
``argument`` ⇄ the EndDeviceEventDetail named ``argument``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any, Final

from mspcim.cim import end_device_events as events
from mspcim.cim.end_device_event_type import EndDeviceEventTypeCode
from mspcim.cim.identified_object import Name
from mspcim.exceptions import MappingError
from mspcim.harmonize import carriers as _carriers  # noqa: F401  (registers the carriers)
from mspcim.harmonize.carriers import NAME_TYPE_AUTHORITY, carried_cim
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.profiles.end_device_controls_v5 import event_type_declaration
from mspcim.harmonize.profiles.meter_readings_v5 import derived_guid, is_guid
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.multispeak.v50.end_device_event import (
    EndDeviceEvent,
    EndDeviceEventType,
    EndDeviceEventTypeOption,
)
from mspcim.multispeak.v50.identity import ObjectRef

__all__ = [
    "ARGUMENT_DETAIL",
    "DEVICE_NAME_TYPES",
    "END_DEVICE_EVENT",
    "METER_NOUN",
    "PROFILE",
    "code_of",
    "events_to_cim",
    "events_to_msp",
]

PROFILE: Final = "EndDeviceEvents"
ARGUMENT_DETAIL: Final = "argument"
"""Name of the EndDeviceEventDetail that carries the event's ``argument``."""
METER_NOUN: Final = "msp:meter"
"""``deviceReference/@noun`` written for an Asset (the ``msp`` prefix is on every v5 root)."""

DEVICE_NAME_TYPES: Final[dict[str, str]] = {
    "primary_identifier_value": "meterID",
    "secondary_identifier_value": "secondaryIdentifier",
    "utility": "utility",
    "registered_name": "registeredName",
    "system_name": "systemName",
}
"""``deviceReference`` attributes ⇄ the NameType of the Asset name carrying each (the primary
identifier of a meter is its meter number: NameType ``meterID``, as in 4.1)."""

_PARTS: Final = ("end_device_type", "end_device_domain", "end_device_subdomain", "event_or_action")


def code_of(given: EndDeviceEventType | None) -> tuple[str, bool]:
    """The code text of a v5 event type, and whether the code system knows it."""
    if given is None:
        raise MappingError("endDeviceEvent has no endDeviceEventType")
    parts = [getattr(given, name) for name in _PARTS]
    text = ".".join(part.strip() for part in parts if part) if all(parts) else None
    text = text or (given.code_string or "").strip()
    if not text:
        raise MappingError("endDeviceEventType gives neither the four parts nor a codeString")
    try:
        return EndDeviceEventTypeCode.parse(text).text, True
    except MappingError:
        if len(text.split(".")) != 4:
            raise
        return text, False


def _type_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    option: EndDeviceEventTypeOption = values["end_device_event_type_option"]
    text, known = code_of(option.end_device_event_type)
    if not known:
        ctx.gap(
            "end_device_event_type_option",
            text,
            "a code outside the EndDeviceEventType code system: carried as its text",
            lost=False,
        )
    if option.end_device_event_type_ref is not None:
        ctx.gap(
            "end_device_event_type_option",
            option.end_device_event_type_ref,
            "reference resolved: the event names its type itself",
            lost=False,
        )
    return {"end_device_event_type": events.EndDeviceEventTypeRef(ref=text)}


def _type_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    ref: events.EndDeviceEventTypeRef = values["end_device_event_type"]
    text = (ref.ref or "").strip()
    parts = text.split(".")
    if len(parts) != 4 or not all(parts):
        raise MappingError(f"EndDeviceEventType {text!r} is not a four-part code")
    given = EndDeviceEventType(**dict(zip(_PARTS, parts, strict=True)))
    return {"end_device_event_type_option": EndDeviceEventTypeOption(end_device_event_type=given)}


field_codec(
    "end_device_event_type_v5",
    _type_to_cim,
    _type_to_msp,
    "endDeviceEventType @endDeviceType.@endDeviceDomain.@endDeviceSubdomain.@eventOrAction "
    "(or @codeString, or a resolved reference) ⇄ the EndDeviceEventType code",
)


def _device_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    reference: ObjectRef | None = values["device_reference"]
    if reference is None:
        return {}
    if reference.noun.rpartition(":")[2] not in ("meter", "electricMeter"):
        ctx.gap("device_reference", reference.noun, "the Asset does not say what kind it is")
    names = [
        Name.typed(str(text), name_type, NAME_TYPE_AUTHORITY)
        for attribute, name_type in DEVICE_NAME_TYPES.items()
        if (text := getattr(reference, attribute))
    ]
    primary = reference.primary_identifier_value
    derived = primary is not None and reference.object_guid == derived_guid(primary)
    return {"assets": events.Asset(mrid=None if derived else reference.object_guid, names=names)}


def _device_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    asset: events.Asset | None = values["assets"]
    if asset is None:
        return {}
    found: dict[str, str] = {}
    for name in asset.names:
        attribute = next(
            (key for key, value in DEVICE_NAME_TYPES.items() if value == name.type_name), None
        )
        if attribute is None or attribute in found:
            ctx.gap("assets", name.name, f"deviceReference has no attribute for {name.type_name}")
        else:
            found[attribute] = name.name
    guid = asset.mrid
    if guid is not None and not is_guid(guid):
        ctx.gap("assets", guid, "mRID is no GUID: the device is named by its meterID", lost=False)
        found.setdefault("primary_identifier_value", guid)
        guid = None
    if guid is None:
        primary = found.get("primary_identifier_value")
        if primary is None:
            ctx.gap("assets", "?", "deviceReference needs the device's GUID or meterID name")
            return {}
        guid = derived_guid(primary)
    return {"device_reference": ObjectRef(object_guid=guid, noun=METER_NOUN, **found)}


field_codec(
    "device_reference_v5",
    _device_to_cim,
    _device_to_msp,
    "deviceReference GUID ⇄ Assets/mRID (a GUID derived from the meterID name for a device "
    "known by name only); its identifier values ⇄ Assets/Names by NameType",
)


def _argument_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    argument: str | None = values["argument"]
    if argument is None:
        return {}
    return {
        "end_device_event_details": [events.EndDeviceEventDetail(name="argument", value=argument)]
    }


def _argument_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    details: list[events.EndDeviceEventDetail] = values["end_device_event_details"] or []
    result: dict[str, Any] = {}
    for detail in details:
        if detail.name == ARGUMENT_DETAIL and "argument" not in result:
            result["argument"] = detail.value
        else:
            shown = f"{detail.name}={detail.value or ''}"
            ctx.gap("end_device_event_details", shown, "endDeviceEvent has one argument only")
    return result


field_codec(
    "event_argument_v5",
    _argument_to_cim,
    _argument_to_msp,
    "argument ⇄ the EndDeviceEventDetail named argument (other details have no place)",
)

END_DEVICE_EVENT = Table(
    name=PROFILE,
    clause="9",
    msp_class=EndDeviceEvent,
    cim_class=events.EndDeviceEvent,
    msp_objects=("NOT_Server: EndDeviceEventsNotification", "endDeviceEvent"),
    rules=(
        Correlate("referable_id", "mrid"),
        Correlate("time_stamp", "created_date_time"),
        Correlate("event_reason", "reason"),
        Correlate("event_severity", "severity"),
        Correlate("user_id", "user_id"),
        Transform(
            ("end_device_event_type_option",),
            ("end_device_event_type",),
            "end_device_event_type_v5",
            "the code, as given (unknown codes carried as their text)",
        ),
        Transform(("device_reference",), ("assets",), "device_reference_v5", "the device"),
        Transform(("argument",), ("end_device_event_details",), "event_argument_v5", "argument"),
        Gap(Side.MSP, "event_description", "EndDeviceEvent has no description"),
        Gap(Side.MSP, "time_zone", "CIM times are absolute: the device's zone is not kept"),
        Gap(Side.MSP, "error_objects", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "extensions_list", "vendor extensionsItem with no CIM counterpart"),
        carried_cim("issuer_id", "EndDeviceEvent.issuerID"),
        carried_cim("issuer_tracking_id", "EndDeviceEvent.issuerTrackingID"),
        Gap(Side.CIM, "names", "endDeviceEvent has no names of the event"),
        Gap(Side.CIM, "status", "endDeviceEvent has no status"),
        Gap(Side.CIM, "usage_point", "endDeviceEvent names the device only"),
    ),
)


def events_to_cim(
    msp_events: Iterable[EndDeviceEvent], report: GapReport | None = None, path: str = ""
) -> events.EndDeviceEvents:
    """v5 endDeviceEvents as one EndDeviceEvents document; each known type declared once."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    translated: list[events.EndDeviceEvent] = [
        translate(END_DEVICE_EVENT, event, Direction.TO_CIM, shared, f"{path}/endDeviceEvent[{i}]")
        for i, event in enumerate(msp_events, start=1)
    ]
    declared = []
    for code in dict.fromkeys(event.event_type or "" for event in translated):
        try:
            declared.append(event_type_declaration(code))
        except MappingError:
            continue  # a code outside the code system is referenced, not declared
    return events.EndDeviceEvents(end_device_events=translated, end_device_event_types=declared)


def _code(document: events.EndDeviceEvents, event: events.EndDeviceEvent) -> str:
    """The code an event refers to: the ref, or the code of the type declared under it."""
    declared = document.declared_type(event.event_type or "")
    if declared is not None:
        parts = (declared.type, declared.domain, declared.sub_domain, declared.event_or_action)
        if all(parts):
            try:
                return EndDeviceEventTypeCode.from_literals(*(part or "" for part in parts)).text
            except MappingError:
                pass
    return event.event_type or ""


def events_to_msp(
    document: events.EndDeviceEvents, report: GapReport | None = None, path: str = ""
) -> list[EndDeviceEvent]:
    """The EndDeviceEvents of a document as v5 endDeviceEvents (types written in place)."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    result = []
    for index, event in enumerate(document.end_device_events, start=1):
        ref = events.EndDeviceEventTypeRef(ref=_code(document, event))
        one = replace(event, end_device_event_type=ref)
        where = f"{path}/EndDeviceEvents/EndDeviceEvent[{index}]"
        result.append(translate(END_DEVICE_EVENT, one, Direction.TO_MSP, shared, where))
    return result
