"""Profile EndDeviceConfig, IEC TS 61968-14 clause 9: 5.0 ``electricMeter`` ⇄ CIM EndDevice.

The clause-8 mapping (8.5–8.11) carried over to the 5.0 meter, on the pivot the clause-8 profile
declares (``cim.end_device_assets``):

- identity by ``customer_identity_v5`` (``@objectGUID`` ⇄ mRID, identifiers ⇄ Names);
  ``comments`` ⇄ ``description``;
- ``assetDetails``: ``serialNumber`` ⇄ ``serialNumber``, ``manufacturer`` ⇄ the AssetModel's
  Manufacturer, ``catalogNumber`` ⇄ ``modelNumber``; ``assetStatus`` ⇄ ``status/value``;
- ``meterConnectionStatus`` ⇄ ConnectDisconnectFunction ``isConnected`` by the declared
  ``CONNECTION_STATES`` (a kind with no plain true/false, or its ``@otherKind``, also as a Name);
- ``AMIDeviceType`` ⇄ ``amrSystem``; ``utilityInfo``: the customer, service location and
  service point ⇄ the Customer, ServiceLocation and UsagePoint references;
- Seals: each ``meterSeal`` ⇄ a Seal (``sealNumber``); its colour and placing date travel as
  Names ``meterSeal.<sealNumber>.sealColor`` / ``.datePlaced`` (the declared 2013 Seal has no
  kind, condition or appliedDateTime yet);
- nameplate: ``phases`` ⇄ ``phaseCount``, ``multiplier`` / ``demandMultiplier`` ⇄ the
  ElectricMeteringFunction's billing and demand multipliers; ``kh``, ``kr``, ``form`` and the
  device's other 5.0 values travel as the device's Names (NameType = element name).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Final

from mspcim.cim.end_device_assets import (
    AssetModel,
    ConnectDisconnectFunction,
    Customer,
    ElectricMeteringFunction,
    EndDevice,
    EndDeviceConfig,
    EndDeviceInfo,
    Manufacturer,
    Seal,
    ServiceLocation,
    UsagePoint,
)
from mspcim.cim.identified_object import Name, Status
from mspcim.harmonize.carriers import carried_cim
from mspcim.harmonize.codecs import TEXT_CODECS, TranslationContext, field_codec
from mspcim.harmonize.end_device_codecs import VENDOR_EXTENSION, carried_msp, typed_name
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.parts import take
from mspcim.harmonize.profiles.customer_identity_v5 import (
    cim_identity,
    derived_guid,
    identity_rule,
    is_guid,
    msp_identity,
)
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.multispeak.v50.account import ServicePointID
from mspcim.multispeak.v50.identity import ObjectID
from mspcim.multispeak.v50.meter import (
    AssetDetails,
    ElectricMeter,
    ElectricNameplate,
    MeterSeal,
    UtilityInfo,
)
from mspcim.multispeak.v50.meter_history import Kind

__all__ = ["CLAUSE", "CONNECTION_STATES", "END_DEVICE", "PROFILE", "TABLES", "to_cim", "to_msp"]

PROFILE: Final = "EndDeviceConfig"
CLAUSE: Final = "9"
NAMES: Final = "EndDeviceNames"
NAMES_FIELD: Final = "end_device_names"
CONNECTION_STATES: Final[dict[str, bool]] = {"Connected": True, "Disconnected": False}
"""``meterConnectionStatus`` kinds that are exactly ConnectDisconnectFunction ``isConnected``."""
CONNECTED_KINDS: Final[dict[str, bool]] = {
    "ConnectedOverride": True,
    "DisconnectedOverride": False,
    "DisconnectedNonPay": False,
}
"""Other kinds that still say connected or not (the kind itself travels as a Name)."""
CONNECTION_NAME: Final = "meterConnectionStatus"
_SEAL: Final = "meterSeal"


def _details_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    details: AssetDetails | None = values["asset_details"]
    if details is None:
        return {}
    out: dict[str, Any] = {"serial_number": details.serial_number}
    if details.manufacturer is not None or details.catalog_number is not None:
        maker = Manufacturer(name=details.manufacturer) if details.manufacturer else None
        model = AssetModel(model_number=details.catalog_number, manufacturer=maker)
        out["end_device_info"] = EndDeviceInfo(asset_model=model)
    return out


def _details_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    info: EndDeviceInfo | None = values["end_device_info"]
    model = info.asset_model if info is not None else None
    if model is not None and model.model_version is not None:
        ctx.gap("EndDeviceInfo/AssetModel/modelVersion", model.model_version, "no 5.0 element")
    details = AssetDetails(
        serial_number=values["serial_number"],
        manufacturer=model.manufacturer.name if model and model.manufacturer else None,
        catalog_number=model.model_number if model else None,
    )
    empty = (details.serial_number, details.manufacturer, details.catalog_number)
    return {"asset_details": details} if any(empty) else {}


def _kind_text(kind: Kind) -> str:
    return kind.other_kind if kind.value == "Other" and kind.other_kind else kind.value


def _status_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    kind: Kind | None = values["asset_status"]
    return {"status": Status(value=_kind_text(kind))} if kind is not None else {}


_ASSET_STATUSES: Final = frozenset(
    (
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
)


def _status_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    status: Status | None = values["status"]
    if status is None:
        return {}
    for attribute in ("date_time", "reason", "remark"):
        if (found := getattr(status, attribute)) is not None:
            ctx.gap(f"status/{attribute}", found, "assetStatus has no place for it")
    if status.value in _ASSET_STATUSES:
        return {"asset_status": Kind(value=status.value)}
    return {"asset_status": Kind(value="Other", other_kind=status.value)}


def _connection_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    kind: Kind | None = values["meter_connection_status"]
    if kind is None:
        return {}
    if kind.value in CONNECTION_STATES and kind.other_kind is None:
        function = ConnectDisconnectFunction(is_connected=CONNECTION_STATES[kind.value])
        return {"connect_disconnect_function": function}
    names = [typed_name(kind.value, CONNECTION_NAME)]
    if kind.other_kind is not None:
        names.append(typed_name(kind.other_kind, f"{CONNECTION_NAME}.otherKind"))
    out: dict[str, Any] = {NAMES_FIELD: names}
    if (state := CONNECTED_KINDS.get(kind.value)) is not None:
        out["connect_disconnect_function"] = ConnectDisconnectFunction(is_connected=state)
    return out


def _connection_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    names: list[Name] = values[NAMES_FIELD] or []
    kind = next((n for n in names if n.type_name == CONNECTION_NAME), None)
    other = next((n for n in names if n.type_name == f"{CONNECTION_NAME}.otherKind"), None)
    for found in (kind, other):
        if found is not None:
            take(ctx, found)
    if kind is not None:
        return {
            "meter_connection_status": Kind(
                value=kind.name, other_kind=other.name if other else None
            )
        }
    function: ConnectDisconnectFunction | None = values["connect_disconnect_function"]
    if function is None:
        return {}
    if function.rcd_info is not None:
        ctx.gap("ConnectDisconnectFunction/rcdInfo", "(rcdInfo)", "no 5.0 element")
    if function.is_connected is None:
        return {}
    state = "Connected" if function.is_connected else "Disconnected"
    return {"meter_connection_status": Kind(value=state)}


def _utility_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    info: UtilityInfo | None = values["utility_info"]
    if info is None:
        return {}
    out: dict[str, Any] = {}
    names: list[Name] = []
    if info.customer_id is not None:
        mrid, found = cim_identity(
            info.customer_id.object_guid, info.customer_id.primary_identifier
        )
        out["customer"] = Customer(mrid=mrid, customer_names=found)
    if info.service_location_id is not None:
        location = info.service_location_id
        mrid, found = cim_identity(location.object_guid, location.primary_identifier)
        out["service_location"] = ServiceLocation(mrid=mrid, service_location_names=found)
    if info.service_point_id is not None:
        point = info.service_point_id
        kinds = [typed_name(point.service_type, "serviceType")] if point.service_type else []
        out["usage_point"] = UsagePoint(mrid=point.value, service_point_names=kinds)
    if info.owner is not None:
        names.append(typed_name(info.owner, "utilityInfo.owner"))
    if info.account_id is not None:
        names.append(typed_name(info.account_id.object_guid, "utilityInfo.accountID"))
        if info.account_id.primary_identifier is not None:
            ctx.gap(
                "utilityInfo/accountID/primaryIdentifier",
                info.account_id.primary_identifier.value,
                "the account is named by its GUID",
            )
    return {**out, NAMES_FIELD: names}


def _reference(found: Any, names: list[Name], ctx: TranslationContext) -> ObjectID:
    identity = msp_identity(found.mrid, names, ctx, required=False)
    return ObjectID(
        object_guid=identity["object_guid"], primary_identifier=identity["primary_identifier"]
    )


def _utility_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    names: list[Name] = values[NAMES_FIELD] or []
    info = UtilityInfo()
    customer: Customer | None = values["customer"]
    if customer is not None:
        info.customer_id = _reference(customer, list(customer.customer_names), ctx)
    location: ServiceLocation | None = values["service_location"]
    if location is not None:
        info.service_location_id = _reference(location, list(location.service_location_names), ctx)
    point: UsagePoint | None = values["usage_point"]
    if point is not None and point.mrid is not None:
        kinds = (n.name for n in point.service_point_names if n.type_name == "serviceType")
        value = point.mrid
        if not is_guid(value):
            reason = "the UsagePoint mRID is no MultiSpeakGUID: servicePointID is uuid5 of it"
            ctx.gap("UsagePoint/mRID", value, reason, lost=False)
            value = derived_guid(value)
        info.service_point_id = ServicePointID(value=value, service_type=next(kinds, None))
    for name in names:
        if name.type_name == "utilityInfo.owner" and info.owner is None:
            take(ctx, name)
            info.owner = name.name
        elif name.type_name == "utilityInfo.accountID" and info.account_id is None:
            take(ctx, name)
            info.account_id = ObjectID(object_guid=name.name)
    empty = UtilityInfo()
    return {"utility_info": info} if info != empty else {}


def _seals_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    seals: list[MeterSeal] = values["meter_seals"] or []
    names: list[Name] = []
    for seal in seals:
        key = f"{_SEAL}.{seal.seal_number}"
        if seal.seal_color is not None:
            names.append(typed_name(seal.seal_color, f"{key}.sealColor"))
        if seal.date_placed is not None:
            names.append(
                typed_name(TEXT_CODECS["datetime"].dump(seal.date_placed), f"{key}.datePlaced")
            )
    return {"seals": [Seal(seal_number=seal.seal_number) for seal in seals], NAMES_FIELD: names}


def _seals_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    seals: list[Seal] = values["seals"] or []
    names: list[Name] = values[NAMES_FIELD] or []
    result = []
    for seal in seals:
        key = f"{_SEAL}.{seal.seal_number}"
        color = next((n for n in names if n.type_name == f"{key}.sealColor"), None)
        placed = next((n for n in names if n.type_name == f"{key}.datePlaced"), None)
        for found in (color, placed):
            if found is not None:
                take(ctx, found)
        date: datetime | None = TEXT_CODECS["datetime"].load(placed.name) if placed else None
        result.append(
            MeterSeal(
                seal_number=seal.seal_number,
                seal_color=color.name if color else None,
                date_placed=date,
            )
        )
    return {"meter_seals": result}


def _nameplate_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    plate: ElectricNameplate | None = values["electric_nameplate"]
    if plate is None:
        return {}
    out: dict[str, Any] = {"phase_count": plate.phases}
    if plate.multiplier is not None or plate.demand_multiplier is not None:
        out["electric_metering_function"] = ElectricMeteringFunction(
            billing_multiplier=plate.multiplier, demand_multiplier=plate.demand_multiplier
        )
    names = []
    for attribute, codec in (("kh", "decimal"), ("kr", "decimal"), ("form", "text")):
        if (found := getattr(plate, attribute)) is not None:
            key = f"electricNameplate.{attribute}"
            names.append(typed_name(TEXT_CODECS[codec].dump(found), key))
    return {**out, NAMES_FIELD: names}


def _nameplate_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    names: list[Name] = values[NAMES_FIELD] or []
    function: ElectricMeteringFunction | None = values["electric_metering_function"]
    plate = ElectricNameplate(phases=values["phase_count"])
    if function is not None:
        plate.multiplier, plate.demand_multiplier = (
            function.billing_multiplier,
            function.demand_multiplier,
        )
        for attribute in ("current_rating", "voltage_rating"):
            if (found := getattr(function, attribute)) is not None:
                ctx.gap(f"ElectricMeteringFunction/{attribute}", found, "no 5.0 nameplate element")
    for attribute, codec in (("kh", "decimal"), ("kr", "decimal"), ("form", "text")):
        found = next((n for n in names if n.type_name == f"electricNameplate.{attribute}"), None)
        if found is not None:
            take(ctx, found)
            setattr(plate, attribute, TEXT_CODECS[codec].load(found.name))
    return {"electric_nameplate": plate} if plate != ElectricNameplate() else {}


for _name, _to_cim, _to_msp, _description in (
    (
        "v5_meter_details",
        _details_to_cim,
        _details_to_msp,
        "assetDetails ⇄ serialNumber, AssetModel",
    ),
    ("v5_meter_status", _status_to_cim, _status_to_msp, "assetStatus ⇄ status/value"),
    (
        "v5_meter_connection",
        _connection_to_cim,
        _connection_to_msp,
        "meterConnectionStatus ⇄ isConnected (CONNECTION_STATES)",
    ),
    (
        "v5_meter_utility",
        _utility_to_cim,
        _utility_to_msp,
        "utilityInfo ⇄ Customer, ServiceLocation, UsagePoint references",
    ),
    ("v5_meter_seals", _seals_to_cim, _seals_to_msp, "meterSeal ⇄ Seal; colour, date ⇄ Names"),
    (
        "v5_meter_nameplate",
        _nameplate_to_cim,
        _nameplate_to_msp,
        "electricNameplate ⇄ phaseCount, multipliers, Names",
    ),
):
    field_codec(_name, _to_cim, _to_msp, _description)

END_DEVICE: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=ElectricMeter,
    cim_class=EndDevice,
    msp_objects=(
        "NOT_Server: MetersChangedNotification, MetersCreatedNotification",
        "CB_Server: GetAllMeters, GetMetersByMeterIDs (and responses)",
        "meters/electricMeters/electricMeter (assetDetails, utilityInfo, meterSeals, "
        "electricNameplate)",
    ),
    rules=(
        identity_rule("EndDevice", NAMES_FIELD),
        Correlate("comments", "description"),
        Transform(
            ("asset_details",),
            ("serial_number", "end_device_info"),
            "v5_meter_details",
            "the asset",
        ),
        Transform(("asset_status",), ("status",), "v5_meter_status", "the asset's status"),
        Transform(
            ("meter_connection_status",),
            ("connect_disconnect_function", NAMES_FIELD),
            "v5_meter_connection",
            "connected or not",
        ),
        Correlate("ami_device_type", "amr_system"),
        Transform(
            ("utility_info",),
            ("customer", "service_location", "usage_point", NAMES_FIELD),
            "v5_meter_utility",
            "who and where",
        ),
        Transform(("meter_seals",), ("seals", NAMES_FIELD), "v5_meter_seals", "the seals"),
        Transform(
            ("electric_nameplate",),
            ("phase_count", "electric_metering_function", NAMES_FIELD),
            "v5_meter_nameplate",
            "the nameplate",
        ),
        *(
            carried_msp(field, element, NAMES)
            for field, element in (
                ("device_class", "deviceClass"),
                ("metrology_firmware_version", "metrologyFirmwareVersion"),
                ("metrology_firmware_revision", "metrologyFirmwareRevision"),
                ("ami_vendor", "AMIVendor"),
                ("billing_cycle", "billingCycle"),
                ("utility", "utility"),
            )
        ),
        carried_cim("asset_type", "EndDevice.type"),
        Gap(Side.CIM, "lifecycle", "no 5.0 meter element (the asset history is not modelled)"),
        Gap(Side.CIM, "com_functions", "the 5.0 communications modules are not modelled"),
        Gap(Side.CIM, "registers", "the 5.0 configured reading types are not modelled"),
        Gap(Side.MSP, "error_objects", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "extensions_list", VENDOR_EXTENSION),
        Gap(Side.CIM, NAMES_FIELD, "name of a type MultiSpeak has no element for"),
    ),
)
"""electricMeter ⇄ EndDevice."""

TABLES: Final = (END_DEVICE,)
"""The tables of the profile, for the catalogue."""


def to_cim(
    meters: Iterable[ElectricMeter],
    report: GapReport | None = None,
    path: str = "",
    item: str = "electricMeter",
    default_currency: str | None = None,
) -> EndDeviceConfig:
    """MultiSpeak 5.0 electric meters as one CIM EndDeviceConfig."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return EndDeviceConfig(
        end_devices=[
            translate(END_DEVICE, meter, Direction.TO_CIM, shared, f"{path}/{item}[{index}]")
            for index, meter in enumerate(meters, start=1)
        ]
    )


def to_msp(
    document: EndDeviceConfig,
    report: GapReport | None = None,
    path: str = "/EndDeviceConfig",
    default_currency: str | None = None,
) -> list[ElectricMeter]:
    """A CIM EndDeviceConfig as MultiSpeak 5.0 electric meters."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return [
        translate(END_DEVICE, device, Direction.TO_MSP, shared, f"{path}/EndDevice[{index}]")
        for index, device in enumerate(document.end_devices, start=1)
    ]
