"""Codecs and carriers of the end device profiles (EndDeviceAssets, MeterAssetConfig, …).

- Carriers: the ``Names`` of a CIM EndDevice, ComFunction, Register and UsagePoint, each a list
  of ``identified_object.Name`` typed by NameType (``…Names:<NameType>``); MultiSpeak values with
  no CIM attribute travel there under their MultiSpeak element name.
- Value and field codecs named after what they convert (identity, code tables, references).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from mspcim.cim.end_device_assets import (
    Manufacturer,
    Seal,
)
from mspcim.cim.identified_object import Name
from mspcim.harmonize import carriers as _carriers  # noqa: F401  (registers the carriers)
from mspcim.harmonize.carriers import NAME_TYPE_AUTHORITY
from mspcim.harmonize.codecs import (
    TEXT_CODECS,
    Carrier,
    TextCodec,
    TranslationContext,
    field_codec,
    register_carrier,
    value_codec,
)
from mspcim.harmonize.parts import take
from mspcim.harmonize.profiles.meter_readings import METER_ID_NAME_TYPES
from mspcim.harmonize.rules import Gap, Side
from mspcim.multispeak.v41.meter import Frequency
from mspcim.multispeak.v41.meter_reading import MeterID
from mspcim.multispeak.v41.msp_binding import MeterID as BoundMeterID
from mspcim.xsdtypes import format_decimal

__all__ = [
    "COM_FUNCTION_NAMES",
    "END_DEVICE_NAMES",
    "PROFILE_END_DEVICE_ASSETS",
    "REGISTER_NAMES",
    "USAGE_POINT_NAMES",
    "VENDOR_EXTENSION",
    "carried_msp",
    "meter_id_names",
    "names_carrier",
    "reported_items",
    "typed_name",
]


PROFILE_END_DEVICE_ASSETS: Final = "EndDeviceAssets"
VENDOR_EXTENSION: Final = "vendor extensionsItem with no CIM counterpart"


def carried_msp(field: str, element: str, carrier: str, codec: str = "text") -> Gap:
    """A MultiSpeak value with no CIM attribute, carried as a Name typed by its element name."""
    return Gap(
        Side.MSP,
        field,
        f"no CIM attribute for MultiSpeak {element}",
        carried_in=f"{carrier}:{element}",
        codec=codec,
    )


def typed_name(text: str, name_type: str) -> Name:
    """A Name of ``name_type`` issued by MultiSpeak (how MultiSpeak identifiers travel)."""
    return Name.typed(text, name_type, NAME_TYPE_AUTHORITY)


def meter_id_names(meter: MeterID | BoundMeterID) -> list[Name]:
    """A meterID's text and attributes as Names of the NameTypes ``METER_ID_NAME_TYPES`` gives."""
    return [
        typed_name(text, name_type)
        for attribute, name_type in METER_ID_NAME_TYPES.items()
        if (text := getattr(meter, attribute))
    ]


def names_carrier(name: str, field: str, owner: str) -> Carrier:
    """Register a carrier of the CIM ``Names`` held in ``field`` of the class ``owner``."""

    def make(key: str, text: str, _xsd_type: str) -> Name:
        return typed_name(text, key)

    return register_carrier(
        Carrier(
            name=name,
            field=field,
            make=make,
            key_of=lambda item: item.type_name if isinstance(item, Name) else None,
            text_of=lambda item: item.name if isinstance(item, Name) else None,
            describe=lambda key: f"{owner}/Names[NameType/name='{key}']",
        )
    )


END_DEVICE_NAMES: Final = names_carrier("EndDeviceNames", "end_device_names", "EndDevice")
COM_FUNCTION_NAMES: Final = names_carrier("ComFunctionNames", "com_function_names", "ComFunction")
REGISTER_NAMES: Final = names_carrier("RegisterNames", "register_names", "Register")
USAGE_POINT_NAMES: Final = names_carrier("UsagePointNames", "service_point_names", "UsagePoint")


def _load_frequency(text: str) -> Frequency:
    value, _, units = text.partition(" ")
    return Frequency(value=Decimal(value), units=units or None)


TEXT_CODECS["nameplate_frequency"] = TextCodec("string", str, _load_frequency)
"""``frequency`` (value and units) as ``"60 Hz"``."""


# --- value codecs


value_codec(
    "manufacturer_name",
    lambda text: Manufacturer(name=text),
    lambda manufacturer: manufacturer.name,
    "manufacturer text ⇄ Manufacturer/name",
)


# --- meter identity: the conventions of profile 8.17 (meter_readings.METER_ID_NAME_TYPES)


_IDENTITY_FIELDS: Final = {"value": "meter_no", "utility": "utility"}
"""meterID parts (METER_ID_NAME_TYPES keys) ⇄ the electricMeter fields that hold them."""


def _identity_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    names = [
        typed_name(text, METER_ID_NAME_TYPES[part_name])
        for part_name, name in _IDENTITY_FIELDS.items()
        if (text := values[name])
    ]
    return {"mrid": values["object_id"], "end_device_names": names}


def _identity_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    names: list[Name] = values["end_device_names"] or []
    found: dict[str, str] = {}
    for name in names:
        for part_name, name_type in METER_ID_NAME_TYPES.items():
            if name.type_name == name_type and part_name not in found:
                found[part_name] = name.name
                take(ctx, name)
    if "value" not in found:
        untyped = next((name for name in names if name.type_name in (None, "")), None)
        if untyped is not None:
            found["value"] = untyped.name
            take(ctx, untyped)
    for part_name in ("meter_no", "service_type"):
        if part_name in found:
            ctx.gap(
                "end_device_names",
                found[part_name],
                f"electricMeter has no place for a {METER_ID_NAME_TYPES[part_name]} name",
            )
    if not found and not values["mrid"]:
        return {}
    out = {name: found.get(part_name) for part_name, name in _IDENTITY_FIELDS.items()}
    return {"object_id": values["mrid"], **out}


field_codec(
    "electric_meter_identity",
    _identity_to_cim,
    _identity_to_msp,
    "@objectID ⇄ mRID; meterNo, @utility ⇄ Names of NameType meterID, utility (as meterID's "
    "text and @utility in profile 8.17)",
)


# --- small field codecs


def _decimal_or_gap(text: str, field: str, ctx: TranslationContext) -> Decimal | None:
    try:
        value = Decimal(text.strip().removesuffix("V").strip())
    except InvalidOperation:
        ctx.gap(field, text, "not a number of volts: CIM voltageRating is a float")
        return None
    return value if value.is_finite() else None


field_codec(
    "nameplate_voltage",
    lambda values, ctx: (
        {"voltage_rating": _decimal_or_gap(values["elements_voltage"], "elements_voltage", ctx)}
        if values["elements_voltage"]
        else {}
    ),
    lambda values, ctx: (
        {"elements_voltage": format_decimal(values["voltage_rating"])}
        if values["voltage_rating"] is not None
        else {}
    ),
    "elementsVoltage text (e.g. '240' or '240 V') ⇄ voltageRating (volts)",
)


def _status_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    statuses: list[str] = values["meter_status_list"] or []
    for extra in statuses[1:]:
        ctx.gap("meter_status_list", extra, "CIM status has one value: the first meterStatus")
    return {"value": statuses[0]} if statuses else {}


field_codec(
    "meter_status_list",
    _status_to_cim,
    lambda values, ctx: {"meter_status_list": [values["value"]]} if values["value"] else {},
    "the first meterStatus ⇄ status/value (further ones are reported lost)",
)


field_codec(
    "meter_seal_numbers",
    lambda values, ctx: {
        "seals": [Seal(seal_number=number) for number in values["seal_number_list"] or []]
    },
    lambda values, ctx: {"seal_number_list": [seal.seal_number for seal in values["seals"] or []]},
    "sealNumberList/sealNumber ⇄ Seals/sealNumber",
)


def reported_items(name: str, field: str, reason: str) -> str:
    """Register a codec reporting each item of MultiSpeak list ``field`` as lost; its name."""

    def report(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        for item in values[field] or []:
            ctx.gap(field, str(item), reason)
        return {}

    field_codec(name, report, lambda values, ctx: {}, f"{field}: {reason} (each item reported)")
    return name
