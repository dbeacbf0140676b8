"""Profile EndDeviceAssets (IEC 61968-9:2009; ``EndDeviceConfig`` in 2013), as mspcim declares it.

IEC TS 61968-14 clauses 8.5–8.11 map its classes: ComFunction, ConnectDisconnectFunction,
ElectricMeteringFunction, EndDeviceAsset, ReadingType and Register. No XSD of the profile is
public, so the project declares it here (the role of the standard's Annex D): the dataclasses
*are* the declaration and ``Binding`` writes, reads and emits its XSD.

Choices, documented once:

- One pivot serves both editions. Classes carry the 2013 names; the first edition's names come
  from ``RENAMES_2009`` (EndDevice → EndDeviceAsset, Meter → MeterAsset, UsagePoint →
  ServiceDeliveryPoint, EndDeviceInfo → EndDeviceModel, AssetModel → ProductAssetModel …).
- The structure follows the first edition, which clause 8 maps: ElectricMeteringFunction and
  ConnectDisconnectFunction are kept in the 2013 declaration too, rather than the 2013
  MeterMultipliers; Registers are listed on the end device; a Register holds its ReadingType,
  identified by the 18-field ReadingType code as mRID (``mspcim.cim.reading_type``).
- Messages name the profile ``EndDeviceConfig`` (2013) or ``EndDeviceAssets`` (2009) in
  Header/Noun (``NOUNS``); the payload registry keys both editions by the 2013 noun, so that
  a document converts between editions.

The classes shared with MeterAssetConfig, MeterAssetReading and CustomerMeterDataSet (the
device, its functions, its location and service point) are declared here once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Final

from mspcim import ns
from mspcim.binding import Binding
from mspcim.cim.identified_object import Name, Status
from mspcim.cim.payloads import Edition, register_bound_payload
from mspcim.fieldmeta import xml

__all__ = [
    "BINDING_2009",
    "BINDING_2013",
    "CODEC_2009",
    "CODEC_2013",
    "NAMESPACE_2009",
    "NAMESPACE_2013",
    "NOUN",
    "NOUNS",
    "RENAMES_2009",
    "AssetModel",
    "ComFunction",
    "ConnectDisconnectFunction",
    "Customer",
    "ElectricMeteringFunction",
    "EndDevice",
    "EndDeviceConfig",
    "EndDeviceInfo",
    "LifecycleDate",
    "Manufacturer",
    "ReadingType",
    "Register",
    "RemoteConnectDisconnectInfo",
    "Seal",
    "ServiceCategory",
    "ServiceKind",
    "ServiceLocation",
    "UsagePoint",
]

NOUN: Final = "EndDeviceConfig"
"""The noun the payload registry knows the profile by (both editions)."""
NOUNS: Final = {Edition.CIM2013: "EndDeviceConfig", Edition.CIM2009: "EndDeviceAssets"}
"""Header/Noun of the profile's messages in each edition."""
NAMESPACE_2013: Final = ns.CIM_2011_PROFILE.format(profile="EndDeviceConfig")
NAMESPACE_2009: Final = ns.CIM_2009_PROFILE.format(profile="EndDeviceAssets")

RENAMES_2009: Final = {
    "EndDeviceConfig": "EndDeviceAssets",
    "EndDevice": "EndDeviceAsset",
    "MeterConfig": "MeterAssetConfig",
    "Meter": "MeterAsset",
    "UsagePoint": "ServiceDeliveryPoint",
    "EndDeviceInfo": "EndDeviceModel",
    "AssetModel": "ProductAssetModel",
}
"""Element and type names of the first edition, for the classes the second renamed."""


class ServiceKind(StrEnum):
    """CIM ServiceKind: the commodity or service of a usage point."""

    ELECTRICITY = "electricity"
    GAS = "gas"
    WATER = "water"
    TIME = "time"
    HEAT = "heat"
    REFUSE = "refuse"
    SEWERAGE = "sewerage"
    RATES = "rates"
    TV_LICENCE = "tvLicence"
    INTERNET = "internet"
    OTHER = "other"


@dataclass(slots=True, kw_only=True)
class ServiceCategory:
    """ServiceCategory: the kind of service delivered at a usage point."""

    kind: ServiceKind = field(metadata=xml("kind"))


@dataclass(slots=True, kw_only=True)
class UsagePoint:
    """UsagePoint (2009: ServiceDeliveryPoint): where a service is delivered and measured."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    service_point_names: list[Name] = field(default_factory=list, metadata=xml("Names"))
    service_category: ServiceCategory | None = field(default=None, metadata=xml("ServiceCategory"))


@dataclass(slots=True, kw_only=True)
class ServiceLocation:
    """ServiceLocation: the place a service is delivered."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    service_location_names: list[Name] = field(default_factory=list, metadata=xml("Names"))


@dataclass(slots=True, kw_only=True)
class Customer:
    """Customer: who receives the service (here referenced by mRID and names)."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    customer_names: list[Name] = field(default_factory=list, metadata=xml("Names"))


@dataclass(slots=True, kw_only=True)
class Manufacturer:
    """Manufacturer: who makes the device model."""

    name: str = field(metadata=xml("name"))


@dataclass(slots=True, kw_only=True)
class AssetModel:
    """AssetModel (2009: ProductAssetModel): the model a device is an instance of."""

    model_number: str | None = field(default=None, metadata=xml("modelNumber"))
    model_version: str | None = field(default=None, metadata=xml("modelVersion"))
    manufacturer: Manufacturer | None = field(default=None, metadata=xml("Manufacturer"))


@dataclass(slots=True, kw_only=True)
class EndDeviceInfo:
    """EndDeviceInfo (2009: EndDeviceModel): the catalogue data of the device's type."""

    asset_model: AssetModel | None = field(default=None, metadata=xml("AssetModel"))


@dataclass(slots=True, kw_only=True)
class LifecycleDate:
    """LifecycleDate: when the device was installed, removed and retired."""

    installation_date: datetime | None = field(default=None, metadata=xml("installationDate"))
    removal_date: datetime | None = field(default=None, metadata=xml("removalDate"))
    retired_date: datetime | None = field(default=None, metadata=xml("retiredDate"))


@dataclass(slots=True, kw_only=True)
class ReadingType:
    """ReadingType: what a register shows; its mRID is the 18-field ReadingType code."""

    mrid: str = field(metadata=xml("mRID"))
    reading_type_names: list[Name] = field(default_factory=list, metadata=xml("Names"))


@dataclass(slots=True, kw_only=True)
class Register:
    """Register: a display of one metered quantity of the device."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    left_digit_count: int | None = field(default=None, metadata=xml("leftDigitCount"))
    right_digit_count: int | None = field(default=None, metadata=xml("rightDigitCount"))
    register_names: list[Name] = field(default_factory=list, metadata=xml("Names"))
    reading_type: ReadingType | None = field(default=None, metadata=xml("ReadingType"))


@dataclass(slots=True, kw_only=True)
class ComFunction:
    """ComFunction: the device's communication function (its AMR module)."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    amr_address: str | None = field(default=None, metadata=xml("amrAddress"))
    amr_router: str | None = field(default=None, metadata=xml("amrRouter"))
    firmware_id: str | None = field(default=None, metadata=xml("firmwareID"))
    two_way: bool | None = field(default=None, metadata=xml("twoWay"))
    com_function_names: list[Name] = field(default_factory=list, metadata=xml("Names"))


@dataclass(slots=True, kw_only=True)
class RemoteConnectDisconnectInfo:
    """RemoteConnectDisconnectInfo: how the connect/disconnect switch may be operated."""

    is_arm_connect: bool | None = field(default=None, metadata=xml("isArmConnect"))
    is_energy_limiting: bool | None = field(default=None, metadata=xml("isEnergyLimiting"))
    use_pushbutton: bool | None = field(default=None, metadata=xml("usePushbutton"))


@dataclass(slots=True, kw_only=True)
class ConnectDisconnectFunction:
    """ConnectDisconnectFunction: the device's service switch and its state."""

    is_connected: bool | None = field(default=None, metadata=xml("isConnected"))
    rcd_info: RemoteConnectDisconnectInfo | None = field(default=None, metadata=xml("rcdInfo"))


@dataclass(slots=True, kw_only=True)
class ElectricMeteringFunction:
    """ElectricMeteringFunction: the multipliers and ratings of electricity metering."""

    billing_multiplier: Decimal | None = field(
        default=None, metadata={"xml": "billingMultiplier", "xsd": "xs:float"}
    )
    current_rating: Decimal | None = field(
        default=None, metadata={"xml": "currentRating", "xsd": "xs:float"}
    )
    demand_multiplier: Decimal | None = field(
        default=None, metadata={"xml": "demandMultiplier", "xsd": "xs:float"}
    )
    voltage_rating: Decimal | None = field(
        default=None, metadata={"xml": "voltageRating", "xsd": "xs:float"}
    )


@dataclass(slots=True, kw_only=True)
class Seal:
    """Seal: a seal applied to the device."""

    seal_number: str = field(metadata=xml("sealNumber"))


@dataclass(slots=True, kw_only=True)
class EndDevice:
    """EndDevice (2009: EndDeviceAsset): a device at a service point — meter, module, relay."""

    mrid: str | None = field(default=None, metadata=xml("mRID"))
    description: str | None = field(default=None, metadata=xml("description"))
    amr_system: str | None = field(default=None, metadata=xml("amrSystem"))
    asset_type: str | None = field(default=None, metadata=xml("type"))
    phase_count: int | None = field(default=None, metadata=xml("phaseCount"))
    serial_number: str | None = field(default=None, metadata=xml("serialNumber"))
    end_device_names: list[Name] = field(default_factory=list, metadata=xml("Names"))
    status: Status | None = field(default=None, metadata=xml("status"))
    lifecycle: LifecycleDate | None = field(default=None, metadata=xml("lifecycle"))
    end_device_info: EndDeviceInfo | None = field(default=None, metadata=xml("EndDeviceInfo"))
    com_functions: list[ComFunction] = field(default_factory=list, metadata=xml("ComFunction"))
    connect_disconnect_function: ConnectDisconnectFunction | None = field(
        default=None, metadata=xml("ConnectDisconnectFunction")
    )
    electric_metering_function: ElectricMeteringFunction | None = field(
        default=None, metadata=xml("ElectricMeteringFunction")
    )
    registers: list[Register] = field(default_factory=list, metadata=xml("Registers"))
    seals: list[Seal] = field(default_factory=list, metadata=xml("Seals"))
    customer: Customer | None = field(default=None, metadata=xml("Customer"))
    service_location: ServiceLocation | None = field(default=None, metadata=xml("ServiceLocation"))
    usage_point: UsagePoint | None = field(default=None, metadata=xml("UsagePoint"))


@dataclass(slots=True, kw_only=True)
class EndDeviceConfig:
    """The profile document: end devices with their functions and registers."""

    end_devices: list[EndDevice] = field(default_factory=list, metadata=xml("EndDevice"))


BINDING_2013: Final = Binding(NAMESPACE_2013)
"""The 2013 edition of the declared profile."""
BINDING_2009: Final = Binding(NAMESPACE_2009, renames=RENAMES_2009)
"""The first edition of the declared profile: first-edition class names."""


_DECLARED = "IEC 61968-9:{edition} {name} profile as declared by mspcim (IEC TS 61968-14 {clause})"

CODEC_2013: Final = register_bound_payload(
    NOUN,
    Edition.CIM2013,
    BINDING_2013,
    EndDeviceConfig,
    _DECLARED.format(edition=2013, name="EndDeviceConfig", clause="8.5-8.11"),
)
"""The 2013 EndDeviceConfig payload, with the XSD the project declares."""
CODEC_2009: Final = register_bound_payload(
    NOUN,
    Edition.CIM2009,
    BINDING_2009,
    EndDeviceConfig,
    _DECLARED.format(edition=2009, name="EndDeviceAssets", clause="8.5-8.11"),
)
"""The 2009 EndDeviceAssets payload, with the XSD the project declares."""
