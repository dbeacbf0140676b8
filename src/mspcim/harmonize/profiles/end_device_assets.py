"""Profile EndDeviceAssets, IEC TS 61968-14 8.5–8.11: MultiSpeak ``electricMeter`` ⇄ EndDevice.

``END_DEVICE`` maps the device (EndDeviceAsset); its functions and registers have
the tables of ``end_device_functions`` (ComFunction, ConnectDisconnectFunction,
ElectricMeteringFunction, ReadingType, Register). The device's sub-objects — lifecycle, status,
model, nameplate, location fields, utilityInfo — have tables of their own here, joined with
``parts.part``.

MultiSpeak values with no CIM attribute travel as the device's Names (NameType = MultiSpeak
element name); CIM values with no MultiSpeak element travel in ``extensionsList`` items named
``CIM.<Class>.<attribute>``. The meter identity follows profile 8.17 (meterID ⇄ Names by
NameType, objectID ⇄ mRID). MeterAssetConfig (8.15) reuses these tables (``device_rules``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from mspcim.cim.end_device_assets import (
    AssetModel,
    EndDevice,
    EndDeviceConfig,
    EndDeviceInfo,
    LifecycleDate,
)
from mspcim.cim.identified_object import Status
from mspcim.harmonize.carriers import carried_cim
from mspcim.harmonize.end_device_codecs import (
    PROFILE_END_DEVICE_ASSETS,
    VENDOR_EXTENSION,
    carried_msp,
    reported_items,
)
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.parts import part
from mspcim.harmonize.profiles.end_device_functions import (
    CLAUSE,
    METERING_FUNCTION_PART,
    REGISTER,
)
from mspcim.harmonize.rules import Correlate, Gap, Nest, Rule, Side, Table, Transform
from mspcim.harmonize.utility_info_codecs import (
    CUSTOMER_REFERENCE,
    SERVICE_LOCATION_REFERENCE,
)
from mspcim.multispeak.v41.meter import (
    ElectricLocationFields,
    ElectricMeter,
    ElectricNameplate,
    UtilityInfo,
)

__all__ = [
    "ASSET_MODEL",
    "END_DEVICE",
    "END_DEVICE_INFO",
    "LIFECYCLE",
    "LOCATION_FIELDS",
    "NAMEPLATE",
    "STATUS",
    "UTILITY_INFO",
    "device_rules",
    "nameplate_table",
    "to_cim",
    "to_msp",
]

PROFILE: Final = PROFILE_END_DEVICE_ASSETS
_VENDOR: Final = VENDOR_EXTENSION

_NAMEPLATE_CARRIED: Final = (
    ("frequency", "frequency", "nameplate_frequency"),
    ("number_of_elements", "numberOfElements", "text"),
    ("base_type", "baseType", "text"),
    ("accuracy_class", "accuracyClass", "text"),
    ("supply_voltage", "supplyVoltage", "text"),
    ("test_amperage", "testAmperage", "decimal"),
    ("reg_ratio", "regRatio", "decimal"),
    ("wires", "wires", "integer"),
    ("dials", "dials", "integer"),
)


def nameplate_table(cim_class: type, meter_rules: tuple[Rule, ...]) -> Table:
    """The table of ``electricNameplate`` ⇄ the device ``cim_class`` (EndDevice or Meter)."""
    return Table(
        name=PROFILE,
        clause=CLAUSE,
        msp_class=ElectricNameplate,
        cim_class=cim_class,
        msp_objects=("electricMeter/electricNameplate",),
        rules=(
            Correlate("phases", "phase_count"),
            METERING_FUNCTION_PART,
            *meter_rules,
            *(
                carried_msp(field, f"electricNameplate.{element}", "EndDeviceNames", codec)
                for field, element, codec in _NAMEPLATE_CARRIED
            ),
            Gap(
                Side.MSP,
                "supported_reading_types",
                "the ReadingTypes a meter could register are not part of the profile",
            ),
        ),
    )


NAMEPLATE: Final = nameplate_table(
    EndDevice,
    tuple(
        carried_msp(field, f"electricNameplate.{element}", "EndDeviceNames", codec)
        for field, element, codec in (
            ("kh", "kh", "decimal"),
            ("kr", "kr", "decimal"),
            ("form", "form", "text"),
        )
    ),
)
"""electricNameplate ⇄ EndDevice: kh, kr and form are a MeterAsset's (see MeterAssetConfig)."""


# --- the device's sub-objects

LIFECYCLE = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=ElectricMeter,
    cim_class=LifecycleDate,
    rules=(
        Correlate("installed_date", "installation_date"),
        Correlate("removed_date", "removal_date"),
        carried_cim("retired_date", "LifecycleDate.retiredDate", "datetime"),
    ),
)

STATUS = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=ElectricMeter,
    cim_class=Status,
    rules=(
        Transform(("meter_status_list",), ("value",), "meter_status_list", "the status"),
        carried_cim("date_time", "Status.dateTime", "datetime"),
        carried_cim("reason", "Status.reason"),
        carried_cim("remark", "Status.remark"),
    ),
)

ASSET_MODEL = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=ElectricMeter,
    cim_class=AssetModel,
    rules=(
        Correlate("catalog_number", "model_number"),
        Correlate("manufacturer", "manufacturer", codec="manufacturer_name"),
        carried_cim("model_version", "AssetModel.modelVersion"),
    ),
)

END_DEVICE_INFO = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=ElectricMeter,
    cim_class=EndDeviceInfo,
    rules=(part(ASSET_MODEL, cim="asset_model", within=(ElectricMeter, EndDeviceInfo)),),
)

LOCATION_FIELDS = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=ElectricLocationFields,
    cim_class=EndDevice,
    msp_objects=("electricMeter/electricLocationFields",),
    rules=(
        *(
            carried_msp(field, f"electricLocationFields.{element}", "EndDeviceNames")
            for field, element in (
                ("substation_code", "substationCode"),
                ("substation_name", "substationName"),
                ("feeder_code", "feederCode"),
                ("bus", "bus"),
                ("phase_code", "phaseCode"),
                ("transformer_bank_id", "transformerBankID"),
                ("linemen_service_area", "linemenServiceArea"),
                ("pole_no", "poleNo"),
            )
        ),
        Gap(Side.MSP, "ea_loc", "the engineering-analysis location is not part of the profile"),
    ),
)

UTILITY_INFO = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=UtilityInfo,
    cim_class=EndDevice,
    msp_objects=("electricMeter/utilityInfo",),
    rules=(
        Transform(("customer_id",), ("customer",), CUSTOMER_REFERENCE, "the customer"),
        Transform(
            ("service_location_id",),
            ("service_location",),
            SERVICE_LOCATION_REFERENCE,
            "the service location",
        ),
        Transform(
            ("service_id",), ("usage_point",), "utility_info_service_id", "the service point"
        ),
        *(
            carried_msp(field, f"utilityInfo.{element}", "EndDeviceNames")
            for field, element in (
                ("owner", "owner"),
                ("district", "district"),
                ("account_number", "accountNumber"),
            )
        ),
        Gap(Side.MSP, "gps_point", "coordinates belong to the ServiceLocation (not this profile)"),
    ),
)


_NO_HIERARCHY = "the CIM profile has no association between meters"
_PARENT_METERS: Final = reported_items("parent_meters_lost", "parent_meter_list", _NO_HIERARCHY)
_SUB_METERS: Final = reported_items("sub_meters_lost", "sub_meter_list", _NO_HIERARCHY)
_BILLING: Final = reported_items(
    "billing_status_lost",
    "billing_status_information",
    "billing amounts belong to the customer account, not the device",
)


def device_rules(nameplate: Table) -> tuple[Rule, ...]:
    """The rules of ``electricMeter`` ⇄ a device (EndDevice or Meter) with ``nameplate``."""
    within = (ElectricMeter, nameplate.cim_class)
    return (
        Transform(
            ("object_id", "meter_no", "utility"),
            ("mrid", "end_device_names"),
            "electric_meter_identity",
            "the meter identity, as in profile 8.17",
        ),
        Correlate("comments", "description"),
        Correlate("serial_number", "serial_number"),
        Correlate("amr_vendor", "amr_system"),
        Correlate("meter_type", "asset_type"),
        part(LIFECYCLE, cim="lifecycle", within=within, note="installedDate, removedDate"),
        part(STATUS, cim="status", within=within, note="meterStatusList ⇄ status"),
        part(END_DEVICE_INFO, cim="end_device_info", within=within, note="manufacturer, model"),
        Transform(
            ("module_list", "meter_comm_address"),
            ("com_functions",),
            "meter_modules",
            "AMR modules and the communication address",
        ),
        Transform(
            ("meter_connection_status", "remote_reconnect_setting"),
            ("connect_disconnect_function", "end_device_names"),
            "meter_connection_status",
            "the service switch",
        ),
        part(nameplate, msp="electric_nameplate", within=within, note="the nameplate"),
        part(LOCATION_FIELDS, msp="electric_location_fields", within=within, note="network"),
        part(UTILITY_INFO, msp="utility_info", within=within, note="customer and service"),
        Nest("configured_reading_types", "registers", REGISTER, msp_item="configuredReadingType"),
        Transform(("seal_number_list",), ("seals",), "meter_seal_numbers", "the seals"),
        carried_msp("object_name", "objectName", "EndDeviceNames"),
        carried_msp("metrology_firmware_version", "metrologyFirmwareVersion", "EndDeviceNames"),
        carried_msp("metrology_firmware_revision", "metrologyFirmwareRevision", "EndDeviceNames"),
        carried_msp("amr_device_type", "AMRDeviceType", "EndDeviceNames"),
        carried_msp("billing_cycle", "billingCycle", "EndDeviceNames"),
        carried_msp("meter_base_id", "meterBaseID", "EndDeviceNames"),
        Gap(Side.MSP, "verb", "CIM states the action in the Header Verb"),
        Gap(Side.MSP, "error_string", "CIM reports errors in Reply/Error"),
        Gap(Side.MSP, "replace_id", "no CIM counterpart"),
        Transform(("parent_meter_list",), (), _PARENT_METERS, "parent meters (reported lost)"),
        Transform(("sub_meter_list",), (), _SUB_METERS, "sub meters (reported lost)"),
        Transform(("billing_status_information",), (), _BILLING, "billing status (reported lost)"),
        Gap(Side.MSP, "extensions_list", _VENDOR),
        Gap(Side.CIM, "end_device_names", "name of a type MultiSpeak has no element for"),
    )


END_DEVICE = Table(
    name=PROFILE,
    clause=CLAUSE,
    msp_class=ElectricMeter,
    cim_class=EndDevice,
    msp_objects=(
        "MR/MDM/EA/OA/NOT_Server: MeterAddNotification, MeterChangedNotification, "
        "MeterRemoveNotification, MeterRetireNotification (as EndDeviceConfig events)",
        "electricMeter",
    ),
    rules=device_rules(NAMEPLATE),
)


def to_cim(
    meters: Iterable[ElectricMeter], report: GapReport | None = None, path: str = ""
) -> EndDeviceConfig:
    """MultiSpeak electricMeters as one CIM EndDeviceConfig (EndDeviceAssets) document."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return EndDeviceConfig(
        end_devices=[
            translate(END_DEVICE, meter, Direction.TO_CIM, shared, f"{path}/electricMeter[{index}]")
            for index, meter in enumerate(meters, start=1)
        ]
    )


def to_msp(
    document: EndDeviceConfig, report: GapReport | None = None, path: str = "/EndDeviceConfig"
) -> list[ElectricMeter]:
    """A CIM EndDeviceConfig document as MultiSpeak electricMeters."""
    shared = TranslationState(report=report if report is not None else GapReport(), profile=PROFILE)
    return [
        translate(END_DEVICE, device, Direction.TO_MSP, shared, f"{path}/EndDevice[{index}]")
        for index, device in enumerate(document.end_devices, start=1)
    ]
