"""MultiSpeak 4.1 ``electricMeter`` and what it holds: nameplate, modules, utilityInfo and more.

As the 4.1.6 WSDLs declare them (``mspMeter`` → ``electricMeter``, ``electricNameplate``,
``electricLocationFields``, ``utilityInfo``, ``module``, ``configuredReadingType``) and the
``meters`` container of the meter operations. Bound with ``msp_binding``: field order is schema
order, wrapped lists hold plain lists. Enumerations that a mapping reads as codes
(``meterConnectionStatus``, ``remoteReconnectSetting``) are enums, so bad input fails clearly;
the others stay text and are checked by the official schema where the project writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from mspcim.fieldmeta import xml
from mspcim.multispeak.v41.msp_binding import MeterID, MspExtensionsItem, MspObject, xml_list

__all__ = [
    "AssetFields",
    "BillingStatusItem",
    "ConfiguredReadingType",
    "EaLoc",
    "ElectricLocationFields",
    "ElectricMeter",
    "ElectricNameplate",
    "Frequency",
    "GpsPoint",
    "MeterConnectionStatus",
    "Meters",
    "Module",
    "Money",
    "ReadingTypeCode",
    "RemoteReconnectSetting",
    "ServiceID",
    "UtilityInfo",
]


class MeterConnectionStatus(StrEnum):
    """``meterConnectionStatus``: whether the meter's load side is connected."""

    OTHER = "Other"
    CONNECTED = "Connected"
    DISCONNECTED = "Disconnected"
    DISCONNECTED_NON_PAY = "DisconnectedNonPay"
    UNKNOWN = "Unknown"


class RemoteReconnectSetting(StrEnum):
    """``remoteReconnectSetting``: how a remote reconnect is carried out."""

    OTHER = "Other"
    CONNECT = "Connect"
    ARM = "Arm"
    POWER_LIMITATION = "PowerLimitation"
    CIS_AUTH_REQUIRED = "CISAuthRequired"
    NONE = "None"
    UNKNOWN = "Unknown"


@dataclass(slots=True, kw_only=True)
class Frequency:
    """``frequency``: the rated frequency and its units (Hz, Cycles per second, Other)."""

    value: Decimal = field(metadata=xml("."))
    units: str | None = field(default=None, metadata=xml("@units"))

    def __str__(self) -> str:
        return f"{self.value} {self.units}" if self.units else str(self.value)


@dataclass(slots=True, kw_only=True)
class Money:
    """``money``: an amount and its currency."""

    value: Decimal = field(metadata=xml("."))
    currency_code: str | None = field(default=None, metadata=xml("@currencyCode"))

    def __str__(self) -> str:
        return f"{self.value} {self.currency_code}" if self.currency_code else str(self.value)


@dataclass(slots=True, kw_only=True)
class EaLoc:
    """``eaLoc``: a reference to the meter's place in the engineering analysis model."""

    value: str = field(default="", metadata=xml("."))
    name: str | None = field(default=None, metadata=xml("@name"))
    noun: str | None = field(default=None, metadata=xml("@noun"))
    object_id: str | None = field(default=None, metadata=xml("@objectID"))
    utility: str | None = field(default=None, metadata=xml("@utility"))

    def __str__(self) -> str:
        return self.value or self.object_id or self.name or ""


@dataclass(slots=True, kw_only=True)
class ElectricNameplate:
    """``electricNameplate``: the meter's constants, ratings and form."""

    kh: Decimal | None = field(default=None, metadata=xml("kh"))
    kr: Decimal | None = field(default=None, metadata=xml("kr"))
    frequency: Frequency | None = field(default=None, metadata=xml("frequency"))
    number_of_elements: str | None = field(default=None, metadata=xml("numberOfElements"))
    base_type: str | None = field(default=None, metadata=xml("baseType"))
    accuracy_class: str | None = field(default=None, metadata=xml("accuracyClass"))
    elements_voltage: str | None = field(default=None, metadata=xml("elementsVoltage"))
    supply_voltage: str | None = field(default=None, metadata=xml("supplyVoltage"))
    max_amperage: Decimal | None = field(default=None, metadata=xml("maxAmperage"))
    test_amperage: Decimal | None = field(default=None, metadata=xml("testAmperage"))
    reg_ratio: Decimal | None = field(default=None, metadata=xml("regRatio"))
    phases: int | None = field(default=None, metadata=xml("phases"))
    wires: int | None = field(default=None, metadata=xml("wires"))
    dials: int | None = field(default=None, metadata=xml("dials"))
    form: str | None = field(default=None, metadata=xml("form"))
    multiplier: Decimal | None = field(default=None, metadata=xml("multiplier"))
    demand_mult: Decimal | None = field(default=None, metadata=xml("demandMult"))
    supported_reading_types: list[str] = field(
        default_factory=list, metadata=xml_list("supportedReadingTypes", "readingType")
    )


@dataclass(slots=True, kw_only=True)
class ElectricLocationFields:
    """``electricLocationFields``: where the meter sits in the electric network."""

    substation_code: str | None = field(default=None, metadata=xml("substationCode"))
    substation_name: str | None = field(default=None, metadata=xml("substationName"))
    feeder_code: str | None = field(default=None, metadata=xml("feederCode"))
    bus: str | None = field(default=None, metadata=xml("bus"))
    phase_code: str | None = field(default=None, metadata=xml("phaseCode"))
    ea_loc: EaLoc | None = field(default=None, metadata=xml("eaLoc"))
    transformer_bank_id: str | None = field(default=None, metadata=xml("transformerBankID"))
    linemen_service_area: str | None = field(default=None, metadata=xml("linemenServiceArea"))
    pole_no: str | None = field(default=None, metadata=xml("poleNo"))


@dataclass(slots=True, kw_only=True)
class ServiceID:
    """``serviceID``: the service (point) the meter measures, with its type and GUID."""

    value: str = field(default="", metadata=xml("."))
    service_type: str | None = field(default=None, metadata=xml("@serviceType"))
    object_id: str | None = field(default=None, metadata=xml("@objectID"))


@dataclass(slots=True, kw_only=True)
class GpsPoint:
    """``gpsPoint``: latitude, longitude and altitude."""

    latitude: Decimal = field(metadata=xml("latitude"))
    longitude: Decimal = field(metadata=xml("longitude"))
    altitude: Decimal | None = field(default=None, metadata=xml("altitude"))

    def __str__(self) -> str:
        height = f" {self.altitude}" if self.altitude is not None else ""
        return f"{self.latitude} {self.longitude}{height}"


@dataclass(slots=True, kw_only=True)
class UtilityInfo:
    """``utilityInfo``: the customer, account, service location and service of the meter."""

    owner: str | None = field(default=None, metadata=xml("owner"))
    district: str | None = field(default=None, metadata=xml("district"))
    service_location_id: str | None = field(default=None, metadata=xml("serviceLocationID"))
    service_id: ServiceID | None = field(default=None, metadata=xml("serviceID"))
    account_number: str | None = field(default=None, metadata=xml("accountNumber"))
    customer_id: str | None = field(default=None, metadata=xml("customerID"))
    gps_point: GpsPoint | None = field(default=None, metadata=xml("gpsPoint"))


@dataclass(slots=True, kw_only=True)
class AssetFields:
    """``assetFields``: manufacturer, serial number, date of manufacture and price of a device."""

    manufacturer: str | None = field(default=None, metadata=xml("manufacturer"))
    serial_number: str | None = field(default=None, metadata=xml("serialNumber"))
    manufactured_date: datetime | None = field(default=None, metadata=xml("manufacturedDate"))
    price: Money | None = field(default=None, metadata=xml("price"))


@dataclass(slots=True, kw_only=True)
class Module(MspObject):
    """``module``: a device inside the meter, typically its AMR communications module."""

    device_class: str | None = field(default=None, metadata=xml("deviceClass"))
    in_service_date: datetime | None = field(default=None, metadata=xml("inServiceDate"))
    out_service_date: datetime | None = field(default=None, metadata=xml("outServiceDate"))
    facility_id: str | None = field(default=None, metadata=xml("facilityID"))
    manufacturer: str | None = field(default=None, metadata=xml("manufacturer"))
    serial_number: str | None = field(default=None, metadata=xml("serialNumber"))
    asset_fields: AssetFields | None = field(default=None, metadata=xml("assetFields"))
    description: str | None = field(default=None, metadata=xml("description"))
    module_type: str | None = field(default=None, metadata=xml("moduleType"))
    firmware_version: str | None = field(default=None, metadata=xml("firmwareVersion"))


@dataclass(slots=True, kw_only=True)
class ReadingTypeCode:
    """``readingTypeCode``: the CIM ReadingType code as text, its fields as attributes."""

    value: str | None = field(default=None, metadata=xml("."))
    name: str | None = field(default=None, metadata=xml("@name"))
    time_attribute: str | None = field(default=None, metadata=xml("@timeAttribute"))
    data_qualifier: str | None = field(default=None, metadata=xml("@dataQualifier"))
    accumulation_behavior: str | None = field(default=None, metadata=xml("@accumulationBehavior"))
    flow_direction: str | None = field(default=None, metadata=xml("@flowDirection"))
    uom_category: str | None = field(default=None, metadata=xml("@UOMCategory"))
    measurement_category: str | None = field(default=None, metadata=xml("@measurementCategory"))
    phase_index: str | None = field(default=None, metadata=xml("@phaseIndex"))
    units_multiplier: str | None = field(default=None, metadata=xml("@unitsMultiplier"))
    displayable_uom: str | None = field(default=None, metadata=xml("@displayableUOM"))


@dataclass(slots=True, kw_only=True)
class ConfiguredReadingType:
    """``configuredReadingType``: a quantity the meter is configured to register."""

    extensions_list: list[MspExtensionsItem] = field(
        default_factory=list, metadata=xml_list("extensionsList", "extensionsItem")
    )
    units: str | None = field(default=None, metadata=xml("units"))
    reading_type: str | None = field(default=None, metadata=xml("readingType"))
    field_name: str | None = field(default=None, metadata=xml("fieldName"))
    name: str | None = field(default=None, metadata=xml("name"))
    reading_type_code: ReadingTypeCode | None = field(default=None, metadata=xml("readingTypeCode"))


@dataclass(slots=True, kw_only=True)
class BillingStatusItem:
    """``billingStatusItem``: an amount owed on the meter's account."""

    billing_items_type: str | None = field(default=None, metadata=xml("billingItemsType"))
    accounts_receivable: Money | None = field(default=None, metadata=xml("accountsReceivable"))
    accounts_receivable_this_period: Money | None = field(
        default=None, metadata=xml("accountsReceivableThisPeriod")
    )

    def __str__(self) -> str:
        return f"{self.billing_items_type or ''} {self.accounts_receivable or ''}".strip()


@dataclass(slots=True, kw_only=True)
class ElectricMeter(MspObject):
    """``electricMeter``: an electricity meter (``mspMeter`` fields, then the electric ones)."""

    meter_no: str | None = field(default=None, metadata=xml("meterNo"))
    installed_date: datetime | None = field(default=None, metadata=xml("installedDate"))
    removed_date: datetime | None = field(default=None, metadata=xml("removedDate"))
    manufacturer: str | None = field(default=None, metadata=xml("manufacturer"))
    catalog_number: str | None = field(default=None, metadata=xml("catalogNumber"))
    serial_number: str | None = field(default=None, metadata=xml("serialNumber"))
    metrology_firmware_version: str | None = field(
        default=None, metadata=xml("metrologyFirmwareVersion")
    )
    metrology_firmware_revision: str | None = field(
        default=None, metadata=xml("metrologyFirmwareRevision")
    )
    meter_type: str | None = field(default=None, metadata=xml("meterType"))
    amr_device_type: str | None = field(default=None, metadata=xml("AMRDeviceType"))
    amr_vendor: str | None = field(default=None, metadata=xml("AMRVendor"))
    billing_cycle: str | None = field(default=None, metadata=xml("billingCycle"))
    meter_status_list: list[str] = field(
        default_factory=list, metadata=xml_list("meterStatusList", "meterStatus")
    )
    module_list: list[Module] = field(
        default_factory=list, metadata=xml_list("moduleList", "module")
    )
    utility_info: UtilityInfo | None = field(default=None, metadata=xml("utilityInfo"))
    meter_base_id: str | None = field(default=None, metadata=xml("meterBaseID"))
    electric_nameplate: ElectricNameplate | None = field(
        default=None, metadata=xml("electricNameplate")
    )
    electric_location_fields: ElectricLocationFields | None = field(
        default=None, metadata=xml("electricLocationFields")
    )
    seal_number_list: list[str] = field(
        default_factory=list, metadata=xml_list("sealNumberList", "sealNumber")
    )
    parent_meter_list: list[MeterID] = field(
        default_factory=list, metadata=xml_list("parentMeterList", "meterID")
    )
    sub_meter_list: list[MeterID] = field(
        default_factory=list, metadata=xml_list("subMeterList", "meterID")
    )
    meter_connection_status: MeterConnectionStatus | None = field(
        default=None, metadata=xml("meterConnectionStatus")
    )
    configured_reading_types: list[ConfiguredReadingType] = field(
        default_factory=list,
        metadata=xml_list("configuredReadingTypes", "configuredReadingType"),
    )
    meter_comm_address: str | None = field(default=None, metadata=xml("meterCommAddress"))
    billing_status_information: list[BillingStatusItem] = field(
        default_factory=list, metadata=xml_list("billingStatusInformation", "billingStatusItem")
    )
    remote_reconnect_setting: RemoteReconnectSetting | None = field(
        default=None, metadata=xml("remoteReconnectSetting")
    )


@dataclass(slots=True, kw_only=True)
class Meters(MspObject):
    """``meters``: the meters of an operation, by kind (only electric meters are modelled).

    Water, gas, propane and other meters are not read; ``msp_binding.unread`` names them so a
    translation reports them.
    """

    electric_meters: list[ElectricMeter] = field(
        default_factory=list, metadata=xml_list("electricMeters", "electricMeter")
    )
