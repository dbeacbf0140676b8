"""Profile 8.13 EndDeviceEvents: MultiSpeak 4.1 ``meterEventList`` ⇄ CIM ``EndDeviceEvents``.

Two tables, one per level: ``END_DEVICE_EVENT`` (eventInstance ⇄ EndDeviceEvent) nested inside
``METER_EVENT_LIST`` (meterEventList ⇄ EndDeviceEvents). The event code and its declared table
live in ``harmonize.end_device_event_codes``; the CIM values an eventInstance has no element for
travel as extensionsItems by ``harmonize.end_device_event_extensions``; the device identity, the
time and the EndDeviceEventType declarations are here. Every code used is declared once, named
by the first ``codeString`` given for it (described when none).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any, Final

from mspcim.cim.end_device_event_type import EndDeviceEventTypeCode
from mspcim.cim.end_device_events import (
    Asset,
    EndDeviceEvent,
    EndDeviceEvents,
    Name,
)
from mspcim.exceptions import MappingError
from mspcim.harmonize import carriers as _carriers  # noqa: F401  (registers the carriers)
from mspcim.harmonize import end_device_event_codes as codes
from mspcim.harmonize import end_device_event_extensions as extensions
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.end_device_codecs import meter_id_names
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles.meter_readings import METER_ID_NAME_TYPES
from mspcim.harmonize.rules import Gap, Nest, Side, Table, Transform
from mspcim.multispeak.v41.meter_event import EventInstance, MeterEventList
from mspcim.multispeak.v41.meter_reading import MeterID

__all__ = ["END_DEVICE_EVENT", "METER_EVENT_LIST", "to_cim", "to_msp"]

PROFILE: Final = "EndDeviceEvents"


# --- device identity: meterID ⇄ Assets


def _identity_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    meter_id: MeterID | None = values["meter_id"]
    find = extensions.taken(values["instance_extensions"], ctx)
    extra = extensions.names_back(find("CIM.Asset.Names") + find("CIM.Asset.Names."), "CIM.Asset")
    if meter_id is None and not extra:
        return {}
    names = meter_id_names(meter_id) if meter_id is not None else []
    return {"assets": Asset(mrid=meter_id.object_id if meter_id else None, names=names + extra)}


def _identity_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    asset: Asset | None = values["assets"]
    if asset is None:
        return {}
    by_type = {name_type: attribute for attribute, name_type in METER_ID_NAME_TYPES.items()}
    found: dict[str, str] = {}
    others: list[Name] = []
    for name in asset.names:
        attribute = by_type.get(name.type_name or "")
        if attribute is not None and attribute not in found:
            found[attribute] = name.name
        elif name.type_name is None and "value" not in found:
            found["value"] = name.name
        else:
            others.append(name)
    items = extensions.names_out(others, "CIM.Asset", "Assets/Names", ctx, "assets")
    if "value" not in found and asset.mrid:
        found["value"] = asset.mrid
    meter_id = MeterID(object_id=asset.mrid, **found) if "value" in found else None
    return {"meter_id": meter_id, "instance_extensions": items}


field_codec(
    "end_device_identity",
    _identity_to_cim,
    _identity_to_msp,
    "meterID text, @meterNo, @serviceType, @utility ⇄ Assets/Names (by NameType); "
    "meterID/@objectID ⇄ Assets/mRID; other names carried",
)


# --- time


def _time_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    when: datetime | None = values["time_stamp"]
    if when is not None:
        return {"created_date_time": when}
    default: datetime | None = ctx.state.get("default_time")
    if default is None:
        raise MappingError(
            "eventInstance has no timeStamp (and the notification no TimeStamp): "
            "CIM EndDeviceEvent.createdDateTime is required"
        )
    ctx.gap("time_stamp", default, "no timeStamp: the notification's TimeStamp is used", lost=False)
    return {"created_date_time": default}


field_codec(
    "event_time",
    _time_to_cim,
    lambda values, ctx: {"time_stamp": values["created_date_time"]},
    "timeStamp ⇄ createdDateTime (the header's TimeStamp for an event without one)",
)


# --- EndDeviceEventType declarations


def _declarations_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    instances: list[EventInstance] = values["event_instances"] or []
    events = [instance.meter_event for instance in instances if instance.meter_event is not None]
    names = codes.declared_names(events)
    ctx.state["type_names"] = names
    return {
        "end_device_event_types": [
            codes.declaration(EndDeviceEventTypeCode.parse(code), name)
            for code, name in names.items()
        ]
    }


def _declarations_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    declared = {item.mrid: item for item in values["end_device_event_types"] or [] if item.mrid}
    ctx.state["declared_types"] = declared
    return {}


field_codec(
    "end_device_event_types",
    _declarations_to_cim,
    _declarations_to_msp,
    "each code used is declared once, named by its first meterEvent/@codeString (described "
    "when none); declared names come back as codeString",
)


def _carried_cim(field: str, xml: str) -> Gap:
    return Gap(
        Side.CIM,
        field,
        f"no MultiSpeak element for CIM EndDeviceEvent.{xml}",
        carried_in=f"{extensions.CARRIER}:CIM.EndDeviceEvent.{xml}",
    )


END_DEVICE_EVENT = Table(
    name=PROFILE,
    clause="8.13",
    msp_class=EventInstance,
    cim_class=EndDeviceEvent,
    msp_objects=("eventInstance", "meterEvent", "meterID"),
    rules=(
        Transform(
            ("meter_id", "instance_extensions"),
            ("assets",),
            "end_device_identity",
            "the meter: meterID ⇄ Assets (mRID and Names)",
        ),
        Transform(("time_stamp",), ("created_date_time",), "event_time", "when it happened"),
        Transform(
            ("meter_event", "instance_extensions"),
            ("end_device_event_type", "end_device_event_details"),
            "end_device_event_code",
            "the event: meterEvent ⇄ EndDeviceEventType code, by the event code table",
        ),
        Transform(
            ("instance_extensions",),
            ("end_device_event_details",),
            "end_device_event_details",
            "EndDeviceEventDetails ⇄ extensionsItems",
        ),
        _carried_cim("mrid", "mRID"),
        _carried_cim("issuer_id", "issuerID"),
        _carried_cim("issuer_tracking_id", "issuerTrackingID"),
        _carried_cim("reason", "reason"),
        _carried_cim("severity", "severity"),
        _carried_cim("user_id", "userID"),
        Transform(
            ("instance_extensions",), ("status",), "end_device_event_status", "status ⇄ items"
        ),
        Transform(("instance_extensions",), ("names",), "end_device_event_names", "Names ⇄ items"),
        Transform(("instance_extensions",), ("usage_point",), "usage_point", "UsagePoint ⇄ items"),
        Transform(("extensions",), (), "xml_wildcard", "eventInstance/extensions (xs:any)"),
        Gap(Side.MSP, "instance_extensions", "extensionsItem of the event no rule takes back"),
    ),
)

METER_EVENT_LIST = Table(
    name=PROFILE,
    clause="8.13",
    msp_class=MeterEventList,
    cim_class=EndDeviceEvents,
    msp_objects=(
        "CB_Server/MDM_Server/NOT_Server: MeterEventNotification",
        "meterEventList",
    ),
    rules=(
        Transform(
            ("event_instances",),
            ("end_device_event_types",),
            "end_device_event_types",
            "EndDeviceEventType declarations ⇄ meterEvent/@codeString",
        ),
        Nest("event_instances", "end_device_events", END_DEVICE_EVENT, msp_item="eventInstance"),
        Gap(Side.MSP, "object_id", "EndDeviceEvents has no mRID"),
        Gap(Side.MSP, "verb", "CIM states the action in the Header Verb"),
        Gap(Side.MSP, "error_string", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "replace_id", "no CIM counterpart"),
        Gap(Side.MSP, "utility", "no CIM counterpart on EndDeviceEvents"),
        Gap(Side.MSP, "comments", "EndDeviceEvents has no comment"),
        Gap(Side.MSP, "object_name", "EndDeviceEvents has no name"),
        Gap(Side.MSP, "other_attributes", "vendor attributes of meterEventList"),
        Gap(Side.MSP, "extensions_list", "vendor extensionsItem of the list with no CIM home"),
        Transform(
            ("extensions", "identified_object"), (), "xml_wildcard", "extensions, identifiedObject"
        ),
    ),
)


def _state(report: GapReport | None, **values: Any) -> TranslationState:
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    shared.state.update(report=shared.report, **values)
    return shared


def to_cim(
    events: MeterEventList,
    report: GapReport | None = None,
    path: str = "/events",
    *,
    default_time: datetime | None = None,
    refused: list[tuple[int, MappingError]] | None = None,
) -> EndDeviceEvents:
    """A MultiSpeak meterEventList as one CIM EndDeviceEvents document (event types declared).

    ``default_time`` dates events without a timeStamp. With ``refused`` given, an event that
    cannot be translated is left out and listed there (its 1-based position and the error)
    instead of failing the whole list.
    """
    shared = _state(report, default_time=default_time)
    if refused is None:
        document: EndDeviceEvents = translate(
            METER_EVENT_LIST, events, Direction.TO_CIM, shared, path
        )
        return document
    kept: list[int] = []
    for index, instance in enumerate(events.event_instances, start=1):
        try:
            probe = _state(None, default_time=default_time)
            translate(END_DEVICE_EVENT, instance, Direction.TO_CIM, probe)
        except MappingError as exc:
            refused.append((index, exc))
            shared.report.add(
                f"{path}/eventInstances/eventInstance[{index}]",
                exc.reason,
                GapKind.LOST,
                "the event cannot be translated and is left out",
                profile=PROFILE,
            )
        else:
            kept.append(index)
    subset = replace(events, event_instances=[events.event_instances[i - 1] for i in kept])
    trial = _state(None, default_time=default_time)
    document = translate(METER_EVENT_LIST, subset, Direction.TO_CIM, trial, path)
    item = f"{path}/eventInstances/eventInstance"
    renumbered = {f"{item}[{new}]": f"{item}[{old}]" for new, old in enumerate(kept, start=1)}
    for entry in trial.report:
        head, bracket, rest = entry.path.partition("]")
        original = renumbered.get(head + bracket)
        shared.report.entries.append(replace(entry, path=original + rest) if original else entry)
    return document


def to_msp(
    document: EndDeviceEvents, report: GapReport | None = None, path: str = "/EndDeviceEvents"
) -> MeterEventList:
    """A CIM EndDeviceEvents document as a MultiSpeak meterEventList."""
    result: MeterEventList = translate(
        METER_EVENT_LIST, document, Direction.TO_MSP, _state(report), path
    )
    return result
