"""The device functions of profile EndDeviceAssets (IEC TS 61968-14 8.5–8.11), with their tables.

- ComFunction ⇄ ``module`` (``COM_FUNCTION``); ``meterCommAddress`` ⇄ the first ComFunction's
  ``amrAddress`` (codec ``com_functions``).
- ConnectDisconnectFunction ⇄ ``meterConnectionStatus`` and ``remoteReconnectSetting``, through
  the declared code tables ``CONNECTION_STATES`` and ``RECONNECT_SETTINGS``.
- ElectricMeteringFunction ⇄ the multipliers and ratings of ``electricNameplate``
  (``ELECTRIC_METERING_FUNCTION``).
- ReadingType and Register ⇄ ``configuredReadingType`` (``REGISTER``): the ReadingType code is
  built as profile 8.17 builds it (``reading_type_codec``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Final

from mspcim.cim.end_device_assets import (
    ComFunction,
    ConnectDisconnectFunction,
    ElectricMeteringFunction,
    EndDevice,
    ReadingType,
    Register,
    RemoteConnectDisconnectInfo,
)
from mspcim.cim.identified_object import Name
from mspcim.harmonize.carriers import carried_cim
from mspcim.harmonize.codecs import FIELD_CODECS, TranslationContext, field_codec
from mspcim.harmonize.end_device_codecs import (
    PROFILE_END_DEVICE_ASSETS,
    VENDOR_EXTENSION,
    carried_msp,
    typed_name,
)
from mspcim.harmonize.parts import part, take
from mspcim.harmonize.reading_type_codec import code_for_reading_value
from mspcim.harmonize.rules import Correlate, Gap, Side, Table, Transform
from mspcim.multispeak.v41.meter import (
    ConfiguredReadingType,
    ElectricNameplate,
    MeterConnectionStatus,
    Module,
    ReadingTypeCode,
    RemoteReconnectSetting,
)

__all__ = [
    "CLAUSE",
    "COM_FUNCTION",
    "CONNECTION_STATES",
    "ELECTRIC_METERING_FUNCTION",
    "METERING_FUNCTION_PART",
    "RECONNECT_SETTINGS",
    "REGISTER",
]

PROFILE: Final = PROFILE_END_DEVICE_ASSETS
CLAUSE: Final = "8.5–8.11"
_VENDOR: Final = VENDOR_EXTENSION
_CODE_NAME: Final = "readingTypeCode.name"


# --- 8.6 ComFunction ⇄ module (with meterCommAddress)

COM_FUNCTION = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=Module,
    cim_class=ComFunction,
    msp_objects=("electricMeter/moduleList/module",),
    rules=(
        Correlate("object_id", "mrid"),
        Correlate("firmware_version", "firmware_id"),
        *(
            carried_msp(field, element, "ComFunctionNames", codec)
            for field, element, codec in (
                ("object_name", "objectName", "text"),
                ("comments", "comments", "text"),
                ("utility", "utility", "text"),
                ("device_class", "deviceClass", "text"),
                ("in_service_date", "inServiceDate", "datetime"),
                ("out_service_date", "outServiceDate", "datetime"),
                ("facility_id", "facilityID", "text"),
                ("manufacturer", "manufacturer", "text"),
                ("serial_number", "serialNumber", "text"),
                ("description", "description", "text"),
                ("module_type", "moduleType", "text"),
            )
        ),
        Gap(Side.MSP, "asset_fields", "a module's assetFields have no ComFunction attribute"),
        Gap(Side.MSP, "verb", "CIM states the action in the Header Verb"),
        Gap(Side.MSP, "error_string", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "replace_id", "no CIM counterpart"),
        Gap(Side.MSP, "extensions_list", _VENDOR),
        carried_cim("amr_router", "ComFunction.amrRouter"),
        carried_cim("two_way", "ComFunction.twoWay", "boolean"),
        Gap(Side.CIM, "com_function_names", "ComFunction name of a type module has no element for"),
    ),
)


def _address_only(function: ComFunction) -> bool:
    return function.amr_address is not None and all(
        item.name == "amr_address" or not getattr(function, item.name)
        for item in dataclasses.fields(function)
    )


def _com_functions_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    functions: list[ComFunction] = [
        ctx.nested(COM_FUNCTION, module, f"{ctx.path}/moduleList/module[{index}]")
        for index, module in enumerate(values["module_list"] or [], start=1)
    ]
    address = values["meter_comm_address"]
    if address:
        if functions:
            functions[0].amr_address = address
        else:
            functions.append(ComFunction(amr_address=address))
    return {"com_functions": functions}


def _com_functions_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    functions: list[ComFunction] = values["com_functions"] or []
    modules = [
        ctx.nested(COM_FUNCTION, function, f"{ctx.path}/ComFunction[{index}]")
        for index, function in enumerate(functions, start=1)
        if not _address_only(function)
    ]
    for function in functions[1:]:
        if function.amr_address:
            ctx.gap(
                "com_functions",
                function.amr_address,
                "meterCommAddress holds the amrAddress of the first ComFunction only",
            )
    return {
        "module_list": modules,
        "meter_comm_address": functions[0].amr_address if functions else None,
    }


field_codec(
    "meter_modules",
    _com_functions_to_cim,
    _com_functions_to_msp,
    "module ⇄ ComFunction (table COM_FUNCTION); meterCommAddress ⇄ amrAddress of the first "
    "ComFunction (one holding nothing else when the meter has no module)",
)


# --- 8.7 ConnectDisconnectFunction ⇄ meterConnectionStatus, remoteReconnectSetting

CONNECTION_STATES: Final[dict[MeterConnectionStatus, bool | None]] = {
    MeterConnectionStatus.CONNECTED: True,
    MeterConnectionStatus.DISCONNECTED: False,
    MeterConnectionStatus.DISCONNECTED_NON_PAY: False,
    MeterConnectionStatus.OTHER: None,
    MeterConnectionStatus.UNKNOWN: None,
}
"""meterConnectionStatus ⇄ ConnectDisconnectFunction.isConnected; statuses the CIM value does
not tell apart (DisconnectedNonPay, Other, Unknown) also travel as a ``meterConnectionStatus``
name of the device."""

RECONNECT_SETTINGS: Final[dict[RemoteReconnectSetting, dict[str, bool]]] = {
    RemoteReconnectSetting.CONNECT: {"is_arm_connect": False},
    RemoteReconnectSetting.ARM: {"is_arm_connect": True, "use_pushbutton": True},
    RemoteReconnectSetting.POWER_LIMITATION: {"is_energy_limiting": True},
}
"""remoteReconnectSetting ⇄ rcdInfo flags; the other settings travel as a name of the device."""

_STATUS_NAME: Final = "meterConnectionStatus"
_SETTING_NAME: Final = "remoteReconnectSetting"


def _connect_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    status: MeterConnectionStatus | None = values["meter_connection_status"]
    setting: RemoteReconnectSetting | None = values["remote_reconnect_setting"]
    names: list[Name] = []
    function = ConnectDisconnectFunction()
    if status is not None:
        function.is_connected = CONNECTION_STATES[status]
        if status not in (MeterConnectionStatus.CONNECTED, MeterConnectionStatus.DISCONNECTED):
            names.append(typed_name(status.value, _STATUS_NAME))
    if setting is not None:
        if setting in RECONNECT_SETTINGS:
            function.rcd_info = RemoteConnectDisconnectInfo(**RECONNECT_SETTINGS[setting])
        else:
            names.append(typed_name(setting.value, _SETTING_NAME))
    if function == ConnectDisconnectFunction():
        return {"end_device_names": names}
    return {"connect_disconnect_function": function, "end_device_names": names}


def _setting_of(info: RemoteConnectDisconnectInfo) -> RemoteReconnectSetting | None:
    flags = {item.name: getattr(info, item.name) for item in dataclasses.fields(info)}
    for setting, wanted in RECONNECT_SETTINGS.items():
        if {name: value for name, value in flags.items() if value is not None} == wanted:
            return setting
    return None


def _connect_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    function: ConnectDisconnectFunction | None = values["connect_disconnect_function"]
    carried: dict[str, str] = {}
    for name in values["end_device_names"] or []:
        if name.type_name in (_STATUS_NAME, _SETTING_NAME) and name.type_name not in carried:
            carried[str(name.type_name)] = name.name
            take(ctx, name)
    out: dict[str, Any] = {}
    if _STATUS_NAME in carried:
        out["meter_connection_status"] = MeterConnectionStatus(carried[_STATUS_NAME])
    elif function is not None and function.is_connected is not None:
        out["meter_connection_status"] = (
            MeterConnectionStatus.CONNECTED
            if function.is_connected
            else MeterConnectionStatus.DISCONNECTED
        )
    info = function.rcd_info if function is not None else None
    setting = _setting_of(info) if info is not None else None
    if _SETTING_NAME in carried:
        out["remote_reconnect_setting"] = RemoteReconnectSetting(carried[_SETTING_NAME])
    elif setting is not None:
        out["remote_reconnect_setting"] = setting
    if info is not None and setting is None:
        ctx.gap("connect_disconnect_function", info, "no remoteReconnectSetting has these flags")
    return out


field_codec(
    "meter_connection_status",
    _connect_to_cim,
    _connect_to_msp,
    "meterConnectionStatus ⇄ isConnected, remoteReconnectSetting ⇄ rcdInfo flags (declared "
    "tables CONNECTION_STATES, RECONNECT_SETTINGS; other values as names of the device)",
)


# --- 8.8 ElectricMeteringFunction ⇄ electricNameplate multipliers and ratings

ELECTRIC_METERING_FUNCTION = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=ElectricNameplate,
    cim_class=ElectricMeteringFunction,
    msp_objects=("electricMeter/electricNameplate",),
    rules=(
        Correlate("multiplier", "billing_multiplier"),
        Correlate("demand_mult", "demand_multiplier"),
        Correlate("max_amperage", "current_rating"),
        Transform(("elements_voltage",), ("voltage_rating",), "nameplate_voltage", "volts as text"),
    ),
)

METERING_FUNCTION_PART: Final = part(
    ELECTRIC_METERING_FUNCTION,
    cim="electric_metering_function",
    within=(ElectricNameplate, EndDevice),
    note="multiplier, demandMult, maxAmperage, elementsVoltage ⇄ ElectricMeteringFunction",
)

# --- 8.10, 8.11 ReadingType and Register ⇄ configuredReadingType


def _register_type_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    code = code_for_reading_value(values, ctx)
    given: ReadingTypeCode | None = values["reading_type_code"]
    names = [Name(name=values["field_name"])] if values["field_name"] else []
    if given is not None and given.name:
        names.append(typed_name(given.name, _CODE_NAME))
    return {"reading_type": ReadingType(mrid=str(code), reading_type_names=names)}


def _register_type_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    reading_type: ReadingType | None = values["reading_type"]
    if reading_type is None:
        return {}
    description = FIELD_CODECS["reading_type"].to_msp({"reading_type": reading_type.mrid}, ctx)
    code = description["reading_type_code"]
    out: dict[str, Any] = {
        "units": description.get("units"),
        "reading_type": description.get("reading_type"),
        "reading_type_code": ReadingTypeCode(
            **{item.name: getattr(code, item.name) for item in dataclasses.fields(code)}
        ),
    }
    for name in reading_type.reading_type_names:
        if name.type_name is None and "field_name" not in out:
            out["field_name"] = name.name
        elif name.type_name == _CODE_NAME:
            out["reading_type_code"].name = name.name
        else:
            ctx.gap("reading_type", name.name, "configuredReadingType has no place for this name")
    return out


field_codec(
    "configured_reading_type",
    _register_type_to_cim,
    _register_type_to_msp,
    "units, readingType, readingTypeCode ⇄ the ReadingType code (as profile 8.17 builds it); "
    "fieldName ⇄ ReadingType Names/name, readingTypeCode/@name ⇄ a typed name",
)

REGISTER = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=ConfiguredReadingType,
    cim_class=Register,
    msp_objects=("electricMeter/configuredReadingTypes/configuredReadingType",),
    rules=(
        Transform(
            ("units", "reading_type", "reading_type_code", "field_name"),
            ("reading_type",),
            "configured_reading_type",
            "the ReadingType of the register",
        ),
        carried_msp("name", "name", "RegisterNames"),
        Gap(Side.MSP, "extensions_list", _VENDOR),
        carried_cim("mrid", "Register.mRID"),
        carried_cim("left_digit_count", "Register.leftDigitCount", "integer"),
        carried_cim("right_digit_count", "Register.rightDigitCount", "integer"),
        Gap(Side.CIM, "register_names", "Register name of a type MultiSpeak has no element for"),
    ),
)
