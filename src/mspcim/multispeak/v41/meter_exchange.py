"""MultiSpeak 4.1 ``meterExchanges``: meters taken out and put in, with their last readings.

MR_Server ``InitiateMeterExchange(exchanges, responseURL, transactionID)`` asks for exchanges;
``MeterExchangeNotification(meterChangeout)`` (MR, CB, EA, MDM, NOT, OA servers) reports them.
An ``electricMeterExchange`` holds the ``outMeterReading`` and ``inMeterReading`` of the two
meters as full ``meterReading`` objects (profile 8.17's, read and written by its own module);
gas and water exchanges, ``lastRead`` and ``averageConsumption`` are not modelled here
(``unread`` reports them when present).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from mspcim import ns
from mspcim.fieldmeta import xml
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.meter_reading import (
    MeterReading,
    build_meter_reading,
    read_meter_reading,
)
from mspcim.multispeak.v41.msp_binding import MspObject, xml_list

__all__ = [
    "READINGS",
    "ElectricMeterExchange",
    "InitiateMeterExchange",
    "MeterExchangeNotification",
    "MeterExchanges",
    "read_exchange_call",
    "unread",
    "write_exchange_call",
]

READINGS = {"out_meter_reading": "outMeterReading", "in_meter_reading": "inMeterReading"}
"""The meterReading fields of an electricMeterExchange and their elements (bound by 8.17)."""


@dataclass(slots=True, kw_only=True)
class ElectricMeterExchange(MspObject):
    """``electricMeterExchange``: one electric meter exchanged at a service location."""

    service_location_id: str | None = field(default=None, metadata=xml("serviceLocationID"))
    electric_service_id: str | None = field(default=None, metadata=xml("electricServiceID"))
    out_meter_reading: MeterReading | None = None
    """``outMeterReading``: the last reading of the meter taken out."""
    in_meter_reading: MeterReading | None = None
    """``inMeterReading``: the first reading of the meter put in."""
    last_read_date: datetime | None = field(default=None, metadata=xml("lastReadDate"))
    time_stamp: datetime | None = field(default=None, metadata=xml("timeStamp"))


@dataclass(slots=True, kw_only=True)
class MeterExchanges(MspObject):
    """``meterExchanges``: exchanges of meters, by commodity (electric ones modelled)."""

    electric_meter_exchanges: list[ElectricMeterExchange] = field(
        default_factory=list,
        metadata=xml_list("electricMeterExchanges", "electricMeterExchange"),
    )


@dataclass(slots=True, kw_only=True)
class InitiateMeterExchange:
    """MR_Server ``InitiateMeterExchange``: ask for exchanges, answered later."""

    exchanges: MeterExchanges | None = field(default=None, metadata=xml("exchanges"))
    response_url: str | None = field(default=None, metadata=xml("responseURL"))
    transaction_id: str | None = field(default=None, metadata=xml("transactionID"))


@dataclass(slots=True, kw_only=True)
class MeterExchangeNotification:
    """``MeterExchangeNotification``: exchanges done."""

    meter_changeout: MeterExchanges | None = field(default=None, metadata=xml("meterChangeout"))


def _q(local: str) -> str:
    return f"{{{ns.MSP41}}}{local}"


def _exchange_elements(body: etree._Element) -> list[etree._Element]:
    return list(body.iterfind(f"*/{_q('electricMeterExchanges')}/{_q('electricMeterExchange')}"))


def _exchanges(
    call: InitiateMeterExchange | MeterExchangeNotification,
) -> list[ElectricMeterExchange]:
    holder = call.exchanges if isinstance(call, InitiateMeterExchange) else call.meter_changeout
    return holder.electric_meter_exchanges if holder is not None else []


def write_exchange_call(call: InitiateMeterExchange | MeterExchangeNotification) -> etree._Element:
    """The body element of ``call``, the meterReadings of each exchange in schema order."""
    body = msp_binding.write(call, type(call).__name__)
    for exchange, element in zip(_exchanges(call), _exchange_elements(body), strict=True):
        anchor = element.find(_q("lastReadDate"))
        if anchor is None:
            anchor = element.find(_q("timeStamp"))
        for attribute, local in READINGS.items():
            reading = getattr(exchange, attribute)
            if reading is None:
                continue
            holder = etree.Element(_q("holder"))
            built = build_meter_reading(holder, reading)
            built.tag = _q(local)
            if anchor is not None:
                anchor.addprevious(built)
            else:
                element.append(built)
    return body


def read_exchange_call(
    body: etree._Element,
) -> InitiateMeterExchange | MeterExchangeNotification:
    """The call a body element holds, the meterReadings of each exchange included."""
    name = ns.local_name(body.tag)
    call: InitiateMeterExchange | MeterExchangeNotification
    if name == "InitiateMeterExchange":
        call, holder = msp_binding.read(body, InitiateMeterExchange), "exchanges"
    else:
        call, holder = msp_binding.read(body, MeterExchangeNotification), "meterChangeout"
    for index, (exchange, element) in enumerate(
        zip(_exchanges(call), _exchange_elements(body), strict=True), start=1
    ):
        for attribute, local in READINGS.items():
            found = element.find(_q(local))
            if found is not None:
                where = f"/{name}/{holder}/electricMeterExchanges/electricMeterExchange[{index}]"
                setattr(exchange, attribute, read_meter_reading(found, f"{where}/{local}"))
    return call


def unread(body: etree._Element) -> list[str]:
    """Paths of the elements of an exchange call body that are not read."""
    name = ns.local_name(body.tag)
    cls = InitiateMeterExchange if name == "InitiateMeterExchange" else MeterExchangeNotification
    readings = {f"/{local}" for local in READINGS.values()}
    return [
        path
        for path in msp_binding.unread(body, cls)
        if not any(path.endswith(suffix) for suffix in readings)
    ]
