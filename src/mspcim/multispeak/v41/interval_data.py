"""MultiSpeak 4.1 interval data: ``intervalData`` (load profiles) and ``formattedBlock`` (rows).

The dataclasses mirror the MR/MDM/CB_Server WSDL types field by field (``kw_only`` keeps the
schema's order) and are read and written by ``Binding``; ``ArrayOf…`` wrappers are classes of their
own, as the schema declares them. Operation bodies: ``FormattedBlockNotification`` and
``IntervalDataNotification`` (CB/MDM/NOT/EA_Server), the load-profile requests
``GetLPReadingsByMeterIDFormattedBlock``, ``GetLPReadingsByMeterIDIntervalData``,
``GetReadingsByMeterIDListAndFieldNameIntervalData`` and their ``…Response`` (MR/MDM_Server).

In the 4.1.6 schema a ``formattedBlock`` has no interval length, start time or ReadingType code:
it is a table, ``valSyntax`` naming the columns (``fieldName``, ``position``, ``uom``) and each
``valueList/val`` one row of ``separator``-delimited cells. An ``intervalData`` declares profiles
(interval length and channels with ``uom``) and blocks (a meter, ``intervalStart``, and per channel
a ``dB/chs/ch/d`` of ``intervalDelimiter``-separated values, each optionally followed by
``statusDelimiter`` and status flags).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Final, TypeVar

from lxml import etree

from mspcim import ns
from mspcim.binding import Binding
from mspcim.exceptions import MessageFormatError
from mspcim.fieldmeta import xml
from mspcim.multispeak.v41.msp_binding import MeterID

__all__ = [
    "BINDING",
    "FORMATTED_BLOCK_OPERATIONS",
    "INTERVAL_DATA_OPERATIONS",
    "ArrayOfFormattedBlock",
    "ArrayOfIntervalData",
    "DataBlock",
    "Duration",
    "EndReading",
    "FormattedBlock",
    "FormattedBlockNotification",
    "GetLPReadingsByMeterID",
    "GetReadingsByMeterIDListAndFieldName",
    "IntervalBlock",
    "IntervalChannel",
    "IntervalData",
    "IntervalDataNotification",
    "IntervalMeterID",
    "IntervalProfile",
    "MeterRows",
    "SyntaxItem",
    "build_body",
    "build_response",
    "read_body",
    "read_response",
]

BINDING: Final = Binding(ns.MSP41, prefix="msp")
"""Reads and writes the dataclasses of this module (and describes them as XSD)."""

FORMATTED_BLOCK_OPERATIONS: Final = ("GetLPReadingsByMeterIDFormattedBlock",)
"""Requests answered with an ``ArrayOfFormattedBlock``."""
INTERVAL_DATA_OPERATIONS: Final = (
    "GetLPReadingsByMeterIDIntervalData",
    "GetReadingsByMeterIDListAndFieldNameIntervalData",
)
"""Requests answered with an ``ArrayOfIntervalData``."""

_T = TypeVar("_T")


IntervalMeterID = MeterID
"""``meterID`` of the interval-data bodies: the bound ``msp_binding.MeterID``."""


@dataclass(slots=True, kw_only=True)
class Duration:
    """``duration``: a number of ``timeUnits`` (``intervalLength``).

    Kept apart from ``msp_binding.Duration`` (declared ``xs:decimal`` there): this declaration
    gives the value the ``xs:float`` type of the 4.1.6 schema.
    """

    value: Decimal = field(metadata={"xml": ".", "xsd": "xs:float"})
    units: str | None = field(default=None, metadata=xml("@units"))


# --- intervalData


@dataclass(slots=True, kw_only=True)
class IntervalChannel:
    """``intervalChannel``: one recorded quantity of a profile."""

    index: int | None = field(default=None, metadata=xml("index"))
    field_name: str | None = field(default=None, metadata=xml("fieldName"))
    field_description: str | None = field(default=None, metadata=xml("fieldDescription"))
    units: str | None = field(default=None, metadata=xml("units"))


@dataclass(slots=True, kw_only=True)
class ArrayOfIntervalChannel:
    """``ArrayOfIntervalChannel``."""

    channel: list[IntervalChannel] = field(default_factory=list, metadata=xml("channel"))


@dataclass(slots=True, kw_only=True)
class IntervalProfile:
    """``intervalProfile``: interval length and channels that blocks refer to by ``profileID``."""

    name: str | None = field(default=None, metadata=xml("name"))
    interval_length: Duration | None = field(default=None, metadata=xml("intervalLength"))
    channels: ArrayOfIntervalChannel | None = field(default=None, metadata=xml("channels"))
    profile_id: str | None = field(default=None, metadata=xml("@profileID"))


@dataclass(slots=True, kw_only=True)
class ArrayOfIntervalProfile:
    """``ArrayOfIntervalProfile``."""

    profile: list[IntervalProfile] = field(default_factory=list, metadata=xml("profile"))


@dataclass(slots=True, kw_only=True)
class EndReading:
    """``endReading``: the register value of a channel at the end of a block."""

    channel_index: int | None = field(default=None, metadata=xml("channelIndex"))
    reading: Decimal | None = field(default=None, metadata={"xml": "reading", "xsd": "xs:float"})
    reading_date: datetime | None = field(default=None, metadata=xml("readingDate"))


@dataclass(slots=True, kw_only=True)
class ArrayOfEndReading:
    """``ArrayOfEndReading``."""

    end_reading: list[EndReading] = field(default_factory=list, metadata=xml("endReading"))


@dataclass(slots=True, kw_only=True)
class Channel:
    """``ch``: the interval values of one channel, as delimited text."""

    idx: int = field(metadata=xml("idx"))
    d: str | None = field(default=None, metadata=xml("d"))


@dataclass(slots=True, kw_only=True)
class ArrayOfCH:
    """``ArrayOfCH``."""

    ch: list[Channel] = field(default_factory=list, metadata=xml("ch"))


@dataclass(slots=True, kw_only=True)
class DataBlock:
    """``dB``: the channels' data of one block, and ``cS``."""

    chs: ArrayOfCH | None = field(default=None, metadata=xml("chs"))
    c_s: str | None = field(default=None, metadata=xml("cS"))


@dataclass(slots=True, kw_only=True)
class IntervalBlock:
    """``intervalBlock``: one meter's intervals from ``intervalStart`` under one profile."""

    profile_id: str | None = field(default=None, metadata=xml("profileID"))
    meter_id: IntervalMeterID | None = field(default=None, metadata=xml("meterID"))
    end_reading_list: ArrayOfEndReading | None = field(default=None, metadata=xml("endReadingList"))
    log_time: datetime | None = field(default=None, metadata=xml("logTime"))
    interval_start: datetime | None = field(default=None, metadata=xml("intervalStart"))
    d_b: DataBlock | None = field(default=None, metadata=xml("dB"))


@dataclass(slots=True, kw_only=True)
class ArrayOfIntervalBlock:
    """``ArrayOfIntervalBlock``."""

    block: list[IntervalBlock] = field(default_factory=list, metadata=xml("block"))


@dataclass(slots=True, kw_only=True)
class IntervalData:
    """``intervalData``: load-profile data of many meters."""

    status_delimiter: str | None = field(default=None, metadata=xml("statusDelimiter"))
    interval_delimiter: str | None = field(default=None, metadata=xml("intervalDelimiter"))
    comment: str | None = field(default=None, metadata=xml("comment"))
    profiles: ArrayOfIntervalProfile | None = field(default=None, metadata=xml("profiles"))
    blocks: ArrayOfIntervalBlock | None = field(default=None, metadata=xml("blocks"))


@dataclass(slots=True, kw_only=True)
class ArrayOfIntervalData:
    """``ArrayOfIntervalData``: the result of the ``…IntervalData`` requests."""

    interval_data: list[IntervalData] = field(default_factory=list, metadata=xml("intervalData"))


# --- formattedBlock


@dataclass(slots=True, kw_only=True)
class SyntaxItem:
    """``syntaxItem``: one column of a formatted block."""

    field_name: str | None = field(default=None, metadata=xml("fieldName"))
    position: int | None = field(default=None, metadata=xml("position"))
    uom: str | None = field(default=None, metadata=xml("uom"))


@dataclass(slots=True, kw_only=True)
class ArrayOfSyntaxItem:
    """``ArrayOfSyntaxItem``."""

    syntax_item: list[SyntaxItem] = field(default_factory=list, metadata=xml("syntaxItem"))


@dataclass(slots=True, kw_only=True)
class ArrayOfVal:
    """``valueList``: the rows."""

    val: list[str] = field(default_factory=list, metadata=xml("val"))


@dataclass(slots=True, kw_only=True)
class FormattedBlock:
    """``formattedBlock``: a table of rows whose columns ``valSyntax`` names."""

    separator: str | None = field(default=None, metadata=xml("separator"))
    content_noun_type: str | None = field(default=None, metadata=xml("contentNounType"))
    content_id: str | None = field(default=None, metadata=xml("contentID"))
    comment: str | None = field(default=None, metadata=xml("comment"))
    val_syntax: ArrayOfSyntaxItem | None = field(default=None, metadata=xml("valSyntax"))
    value_list: ArrayOfVal | None = field(default=None, metadata=xml("valueList"))


@dataclass(slots=True, kw_only=True)
class ArrayOfFormattedBlock:
    """``ArrayOfFormattedBlock``: the result of the ``…FormattedBlock`` requests."""

    formatted_block: list[FormattedBlock] = field(
        default_factory=list, metadata=xml("formattedBlock")
    )


@dataclass(slots=True)
class MeterRows:
    """The rows of one meter in a formatted block (a view the mapping works on, not an element).

    ``rows`` pairs each row's ``readingDate`` with its value cells by column (``fieldName``).
    """

    meter_id: IntervalMeterID | None = field(default=None, metadata=xml("meterID"))
    rows: list[tuple[datetime, dict[str, str]]] = field(
        default_factory=list, metadata=xml("valueList/val")
    )
    columns: dict[str, SyntaxItem] = field(default_factory=dict, metadata=xml("valSyntax"))


# --- operation bodies


@dataclass(slots=True, kw_only=True)
class FormattedBlockNotification:
    """``FormattedBlockNotification``: readings delivered as a formatted block."""

    changed_meter_reads: FormattedBlock | None = field(
        default=None, metadata=xml("changedMeterReads")
    )
    transaction_id: str | None = field(default=None, metadata=xml("transactionID"))
    error_string: str | None = field(default=None, metadata=xml("errorString"))


@dataclass(slots=True, kw_only=True)
class IntervalDataNotification:
    """``IntervalDataNotification``: load-profile data delivered to a subscriber."""

    interval_reads: IntervalData | None = field(default=None, metadata=xml("intervalReads"))
    transaction_id: str | None = field(default=None, metadata=xml("transactionID"))
    error_string: str | None = field(default=None, metadata=xml("errorString"))


@dataclass(slots=True, kw_only=True)
class GetLPReadingsByMeterID:
    """``GetLPReadingsByMeterIDFormattedBlock`` / ``…IntervalData``: one meter's load profile."""

    meter_id: IntervalMeterID | None = field(default=None, metadata=xml("meterID"))
    profile_start_date: datetime = field(metadata=xml("profileStartDate"))
    profile_end_date: datetime = field(metadata=xml("profileEndDate"))
    last_received: str | None = field(default=None, metadata=xml("lastReceived"))


@dataclass(slots=True, kw_only=True)
class ArrayOfMeterID:
    """``ArrayOfMeterID1``."""

    meter_id: list[IntervalMeterID] = field(default_factory=list, metadata=xml("meterID"))


@dataclass(slots=True, kw_only=True)
class ArrayOfString:
    """``ArrayOfString18``: field names."""

    string: list[str] = field(default_factory=list, metadata=xml("string"))


@dataclass(slots=True, kw_only=True)
class GetReadingsByMeterIDListAndFieldName:
    """``GetReadingsByMeterIDListAndFieldNameIntervalData``: some quantities of some meters."""

    meter_ids: ArrayOfMeterID | None = field(default=None, metadata=xml("meterIDs"))
    start_date: datetime = field(metadata=xml("startDate"))
    end_date: datetime = field(metadata=xml("endDate"))
    last_received: str | None = field(default=None, metadata=xml("lastReceived"))
    field_name: ArrayOfString | None = field(default=None, metadata=xml("fieldName"))


_BODIES: Final[dict[str, type]] = {
    "FormattedBlockNotification": FormattedBlockNotification,
    "IntervalDataNotification": IntervalDataNotification,
    "GetLPReadingsByMeterIDFormattedBlock": GetLPReadingsByMeterID,
    "GetLPReadingsByMeterIDIntervalData": GetLPReadingsByMeterID,
    "GetReadingsByMeterIDListAndFieldNameIntervalData": GetReadingsByMeterIDListAndFieldName,
}


def read_body(body: etree._Element, cls: type[_T]) -> _T:
    """The parameters of an operation body element as ``cls`` (errors name the offending path)."""
    local = ns.local_name(body.tag)
    if _BODIES.get(local) is not cls or ns.namespace_of(body.tag) != ns.MSP41:
        raise MessageFormatError(f"{local!r} is not a {cls.__name__} body", xpath=f"/{local}")
    return BINDING.read(body, cls, f"/{local}")


def build_body(name: str, call: object) -> etree._Element:
    """The body element ``name`` holding ``call`` (one of the operation dataclasses above)."""
    if not isinstance(call, _BODIES[name]):
        raise TypeError(f"{name} takes a {_BODIES[name].__name__}, not {type(call).__name__}")
    return BINDING.write(call, name)


def _result_class(operation: str) -> type[ArrayOfFormattedBlock] | type[ArrayOfIntervalData]:
    if operation in FORMATTED_BLOCK_OPERATIONS:
        return ArrayOfFormattedBlock
    if operation in INTERVAL_DATA_OPERATIONS:
        return ArrayOfIntervalData
    raise MessageFormatError(f"{operation!r} is not an interval-data request")


def build_response(
    operation: str, result: ArrayOfFormattedBlock | ArrayOfIntervalData
) -> etree._Element:
    """``<operation>Response`` holding ``result`` as ``<operation>Result``."""
    if not isinstance(result, _result_class(operation)):
        raise TypeError(f"{operation}Result is not a {type(result).__name__}")
    response = etree.Element(ns.qname(ns.MSP41, f"{operation}Response"), nsmap={"msp": ns.MSP41})
    response.append(BINDING.write(result, f"{operation}Result"))
    return response


def read_response(body: etree._Element) -> ArrayOfFormattedBlock | ArrayOfIntervalData:
    """The result of an interval-data ``…Response`` body (empty when the result is absent)."""
    local = ns.local_name(body.tag)
    operation = local.removesuffix("Response")
    if local == operation or ns.namespace_of(body.tag) != ns.MSP41:
        raise MessageFormatError(f"expected a …Response element, got {local!r}", xpath=f"/{local}")
    cls = _result_class(operation)
    result = body.find(ns.qname(ns.MSP41, f"{operation}Result"))
    if result is None:
        return cls()
    return BINDING.read(result, cls, f"/{local}/{operation}Result")
