"""Profile 8.14 EndDeviceFirmware: MultiSpeak 4.1 configuration groups ⇄ CIM EndDeviceFirmware.

MultiSpeak 4.1 has no firmware operation, so most of the CIM profile has no counterpart — a
documented outcome, not an omission: firmware, program and hardware ids and the function password
are gaps. What does correspond: a meter put in a *configuration group* is an EndDevice whose
EndDeviceFunction runs that configuration (``configurationGroupID`` ⇄ ``configID``), and the
per-meter outcome (``configurationStatus``, ``errorString``s, ``timeStamp``) is the device's
``status``. Three tables: ``METER_CONFIGURATION_STATUS`` (the group ⇄ the document),
``CONFIGURATION_STATUS_ITEM`` (one meter ⇄ one EndDevice) and ``FIRMWARE_FUNCTION`` (the group
⇄ the device's EndDeviceFunction, with the firmware gaps).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from mspcim.cim.end_device_firmware import EndDevice, EndDeviceFirmware, EndDeviceFunction
from mspcim.cim.identified_object import Status
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.profiles.meter_read_schedule import meter_id_of, names_of_meter
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.multispeak.v41.meter_configuration import (
    ConfigurationStatusItem,
    MeterConfigurationStatus,
)

__all__ = [
    "CONFIGURATION_STATUS_ITEM",
    "ERROR_SEPARATOR",
    "FIRMWARE_FUNCTION",
    "METER_CONFIGURATION_STATUS",
    "to_cim",
    "to_msp",
]

PROFILE: Final = "EndDeviceFirmware"
ERROR_SEPARATOR: Final = "; "
"""Joins a meter's ``errorString``s into its status ``reason``."""

_NO_FIRMWARE = (
    "MultiSpeak 4.1 has no firmware operation (firmware versions exist only on the meter object, "
    "profile 8.15)"
)

FIRMWARE_FUNCTION = Table(
    name=PROFILE,
    clause="8.14",
    msp_class=MeterConfigurationStatus,
    cim_class=EndDeviceFunction,
    msp_objects=("meterConfigurationStatus/configurationGroupID",),
    rules=(
        Correlate("configuration_group_id", "config_id"),
        Gap(Side.CIM, "firmware_id", _NO_FIRMWARE),
        Gap(Side.CIM, "program_id", _NO_FIRMWARE),
        Gap(Side.CIM, "hardware_id", _NO_FIRMWARE),
        Gap(
            Side.CIM,
            "password",
            "credentials are never forwarded: the gateway authenticates each side itself",
            secret=True,
        ),
        Gap(Side.CIM, "enabled", "a configuration group cannot disable a meter function"),
        Gap(Side.CIM, "mrid", "MultiSpeak names no meter function"),
        Gap(Side.CIM, "names", "MultiSpeak names no meter function"),
    ),
)


def _meter_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    if values["meter_id"] is None:
        return {}
    mrid, names = names_of_meter(values["meter_id"])
    return {"mrid": mrid, "names": names}


def _meter_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    meter = meter_id_of(values["mrid"], values["names"], ctx, "names")
    return {"meter_id": meter} if meter is not None else {}


field_codec(
    "configured_meter",
    _meter_to_cim,
    _meter_to_msp,
    "meterID ⇄ EndDevice: @objectID (else the meter number) ⇄ mRID, text and attributes ⇄ Names",
)


def _status_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    errors: list[str] = values["error_string_list"]
    if values["configuration_status"] is None and values["time_stamp"] is None and not errors:
        return {}
    for error in errors:
        if ERROR_SEPARATOR in error:
            ctx.gap(
                "error_string_list",
                error,
                f"an errorString holding {ERROR_SEPARATOR!r} comes back split",
                lost=False,
            )
    return {
        "status": Status(
            value=values["configuration_status"] or "",
            date_time=values["time_stamp"],
            reason=ERROR_SEPARATOR.join(errors) if errors else None,
        )
    }


def _status_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    status: Status | None = values["status"]
    if status is None:
        return {}
    if status.remark:
        ctx.gap("status", status.remark, "configurationStatusItem has no remark")
    return {
        "configuration_status": status.value or None,
        "time_stamp": status.date_time,
        "error_string_list": status.reason.split(ERROR_SEPARATOR) if status.reason else [],
    }


field_codec(
    "configuration_status",
    _status_to_cim,
    _status_to_msp,
    f"configurationStatus ⇄ status/value, timeStamp ⇄ status/dateTime, errorStrings ⇄ "
    f"status/reason (joined by {ERROR_SEPARATOR!r})",
)

CONFIGURATION_STATUS_ITEM = Table(
    name=PROFILE,
    clause="8.14",
    msp_class=ConfigurationStatusItem,
    cim_class=EndDevice,
    msp_objects=("meterConfigurationStatus/configurationStatusList/configurationStatusItem",),
    rules=(
        Transform(("meter_id",), ("mrid", "names"), "configured_meter", "the meter"),
        Transform(
            ("configuration_status", "time_stamp", "error_string_list"),
            ("status",),
            "configuration_status",
            "how configuring the meter went",
        ),
    ),
)


def _devices_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    group = values["configuration_group_id"]
    devices = []
    for index, item in enumerate(values["configuration_status_list"], start=1):
        where = f"{ctx.path}/configurationStatusList/configurationStatusItem[{index}]"
        device = ctx.nested(CONFIGURATION_STATUS_ITEM, item, where)
        if group is not None:
            part = MeterConfigurationStatus(configuration_group_id=group)
            device.end_device_functions = [ctx.nested(FIRMWARE_FUNCTION, part, ctx.path)]
        devices.append(device)
    if group is not None and not devices:
        ctx.gap("configuration_group_id", group, "a group without meters configures no device")
    return {"end_devices": devices}


def _devices_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    items = []
    groups: list[str] = []
    for index, device in enumerate(values["end_devices"], start=1):
        where = f"{ctx.path}/EndDevice[{index}]"
        items.append(ctx.nested(CONFIGURATION_STATUS_ITEM, device, where))
        for number, function in enumerate(device.end_device_functions, start=1):
            part = ctx.nested(FIRMWARE_FUNCTION, function, f"{where}/EndDeviceFunctions[{number}]")
            if part.configuration_group_id is not None:
                groups.append(part.configuration_group_id)
    distinct = list(dict.fromkeys(groups))
    for other in distinct[1:]:
        ctx.gap("end_devices", other, "a meterConfigurationStatus names one configuration group")
    return {
        "configuration_status_list": items,
        "configuration_group_id": distinct[0] if distinct else None,
    }


field_codec(
    "configuration_group",
    _devices_to_cim,
    _devices_to_msp,
    "each configurationStatusItem ⇄ an EndDevice; configurationGroupID ⇄ the configID of its "
    "EndDeviceFunction (table EndDeviceFunction)",
)

METER_CONFIGURATION_STATUS = Table(
    name=PROFILE,
    clause="8.14",
    msp_class=MeterConfigurationStatus,
    cim_class=EndDeviceFirmware,
    msp_objects=(
        "CB_Server/MDM_Server/NOT_Server: MeterConfigurationNotification "
        "(meterConfigurationStatus)",
        "MR_Server/MDM_Server: InsertMeterInConfigurationGroup, RemoveMetersFromConfigurationGroup",
        "no counterpart: module/firmwareVersion, mspMeter/metrologyFirmwareVersion and "
        "metrologyFirmwareRevision travel with the meter object (profile 8.15 MeterAssetConfig)",
    ),
    rules=(
        Transform(
            ("configuration_group_id", "configuration_status_list"),
            ("end_devices",),
            "configuration_group",
            "the group's meters",
        ),
        Gap(Side.MSP, "extensions_list", "vendor extensionsItem with no CIM counterpart"),
    ),
)


def to_cim(
    status: MeterConfigurationStatus, report: GapReport | None = None, path: str = ""
) -> EndDeviceFirmware:
    """The EndDeviceFirmware document of a meterConfigurationStatus."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    result: EndDeviceFirmware = translate(
        METER_CONFIGURATION_STATUS, status, Direction.TO_CIM, shared, path
    )
    return result


def to_msp(
    document: EndDeviceFirmware, report: GapReport | None = None, path: str = f"/{PROFILE}"
) -> MeterConfigurationStatus:
    """The meterConfigurationStatus of an EndDeviceFirmware document."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    result: MeterConfigurationStatus = translate(
        METER_CONFIGURATION_STATUS, document, Direction.TO_MSP, shared, path
    )
    return result
