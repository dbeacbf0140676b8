"""MultiSpeak 5.0 ``electricMeter`` (an ``mspMeter``) and the operations that carry meters.

As ``MultiSpeak.xsd`` 5.0.7 declares it, in its schema order: the ``mspObject`` identity, the
asset's status and details (manufacturer, serial and catalog numbers), the device class, the
meter's connection status, metrology firmware, AMI device type and vendor, billing cycle, its
``utilityInfo`` (owner, service location, service point, account, customer), its seals and its
``electricNameplate`` (kh, kr, phases, form, multipliers). Asset history, locations,
organizations, attachments, associated devices, configured reading types, sub and parent
meters, modules, installation history, communications address and location fields are not
modelled: ``msp_binding.unread`` names them so a translation reports them.

Operations: NOT_Server ``MetersChangedNotification`` and ``MetersCreatedNotification``; CB_Server
``GetAllMeters``, ``GetMetersByMeterIDs`` and their responses (meters in ``meters/electricMeters``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import ClassVar

from mspcim import ns
from mspcim.fieldmeta import xml
from mspcim.multispeak.v50.account import ServicePointID
from mspcim.multispeak.v50.customer import CB_SERVER, NOT_SERVER, array_of
from mspcim.multispeak.v50.identity import MeterID, MspObject, MspReferable, ObjectID
from mspcim.multispeak.v50.meter_history import Kind
from mspcim.multispeak.v50.msp_binding import xml_list

__all__ = [
    "AssetDetails",
    "ElectricMeter",
    "ElectricNameplate",
    "GetAllMeters",
    "GetAllMetersResponse",
    "GetMetersByMeterIDs",
    "GetMetersByMeterIDsResponse",
    "MeterSeal",
    "Meters",
    "MetersChangedNotification",
    "MetersCreatedNotification",
    "UtilityInfo",
]


@dataclass(slots=True, kw_only=True)
class AssetDetails:
    """``assetDetails``: who made the asset, its serial and catalog numbers."""

    manufacturer: str | None = field(default=None, metadata=xml("manufacturer"))
    serial_number: str | None = field(default=None, metadata=xml("serialNumber"))
    catalog_number: str | None = field(default=None, metadata=xml("catalogNumber"))


@dataclass(slots=True, kw_only=True)
class UtilityInfo:
    """``utilityInfo``: the owner and the service a meter is linked to."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    owner: str | None = field(default=None, metadata=xml("owner"))
    service_location_id: ObjectID | None = field(default=None, metadata=xml("serviceLocationID"))
    service_point_id: ServicePointID | None = field(default=None, metadata=xml("servicePointID"))
    account_id: ObjectID | None = field(default=None, metadata=xml("accountID"))
    customer_id: ObjectID | None = field(default=None, metadata=xml("customerID"))


@dataclass(slots=True, kw_only=True)
class MeterSeal:
    """``meterSeal``: a seal on the meter, its colour and when it was placed."""

    seal_number: str = field(metadata=xml("sealNumber"))
    seal_color: str | None = field(default=None, metadata=xml("sealColor"))
    date_placed: datetime | None = field(default=None, metadata=xml("datePlaced"))


@dataclass(slots=True, kw_only=True)
class ElectricNameplate:
    """``electricNameplate``: constants, phases, form and multipliers of an electric meter."""

    kh: Decimal | None = field(default=None, metadata=xml("kh"))
    kr: Decimal | None = field(default=None, metadata=xml("kr"))
    phases: int | None = field(default=None, metadata=xml("phases"))
    form: str | None = field(default=None, metadata=xml("form"))
    multiplier: Decimal | None = field(default=None, metadata=xml("multiplier"))
    demand_multiplier: Decimal | None = field(default=None, metadata=xml("demandMultiplier"))


@dataclass(slots=True, kw_only=True)
class ElectricMeter(MspObject):
    """``electricMeter``: an electric meter as an asset, a device and a meter."""

    asset_status: Kind | None = field(default=None, metadata=xml("assetStatus"))
    asset_details: AssetDetails | None = field(default=None, metadata=xml("assetDetails"))
    device_class: str | None = field(default=None, metadata=xml("deviceClass"))
    meter_connection_status: Kind | None = field(
        default=None, metadata=xml("meterConnectionStatus")
    )
    metrology_firmware_version: str | None = field(
        default=None, metadata=xml("metrologyFirmwareVersion")
    )
    metrology_firmware_revision: str | None = field(
        default=None, metadata=xml("metrologyFirmwareRevision")
    )
    ami_device_type: str | None = field(default=None, metadata=xml("AMIDeviceType"))
    ami_vendor: str | None = field(default=None, metadata=xml("AMIVendor"))
    billing_cycle: str | None = field(default=None, metadata=xml("billingCycle"))
    utility_info: UtilityInfo | None = field(default=None, metadata=xml("utilityInfo"))
    meter_seals: list[MeterSeal] = field(
        default_factory=list, metadata=xml_list("meterSeals", "meterSeal")
    )
    electric_nameplate: ElectricNameplate | None = field(
        default=None, metadata=xml("electricNameplate")
    )


@dataclass(slots=True, kw_only=True)
class Meters(MspReferable):
    """``meters``: meters by kind (only the electric ones are modelled)."""

    electric_meters: list[ElectricMeter] = field(
        default_factory=list, metadata=xml_list("electricMeters", "electricMeter")
    )


@dataclass(slots=True, kw_only=True)
class MetersChangedNotification:
    """NOT_Server ``MetersChangedNotification``: meters whose data changed."""

    NAMESPACE: ClassVar[str] = NOT_SERVER
    meters: Meters | None = field(default=None, metadata=xml("meters"))
    transaction_id: str | None = field(default=None, metadata=xml("transactionID"))


@dataclass(slots=True, kw_only=True)
class MetersCreatedNotification:
    """NOT_Server ``MetersCreatedNotification``: meters new to the sender."""

    NAMESPACE: ClassVar[str] = NOT_SERVER
    meters: Meters | None = field(default=None, metadata=xml("meters"))
    transaction_id: str | None = field(default=None, metadata=xml("transactionID"))


@dataclass(slots=True, kw_only=True)
class GetAllMeters:
    """CB_Server ``GetAllMeters``: every meter, paged after ``lastReceived``."""

    NAMESPACE: ClassVar[str] = CB_SERVER
    last_received: str | None = field(default=None, metadata=xml("lastReceived"))


@dataclass(slots=True, kw_only=True)
class GetAllMetersResponse:
    """``GetAllMetersResponse``: the meters."""

    NAMESPACE: ClassVar[str] = CB_SERVER
    meters: Meters | None = field(default=None, metadata=xml("meters"))


@dataclass(slots=True, kw_only=True)
class GetMetersByMeterIDs:
    """CB_Server ``GetMetersByMeterIDs``: meters by their ids."""

    NAMESPACE: ClassVar[str] = CB_SERVER
    meter_ids: list[MeterID] = field(
        default_factory=list, metadata=array_of("ArrayOfMeterID", "meterID")
    )


@dataclass(slots=True, kw_only=True)
class GetMetersByMeterIDsResponse:
    """``GetMetersByMeterIDsResponse``: the meters known."""

    NAMESPACE: ClassVar[str] = CB_SERVER
    meters: Meters | None = field(default=None, metadata=xml("meters"))
