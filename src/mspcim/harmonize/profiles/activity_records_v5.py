"""Profile ActivityRecord and Status, IEC TS 61968-14 clause 9: 5.0 ``meterHistoryEvent`` ⇄ CIM.

The clause-8 mapping (8.21) carried over to 5.0, whose history event is richer:

- ``@referableID`` ⇄ mRID; ``timeStamp`` ⇄ ``createdDateTime`` (required by MultiSpeak);
  ``eventDescription`` ⇄ ``description``; ``eventReason`` ⇄ ``reason``;
- ``actionTaken`` ⇄ ``type``: the kind, or its ``@otherKind`` when it is Other (a CIM type that
  is no ``actionTakenKind`` goes back as Other with ``@otherKind``);
- the meter (``meterID``: GUID, ``meterName`` and the other attributes) ⇄ the Asset, named as
  profile MeterReadings names a meter (``meter_readings_v5.METER_ID_NAME_TYPES``);
- Status: ``meterStatus/assetStatus`` ⇄ ``status/value`` (kind, or ``@otherKind`` when Other);
  the connection status travels as Names ``meterConnectionStatus`` (and ``….otherKind``);
  ``status`` dateTime, reason and remark, and the record's ``severity``, travel in
  ``extensionsList``;
- ``expectedAction``, ``actionTakenBy`` and the customer, account, service location and
  service point the event concerned travel as the record's Names (NameType = element name;
  an ``objectID`` as its GUID and ``<element>.primaryIdentifier:<identifierName>``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Final

from mspcim.cim.activity_records import ActivityRecord, ActivityRecords, Asset
from mspcim.cim.identified_object import Name, Status
from mspcim.exceptions import MappingError
from mspcim.harmonize.carriers import carried_cim
from mspcim.harmonize.codecs import TEXT_CODECS, TextCodec, TranslationContext, field_codec
from mspcim.harmonize.end_device_codecs import VENDOR_EXTENSION, carried_msp, typed_name
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.parts import take
from mspcim.harmonize.profiles import activity_records as clause8
from mspcim.harmonize.profiles.customer_identity_v5 import (
    names_of_object_id,
    object_id_of_names,
)
from mspcim.harmonize.profiles.meter_readings_v5 import (
    METER_ID_NAME_TYPES,
    derived_guid,
    is_guid,
)
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.multispeak.v50.account import ServicePointID
from mspcim.multispeak.v50.extensions import ExtensionsItem
from mspcim.multispeak.v50.identity import MeterID
from mspcim.multispeak.v50.meter_history import ActionTaken, Kind, MeterHistoryEvent, MeterStatus

__all__ = ["ACTIVITY_RECORD", "CLAUSE", "PROFILE", "TABLES", "to_cim", "to_msp"]

PROFILE: Final = "ActivityRecords"
CLAUSE: Final = "9"
NAMES: Final = clause8.NAMES
OTHER: Final = "Other"
REFERENCES: Final = ("customer_id", "account_id", "service_location_id")
"""The event's ``objectID`` links, carried as Names by ``names_of_object_id``."""
_CONNECTION: Final = "meterConnectionStatus"
NAMES_FIELD: Final = "activity_record_names"
_ACTIONS: Final = (
    "Unknown",
    "Received",
    "PlacedIntoInventory",
    "CheckedOut",
    "Installed",
    "PlacedIntoService",
    "Connected",
    "Disconnected",
    "Removed",
    "Inspected",
    "Tested",
    "Repaired",
    "Adjusted",
    "Calibrated",
    "Checked",
    "Treated",
    "ReturnedToInventory",
    "Retired",
    "Destroyed",
    "Replaced",
    "Read",
    "Other",
)
"""The ``actionTakenKind`` literals."""
_ASSET_STATUSES: Final = (
    "Unknown",
    "Quarantined",
    "InInventory",
    "CheckedOut",
    "Installed",
    "InService",
    "OutOfService",
    "Retired",
    "Destroyed",
    "Other",
)
"""The ``assetStatusKind`` literals."""


def _kind_text(kind: Kind | None) -> str | None:
    if kind is None:
        return None
    return kind.other_kind if kind.value == OTHER and kind.other_kind else kind.value


def _kind_of(
    text: str | None, known: tuple[str, ...] | list[str], cls: type[Kind] = Kind
) -> Kind | None:
    if text is None:
        return None
    return cls(value=text) if text in known else cls(value=OTHER, other_kind=text)


TEXT_CODECS.setdefault(
    "v5_action_kind",
    TextCodec(
        "string",
        lambda kind: _kind_text(kind) or "",
        lambda text: _kind_of(text, list(_ACTIONS), ActionTaken),
    ),
)
"""An ``actionTaken`` as the text of a Name: the kind, or its ``@otherKind`` when Other."""


def _action_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    return {"type": _kind_text(values["action_taken"])}


def _action_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    return {"action_taken": _kind_of(values["type"], _ACTIONS, ActionTaken)}


def _meter_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    meter: MeterID | None = values["meter_id"]
    if meter is None:
        return {}
    names = [
        typed_name(text, name_type)
        for attribute, name_type in METER_ID_NAME_TYPES.items()
        if (text := getattr(meter, attribute))
    ]
    guid: str | None = meter.object_guid
    if meter.meter_name and guid == derived_guid(meter.meter_name):
        guid = None
    return {"assets": [Asset(mrid=guid, asset_names=names)]}


def _meter_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    assets: list[Asset] = values["assets"] or []
    for index, extra in enumerate(assets[1:], start=2):
        ctx.gap(f"Assets[{index}]", extra.mrid, "a meterHistoryEvent concerns one meter")
    if not assets:
        raise MappingError("an ActivityRecord without an Asset: MultiSpeak needs the meterID")
    asset, found = assets[0], {}
    by_type = {name_type: attribute for attribute, name_type in METER_ID_NAME_TYPES.items()}
    for name in asset.asset_names:
        attribute = by_type.get(name.type_name or "")
        if attribute is None or attribute in found:
            ctx.gap("Assets[1]/Names", name.name, "meterID has no such attribute")
        else:
            found[attribute] = name.name
    guid = asset.mrid or derived_guid(found.get("meter_name") or ctx.path)
    if not is_guid(guid):
        reason = "the meter's mRID is no MultiSpeakGUID: the meterID is uuid5 of it"
        ctx.gap("Assets[1]/mRID", guid, reason, lost=False)
        guid = derived_guid(guid)
    return {"meter_id": MeterID(object_guid=guid, **found)}


def _links_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    names: list[Name] = []
    for field in REFERENCES:
        if (found := values[field]) is not None:
            names += names_of_object_id(_element(field), found)
    point: ServicePointID | None = values["service_point_id"]
    if point is not None:
        names.append(typed_name(point.value, "servicePointID"))
        if point.service_type is not None:
            names.append(typed_name(point.service_type, "servicePointID.serviceType"))
    return {"activity_record_names": names}


def _taken(names: list[Name], name_type: str, ctx: TranslationContext) -> str | None:
    for name in names:
        if name.type_name == name_type:
            take(ctx, name)
            return name.name
    return None


def _links_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    names: list[Name] = values["activity_record_names"] or []
    out: dict[str, Any] = {
        field: object_id_of_names(names, _element(field), ctx) for field in REFERENCES
    }
    if (point := _taken(names, "servicePointID", ctx)) is not None:
        kind = _taken(names, "servicePointID.serviceType", ctx)
        if not is_guid(point):
            reason = "servicePointID is no MultiSpeakGUID: uuid5 of it"
            ctx.gap("Names[servicePointID]", point, reason, lost=False)
            point = derived_guid(point)
        out["service_point_id"] = ServicePointID(value=point, service_type=kind)
    return {key: value for key, value in out.items() if value is not None}


def _element(field: str) -> str:
    return {"customer_id": "customerID", "account_id": "accountID"}.get(field, "serviceLocationID")


def _time_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    if values["created_date_time"] is None:
        raise MappingError(
            "an ActivityRecord without createdDateTime: MultiSpeak timeStamp is required",
            xpath=f"{ctx.path}/createdDateTime",
        )
    return {"time_stamp": values["created_date_time"]}


field_codec(
    "v5_history_action",
    _action_to_cim,
    _action_to_msp,
    "actionTaken (kind, or @otherKind when Other) ⇄ type",
)
field_codec(
    "v5_history_meter",
    _meter_to_cim,
    _meter_to_msp,
    "meterID ⇄ Asset: GUID ⇄ mRID (none when derived from the name), attributes ⇄ Names",
)
field_codec(
    "v5_history_links",
    _links_to_cim,
    _links_to_msp,
    "customerID, accountID, serviceLocationID, servicePointID ⇄ Names of the record",
)
field_codec(
    "v5_history_time",
    lambda values, ctx: {"created_date_time": values["time_stamp"]},
    _time_to_msp,
    "timeStamp ⇄ createdDateTime (required by MultiSpeak)",
)


_STATUS_ITEMS: Final = {
    "date_time": ("CIM.ActivityRecord.status.dateTime", "datetime"),
    "reason": ("CIM.ActivityRecord.status.reason", "text"),
    "remark": ("CIM.ActivityRecord.status.remark", "text"),
}
"""Status attributes MultiSpeak has no element for ⇄ the extensionsItem that carries each."""


def _status_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    status: MeterStatus | None = values["meter_status"]
    extras: dict[str, Any] = {}
    for item in values["extensions_list"] or []:
        for attribute, (name, codec) in _STATUS_ITEMS.items():
            if item.ext_name == name and attribute not in extras and item.ext_value is not None:
                take(ctx, item)
                extras[attribute] = TEXT_CODECS[codec].load(item.ext_value)
    if status is None:
        if extras:
            ctx.gap("extensionsList", ", ".join(extras), "a Status needs the meterStatus")
        return {}
    names = []
    connection = status.meter_connection_status
    if connection is not None:
        names.append(typed_name(connection.value, _CONNECTION))
        if connection.other_kind is not None:
            names.append(typed_name(connection.other_kind, f"{_CONNECTION}.otherKind"))
    extra = status.asset_status.other_kind if status.asset_status.value != OTHER else None
    if extra is not None:
        ctx.gap("meterStatus/assetStatus/@otherKind", extra, "only an Other kind has a name")
    value = _kind_text(status.asset_status) or ""
    return {"status": Status(value=value, **extras), NAMES_FIELD: names}


def _status_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    status: Status | None = values["status"]
    names: list[Name] = values[NAMES_FIELD] or []
    connection = _taken(names, _CONNECTION, ctx)
    other = _taken(names, f"{_CONNECTION}.otherKind", ctx)
    if status is None:
        return {}
    items = []
    for attribute, (name, codec) in _STATUS_ITEMS.items():
        if (found := getattr(status, attribute)) is not None:
            text = TEXT_CODECS[codec]
            items.append(
                ExtensionsItem(ext_name=name, ext_value=text.dump(found), ext_type=text.xsd_type)
            )
            ctx.gap(f"status/{attribute}", found, f"carried in extensionsItem {name}", lost=False)
    kind = _kind_of(status.value, _ASSET_STATUSES)
    assert kind is not None
    state = Kind(value=connection, other_kind=other) if connection is not None else None
    meter_status = MeterStatus(asset_status=kind, meter_connection_status=state)
    return {"meter_status": meter_status, "extensions_list": items}


field_codec(
    "v5_history_status",
    _status_to_cim,
    _status_to_msp,
    "meterStatus assetStatus ⇄ status/value; meterConnectionStatus ⇄ Names; status dateTime, "
    "reason, remark ⇄ extensionsItems CIM.ActivityRecord.status.<attribute>",
)


ACTIVITY_RECORD: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=MeterHistoryEvent,
    cim_class=ActivityRecord,
    msp_objects=(
        "CB_Server: GetMeterHistoriesByMeterIDs (and response)",
        "meterHistoryEvent (mspAssetHistoryEvent), meterStatus",
    ),
    rules=(
        Correlate("referable_id", "mrid"),
        Transform(("time_stamp",), ("created_date_time",), "v5_history_time", "when"),
        Correlate("event_description", "description"),
        Correlate("event_reason", "reason"),
        Transform(("action_taken",), ("type",), "v5_history_action", "what was done"),
        Transform(("meter_id",), ("assets",), "v5_history_meter", "the meter"),
        Transform(
            (*REFERENCES, "service_point_id"),
            (NAMES_FIELD,),
            "v5_history_links",
            "what the event concerned",
        ),
        Transform(
            ("meter_status", "extensions_list"),
            ("status", NAMES_FIELD),
            "v5_history_status",
            "the meter's status",
        ),
        carried_msp("action_taken_by", "actionTakenBy", NAMES),
        carried_msp("expected_action", "expectedAction", NAMES, "v5_action_kind"),
        carried_cim("severity", "ActivityRecord.severity"),
        Gap(Side.MSP, "error_objects", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "extensions_list", VENDOR_EXTENSION),
        Gap(Side.CIM, NAMES_FIELD, "name of a type MultiSpeak has no element for"),
    ),
)
"""meterHistoryEvent ⇄ ActivityRecord."""

TABLES: Final = (ACTIVITY_RECORD,)
"""The tables of the profile, for the catalogue."""


def to_cim(
    events: Iterable[MeterHistoryEvent],
    report: GapReport | None = None,
    path: str = "",
    item: str = "meterHistoryEvent",
    default_currency: str | None = None,
) -> ActivityRecords:
    """MultiSpeak 5.0 meter history events as one CIM ActivityRecords document."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return ActivityRecords(
        activity_records=[
            translate(ACTIVITY_RECORD, event, Direction.TO_CIM, shared, f"{path}/{item}[{index}]")
            for index, event in enumerate(events, start=1)
        ]
    )


def to_msp(
    document: ActivityRecords,
    report: GapReport | None = None,
    path: str = "/ActivityRecords",
    default_currency: str | None = None,
) -> list[MeterHistoryEvent]:
    """A CIM ActivityRecords document as MultiSpeak 5.0 meter history events."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return [
        translate(ACTIVITY_RECORD, record, Direction.TO_MSP, shared, f"{path}/ActivityRecord[{i}]")
        for i, record in enumerate(document.activity_records, start=1)
    ]
