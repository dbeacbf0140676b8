"""The event code table of profile 8.13: EndDeviceEventType code ⇄ MultiSpeak 4.1 event name.

MultiSpeak 4.1 writes a meter event as ``meterEvent``: a text (the sender's name or code for the
event) and the four parts of the IEC 61968-9 Annex E code as attributes (``type``, ``domain``,
``domainPart``, ``index``). ``EVENT_CODES`` declares, one row per CIM code, the MultiSpeak name
written for it and the names read as it; names come from MultiSpeak 4.1's own enumerations where
it has one (``outageEventType``, ``pmEventCode``, ``meterConnectionStatus``, ``RCDState``,
``loadActionCode``, the ``Nbr of …`` event counters of ``uom``), else they are the project's.

Reading (MultiSpeak → CIM), the attributes decide when they form a known code, else the text (a
dotted code or a name of the table). What does not survive that way travels in
EndDeviceEventDetails named ``MultiSpeak.meterEvent…``: a text that is not the code's name, the
``value``, a ``codeString`` other than the one declared, attributes that form no code, vendor
attributes (these come back as extensionsItems: the schema admits no foreign attribute). An
event nothing identifies gets code ``0.0.0.0`` (nothing known) with its text carried. Writing
(CIM → MultiSpeak), the attributes are the code's parts and the text is the table's name; a code
without a name is written as the dotted code and also carried in an extensionsItem
``CIM.EndDeviceEventType``, so the receiver can tell it is not a MultiSpeak name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from mspcim.cim.end_device_event_type import EndDeviceEventTypeCode
from mspcim.cim.end_device_events import (
    EndDeviceEventDetail,
    EndDeviceEventType,
    EndDeviceEventTypeRef,
    Name,
)
from mspcim.exceptions import MappingError
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.multispeak.v41.meter_event import MeterEvent
from mspcim.multispeak.v41.meter_reading import ExtensionsItem

__all__ = [
    "DETAIL",
    "EVENT_CODES",
    "UNKNOWN",
    "EventCode",
    "cim_code",
    "code_of",
    "declaration",
    "declared_names",
    "is_vendor_attribute",
    "msp_name",
    "report_carried",
    "resolve",
]

PROFILE = "EndDeviceEvents"
DETAIL: Final = "MultiSpeak.meterEvent"
"""Name (and prefix) of the EndDeviceEventDetails that carry meterEvent values."""
CODE_ITEM: Final = "CIM.EndDeviceEventType"
"""extName of the item carrying a code that has no MultiSpeak name."""
UNKNOWN: Final = EndDeviceEventTypeCode.parse("0.0.0.0")
"""The code of an event nothing identifies (Annex E: type 0 when the source is unknown)."""


@dataclass(frozen=True, slots=True)
class EventCode:
    """One row: a CIM EndDeviceEventType code and its MultiSpeak 4.1 event name(s)."""

    code: str
    """The Annex E code ``type.domain.subDomain.eventOrAction``."""
    msp: str
    """The name written as meterEvent text."""
    source: str
    """Where MultiSpeak 4.1 enumerates the name (empty: named by this project)."""
    aliases: tuple[str, ...] = ()
    """Further names read as this code (never written)."""


EVENT_CODES: Final[tuple[EventCode, ...]] = (
    # outage and restoration
    EventCode("3.26.0.85", "Outage", "outageEventType", ("PowerOff", "PowerFail")),
    EventCode(
        "3.26.0.216", "Restoration", "outageEventType", ("PowerOn", "PowerRestored", "Restore")
    ),
    EventCode("3.1.0.85", "NoResponse", "outageEventType"),
    # tamper
    EventCode("3.12.0.257", "Tamper", "uom: Nbr of physical tamper", ("PhysicalTamper",)),
    EventCode("3.12.0.291", "TamperCleared", ""),
    EventCode("3.12.29.39", "CoverOpened", "", ("CoverRemoved",)),
    EventCode("3.12.40.257", "EncoderTamper", "uom: Nbr of encoder tamper"),
    EventCode("3.12.66.257", "MagneticTamper", ""),
    EventCode("3.21.93.219", "ReverseRotation", "uom: Nbr of reverse rotation"),
    # remote connect / disconnect: states (events) and actions (controls)
    EventCode("3.31.0.68", "Disconnected", "meterConnectionStatus", ("Opened",)),
    EventCode("3.31.0.42", "Connected", "meterConnectionStatus", ("Closed",)),
    EventCode("3.31.0.23", "Disconnect", "loadActionCode", ("Open",)),
    EventCode("3.31.0.18", "Connect", "loadActionCode", ("Close",)),
    EventCode("3.31.0.11", "Armed", "RCDState"),
    EventCode("3.31.0.84", "DisconnectFailed", ""),
    EventCode("3.31.0.67", "ConnectFailed", ""),
    # battery, demand, configuration, device
    EventCode("3.2.22.150", "LowBattery", "pmEventCode"),
    EventCode("3.8.0.214", "DemandReset", "uom: Nbr of demand resets"),
    EventCode("3.7.0.213", "Reprogrammed", "uom: Nbr of reprogramming"),
    EventCode("3.6.0.212", "MeterRemoved", "uom: Nbr of removal"),
    EventCode("3.37.0.79", "Watchdog", "uom: Nbr of watchdog"),
    # power quality
    EventCode("3.26.38.223", "SagStarted", "uom: Nbr of sag", ("Sag",)),
    EventCode("3.26.38.224", "SagStopped", ""),
    EventCode("3.26.38.248", "SwellStarted", "uom: Nbr of swells", ("Swell",)),
    EventCode("3.26.38.249", "SwellStopped", ""),
    EventCode("3.26.38.93", "HighVoltage", "pmEventCode", ("ExcursionHigh",)),
    EventCode("3.26.38.150", "BrownOut", "pmEventCode", ("LowVoltage", "ExcursionLow")),
    EventCode("3.26.38.37", "NormalVoltage", "pmEventCode"),
    EventCode("3.26.25.98", "VoltageUnbalance", "uom: Nbr of voltage unbalance"),
)
"""The declared event code table, one row per CIM code."""


def _key(name: str) -> str:
    return "".join(name.split()).casefold()


_BY_CODE: Final[dict[EndDeviceEventTypeCode, EventCode]] = {
    EndDeviceEventTypeCode.parse(row.code): row for row in EVENT_CODES
}
_BY_NAME: Final[dict[str, EndDeviceEventTypeCode]] = {
    _key(name): EndDeviceEventTypeCode.parse(row.code)
    for row in EVENT_CODES
    for name in (row.msp, *row.aliases)
}


def msp_name(code: EndDeviceEventTypeCode) -> str | None:
    """The MultiSpeak name written for ``code``, if the table has one."""
    row = _BY_CODE.get(code)
    return row.msp if row is not None else None


def cim_code(name: str) -> EndDeviceEventTypeCode | None:
    """The code a MultiSpeak event name stands for (case and spaces ignored), if any."""
    return _BY_NAME.get(_key(name))


def _code_of_text(text: str | None) -> EndDeviceEventTypeCode | None:
    if not text:
        return None
    if text.count(".") == 3:
        try:
            return EndDeviceEventTypeCode.parse(text)
        except MappingError:
            return None
    return cim_code(text)


def _parts(event: MeterEvent) -> tuple[str | None, ...]:
    return (event.type, event.domain, event.domain_part, event.index)


_PART_NAMES: Final = ("type", "domain", "domainPart", "index")


def _code_of_parts(event: MeterEvent) -> EndDeviceEventTypeCode | None:
    parts = [(part or "").strip() for part in _parts(event)]
    if not all(part.isascii() and part.isdigit() for part in parts):
        return None
    try:
        return EndDeviceEventTypeCode.parse(".".join(parts))
    except MappingError:
        return None


def is_vendor_attribute(detail_name: str) -> bool:
    """Whether an EndDeviceEventDetail carries a vendor attribute of a meterEvent.

    The 4.1 schema's ``anyAttribute`` on meterEvent is strict and declares nothing, so such an
    attribute is never written back as one: it travels to MultiSpeak as an extensionsItem of
    the same name.
    """
    prefix = f"{DETAIL}.@"
    return detail_name.startswith(prefix) and detail_name[len(prefix) :] not in _PART_NAMES


def code_of(event: MeterEvent) -> EndDeviceEventTypeCode | None:
    """The code a meterEvent stands for: its attributes, else its text; None when neither."""
    return _code_of_parts(event) or _code_of_text((event.code or "").strip())


def resolve(
    ref: str | None, declared: Mapping[str, EndDeviceEventType]
) -> EndDeviceEventTypeCode | None:
    """The code an EndDeviceEventType ref names: a code itself, or the mRID of a declaration."""
    if not ref:
        return None
    try:
        return EndDeviceEventTypeCode.parse(ref)
    except MappingError:
        pass
    found = declared.get(ref)
    if found is None:
        return None
    try:
        return EndDeviceEventTypeCode.from_literals(
            found.type or "0",
            found.domain or "0",
            found.sub_domain or "0",
            found.event_or_action or "0",
        )
    except MappingError:
        return None


def report_carried(
    ctx: TranslationContext, where: str, value: object, reason: str, to: str
) -> None:
    """Report a value the codec carried (CARRIED when the report is at hand, else CHANGED)."""
    report = ctx.state.get("report")
    if isinstance(report, GapReport):
        report.add(f"{ctx.path}/{where}", value, GapKind.CARRIED, reason, to, PROFILE)
    else:
        ctx.gap(where, value, f"{reason} (carried in {to})", lost=False)


def _detail_home(name: str) -> str:
    return f"EndDeviceEventDetails[name='{name}']"


# --- MultiSpeak → CIM


def _code_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    event: MeterEvent | None = values["meter_event"]
    if event is None:
        raise MappingError("eventInstance has no meterEvent: a CIM EndDeviceEvent needs its type")
    details: list[EndDeviceEventDetail] = []

    def carry(name: str, value: str, where: str, reason: str) -> None:
        details.append(EndDeviceEventDetail(name=name, value=value))
        report_carried(ctx, where, value, reason, _detail_home(name))

    text = (event.code or "").strip() or None
    code = _code_of_parts(event)
    if code is None:
        code = _code_of_text(text)
        for part, value in zip(_PART_NAMES, _parts(event), strict=True):
            if value is not None:
                reason = "meterEvent attributes that form no IEC 61968-9 Annex E code"
                carry(f"{DETAIL}.@{part}", value, f"meterEvent/@{part}", reason)
    if code is None:
        if text is None:
            raise MappingError("meterEvent names no event: no text and no Annex E attributes")
        code = UNKNOWN
        carry(DETAIL, text, "meterEvent", "MultiSpeak event code with no row in the code table")
    elif text is not None and _code_of_text(text) != code:
        carry(DETAIL, text, "meterEvent", "meterEvent text is not the MultiSpeak name of its code")
    if event.value is not None:
        carry(f"{DETAIL}.value", event.value, "meterEvent/@value", "no CIM attribute for it")
    names: dict[str, str | None] = ctx.state.setdefault("type_names", {})
    if event.code_string is not None and names.get(code.text) != event.code_string:
        reason = "a second codeString for a code already declared with another name"
        carry(f"{DETAIL}.codeString", event.code_string, "meterEvent/@codeString", reason)
    for attribute, value in event.other_attributes.items():
        carry(f"{DETAIL}.@{attribute}", value, f"meterEvent/@{attribute}", "vendor attribute")
    for item in values["instance_extensions"] or []:
        if item.ext_name == CODE_ITEM and item.ext_value == code.text:
            ctx.consume(item)
    return {
        "end_device_event_type": EndDeviceEventTypeRef(ref=code.text),
        "end_device_event_details": details,
    }


def declared_names(events: list[MeterEvent]) -> dict[str, str | None]:
    """Each code the events use, in order, with the first codeString given for it."""
    names: dict[str, str | None] = {}
    for event in events:
        code = code_of(event) or UNKNOWN
        if names.get(code.text) is None:
            names[code.text] = event.code_string
    return names


def declaration(code: EndDeviceEventTypeCode, name: str | None) -> EndDeviceEventType:
    """The EndDeviceEventType declaring ``code``: literals, and a name (described when none)."""
    type_, domain, sub_domain, event_or_action = code.literals()
    return EndDeviceEventType(
        mrid=code.text,
        domain=domain,
        event_or_action=event_or_action,
        sub_domain=sub_domain,
        type=type_,
        names=Name(name=name or code.describe()),
    )


# --- CIM → MultiSpeak


def _code_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    reference: EndDeviceEventTypeRef | None = values["end_device_event_type"]
    ref = reference.ref if reference is not None else None
    carried = {
        detail.name: detail.value or ""
        for detail in values["end_device_event_details"] or []
        if detail.name == DETAIL or detail.name.startswith(DETAIL + ".")
    }
    declared: Mapping[str, EndDeviceEventType] = ctx.state.get("declared_types", {})
    code = resolve(ref, declared)
    event = MeterEvent()
    items: list[ExtensionsItem] = []
    if code is None:
        if not ref:
            raise MappingError("EndDeviceEventType has no ref: the event cannot be named")
        event.code = carried.get(DETAIL, ref)
        ctx.gap(
            "end_device_event_type",
            ref,
            "neither an Annex E code nor declared in the document: sent as meterEvent text",
            lost=False,
        )
    else:
        if code != UNKNOWN:
            event.type, event.domain, event.domain_part, event.index = code.text.split(".")
        name = msp_name(code)
        event.code = carried.get(DETAIL) or name or code.text
        if name is None and DETAIL not in carried and code != UNKNOWN:
            items.append(ExtensionsItem(CODE_ITEM, code.text, "string"))
            report_carried(
                ctx,
                "EndDeviceEventType/@ref",
                code.text,
                f"no MultiSpeak event name for {code.describe()}: the meterEvent text and "
                "attributes hold the code itself",
                f"extensionsList/extensionsItem[extName='{CODE_ITEM}']",
            )
    for part, attribute in zip(
        _PART_NAMES, ("type", "domain", "domain_part", "index"), strict=True
    ):
        if f"{DETAIL}.@{part}" in carried:
            setattr(event, attribute, carried.pop(f"{DETAIL}.@{part}"))
    event.value = carried.get(f"{DETAIL}.value")
    event.code_string = carried.get(f"{DETAIL}.codeString")
    if event.code_string is None and ref is not None and code is not None:
        found = declared.get(ref) or declared.get(code.text)
        if found is not None and found.names.name != code.describe():
            event.code_string = found.names.name
    return {"meter_event": event, "instance_extensions": items}


field_codec(
    "end_device_event_code",
    _code_to_cim,
    _code_to_msp,
    "meterEvent (text, @type.@domain.@domainPart.@index) ⇄ EndDeviceEventType code by the "
    "event code table; unknown codes carried (EndDeviceEventDetails / extensionsList)",
)
