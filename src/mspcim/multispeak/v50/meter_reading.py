"""MultiSpeak 5.0 ``meterReading``, ``readingValue`` and ``readingTypeCode``: dataclasses and XML.

A v5 ``readingValue`` names its ReadingType by the CIM code itself: ``readingTypeCode`` text is
the 18-field code, its attributes repeat the fields by their CIM names (``macroPeriod`` …
``currency``), or ``readingTypeCodeRef`` points at a ``readingTypeCodeItem`` of the meterReading.
Reading resolves those references, so each value holds its code; writing always writes the code
in place. Elements sit in the namespace of the schema that declares them (``MultiSpeak.xsd``,
``mspCommonTypes.xsd``, ``mspArrayTypes.xsd``), which this module keeps apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import ClassVar, Final

from lxml import etree

from mspcim import ns
from mspcim.exceptions import MessageFormatError
from mspcim.fieldmeta import xml
from mspcim.multispeak.v50 import msp_binding
from mspcim.multispeak.v50.extensions import ExtensionsItem
from mspcim.multispeak.v50.identity import MeterID, Release, read_meter_id, write_meter_id
from mspcim.multispeak.v50.msp_binding import xml_list
from mspcim.multispeak.v50.result import ErrorObject
from mspcim.xsdtypes import format_datetime, parse_datetime, parse_decimal

__all__ = [
    "MR_SERVER",
    "NOTIFICATIONS",
    "NOT_SERVER",
    "READING_TYPE_CODE_ATTRIBUTES",
    "ErrorObject",
    "ExtensionsItem",
    "GetLatestMeterReadingsByMeterIDs",
    "InitiateMeterReadingsByMeterIDs",
    "MeterReading",
    "MeterReadingsNotification",
    "ReadingQualityCode",
    "ReadingTypeCode",
    "ReadingTypeCodeItem",
    "ReadingValue",
    "build_extensions",
    "build_get_latest_response",
    "build_meter_reading",
    "build_reading_type_code",
    "build_readings_notification",
    "read_extensions",
    "read_meter_reading",
    "read_meter_readings_list",
    "read_reading_type_code",
    "read_readings_notification",
    "text_child",
    "write_operation",
]

READING_TYPE_CODE_ATTRIBUTES: Final[tuple[tuple[str, str], ...]] = (
    ("macro_period", "macroPeriod"),
    ("aggregate", "aggregate"),
    ("measuring_period", "measuringPeriod"),
    ("accumulation", "accumulation"),
    ("flow_direction", "flowDirection"),
    ("commodity", "commodity"),
    ("measurement_kind", "measurementKind"),
    ("interharmonic_numerator", "interharmonicNumerator"),
    ("interharmonic_denominator", "interharmonicDenominator"),
    ("argument_numerator", "argumentNumerator"),
    ("argument_denominator", "argumentDenominator"),
    ("tou", "tou"),
    ("cpp", "cpp"),
    ("consumption_tier", "consumptionTier"),
    ("phases", "phases"),
    ("multiplier", "multiplier"),
    ("unit", "unit"),
    ("currency", "currency"),
)
"""``readingTypeCode`` attributes: the 18 ReadingType code fields, in code order."""

_OTHER_CODE_ATTRIBUTES: Final = (
    ("name", "name"),
    ("field_name", "fieldName"),
    ("other_field_name", "otherFieldName"),
)


def _q(namespace: str, local: str) -> str:
    return f"{{{namespace}}}{local}"


def _m(local: str) -> str:
    return _q(ns.MSP50, local)


@dataclass(slots=True)
class ReadingTypeCode:
    """``readingTypeCode``: the CIM ReadingType code as text, its fields as attributes."""

    value: str = field(metadata=xml("."))
    name: str | None = field(default=None, metadata=xml("@name"))
    field_name: str | None = field(default=None, metadata=xml("@fieldName"))
    other_field_name: str | None = field(default=None, metadata=xml("@otherFieldName"))
    fields: dict[str, str] = field(default_factory=dict, metadata=xml("@macroPeriod…@currency"))
    """The code fields given as attributes (attribute name → text)."""


@dataclass(slots=True)
class ReadingQualityCode:
    """``readingQualityCode``: a quality word and the ReadingQualityType parts as attributes."""

    value: str | None = field(default=None, metadata=xml("readingQualityCode"))
    originating_system_id: str | None = field(
        default=None, metadata=xml("readingQualityCode/@originatingSystemID")
    )
    code_category: str | None = field(
        default=None, metadata=xml("readingQualityCode/@codeCategory")
    )
    code_index: str | None = field(default=None, metadata=xml("readingQualityCode/@codeIndex"))


@dataclass(slots=True)
class ReadingValue:
    """``readingValue``: one value with its time, quality and ReadingType code."""

    value: str | None = field(default=None, metadata=xml("value"))
    time_stamp: datetime | None = field(default=None, metadata=xml("timeStamp"))
    reading_quality_code: ReadingQualityCode | None = field(
        default=None, metadata=xml("readingQualityCode")
    )
    reading_type_code: ReadingTypeCode | None = field(
        default=None, metadata=xml("readingTypeCodeOption/readingTypeCode")
    )
    reading_type_code_ref: str | None = field(
        default=None, metadata=xml("readingTypeCodeOption/readingTypeCodeRef")
    )
    """The reference the value was read with (its code is resolved into ``reading_type_code``)."""
    extensions_list: list[ExtensionsItem] = field(
        default_factory=list, metadata=xml("extensionsList")
    )


@dataclass(slots=True)
class ReadingTypeCodeItem:
    """``readingTypeCodeItem``: a code declared once per meterReading, referred to by values."""

    reading_type_code: ReadingTypeCode
    reading_type_code_ref: str
    field_name: str | None = None


@dataclass(slots=True)
class MeterReading:
    """``meterReading``: the reading values of one meter (an mspReferable)."""

    meter_id: MeterID | None = field(default=None, metadata=xml("meterID"))
    reading_values: list[ReadingValue] = field(default_factory=list, metadata=xml("readingValues"))
    device_id: str | None = field(default=None, metadata=xml("deviceID"))
    referable_id: str | None = field(default=None, metadata=xml("@referableID"))
    error_objects: list[ErrorObject] = field(default_factory=list, metadata=xml("errorObjects"))
    reading_type_code_items: list[ReadingTypeCodeItem] = field(
        default_factory=list, metadata=xml("readingTypeCodeItems")
    )
    """Declared codes as read (values already hold them; written codes go in place)."""
    extensions_list: list[ExtensionsItem] = field(
        default_factory=list, metadata=xml("extensionsList")
    )
    unread: list[str] = field(
        default_factory=list, metadata=xml("coincidentMeterReadingSet|extensions")
    )
    """Paths of child elements no field binds (``coincidentMeterReadingSet``, ``extensions``)."""


# --- shared pieces


def text_child(element: etree._Element, tag: str) -> str | None:
    """Text of the first child ``tag`` (Clark notation), ``''`` when empty, None when absent."""
    child = element.find(tag)
    if child is None:
        return None
    return child.text or ""


def _add_text(parent: etree._Element, tag: str, text: str | None) -> etree._Element | None:
    if text is None:
        return None
    child = etree.SubElement(parent, tag)
    child.text = text
    return child


def read_extensions(container: etree._Element | None) -> list[ExtensionsItem]:
    """The items of an ``extensionsList`` element (items are of ``mspCommonTypes``)."""
    if container is None:
        return []
    return [
        msp_binding.read(item, ExtensionsItem)
        for item in container.iterchildren(_q(ns.MSP50_COMMON, "extensionsItem"))
    ]


def build_extensions(parent: etree._Element, tag: str, items: list[ExtensionsItem]) -> None:
    """Append an ``extensionsList`` element ``tag`` holding ``items`` (nothing when empty)."""
    if not items:
        return
    container = etree.SubElement(parent, tag)
    for item in items:
        container.append(msp_binding.write(item, "extensionsItem", ns.MSP50_COMMON))


def _read_error_objects(container: etree._Element | None, where: str) -> list[ErrorObject]:
    if container is None:
        return []
    return [
        msp_binding.read(item, ErrorObject, f"{where}/errorObject[{index}]")
        for index, item in enumerate(
            container.iterchildren(_q(ns.MSP50_COMMON, "errorObject")), start=1
        )
    ]


def _build_error_objects(parent: etree._Element, errors: list[ErrorObject]) -> None:
    if not errors:
        return
    container = etree.SubElement(parent, _m("errorObjects"))
    for error in errors:
        container.append(msp_binding.write(error, "errorObject", ns.MSP50_COMMON))


# --- reading type codes


def read_reading_type_code(element: etree._Element) -> ReadingTypeCode:
    """A ``readingTypeCode`` element (text and every attribute it gives)."""
    given = {
        attribute: text
        for _, attribute in READING_TYPE_CODE_ATTRIBUTES
        if (text := element.get(attribute)) is not None
    }
    return ReadingTypeCode(
        value=(element.text or "").strip(),
        name=element.get("name"),
        field_name=element.get("fieldName"),
        other_field_name=element.get("otherFieldName"),
        fields=given,
    )


def build_reading_type_code(parent: etree._Element, code: ReadingTypeCode) -> None:
    """Append a ``readingTypeCode`` element."""
    element = etree.SubElement(parent, _m("readingTypeCode"))
    element.text = code.value
    for name, attribute in _OTHER_CODE_ATTRIBUTES:
        value = getattr(code, name)
        if value is not None:
            element.set(attribute, value)
    for _, attribute in READING_TYPE_CODE_ATTRIBUTES:
        if attribute in code.fields:
            element.set(attribute, code.fields[attribute])


# --- reading


def _read_reading_value(
    element: etree._Element, declared: dict[str, ReadingTypeCode], where: str
) -> ReadingValue | None:
    """One readingValue (None for the nil placeholder of a failed meter: no value, no code)."""
    quality = element.find(_m("readingQualityCode"))
    option = element.find(_m("readingTypeCodeOption"))
    code_element = option.find(_m("readingTypeCode")) if option is not None else None
    reference = text_child(option, _m("readingTypeCodeRef")) if option is not None else None
    code = read_reading_type_code(code_element) if code_element is not None else None
    value_element = element.find(_m("value"))
    nil = value_element is not None and value_element.get(ns.qname(ns.XSI, "nil")) in ("true", "1")
    if nil and code is None and not (reference or "").strip():
        return None
    if code is None and reference is not None:
        code = declared.get(reference.strip())
        if code is None:
            raise MessageFormatError(
                f"readingTypeCodeRef {reference!r} names no readingTypeCodeItem here",
                xpath=f"{where}/readingTypeCodeOption/readingTypeCodeRef",
            )
    time_stamp = text_child(element, _m("timeStamp"))
    return ReadingValue(
        value=None if value_element is None or nil else (value_element.text or ""),
        time_stamp=parse_datetime(time_stamp, where=f"{where}/timeStamp") if time_stamp else None,
        reading_quality_code=ReadingQualityCode(
            value=(quality.text or "").strip() or None,
            originating_system_id=quality.get("originatingSystemID"),
            code_category=quality.get("codeCategory"),
            code_index=quality.get("codeIndex"),
        )
        if quality is not None
        else None,
        reading_type_code=code,
        reading_type_code_ref=reference.strip() if reference is not None else None,
        extensions_list=read_extensions(element.find(_m("extensionsList"))),
    )


def _read_items(container: etree._Element | None) -> list[ReadingTypeCodeItem]:
    if container is None:
        return []
    items = []
    for item in container.iterchildren(_m("readingTypeCodeItem")):
        code = item.find(_m("readingTypeCode"))
        items.append(
            ReadingTypeCodeItem(
                reading_type_code=read_reading_type_code(code)
                if code is not None
                else ReadingTypeCode(value=""),
                reading_type_code_ref=(text_child(item, _m("readingTypeCodeRef")) or "").strip(),
                field_name=text_child(item, _m("fieldName")),
            )
        )
    return items


_BOUND: Final = frozenset(
    {
        _q(ns.MSP50_COMMON, "extensionsList"),
        _m("errorObjects"),
        _m("meterID"),
        _m("deviceID"),
        _m("readingTypeCodeItems"),
        _m("readingValues"),
    }
)


def read_meter_reading(element: etree._Element, where: str = "/meterReading") -> MeterReading:
    """A ``meterReading`` element, either release (``meterID`` in its 5.0.4 or 5.0.7 form)."""
    meter_id = element.find(_m("meterID"))
    items = _read_items(element.find(_m("readingTypeCodeItems")))
    declared = {item.reading_type_code_ref: item.reading_type_code for item in items}
    values = element.find(_m("readingValues"))
    read = (
        _read_reading_value(value, declared, f"{where}/readingValues/readingValue[{index}]")
        for index, value in enumerate(
            values.iterchildren(_m("readingValue")) if values is not None else (), start=1
        )
    )
    reading_values = [value for value in read if value is not None]
    unread = [
        f"{where}/{ns.local_name(child.tag)}"
        for child in element
        if isinstance(child.tag, str) and child.tag not in _BOUND
    ]
    return MeterReading(
        meter_id=read_meter_id(meter_id) if meter_id is not None else None,
        reading_values=reading_values,
        device_id=text_child(element, _m("deviceID")),
        referable_id=element.get("referableID"),
        error_objects=_read_error_objects(
            element.find(_m("errorObjects")), f"{where}/errorObjects"
        ),
        reading_type_code_items=items,
        extensions_list=read_extensions(element.find(_q(ns.MSP50_COMMON, "extensionsList"))),
        unread=unread,
    )


# --- writing


def _build_reading_value(parent: etree._Element, reading: ReadingValue) -> None:
    element = etree.SubElement(parent, _m("readingValue"))
    build_extensions(element, _m("extensionsList"), reading.extensions_list)
    value = etree.SubElement(element, _m("value"))
    if reading.value is None:
        value.set(ns.qname(ns.XSI, "nil"), "true")
    else:
        value.text = reading.value
    if reading.time_stamp is None:
        raise MessageFormatError("readingValue needs a timeStamp", xpath="readingValue/timeStamp")
    _add_text(element, _m("timeStamp"), format_datetime(reading.time_stamp))
    quality = reading.reading_quality_code
    if quality is not None:
        quality_element = etree.SubElement(element, _m("readingQualityCode"))
        quality_element.text = quality.value
        for attribute, text in (
            ("originatingSystemID", quality.originating_system_id),
            ("codeCategory", quality.code_category),
            ("codeIndex", quality.code_index),
        ):
            if text is not None:
                quality_element.set(attribute, text)
    option = etree.SubElement(element, _m("readingTypeCodeOption"))
    if reading.reading_type_code is not None:
        build_reading_type_code(option, reading.reading_type_code)
    else:
        _add_text(option, _m("readingTypeCodeRef"), reading.reading_type_code_ref or "")


def build_meter_reading(
    parent: etree._Element,
    reading: MeterReading,
    tag: str = _q(ns.MSP50_ARRAYS, "meterReading"),
    release: Release = Release.V507,
) -> etree._Element:
    """Append a ``meterReading`` element (``tag``) in schema order, ``meterID`` per ``release``."""
    element = etree.SubElement(parent, tag)
    if reading.referable_id is not None:
        element.set("referableID", reading.referable_id)
    build_extensions(element, _q(ns.MSP50_COMMON, "extensionsList"), reading.extensions_list)
    _build_error_objects(element, reading.error_objects)
    if reading.meter_id is None:
        raise MessageFormatError("meterReading needs a meterID", xpath="meterReading/meterID")
    element.append(write_meter_id(reading.meter_id, "meterID", ns.MSP50, release))
    _add_text(element, _m("deviceID"), reading.device_id)
    values = etree.SubElement(element, _m("readingValues"))
    for reading_value in reading.reading_values:
        _build_reading_value(values, reading_value)
    return element


# --- operations of MR_Server and NOT_Server that carry meterReadings

MR_SERVER: Final = ns.MSP50_WSDL.format(endpoint="MR_Server")
NOT_SERVER: Final = ns.MSP50_WSDL.format(endpoint="NOT_Server")
NOTIFICATIONS: Final = ("MeterReadingsNotification", "ReadingsChangedNotification")
"""The readings notification of 5.0.7 and its 5.0.4 name."""


@dataclass(slots=True, kw_only=True)
class InitiateMeterReadingsByMeterIDs:
    """``MR_Server: InitiateMeterReadingsByMeterIDs``: read these meters, answer at responseURL.

    ``expirationTime`` is a dateTime in 5.0.7 and a duration (number and ``units``) in 5.0.4:
    kept as text, read with ``expiry``.
    """

    NAMESPACE: ClassVar[str] = MR_SERVER
    meter_ids: list[MeterID] = field(
        default_factory=list, metadata=xml_list("ArrayOfMeterID", "meterID", ns.MSP50_ARRAYS)
    )
    response_url: str | None = field(default=None, metadata=xml("responseURL"))
    transaction_id: str | None = field(default=None, metadata=xml("transactionID"))
    expiration_time: str | None = field(default=None, metadata=xml("expirationTime"))
    expiration_units: str | None = field(default=None, metadata=xml("expirationTime/@units"))
    response_method: str | None = field(default=None, metadata=xml("responseMethod"))

    def expiry(self, now: datetime) -> datetime | None:
        """When the request expires: the 5.0.7 dateTime, or ``now`` plus the 5.0.4 duration."""
        text = (self.expiration_time or "").strip()
        if not text:
            return None
        if self.expiration_units is None and "T" in text:
            return parse_datetime(text, where="/InitiateMeterReadingsByMeterIDs/expirationTime")
        seconds = _SECONDS.get(self.expiration_units or "Hours")
        if seconds is None:
            raise MessageFormatError(
                f"expirationTime in {self.expiration_units} has no fixed length",
                xpath="/InitiateMeterReadingsByMeterIDs/expirationTime/@units",
            )
        amount = parse_decimal(text, where="/InitiateMeterReadingsByMeterIDs/expirationTime")
        return now + timedelta(seconds=float(amount * seconds))


_SECONDS: Final[dict[str, Decimal]] = {
    "Milliseconds": Decimal("0.001"),
    "Seconds": Decimal(1),
    "Minutes": Decimal(60),
    "Hours": Decimal(3600),
    "Days": Decimal(86400),
    "Weeks": Decimal(604800),
}


@dataclass(slots=True, kw_only=True)
class GetLatestMeterReadingsByMeterIDs:
    """``MR_Server: GetLatestMeterReadingsByMeterIDs``: the last readings of these meters."""

    NAMESPACE: ClassVar[str] = MR_SERVER
    meter_ids: list[MeterID] = field(
        default_factory=list, metadata=xml_list("ArrayOfMeterID", "meterID", ns.MSP50_ARRAYS)
    )


@dataclass(slots=True)
class MeterReadingsNotification:
    """``NOT_Server: MeterReadingsNotification`` (5.0.4 ``ReadingsChangedNotification``)."""

    meter_readings: list[MeterReading] = field(default_factory=list)
    transaction_id: str | None = None


def write_operation(call: object, release: Release = Release.V507) -> etree._Element:
    """The operation element of a bound MR_Server call, written for ``release``.

    5.0.4 has no ``responseMethod`` and takes ``expirationTime`` as a duration only: a 5.0.7
    dateTime is left out there (the caller reports it).
    """
    element = msp_binding.write(call, type(call).__name__, release=release)
    if release is Release.V504 and isinstance(call, InitiateMeterReadingsByMeterIDs):
        for child in element.iterchildren(_q(MR_SERVER, "responseMethod")):
            element.remove(child)
        for child in element.iterchildren(_q(MR_SERVER, "expirationTime")):
            if child.get("units") is None:
                element.remove(child)
    return element


def read_meter_readings_list(
    body: etree._Element, namespace: str, where: str
) -> list[MeterReading]:
    """The meterReadings of a body's ``ArrayOfMeterReading`` (in ``namespace``)."""
    holder = body.find(_q(namespace, "ArrayOfMeterReading"))
    if holder is None:
        return []
    return [
        read_meter_reading(item, f"{where}/ArrayOfMeterReading/meterReading[{index}]")
        for index, item in enumerate(
            holder.iterchildren(_q(ns.MSP50_ARRAYS, "meterReading")), start=1
        )
    ]


def read_readings_notification(body: etree._Element) -> MeterReadingsNotification:
    """A MeterReadingsNotification or ReadingsChangedNotification body."""
    name = ns.local_name(body.tag)
    if ns.namespace_of(body.tag) != NOT_SERVER or name not in NOTIFICATIONS:
        raise MessageFormatError(f"expected a readings notification, got {name}", xpath=f"/{name}")
    return MeterReadingsNotification(
        read_meter_readings_list(body, NOT_SERVER, f"/{name}"),
        text_child(body, _q(NOT_SERVER, "transactionID")),
    )


def build_readings_notification(
    call: MeterReadingsNotification, release: Release = Release.V507
) -> etree._Element:
    """The readings notification body: ``MeterReadingsNotification`` (5.0.4 its older name)."""
    name = NOTIFICATIONS[1] if release is Release.V504 else NOTIFICATIONS[0]
    body = etree.Element(_q(NOT_SERVER, name), nsmap=msp_binding.NSMAP)
    if call.meter_readings:
        holder = etree.SubElement(body, _q(NOT_SERVER, "ArrayOfMeterReading"))
        for reading in call.meter_readings:
            build_meter_reading(holder, reading, release=release)
    _add_text(body, _q(NOT_SERVER, "transactionID"), call.transaction_id)
    return body


def build_get_latest_response(
    readings: list[MeterReading], release: Release = Release.V507
) -> etree._Element:
    """``GetLatestMeterReadingsByMeterIDsResponse`` holding ``readings``."""
    body = etree.Element(
        _q(MR_SERVER, "GetLatestMeterReadingsByMeterIDsResponse"),
        nsmap=msp_binding.NSMAP,
    )
    if readings:
        holder = etree.SubElement(body, _q(MR_SERVER, "ArrayOfMeterReading"))
        for reading in readings:
            build_meter_reading(holder, reading, release=release)
    return body
