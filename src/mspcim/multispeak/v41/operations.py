"""MultiSpeak 4.1 operations of the on-demand read: request and response bodies.

Each operation is a dataclass for its parameters plus a reader and a builder of its body
element; names follow the MR_Server and CB_Server WSDLs of the 4.1.6 release.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from lxml import etree

from mspcim import ns
from mspcim.exceptions import MessageFormatError
from mspcim.multispeak.errors import ErrorObject, build_error_objects, read_error_objects
from mspcim.multispeak.v41.meter_reading import (
    MeterID,
    MeterReading,
    build_meter_id,
    build_meter_reading,
    read_meter_id,
    read_meter_reading,
    text_element,
)

__all__ = [
    "ExpirationTime",
    "GetLatestReadingByMeterID",
    "InitiateMeterReadingsByMeterID",
    "ReadingChangedNotification",
    "build_array_of_error_object_response",
    "build_get_latest_reading_by_meter_id",
    "build_get_latest_reading_response",
    "build_get_methods_response",
    "build_initiate_meter_readings_by_meter_id",
    "build_reading_changed_notification",
    "read_array_of_error_object_response",
    "read_get_latest_reading_by_meter_id",
    "read_get_latest_reading_response",
    "read_initiate_meter_readings_by_meter_id",
    "read_reading_changed_notification",
]

_M = ns.MSP41

TIME_UNITS: dict[str, timedelta] = {
    "Milliseconds": timedelta(milliseconds=1),
    "Seconds": timedelta(seconds=1),
    "Minutes": timedelta(minutes=1),
    "Hours": timedelta(hours=1),
    "Days": timedelta(days=1),
    "Weeks": timedelta(weeks=1),
    "Months": timedelta(days=30),
    "Years": timedelta(days=365),
}
"""MultiSpeak ``timeUnits`` as durations (a month is 30 days, a year 365: expiry needs no more)."""

DEFAULT_TIME_UNITS = "Hours"
"""Units assumed for an ``expTime`` that names none (documented; the generous reading)."""


def _q(local: str) -> str:
    return f"{{{_M}}}{local}"


def _element(local: str) -> etree._Element:
    return etree.Element(_q(local), nsmap={None: _M})  # type: ignore[dict-item]


def _text(parent: etree._Element, local: str) -> str | None:
    child = parent.find(_q(local))
    if child is None:
        return None
    return (child.text or "").strip()


@dataclass(slots=True)
class ExpirationTime:
    """``expTime``: how long the requester waits, as a number and a ``timeUnits`` name."""

    value: float
    units: str | None = None

    def as_timedelta(self) -> timedelta:
        """The duration; ``Other`` or an unknown unit raises MessageFormatError."""
        units = self.units or DEFAULT_TIME_UNITS
        if units not in TIME_UNITS:
            raise MessageFormatError(
                f"expTime units {units!r} cannot be used for an expiry", xpath="expTime/@units"
            )
        return TIME_UNITS[units] * self.value


@dataclass(slots=True)
class InitiateMeterReadingsByMeterID:
    """MR_Server ``InitiateMeterReadingsByMeterID``: ask for on-demand reads, answered later."""

    meter_ids: list[MeterID] = field(default_factory=list)
    response_url: str | None = None
    transaction_id: str | None = None
    exp_time: ExpirationTime | None = None


@dataclass(slots=True)
class GetLatestReadingByMeterID:
    """MR_Server ``GetLatestReadingByMeterID``: the latest reading of one meter, synchronously."""

    meter_id: MeterID


@dataclass(slots=True)
class ReadingChangedNotification:
    """CB/MDM_Server ``ReadingChangedNotification``: readings delivered to the requester."""

    changed_meter_reads: list[MeterReading] = field(default_factory=list)
    transaction_id: str | None = None


# --- Initiate


def read_initiate_meter_readings_by_meter_id(
    body: etree._Element,
) -> InitiateMeterReadingsByMeterID:
    """Parameters of an ``InitiateMeterReadingsByMeterID`` body element."""
    meter_ids_element = body.find(_q("meterIDs"))
    meter_ids = (
        [read_meter_id(item) for item in meter_ids_element.iterchildren(_q("meterID"))]
        if meter_ids_element is not None
        else []
    )
    exp_time = None
    exp_element = body.find(_q("expTime"))
    if exp_element is not None and (exp_element.text or "").strip():
        try:
            value = float((exp_element.text or "").strip())
        except ValueError:
            raise MessageFormatError(
                f"expTime is not a number: {exp_element.text!r}",
                xpath="/InitiateMeterReadingsByMeterID/expTime",
            ) from None
        exp_time = ExpirationTime(value=value, units=exp_element.get("units"))
    return InitiateMeterReadingsByMeterID(
        meter_ids=meter_ids,
        response_url=_text(body, "responseURL"),
        transaction_id=_text(body, "transactionID"),
        exp_time=exp_time,
    )


def build_initiate_meter_readings_by_meter_id(
    call: InitiateMeterReadingsByMeterID,
) -> etree._Element:
    """The ``InitiateMeterReadingsByMeterID`` body element."""
    body = _element("InitiateMeterReadingsByMeterID")
    meter_ids = etree.SubElement(body, _q("meterIDs"))
    for meter_id in call.meter_ids:
        build_meter_id(meter_ids, meter_id)
    text_element(body, "responseURL", call.response_url)
    text_element(body, "transactionID", call.transaction_id)
    if call.exp_time is not None:
        exp = etree.SubElement(body, _q("expTime"))
        exp.text = (
            repr(call.exp_time.value) if call.exp_time.value % 1 else str(int(call.exp_time.value))
        )
        if call.exp_time.units is not None:
            exp.set("units", call.exp_time.units)
    return body


def build_array_of_error_object_response(
    operation: str, errors: Iterable[ErrorObject]
) -> etree._Element:
    """``<operation>Response`` whose ``<operation>Result`` is an ArrayOfErrorObject."""
    response = _element(f"{operation}Response")
    result = etree.SubElement(response, _q(f"{operation}Result"))
    build_error_objects(result, errors)
    return response


def read_array_of_error_object_response(body: etree._Element) -> list[ErrorObject]:
    """The errorObjects of an ``…Response`` body whose result is an ArrayOfErrorObject."""
    local = ns.local_name(body.tag)
    if not local.endswith("Response"):
        raise MessageFormatError(f"expected a …Response element, got {local!r}")
    return read_error_objects(body.find(_q(local[: -len("Response")] + "Result")))


# --- GetLatestReadingByMeterID


def read_get_latest_reading_by_meter_id(body: etree._Element) -> GetLatestReadingByMeterID:
    """Parameters of a ``GetLatestReadingByMeterID`` body element."""
    element = body.find(_q("meterID"))
    if element is None or not (element.text or "").strip():
        raise MessageFormatError(
            "GetLatestReadingByMeterID needs a meterID", xpath="/GetLatestReadingByMeterID/meterID"
        )
    return GetLatestReadingByMeterID(meter_id=read_meter_id(element))


def build_get_latest_reading_by_meter_id(call: GetLatestReadingByMeterID) -> etree._Element:
    """The ``GetLatestReadingByMeterID`` body element."""
    body = _element("GetLatestReadingByMeterID")
    build_meter_id(body, call.meter_id)
    return body


def build_get_latest_reading_response(reading: MeterReading | None) -> etree._Element:
    """``GetLatestReadingByMeterIDResponse`` holding the reading (empty result when None)."""
    response = _element("GetLatestReadingByMeterIDResponse")
    if reading is not None:
        holder = etree.Element(_q("holder"))
        element = build_meter_reading(holder, reading)
        element.tag = _q("GetLatestReadingByMeterIDResult")
        response.append(element)
    return response


def read_get_latest_reading_response(body: etree._Element) -> MeterReading | None:
    """The meterReading of a ``GetLatestReadingByMeterIDResponse`` (None when absent)."""
    result = body.find(_q("GetLatestReadingByMeterIDResult"))
    return read_meter_reading(result) if result is not None else None


# --- ReadingChangedNotification


def read_reading_changed_notification(body: etree._Element) -> ReadingChangedNotification:
    """Parameters of a ``ReadingChangedNotification`` body element."""
    reads = body.find(_q("changedMeterReads"))
    readings = []
    if reads is not None:
        for index, element in enumerate(reads.iterchildren(_q("meterReading")), start=1):
            readings.append(
                read_meter_reading(
                    element,
                    f"/ReadingChangedNotification/changedMeterReads/meterReading[{index}]",
                )
            )
    return ReadingChangedNotification(
        changed_meter_reads=readings, transaction_id=_text(body, "transactionID")
    )


def build_reading_changed_notification(call: ReadingChangedNotification) -> etree._Element:
    """The ``ReadingChangedNotification`` body element."""
    body = _element("ReadingChangedNotification")
    reads = etree.SubElement(body, _q("changedMeterReads"))
    for reading in call.changed_meter_reads:
        build_meter_reading(reads, reading)
    text_element(body, "transactionID", call.transaction_id)
    return body


# --- GetMethods


def build_get_methods_response(methods: Iterable[str]) -> etree._Element:
    """``GetMethodsResponse`` listing the operation names an endpoint supports."""
    response = _element("GetMethodsResponse")
    result = etree.SubElement(response, _q("GetMethodsResult"))
    for method in methods:
        text_element(result, "string", method)
    return response
