"""MultiSpeak 4.1 ``meterReading`` and ``readingValue``: dataclasses and their XML.

Field metadata ``xml`` gives the element or attribute name in the MultiSpeak schema, so gap
reports and mapping tables speak the standard's names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from lxml import etree

from mspcim import ns
from mspcim.exceptions import MessageFormatError
from mspcim.fieldmeta import xml
from mspcim.xsdtypes import format_datetime, parse_datetime

__all__ = [
    "SERVICE_TYPES",
    "ExtensionsItem",
    "MeterID",
    "MeterReading",
    "ReadingStatusCode",
    "ReadingTypeCode",
    "ReadingValue",
    "build_meter_id",
    "build_meter_reading",
    "read_meter_id",
    "read_meter_reading",
    "text_element",
]

_M = ns.MSP41

SERVICE_TYPES: Final = frozenset(
    {
        "Electric",
        "Gas",
        "Water",
        "Propane",
        "Refuse",
        "Sewer",
        "Telecom",
        "TV",
        "Cable",
        "Heating",
        "Steam",
        "Transportation",
        "All",
        "Other",
        "Unknown",
    }
)
"""The ``serviceType`` enumeration (of ``meterID/@serviceType`` and the ``serviceType`` element)."""


def _q(local: str) -> str:
    return f"{{{_M}}}{local}"


@dataclass(slots=True)
class ExtensionsItem:
    """``extensionsItem``: MultiSpeak's named place for values the schema has no element for."""

    ext_name: str = field(metadata=xml("extName"))
    ext_value: str | None = field(default=None, metadata=xml("extValue"))
    ext_type: str | None = field(default=None, metadata=xml("extType"))
    units: str | None = field(default=None, metadata=xml("extValue/@units"))


@dataclass(slots=True)
class MeterID:
    """``meterID``: the meter number as text, with its GUID and service type as attributes.

    Read and written by hand here; ``msp_binding.MeterID`` is the ``Binding`` form. The names
    differ (``meterID/@meterNo`` against ``@meterNo``) because gap reports use them as paths.
    """

    value: str = field(metadata=xml("meterID"))
    meter_no: str | None = field(default=None, metadata=xml("meterID/@meterNo"))
    service_type: str | None = field(default=None, metadata=xml("meterID/@serviceType"))
    object_id: str | None = field(default=None, metadata=xml("meterID/@objectID"))
    utility: str | None = field(default=None, metadata=xml("meterID/@utility"))


@dataclass(slots=True)
class ReadingStatusCode:
    """``readingStatusCode``: a status text and the quality code parts as attributes."""

    value: str | None = field(default=None, metadata=xml("readingStatusCode"))
    originating_system_id: str | None = field(
        default=None, metadata=xml("readingStatusCode/@originatingSystemID")
    )
    code_category: str | None = field(default=None, metadata=xml("readingStatusCode/@codeCategory"))
    code_index: str | None = field(default=None, metadata=xml("readingStatusCode/@codeIndex"))


@dataclass(slots=True)
class ReadingTypeCode:
    """``readingTypeCode``: the CIM ReadingType code as text, its fields as attributes."""

    value: str | None = field(default=None, metadata=xml("readingTypeCode"))
    name: str | None = field(default=None, metadata=xml("readingTypeCode/@name"))
    time_attribute: str | None = field(default=None, metadata=xml("readingTypeCode/@timeAttribute"))
    data_qualifier: str | None = field(default=None, metadata=xml("readingTypeCode/@dataQualifier"))
    accumulation_behavior: str | None = field(
        default=None, metadata=xml("readingTypeCode/@accumulationBehavior")
    )
    flow_direction: str | None = field(default=None, metadata=xml("readingTypeCode/@flowDirection"))
    uom_category: str | None = field(default=None, metadata=xml("readingTypeCode/@UOMCategory"))
    measurement_category: str | None = field(
        default=None, metadata=xml("readingTypeCode/@measurementCategory")
    )
    phase_index: str | None = field(default=None, metadata=xml("readingTypeCode/@phaseIndex"))
    units_multiplier: str | None = field(
        default=None, metadata=xml("readingTypeCode/@unitsMultiplier")
    )
    displayable_uom: str | None = field(
        default=None, metadata=xml("readingTypeCode/@displayableUOM")
    )


_READING_TYPE_CODE_ATTRIBUTES = (
    ("name", "name"),
    ("time_attribute", "timeAttribute"),
    ("data_qualifier", "dataQualifier"),
    ("accumulation_behavior", "accumulationBehavior"),
    ("flow_direction", "flowDirection"),
    ("uom_category", "UOMCategory"),
    ("measurement_category", "measurementCategory"),
    ("phase_index", "phaseIndex"),
    ("units_multiplier", "unitsMultiplier"),
    ("displayable_uom", "displayableUOM"),
)


@dataclass(slots=True)
class ReadingValue:
    """``readingValue``: one value read from a meter, described by units and reading type."""

    value: str | None = field(default=None, metadata=xml("value"))
    units: str | None = field(default=None, metadata=xml("units"))
    rate_period: str | None = field(default=None, metadata=xml("ratePeriod"))
    reading_type: str | None = field(default=None, metadata=xml("readingType"))
    field_name: str | None = field(default=None, metadata=xml("fieldName"))
    name: str | None = field(default=None, metadata=xml("name"))
    measurement_period: str | None = field(default=None, metadata=xml("measurementPeriod"))
    time_stamp: datetime | None = field(default=None, metadata=xml("timeStamp"))
    reading_status_code: ReadingStatusCode | None = field(
        default=None, metadata=xml("readingStatusCode")
    )
    reading_type_code: ReadingTypeCode | None = field(default=None, metadata=xml("readingTypeCode"))
    extensions_list: list[ExtensionsItem] = field(
        default_factory=list, metadata=xml("extensionsList")
    )


@dataclass(slots=True)
class MeterReading:
    """``meterReading``: the reading values of one meter (an mspObject)."""

    meter_id: MeterID | None = field(default=None, metadata=xml("meterID"))
    reading_values: list[ReadingValue] = field(default_factory=list, metadata=xml("readingValues"))
    device_id: str | None = field(default=None, metadata=xml("deviceID"))
    object_id: str | None = field(default=None, metadata=xml("@objectID"))
    verb: str | None = field(default=None, metadata=xml("@verb"))
    error_string: str | None = field(default=None, metadata=xml("@errorString"))
    replace_id: str | None = field(default=None, metadata=xml("@replaceID"))
    utility: str | None = field(default=None, metadata=xml("@utility"))
    comments: str | None = field(default=None, metadata=xml("comments"))
    object_name: str | None = field(default=None, metadata=xml("objectName"))
    extensions_list: list[ExtensionsItem] = field(
        default_factory=list, metadata=xml("extensionsList")
    )


# --- reading


def _child_text(element: etree._Element, local: str) -> str | None:
    child = element.find(_q(local))
    if child is None:
        return None
    return child.text or ""


_NAMESPACE_LENGTH = len(_M) + 2


def _children(element: etree._Element) -> dict[str, etree._Element]:
    """Children in the MultiSpeak namespace by local name (first wins), in one pass."""
    found: dict[str, etree._Element] = {}
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag.startswith("{" + _M):
            found.setdefault(tag[_NAMESPACE_LENGTH:], child)
    return found


def _text_of(children: dict[str, etree._Element], local: str) -> str | None:
    child = children.get(local)
    return None if child is None else (child.text or "")


def read_extensions(
    element: etree._Element, container: etree._Element | None = None
) -> list[ExtensionsItem]:
    """The items of the ``extensionsList`` child of ``element`` (or of ``container``)."""
    if container is None:
        container = element.find(_q("extensionsList"))
    if container is None:
        return []
    items = []
    for item in container.iterchildren(_q("extensionsItem")):
        value = item.find(_q("extValue"))
        items.append(
            ExtensionsItem(
                ext_name=_child_text(item, "extName") or "",
                ext_value=(value.text or "") if value is not None else None,
                ext_type=_child_text(item, "extType"),
                units=value.get("units") if value is not None else None,
            )
        )
    return items


def read_meter_id(element: etree._Element) -> MeterID:
    """A ``meterID`` element (also used for the items of ``meterIDs``)."""
    return MeterID(
        value=(element.text or "").strip(),
        meter_no=element.get("meterNo"),
        service_type=element.get("serviceType"),
        object_id=element.get("objectID"),
        utility=element.get("utility"),
    )


def _read_reading_value(element: etree._Element, where: str) -> ReadingValue:
    children = _children(element)
    status = children.get("readingStatusCode")
    type_code = children.get("readingTypeCode")
    time_stamp = _text_of(children, "timeStamp")
    try:
        when = parse_datetime(time_stamp) if time_stamp else None
    except Exception:
        raise MessageFormatError(
            f"readingValue timeStamp is not an xs:dateTime: {time_stamp!r}",
            xpath=f"{where}/timeStamp",
        ) from None
    return ReadingValue(
        value=_text_of(children, "value"),
        units=_text_of(children, "units"),
        rate_period=_text_of(children, "ratePeriod"),
        reading_type=_text_of(children, "readingType"),
        field_name=_text_of(children, "fieldName"),
        name=_text_of(children, "name"),
        measurement_period=_text_of(children, "measurementPeriod"),
        time_stamp=when,
        reading_status_code=ReadingStatusCode(
            value=(status.text or "").strip() or None,
            originating_system_id=status.get("originatingSystemID"),
            code_category=status.get("codeCategory"),
            code_index=status.get("codeIndex"),
        )
        if status is not None
        else None,
        reading_type_code=ReadingTypeCode(
            (type_code.text or "").strip() or None,
            *(type_code.get(attribute) for _, attribute in _READING_TYPE_CODE_ATTRIBUTES),
        )
        if type_code is not None
        else None,
        extensions_list=read_extensions(element, children.get("extensionsList"))
        if "extensionsList" in children
        else [],
    )


def read_meter_reading(element: etree._Element, where: str = "meterReading") -> MeterReading:
    """A ``meterReading`` element."""
    children = _children(element)
    meter_id = children.get("meterID")
    values = children.get("readingValues")
    reading_values = []
    if values is not None:
        for index, value in enumerate(values.iterchildren(_q("readingValue")), start=1):
            reading_values.append(
                _read_reading_value(value, f"{where}/readingValues/readingValue[{index}]")
            )
    return MeterReading(
        meter_id=read_meter_id(meter_id) if meter_id is not None else None,
        reading_values=reading_values,
        device_id=_text_of(children, "deviceID"),
        object_id=element.get("objectID"),
        verb=element.get("verb"),
        error_string=element.get("errorString"),
        replace_id=element.get("replaceID"),
        utility=element.get("utility"),
        comments=_text_of(children, "comments"),
        object_name=_text_of(children, "objectName"),
        extensions_list=read_extensions(element, children.get("extensionsList"))
        if "extensionsList" in children
        else [],
    )


# --- writing


def text_element(parent: etree._Element, local: str, text: str | None) -> etree._Element | None:
    """Append ``<local>text</local>`` in the MultiSpeak namespace (nothing when text is None)."""
    if text is None:
        return None
    child = etree.SubElement(parent, _q(local))
    child.text = text
    return child


def build_extensions(parent: etree._Element, items: list[ExtensionsItem]) -> None:
    """Append an ``extensionsList`` holding ``items`` (nothing when empty)."""
    if not items:
        return
    container = etree.SubElement(parent, _q("extensionsList"))
    for item in items:
        element = etree.SubElement(container, _q("extensionsItem"))
        text_element(element, "extName", item.ext_name)
        value = text_element(
            element, "extValue", item.ext_value if item.ext_value is not None else ""
        )
        if value is not None and item.units is not None:
            value.set("units", item.units)
        text_element(element, "extType", item.ext_type)


def build_meter_id(parent: etree._Element, meter_id: MeterID, local: str = "meterID") -> None:
    """Append a ``meterID`` element (or another element of the meterID type, by ``local``)."""
    element = etree.SubElement(parent, _q(local))
    element.text = meter_id.value
    for attribute, value in (
        ("meterNo", meter_id.meter_no),
        ("serviceType", meter_id.service_type),
        ("objectID", meter_id.object_id),
        ("utility", meter_id.utility),
    ):
        if value is not None:
            element.set(attribute, value)


def _build_reading_value(parent: etree._Element, reading: ReadingValue) -> None:
    element = etree.SubElement(parent, _q("readingValue"))
    build_extensions(element, reading.extensions_list)
    text_element(element, "units", reading.units)
    text_element(element, "value", reading.value)
    text_element(element, "ratePeriod", reading.rate_period)
    text_element(element, "readingType", reading.reading_type)
    text_element(element, "fieldName", reading.field_name)
    text_element(element, "name", reading.name)
    text_element(element, "measurementPeriod", reading.measurement_period)
    if reading.time_stamp is not None:
        text_element(element, "timeStamp", format_datetime(reading.time_stamp))
    status = reading.reading_status_code
    if status is not None:
        status_element = etree.SubElement(element, _q("readingStatusCode"))
        status_element.text = status.value
        for attribute, value in (
            ("originatingSystemID", status.originating_system_id),
            ("codeCategory", status.code_category),
            ("codeIndex", status.code_index),
        ):
            if value is not None:
                status_element.set(attribute, value)
    code = reading.reading_type_code
    if code is not None:
        code_element = etree.SubElement(element, _q("readingTypeCode"))
        code_element.text = code.value
        for name, attribute in _READING_TYPE_CODE_ATTRIBUTES:
            value = getattr(code, name)
            if value is not None:
                code_element.set(attribute, value)


def build_meter_reading(parent: etree._Element, reading: MeterReading) -> etree._Element:
    """Append a ``meterReading`` element in schema order and return it."""
    element = etree.SubElement(parent, _q("meterReading"))
    for attribute, value in (
        ("objectID", reading.object_id),
        ("verb", reading.verb),
        ("errorString", reading.error_string),
        ("replaceID", reading.replace_id),
        ("utility", reading.utility),
    ):
        if value is not None:
            element.set(attribute, value)
    text_element(element, "comments", reading.comments)
    build_extensions(element, reading.extensions_list)
    text_element(element, "objectName", reading.object_name)
    if reading.meter_id is not None:
        build_meter_id(element, reading.meter_id)
    text_element(element, "deviceID", reading.device_id)
    if reading.reading_values:
        values = etree.SubElement(element, _q("readingValues"))
        for reading_value in reading.reading_values:
            _build_reading_value(values, reading_value)
    return element
