"""Profile PANDisplay, IEC TS 61968-14 clause 9: 5.0 ``premisesDisplayMessage`` ⇄ CIM PanDisplay.

MultiSpeak 5.0 shows text on in-premises displays with PAN_Server
``InitiatePremisesDisplayMessages``; the CIM with one EndDeviceControl per message, whose
PanDisplay holds the text. Declared here:

- ``DISPLAY_MESSAGE``: the message ⇄ EndDeviceControl of type ``PAN_DISPLAY``
  (inPremisesDisplay.videoDisplay.textMessage.display); ``@objectGUID`` ⇄ mRID (a non-GUID mRID
  as uuid5), ``primaryIdentifier`` ⇄ ``issuerTrackingID`` (identifierName ``issuerTrackingID``);
  ``reason`` 1:1; the CIM values MultiSpeak has no element for in ``extensionsList``;
- ``PAN_DISPLAY``: ``msgLines`` in sequence order ⇄ ``textMessage``, one line per line of text
  (renumbered 1…n); ``duration`` ⇄ ``duration`` in minutes (other fixed units converted and
  reported; Months, Years, Other have no length: lost); ``priority``, ``confirmationRequired``
  1:1; ``transmissionMode`` ⇄ TransmissionModeKind (other words reported); ``startTime`` ⇄
  ``startDateTime``.

The PAN interfaces a message goes to (``PANAddressingGroup``) are the controls' EndDevices,
mapped with the call (``pan_display_v5_messages``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Final

from mspcim.cim.end_device_controls import EndDeviceControl, PanDisplay, Ref, TransmissionModeKind
from mspcim.fieldmeta import xml
from mspcim.harmonize.carriers import carried_cim
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.end_device_codecs import VENDOR_EXTENSION
from mspcim.harmonize.parts import part
from mspcim.harmonize.profiles.customer_identity_v5 import derived_guid, is_guid
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.multispeak.v41.msp_binding import SECONDS_PER_UNIT
from mspcim.multispeak.v50.identity import SingleIdentifier
from mspcim.multispeak.v50.msp_binding import xml_list
from mspcim.multispeak.v50.pan import Duration, MsgLine, PremisesDisplayMessage

__all__ = [
    "CLAUSE",
    "DISPLAY_MESSAGE",
    "PAN_DISPLAY",
    "PAN_DISPLAY_TYPE",
    "PROFILE",
    "TABLES",
    "DisplayText",
]

PROFILE: Final = "PANDisplay"
CLAUSE: Final = "9"
PAN_DISPLAY_TYPE: Final = "15.13.112.77"
"""EndDeviceControlType of a text shown on a display (inPremisesDisplay…textMessage.display)."""
TRACKING: Final = "issuerTrackingID"
"""``identifierName`` of the primary identifier that is the control's issuerTrackingID."""
MINUTES: Final = "Minutes"
_NOT_CIM: Final = "EndDeviceControl has no place for it"


@dataclass(slots=True, kw_only=True)
class DisplayText:
    """The part of a ``premisesDisplayMessage`` that the CIM states on its PanDisplay."""

    msg_lines: list[MsgLine] = field(default_factory=list, metadata=xml_list("msgLines", "msgLine"))
    duration: Duration | None = field(default=None, metadata=xml("duration"))
    priority: str | None = field(default=None, metadata=xml("priority"))
    transmission_mode: str | None = field(default=None, metadata=xml("transmissionMode"))
    confirmation_required: bool | None = field(default=None, metadata=xml("confirmationRequired"))
    start_time: datetime | None = field(default=None, metadata=xml("startTime"))
    extensions_list: list[Any] = field(default_factory=list, metadata=xml("extensionsList"))


def _lines_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    lines: list[MsgLine] = values["msg_lines"] or []
    if not lines:
        return {}
    ordered = sorted(lines, key=lambda line: (line.sequence_number is None, line.sequence_number))
    numbers = [line.sequence_number for line in ordered]
    texts = [line.text or "" for line in ordered]
    if numbers != list(range(1, len(lines) + 1)) or any("\n" in text for text in texts):
        reason = "textMessage holds the lines in sequence order: they come back numbered 1…n"
        ctx.gap("msgLines", f"{len(lines)} line(s)", reason, lost=False)
    return {"text_message": "\n".join(texts)}


def _lines_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    text: str | None = values["text_message"]
    if text is None:
        return {}
    lines = [
        MsgLine(sequence_number=number, text=line or None)
        for number, line in enumerate(text.split("\n"), start=1)
    ]
    return {"msg_lines": lines}


def _duration_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    duration: Duration | None = values["duration"]
    if duration is None:
        return {}
    units = duration.units or MINUTES
    seconds = SECONDS_PER_UNIT.get(units)
    if seconds is None:
        ctx.gap("duration", f"{duration.value} {units}", f"{units} have no fixed length")
        return {}
    if units != MINUTES:
        reason = "the CIM duration is in minutes: it comes back in Minutes"
        ctx.gap("duration", f"{duration.value} {units}", reason, lost=False)
    return {"duration": duration.value * seconds / Decimal(60)}


def _duration_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    minutes: Decimal | None = values["duration"]
    return {"duration": Duration(value=minutes, units=MINUTES)} if minutes is not None else {}


def _mode_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    mode: str | None = values["transmission_mode"]
    if mode is None:
        return {}
    try:
        return {"transmission_mode": TransmissionModeKind(mode)}
    except ValueError:
        ctx.gap("transmissionMode", mode, "not a TransmissionModeKind (normal, anonymous, both)")
        return {}


def _mode_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    mode: TransmissionModeKind | None = values["transmission_mode"]
    return {"transmission_mode": mode.value} if mode is not None else {}


field_codec(
    "v5_display_lines",
    _lines_to_cim,
    _lines_to_msp,
    "msgLine texts in sequence order ⇄ textMessage lines (renumbered 1…n)",
)
field_codec(
    "v5_display_duration", _duration_to_cim, _duration_to_msp, "duration ⇄ duration in minutes"
)
field_codec(
    "v5_display_mode", _mode_to_cim, _mode_to_msp, "transmissionMode ⇄ TransmissionModeKind"
)

PAN_DISPLAY: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=DisplayText,
    cim_class=PanDisplay,
    msp_objects=("premisesDisplayMessage",),
    rules=(
        Transform(("msg_lines",), ("text_message",), "v5_display_lines", "the text"),
        Transform(("duration",), ("duration",), "v5_display_duration", "how long"),
        Correlate("priority", "priority"),
        Transform(
            ("transmission_mode",), ("transmission_mode",), "v5_display_mode", "how it is sent"
        ),
        Correlate("confirmation_required", "confirmation_required"),
        Correlate("start_time", "start_date_time"),
        carried_cim("command", "PanDisplay.command"),
        carried_cim("duration_indefinite", "PanDisplay.durationIndefinite", "boolean"),
    ),
)
"""premisesDisplayMessage ⇄ PanDisplay."""


def _identity_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    guid: str | None = values["object_guid"]
    primary: SingleIdentifier | None = values["primary_identifier"]
    out: dict[str, Any] = {"mrid": guid}
    if primary is None:
        return out
    if primary.identifier_name == "mRID" and guid == derived_guid(primary.value):
        return {"mrid": primary.value}
    if primary.identifier_name != TRACKING or primary.identifier_label is not None:
        reason = f"issuerTrackingID has no name or label: it comes back named {TRACKING}"
        ctx.gap("primaryIdentifier/@identifierName", primary.identifier_name, reason, lost=False)
    return {**out, "issuer_tracking_id": primary.value}


def _identity_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    mrid: str | None = values["mrid"]
    tracking: str | None = values["issuer_tracking_id"]
    if mrid is None:
        guid = derived_guid(ctx.path)
        ctx.gap("mRID", "(none)", "no mRID: objectGUID is uuid5 of the control's path", lost=False)
    elif is_guid(mrid):
        guid = mrid
    else:
        guid = derived_guid(mrid)
        if tracking is not None:
            ctx.gap("mRID", mrid, "not a MultiSpeakGUID and the identifier is taken: lost")
        else:
            ctx.gap("mRID", mrid, "not a MultiSpeakGUID: objectGUID is uuid5 of it", lost=False)
            primary = SingleIdentifier(value=mrid, identifier_name="mRID")
            return {"object_guid": guid, "primary_identifier": primary}
    name = TRACKING if tracking is not None else "mRID"
    primary = SingleIdentifier(value=tracking or guid, identifier_name=name)
    return {"object_guid": guid, "primary_identifier": primary}


def _type_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    return {"end_device_control_type": Ref(PAN_DISPLAY_TYPE)}


def _type_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    found: Ref | None = values["end_device_control_type"]
    if found is None or found.ref != PAN_DISPLAY_TYPE:
        reason = f"a premises display message is control type {PAN_DISPLAY_TYPE}"
        ctx.gap("EndDeviceControlType", found.ref if found else None, reason, lost=False)
    return {}


field_codec(
    "v5_display_identity",
    _identity_to_cim,
    _identity_to_msp,
    "@objectGUID ⇄ mRID (non-GUID as uuid5, identifier 'mRID'); primaryIdentifier ⇄ "
    "issuerTrackingID",
)
field_codec(
    "v5_display_type",
    _type_to_cim,
    _type_to_msp,
    f"a premises display message ⇄ EndDeviceControlType {PAN_DISPLAY_TYPE}",
)

DISPLAY_MESSAGE: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=PremisesDisplayMessage,
    cim_class=EndDeviceControl,
    msp_objects=(
        "PAN_Server: InitiatePremisesDisplayMessages (PANAddressingGroup ⇄ EndDevices, "
        "responseURL ⇄ ReplyAddress, transactionID ⇄ CorrelationID, in the message)",
        "premisesDisplayMessage",
    ),
    rules=(
        Transform(
            ("object_guid", "primary_identifier"),
            ("mrid", "issuer_tracking_id"),
            "v5_display_identity",
            "the message's identity",
        ),
        Transform((), ("end_device_control_type",), "v5_display_type", "the control type"),
        part(PAN_DISPLAY, cim="pan_display", within=(PremisesDisplayMessage, EndDeviceControl)),
        Correlate("reason", "reason"),
        carried_cim("dr_program_level", "EndDeviceControl.drProgramLevel", "integer"),
        carried_cim("dr_program_mandatory", "EndDeviceControl.drProgramMandatory", "boolean"),
        carried_cim("issuer_id", "EndDeviceControl.issuerID"),
        carried_cim("price_signal", "EndDeviceControl.priceSignal", "decimal"),
        Gap(Side.MSP, "comments", _NOT_CIM),
        Gap(Side.MSP, "is_alert", _NOT_CIM),
        Gap(Side.MSP, "alert_level", _NOT_CIM),
        Gap(Side.MSP, "secondary_identifier", _NOT_CIM),
        Gap(Side.MSP, "utility", _NOT_CIM),
        Gap(Side.MSP, "error_objects", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "extensions_list", VENDOR_EXTENSION),
        Gap(Side.CIM, "pan_demand_response", "a display message demands no response"),
        Gap(Side.CIM, "pan_pricing", "prices go to InitiatePANPricing"),
        Gap(Side.CIM, "primary_device_timing", "MultiSpeak has no place for it"),
        Gap(Side.CIM, "secondary_device_timing", "MultiSpeak has no place for it"),
        Gap(Side.CIM, "usage_points", "MultiSpeak addresses displays by PAN interface"),
        Gap(Side.CIM, "usage_point_groups", "MultiSpeak addresses displays by PAN interface"),
    ),
)
"""premisesDisplayMessage ⇄ EndDeviceControl (PanDisplay)."""

TABLES: Final = (DISPLAY_MESSAGE, PAN_DISPLAY)
"""The tables of the profile, for the catalogue."""
