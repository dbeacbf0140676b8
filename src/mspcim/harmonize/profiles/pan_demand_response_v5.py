"""Profile PANDemandResponse, IEC TS 61968-14 clause 9: 5.0 ``demandResponseEvent`` ⇄ CIM.

MultiSpeak 5.0 starts demand response events with DR_Server ``InitiateDemandResponseEvents``;
the CIM with one EndDeviceControl per event, of type ``PAN_DEMAND_RESPONSE``
(panDevice.loadControl.start), whose PanDemandResponse says what the devices do. Declared:

- ``@referableID`` ⇄ mRID; ``timeStamp`` ⇄ ``startDateTime`` (required by MultiSpeak);
  ``eventReason`` ⇄ ``reason``; ``eventDuration`` ⇄ ``duration`` in minutes;
- ``DRProgramID`` ⇄ ``enrollmentGroup``: its GUID, or for a group that is no GUID the uuid5 of
  it with a primary identifier named ``enrollmentGroup`` (read back as the group);
- ``deviceClasses`` ⇄ the ControlledAppliance flags, by the declared ``DEVICE_CLASSES``;
- ``randomizeEventStart`` / ``randomizeEventEnd`` ⇄ ``primaryDeviceTiming/randomisation``;
- set points and offsets ⇄ the CIM's (degrees Celsius: degreesF and degreesK converted and
  reported); ``averageLoadAdjustment``, ``dutyCycle`` 1:1; ``criticality`` ⇄
  ``criticalityLevel``;
- CIM values MultiSpeak has no element for travel in ``extensionsList``; ``eventDescription``,
  ``modificationNumber`` and ``requestedAccumulationMode`` have no CIM place (reported).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from mspcim.cim.end_device_controls import (
    ControlledAppliance,
    EndDeviceControl,
    EndDeviceTiming,
    PanDemandResponse,
    RandomisationKind,
    Ref,
)
from mspcim.exceptions import MappingError
from mspcim.harmonize.carriers import carried_cim
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.end_device_codecs import VENDOR_EXTENSION
from mspcim.harmonize.parts import part
from mspcim.harmonize.profiles.customer_identity_v5 import derived_guid, is_guid
from mspcim.harmonize.profiles.pan_display_v5 import MINUTES
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.multispeak.v41.msp_binding import SECONDS_PER_UNIT
from mspcim.multispeak.v50.demand_response import DemandResponseEvent, Temperature
from mspcim.multispeak.v50.identity import ObjectID, SingleIdentifier
from mspcim.multispeak.v50.pan import Duration

__all__ = [
    "CLAUSE",
    "DEMAND_RESPONSE_EVENT",
    "DEVICE_CLASSES",
    "PAN_DEMAND_RESPONSE",
    "PAN_DEMAND_RESPONSE_PART",
    "PROFILE",
    "RANDOMISATION",
    "TABLES",
]

PROFILE: Final = "PANDemandResponse"
CLAUSE: Final = "9"
PAN_DEMAND_RESPONSE: Final = "12.15.0.54"
"""EndDeviceControlType of a demand response event sent to a PAN (panDevice.loadControl.start)."""
ENROLLMENT_GROUP: Final = "enrollmentGroup"
CELSIUS: Final = "degreesC"
DEVICE_CLASSES: Final[dict[str, str]] = {
    "HVAC Compressor or Furnace": "is_hvac_compressor_or_furnace",
    "Strip Heaters/Baseboard Heaters": "is_strip_and_baseboard_heater",
    "Water Heater": "is_water_heater",
    "Pool Pump/Spa/Jacuzzi": "is_pool_pump_spa_jacuzzi",
    "Smart Appliances": "is_smart_appliance",
    "Irrigation Pump": "is_irrigation_pump",
    "Managed Commercial & Industrial Loads": "is_managed_commercial_industrial_load",
    "Simple Misc. Loads": "is_simple_misc_load",
    "Exterior Lighting": "is_exterior_lighting",
    "Interior Lighting": "is_interior_lighting",
    "Electric Vehicle": "is_electric_vehicle",
    "Generation Systems": "is_generation_system",
}
"""``deviceClass`` (the PAN device class names) ⇄ the ControlledAppliance flag it sets."""
RANDOMISATION: Final[dict[tuple[bool, bool], RandomisationKind]] = {
    (True, True): RandomisationKind.START_AND_END,
    (True, False): RandomisationKind.START,
    (False, True): RandomisationKind.END,
    (False, False): RandomisationKind.NONE,
}
"""(randomizeEventStart, randomizeEventEnd) ⇄ RandomisationKind."""
_NO_CIM: Final = "PanDemandResponse has no place for it"


def _program_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    program: ObjectID | None = values["dr_program_id"]
    if program is None:
        return {}
    primary = program.primary_identifier
    named = primary is not None and primary.identifier_name == ENROLLMENT_GROUP
    if named and primary is not None and derived_guid(primary.value) == program.object_guid:
        return {"enrollment_group": primary.value}
    if primary is not None:
        reason = "enrollmentGroup holds the program's GUID only"
        ctx.gap("DRProgramID/primaryIdentifier", primary.value, reason)
    return {"enrollment_group": program.object_guid}


def _program_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    group: str | None = values["enrollment_group"]
    if group is None:
        raise MappingError(
            "PanDemandResponse without enrollmentGroup: MultiSpeak needs the DRProgramID",
            xpath=f"{ctx.path}/enrollmentGroup",
        )
    if is_guid(group):
        return {"dr_program_id": ObjectID(object_guid=group)}
    primary = SingleIdentifier(value=group, identifier_name=ENROLLMENT_GROUP)
    return {"dr_program_id": ObjectID(object_guid=derived_guid(group), primary_identifier=primary)}


def _classes_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    classes: list[str] = values["device_classes"] or []
    if not classes:
        return {}
    flags: dict[str, bool] = {}
    for index, name in enumerate(classes, start=1):
        flag = DEVICE_CLASSES.get(name)
        if flag is None:
            ctx.gap(f"deviceClasses/deviceClass[{index}]", name, "no ControlledAppliance flag")
        else:
            flags[flag] = True
    return {"appliance": ControlledAppliance(**flags)} if flags else {}


def _classes_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    appliance: ControlledAppliance | None = values["appliance"]
    if appliance is None:
        return {}
    classes = [name for name, flag in DEVICE_CLASSES.items() if getattr(appliance, flag)]
    for spec in dataclasses.fields(appliance):
        if getattr(appliance, spec.name) is False:
            ctx.gap(f"appliance/{spec.name}", False, "a class not named is not controlled")
    return {"device_classes": classes}


def _duration_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    duration: Duration | None = values["event_duration"]
    if duration is None:
        return {}
    units = duration.units or MINUTES
    seconds = SECONDS_PER_UNIT.get(units)
    if seconds is None:
        ctx.gap("eventDuration", f"{duration.value} {units}", f"{units} have no fixed length")
        return {}
    if units != MINUTES:
        reason = "the CIM duration is in minutes: it comes back in Minutes"
        ctx.gap("eventDuration", f"{duration.value} {units}", reason, lost=False)
    return {"duration": duration.value * seconds / Decimal(60)}


def _duration_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    minutes: Decimal | None = values["duration"]
    return {"event_duration": Duration(value=minutes, units=MINUTES)} if minutes is not None else {}


def _celsius(temperature: Temperature, offset: bool, ctx: TranslationContext, where: str) -> Any:
    units = temperature.units or CELSIUS
    if units == CELSIUS:
        return temperature.value
    shown = f"{temperature.value} {units}"
    if units == "degreesF":
        value = temperature.value * 5 / 9 if offset else (temperature.value - 32) * 5 / 9
    elif units == "degreesK":
        value = temperature.value if offset else temperature.value - Decimal("273.15")
    else:
        ctx.gap(where, shown, "a temperature in unknown units")
        return None
    ctx.gap(where, shown, "the CIM temperature is in degrees Celsius", lost=False)
    return value


def _temperature_codec(msp: str, cim: str, offset: bool) -> str:
    name = f"v5_dr_temperature:{msp}"

    def to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        found: Temperature | None = values[msp]
        if found is None:
            return {}
        value = _celsius(found, offset, ctx, msp)
        return {cim: value} if value is not None else {}

    def to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        found: Decimal | None = values[cim]
        return {msp: Temperature(value=found, units=CELSIUS)} if found is not None else {}

    field_codec(name, to_cim, to_msp, "temperature ⇄ degrees Celsius (F and K converted)")
    return name


def _criticality_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    level: str | None = values["criticality_level"]
    if level is None:
        return {}
    try:
        return {"criticality": int(level)}
    except ValueError:
        ctx.gap("criticalityLevel", level, "MultiSpeak criticality is a number")
        return {}


def _start_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    if values["start_date_time"] is None:
        raise MappingError(
            "PanDemandResponse without startDateTime: MultiSpeak timeStamp is required",
            xpath=f"{ctx.path}/startDateTime",
        )
    return {"time_stamp": values["start_date_time"]}


field_codec("v5_dr_program", _program_to_cim, _program_to_msp, "DRProgramID ⇄ enrollmentGroup")
field_codec(
    "v5_dr_classes",
    _classes_to_cim,
    _classes_to_msp,
    "deviceClass ⇄ ControlledAppliance flags (DEVICE_CLASSES)",
)
field_codec(
    "v5_dr_duration", _duration_to_cim, _duration_to_msp, "eventDuration ⇄ duration in minutes"
)
field_codec(
    "v5_dr_criticality",
    lambda values, ctx: (
        {"criticality_level": str(values["criticality"])}
        if values["criticality"] is not None
        else {}
    ),
    _criticality_to_msp,
    "criticality ⇄ criticalityLevel",
)
field_codec(
    "v5_dr_start",
    lambda values, ctx: {"start_date_time": values["time_stamp"]},
    _start_to_msp,
    "timeStamp ⇄ startDateTime (required by MultiSpeak)",
)

PAN_DEMAND_RESPONSE_PART: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=DemandResponseEvent,
    cim_class=PanDemandResponse,
    msp_objects=("demandResponseEvent",),
    rules=(
        Transform(("time_stamp",), ("start_date_time",), "v5_dr_start", "when"),
        Transform(("dr_program_id",), ("enrollment_group",), "v5_dr_program", "the program"),
        Transform(("device_classes",), ("appliance",), "v5_dr_classes", "the appliances"),
        Transform(("event_duration",), ("duration",), "v5_dr_duration", "how long"),
        *(
            Transform((msp,), (cim,), _temperature_codec(msp, cim, offset), "a temperature")
            for msp, cim, offset in (
                ("heating_set_point", "heating_setpoint", False),
                ("cooling_set_point", "cooling_setpoint", False),
                ("heating_offset", "heating_offset", True),
                ("cooling_offset", "cooling_offset", True),
            )
        ),
        Correlate("average_load_adjustment", "avg_load_adjustment"),
        Correlate("duty_cycle", "duty_cycle"),
        Transform(("criticality",), ("criticality_level",), "v5_dr_criticality", "criticality"),
        carried_cim("cancel_control_mode", "PanDemandResponse.cancelControlMode"),
        carried_cim("cancel_date_time", "PanDemandResponse.cancelDateTime", "datetime"),
        carried_cim("cancel_now", "PanDemandResponse.cancelNow", "boolean"),
        carried_cim("command", "PanDemandResponse.command"),
        carried_cim("duration_indefinite", "PanDemandResponse.durationIndefinite", "boolean"),
    ),
)
"""demandResponseEvent ⇄ PanDemandResponse (the part the CIM states on the action)."""

_FLAGS: Final = {kind: flags for flags, kind in RANDOMISATION.items()}


def _timing_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    start, end = values["randomize_event_start"], values["randomize_event_end"]
    if start is None and end is None:
        return {}
    if start is None or end is None:
        reason = "an absent randomize flag is false: it comes back false"
        ctx.gap(
            "randomizeEventStart" if start is None else "randomizeEventEnd",
            "(none)",
            reason,
            lost=False,
        )
    kind = RANDOMISATION[(bool(start), bool(end))]
    return {"primary_device_timing": EndDeviceTiming(randomisation=kind)}


def _timing_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    timing: EndDeviceTiming | None = values["primary_device_timing"]
    if timing is None:
        return {}
    for spec in dataclasses.fields(timing):
        found = getattr(timing, spec.name)
        if spec.name != "randomisation" and found is not None:
            ctx.gap(f"primaryDeviceTiming/{spec.name}", found, "MultiSpeak has no place for it")
    flags = _FLAGS.get(timing.randomisation) if timing.randomisation is not None else None
    if flags is None:
        if timing.randomisation is not None:
            shown = timing.randomisation.value
            ctx.gap("primaryDeviceTiming/randomisation", shown, "no MultiSpeak randomize flags")
        return {}
    return {"randomize_event_start": flags[0], "randomize_event_end": flags[1]}


def _type_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    return {"end_device_control_type": Ref(PAN_DEMAND_RESPONSE)}


def _type_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    found: Ref | None = values["end_device_control_type"]
    if found is None or found.ref != PAN_DEMAND_RESPONSE:
        reason = f"a demand response event is control type {PAN_DEMAND_RESPONSE}"
        ctx.gap("EndDeviceControlType", found.ref if found else None, reason, lost=False)
    return {}


field_codec(
    "v5_dr_timing",
    _timing_to_cim,
    _timing_to_msp,
    "randomizeEventStart, randomizeEventEnd ⇄ primaryDeviceTiming/randomisation (RANDOMISATION)",
)
field_codec(
    "v5_dr_type",
    _type_to_cim,
    _type_to_msp,
    f"a demand response event ⇄ EndDeviceControlType {PAN_DEMAND_RESPONSE}",
)

DEMAND_RESPONSE_EVENT: Final = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=DemandResponseEvent,
    cim_class=EndDeviceControl,
    msp_objects=(
        "DR_Server: InitiateDemandResponseEvents (PANAddressingGroup ⇄ EndDevices, responseURL "
        "⇄ ReplyAddress, transactionID ⇄ CorrelationID, in the message)",
        "demandResponseEvent",
    ),
    rules=(
        Correlate("referable_id", "mrid"),
        Transform((), ("end_device_control_type",), "v5_dr_type", "the control type"),
        part(
            PAN_DEMAND_RESPONSE_PART,
            cim="pan_demand_response",
            within=(DemandResponseEvent, EndDeviceControl),
        ),
        Correlate("event_reason", "reason"),
        Transform(
            ("randomize_event_start", "randomize_event_end"),
            ("primary_device_timing",),
            "v5_dr_timing",
            "randomisation",
        ),
        carried_cim("dr_program_level", "EndDeviceControl.drProgramLevel", "integer"),
        carried_cim("dr_program_mandatory", "EndDeviceControl.drProgramMandatory", "boolean"),
        carried_cim("issuer_id", "EndDeviceControl.issuerID"),
        carried_cim("issuer_tracking_id", "EndDeviceControl.issuerTrackingID"),
        carried_cim("price_signal", "EndDeviceControl.priceSignal", "decimal"),
        Gap(Side.MSP, "event_description", "EndDeviceControl has no description"),
        Gap(Side.MSP, "modification_number", _NO_CIM),
        Gap(Side.MSP, "requested_accumulation_mode", _NO_CIM),
        Gap(Side.MSP, "error_objects", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "extensions_list", VENDOR_EXTENSION),
        Gap(Side.CIM, "pan_display", "display messages go to InitiatePremisesDisplayMessages"),
        Gap(Side.CIM, "pan_pricing", "prices go to InitiatePANPricing"),
        Gap(Side.CIM, "secondary_device_timing", "MultiSpeak has no place for it"),
        Gap(Side.CIM, "usage_points", "MultiSpeak addresses PAN devices by interface"),
        Gap(Side.CIM, "usage_point_groups", "MultiSpeak addresses PAN devices by interface"),
    ),
)
"""demandResponseEvent ⇄ EndDeviceControl (PanDemandResponse)."""

TABLES: Final = (DEMAND_RESPONSE_EVENT, PAN_DEMAND_RESPONSE_PART)
"""The tables of the profile, for the catalogue."""
