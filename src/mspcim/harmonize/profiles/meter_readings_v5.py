"""Profile 9 MeterReadings: MultiSpeak 5.0 ``meterReading`` ⇄ CIM ``MeterReading`` (61968-9:2013).

Two tables, one per level: ``READING_VALUE`` (readingValue ⇄ Reading) nested inside
``METER_READING`` (meterReading ⇄ MeterReading). Version 5 names a value's ReadingType by the
CIM code itself, so the code passes as it is; ``readingTypeCode/@name`` ⇄ the ReadingType's name
(the place the 4.1 ``fieldName`` goes too, so 4.1 → 5.0 → 4.1 keeps it). The quality code parts
are the ReadingQualityType parts. The meter: its GUID ⇄ Meter mRID, ``meterName`` and the other
``meterID`` attributes ⇄ Meter Names by NameType.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any, Final

from mspcim.cim.model import MeterReading, MeterReadings, Name, Reading, ReadingQuality, ReadingType
from mspcim.cim.reading_quality import ReadingQualityCode as QualityCode
from mspcim.cim.reading_type import ReadingTypeCode as CimCode
from mspcim.exceptions import MappingError
from mspcim.harmonize import carriers as _carriers  # noqa: F401  (registers the carriers)
from mspcim.harmonize.carriers import NAME_TYPE_AUTHORITY, carried_cim
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.profiles.meter_readings import interval_blocks_as_reading_values
from mspcim.harmonize.reading_status_codec import STATUS_WORDS
from mspcim.harmonize.rules import Correlate, Gap, Nest, Side, Table, Transform
from mspcim.multispeak.v50.extensions import ExtensionsItem
from mspcim.multispeak.v50.identity import MeterID
from mspcim.multispeak.v50.meter_reading import (
    READING_TYPE_CODE_ATTRIBUTES,
    ReadingQualityCode,
    ReadingTypeCode,
    ReadingValue,
)
from mspcim.multispeak.v50.meter_reading import MeterReading as MspMeterReading

__all__ = [
    "DERIVED_GUID_NAMESPACE",
    "METER_ID_NAME_TYPES",
    "METER_READING",
    "OTHER_NAME_ITEM",
    "READING_VALUE",
    "derived_guid",
    "is_guid",
    "to_cim",
    "to_msp",
]

PROFILE: Final = "MeterReadings"

METER_ID_NAME_TYPES: Final[dict[str, str]] = {
    "meter_name": "meterID",
    "service_type": "serviceType",
    "other_service_type": "otherServiceType",
    "communication_address": "communicationAddress",
    "communications_port": "communicationsPort",
    "utility": "utility",
    "registered_name": "registeredName",
    "system_name": "systemName",
}
"""``meterID`` attributes ⇄ the NameType of the Meter name that carries each.

``meterName`` takes NameType ``meterID``, the name the 4.1 meter number has: both are the meter's
name among people, so a 4.1 meter keeps its name in 5.0 and back.
"""

DERIVED_GUID_NAMESPACE: Final = uuid.UUID("5d1c4f8e-54a2-4f0b-9a8e-61968140509a")
"""Namespace of the GUIDs derived for meters the CIM side names without an mRID."""


def derived_guid(meter_name: str) -> str:
    """The GUID a 5.0.7 ``meterID`` gets for a meter known by name only (stable, recognisable)."""
    return str(uuid.uuid5(DERIVED_GUID_NAMESPACE, meter_name))


# --- meter identity


OTHER_NAME_ITEM: Final = "CIM.Meter.Names."
"""extensionsItem name prefix (+ NameType) of a Meter name meterID has no attribute for (such
as the 4.1 ``meterNo``): carried so that 4.1 → 5.0 → 4.1 keeps it."""


def _meter_identity_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    meter_id: MeterID | None = values["meter_id"]
    if meter_id is None:
        return {}
    names = [
        Name(name=str(text), name_type=name_type, authority=NAME_TYPE_AUTHORITY)
        for attribute, name_type in METER_ID_NAME_TYPES.items()
        if (text := getattr(meter_id, attribute))
    ]
    for item in values.get("extensions_list") or []:
        if item.ext_name.startswith(OTHER_NAME_ITEM) and item.ext_value:
            ctx.consume(item)
            name_type = item.ext_name.removeprefix(OTHER_NAME_ITEM)
            names.append(Name(item.ext_value, name_type, NAME_TYPE_AUTHORITY))
    guid: str | None = meter_id.object_guid
    if guid and meter_id.meter_name and guid == derived_guid(meter_id.meter_name):
        guid = None
    elif guid and not is_guid(guid):
        ctx.gap("meter_id", guid, "meterID text is no GUID: taken as the Meter's mRID", lost=False)
    return {"meter_mrid": guid or None, "meter_names": names}


def _meter_identity_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    return _identity_to_msp(values, ctx, carry=True)


def _block_identity_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    return _identity_to_msp(values, ctx, carry=False)


def _identity_to_msp(
    values: Mapping[str, Any], ctx: TranslationContext, *, carry: bool
) -> dict[str, Any]:
    """The meterID of a Meter; other names go in extensionsItems when the object has a list."""
    names: list[Name] = values["meter_names"] or []
    mrid: str | None = values["meter_mrid"]
    found: dict[str, str] = {}
    carried: list[ExtensionsItem] = []
    for name in names:
        for attribute, name_type in METER_ID_NAME_TYPES.items():
            if name.name_type == name_type and attribute not in found:
                ctx.consume(name)
                found[attribute] = name.name
        kind = name.name_type or ""
        if carry and kind and kind not in _NAME_TYPES and kind != "deviceID":
            ctx.consume(name)
            carried.append(ExtensionsItem(OTHER_NAME_ITEM + kind, name.name, "string"))
            ctx.gap(
                "meter_names", name.name, f"in extensionsItem {OTHER_NAME_ITEM}{kind}", lost=False
            )
    if "meter_name" not in found:
        untyped = next((name for name in names if name.name_type in (None, "")), None)
        if untyped is not None:
            found["meter_name"] = untyped.name
            ctx.consume(untyped)
    guid = mrid
    if guid is None or not is_guid(guid):
        if guid is not None:
            found.setdefault("meter_name", guid)
            ctx.gap("meter_mrid", guid, "mRID is not a GUID: it becomes meterName", lost=False)
        if "meter_name" not in found:
            raise MappingError("the Meter has neither an mRID nor a name: meterID needs one")
        guid = derived_guid(found["meter_name"])
    result: dict[str, Any] = {"meter_id": MeterID(object_guid=guid, **found)}
    if carry:
        result["extensions_list"] = carried
    return result


def is_guid(text: str) -> bool:
    """True for a MultiSpeakGUID (36 characters, hex in 8-4-4-4-12 groups)."""
    try:
        return str(uuid.UUID(text)) == text.lower() and len(text) == 36
    except ValueError:
        return False


_NAME_TYPES: Final = frozenset(METER_ID_NAME_TYPES.values())

field_codec(
    "meter_identity_v5",
    _meter_identity_to_cim,
    _meter_identity_to_msp,
    "meterID GUID (5.0.7 text, 5.0.4 @objectGUID) ⇄ Meter/mRID; @meterName and the other "
    "meterID attributes ⇄ Meter/Names by NameType (a name-only meter gets a derived GUID)",
)
field_codec(
    "meter_identity_v5_block",
    _meter_identity_to_cim,
    _block_identity_to_msp,
    "as meter_identity_v5, for objects without an extensionsList (other names reported lost)",
)


# --- reading type


def _code_of(given: ReadingTypeCode, ctx: TranslationContext) -> CimCode:
    if given.value:
        code = CimCode.parse(given.value)
        for field, attribute in READING_TYPE_CODE_ATTRIBUTES:
            text = given.fields.get(attribute)
            if text is not None and text.strip() != str(int(getattr(code, field))):
                ctx.gap(
                    "reading_type_code",
                    f"@{attribute}={text}",
                    f"readingTypeCode/@{attribute} disagrees with the code text, which wins",
                )
        return code
    numbers: dict[str, int] = {}
    for field, attribute in READING_TYPE_CODE_ATTRIBUTES:
        text = given.fields.get(attribute)
        if text is None or not text.strip():
            continue
        try:
            numbers[field] = int(text.strip())
        except ValueError:
            raise MappingError(f"readingTypeCode/@{attribute} is not a number: {text!r}") from None
    if not numbers:
        raise MappingError("readingTypeCode has neither a code nor code attributes")
    return CimCode(**numbers)  # type: ignore[arg-type]


def _reading_type_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    given: ReadingTypeCode | None = values["reading_type_code"]
    if given is None:
        raise MappingError("readingValue has no readingTypeCode")
    text = str(_code_of(given, ctx))
    reference: str | None = values["reading_type_code_ref"]
    if reference is not None:
        ctx.gap(
            "reading_type_code_ref",
            reference,
            "reference resolved: the Reading names its ReadingType itself",
            lost=False,
        )
    for attribute, label in (
        ("fieldName", given.field_name),
        ("otherFieldName", given.other_field_name),
    ):
        if label:
            ctx.gap(
                "reading_type_code",
                f"@{attribute}={label}",
                "MultiSpeak field name with no ReadingType counterpart",
            )
    if given.name:
        names: dict[str, str] = ctx.state.setdefault("reading_type_names", {})
        known = names.setdefault(text, given.name)
        if known != given.name:
            ctx.gap(
                "reading_type_code",
                given.name,
                f"ReadingType {text} is already named {known!r} in this message",
            )
    return {"reading_type": text}


def _reading_type_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    text: str = values["reading_type"]
    code = CimCode.parse(text)
    fields = {
        attribute: str(int(getattr(code, field)))
        for field, attribute in READING_TYPE_CODE_ATTRIBUTES
        if int(getattr(code, field))
    }
    name = ctx.state.get("reading_type_names", {}).get(text)
    return {"reading_type_code": ReadingTypeCode(value=text, name=name, fields=fields)}


field_codec(
    "reading_type_v5",
    _reading_type_to_cim,
    _reading_type_to_msp,
    "readingTypeCode text (or its attributes, or a readingTypeCodeRef) ⇄ the 18-field "
    "ReadingType code; @name ⇄ ReadingType Names",
)


# --- quality

_WORDS_BY_CODE: Final = {code: word for word, code in reversed(STATUS_WORDS.items())}


def _quality_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    quality: ReadingQualityCode | None = values["reading_quality_code"]
    if quality is None:
        return {}
    parts = (quality.originating_system_id, quality.code_category, quality.code_index)
    if any(part is not None for part in parts):
        try:
            code = QualityCode.parse(".".join(part or "0" for part in parts))
        except MappingError as exc:
            raise MappingError(f"readingQualityCode: {exc.reason}") from None
        return {"reading_qualities": [ReadingQuality(str(code), comment=quality.value)]}
    if quality.value and quality.value in STATUS_WORDS:
        return {
            "reading_qualities": [
                ReadingQuality(STATUS_WORDS[quality.value], comment=quality.value)
            ]
        }
    if quality.value:
        ctx.gap("reading_quality_code", quality.value, "quality word with no ReadingQualityType")
    return {}


def _quality_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    qualities: list[ReadingQuality] = values["reading_qualities"] or []
    if not qualities:
        return {}
    first, *others = qualities
    code = QualityCode.parse(first.reading_quality_type)
    for field, value in (("source", first.source), ("time_stamp", first.time_stamp)):
        if value is not None:
            ctx.gap("reading_qualities", value, f"no readingQualityCode part for {field}")
    for other in others:
        ctx.gap(
            "reading_qualities",
            other.reading_quality_type,
            "a v5 readingValue holds one readingQualityCode; further qualities are dropped",
        )
    return {
        "reading_quality_code": ReadingQualityCode(
            value=first.comment or _WORDS_BY_CODE.get(str(code)),
            originating_system_id=str(code.system),
            code_category=str(code.category),
            code_index=str(code.index),
        )
    }


field_codec(
    "reading_quality_v5",
    _quality_to_cim,
    _quality_to_msp,
    "readingQualityCode @originatingSystemID.@codeCategory.@codeIndex ⇄ ReadingQualityType; "
    "text ⇄ ReadingQuality.comment",
)


# --- interval blocks and declared codes


_interval_blocks_to_msp = interval_blocks_as_reading_values(
    lambda: READING_VALUE,
    "readingValues carry values as recorded: the pending conversion is not applied",
)


field_codec(
    "interval_blocks_v5",
    lambda values, ctx: {},
    _interval_blocks_to_msp,
    "IntervalBlocks/IntervalReadings → one readingValue per interval (timeStamp + code)",
)


def _declared_codes_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    for item in values["reading_type_code_items"] or []:
        ctx.gap(
            "reading_type_code_items",
            f"{item.reading_type_code_ref}={item.reading_type_code.value}",
            "declared code resolved into each readingValue that refers to it",
            lost=False,
        )
    return {}


field_codec(
    "reading_type_code_items",
    _declared_codes_to_cim,
    lambda values, ctx: {},
    "readingTypeCodeItems are resolved into the values; codes are written in place",
)

_VENDOR_EXTENSION = "vendor extensionsItem with no CIM counterpart"

READING_VALUE: Table = Table(
    name=PROFILE,
    clause="9",
    msp_class=ReadingValue,
    cim_class=Reading,
    msp_objects=("readingValue",),
    rules=(
        Correlate("value", "value", codec="decimal_text"),
        Correlate("time_stamp", "time_stamp"),
        Transform(
            ("reading_type_code", "reading_type_code_ref"),
            ("reading_type",),
            "reading_type_v5",
            "the ReadingType code, as given",
        ),
        Transform(
            ("reading_quality_code",),
            ("reading_qualities",),
            "reading_quality_v5",
            "readingQualityCode ⇄ ReadingQuality",
        ),
        carried_cim("reason", "Reading.reason"),
        carried_cim("reported_date_time", "Reading.reportedDateTime", "datetime"),
        carried_cim("source", "Reading.source"),
        carried_cim("time_period_start", "Reading.timePeriod.start", "datetime"),
        carried_cim("time_period_end", "Reading.timePeriod.end", "datetime"),
        Gap(Side.MSP, "extensions_list", _VENDOR_EXTENSION),
    ),
)

METER_READING = Table(
    name=PROFILE,
    clause="9",
    msp_class=MspMeterReading,
    cim_class=MeterReading,
    msp_objects=(
        "MR_Server: InitiateMeterReadingsByMeterIDs, GetLatestMeterReadingsByMeterIDs",
        "NOT_Server: MeterReadingsNotification",
        "meterReading",
    ),
    rules=(
        Transform(
            ("meter_id", "extensions_list"),
            ("meter_mrid", "meter_names"),
            "meter_identity_v5",
            "meter identity",
        ),
        Nest("reading_values", "readings", READING_VALUE, msp_item="readingValue"),
        Transform((), ("interval_blocks",), "interval_blocks_v5", "interval data as readingValues"),
        Transform(
            ("reading_type_code_items",), (), "reading_type_code_items", "declared codes in place"
        ),
        Gap(Side.MSP, "device_id", "no Meter attribute for the AMR device", "MeterNames:deviceID"),
        Gap(Side.MSP, "referable_id", "61968-9:2013 MeterReading has no mRID"),
        Gap(Side.MSP, "error_objects", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "unread", "no CIM counterpart (coincident readings, wildcard extensions)"),
        Gap(Side.MSP, "extensions_list", _VENDOR_EXTENSION),
        carried_cim("usage_point_mrid", "UsagePoint.mRID"),
        carried_cim("values_interval_start", "MeterReading.valuesInterval.start", "datetime"),
        carried_cim("values_interval_end", "MeterReading.valuesInterval.end", "datetime"),
        carried_cim("is_coincident_trigger", "MeterReading.isCoincidentTrigger", "boolean"),
        Gap(Side.CIM, "meter_status", "meterReading has no meter status"),
        Gap(Side.CIM, "usage_point_names", "meterReading has no service point names"),
        Gap(Side.CIM, "meter_names", "Meter name of a type MultiSpeak has no attribute for"),
    ),
)


def to_cim(
    readings: Iterable[MspMeterReading], report: GapReport | None = None, path: str = ""
) -> MeterReadings:
    """v5 meterReadings as one CIM MeterReadings document (ReadingTypes declared, named)."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    meter_readings = [
        translate(METER_READING, reading, Direction.TO_CIM, shared, f"{path}/meterReading[{index}]")
        for index, reading in enumerate(readings, start=1)
    ]
    names: dict[str, str] = shared.state.get("reading_type_names", {})
    return MeterReadings(
        meter_readings=meter_readings,
        reading_types=[ReadingType(mrid=code, name=name) for code, name in names.items()],
    )


def to_msp(
    document: MeterReadings, report: GapReport | None = None, path: str = "/MeterReadings"
) -> list[MspMeterReading]:
    """A CIM MeterReadings document as v5 meterReadings (ReadingType names as code names)."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    shared.state["reading_type_names"] = {
        reading_type.mrid: reading_type.name
        for reading_type in document.reading_types
        if reading_type.name and reading_type.name != _described(reading_type.mrid)
    }
    return [
        translate(METER_READING, reading, Direction.TO_MSP, shared, f"{path}/MeterReading[{index}]")
        for index, reading in enumerate(document.meter_readings, start=1)
    ]


def _described(code: str) -> str | None:
    """The generated description of ``code`` (such a name is not a MultiSpeak name)."""
    try:
        return CimCode.parse(code).describe()
    except MappingError:
        return None
