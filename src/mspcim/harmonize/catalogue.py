"""Every mapping of IEC TS 61968-14 the project implements: tables and message translations.

Importing this module registers each profile's message routes (``routes``) and payload codecs
(``mspcim.cim.catalogue``). ``PROFILES`` lists the declared tables for ``mspcim mappings``.
Add one import and one entry per profile here.
"""

from __future__ import annotations

from dataclasses import dataclass

from mspcim.cim import catalogue as _cim_catalogue  # noqa: F401  (registers payload codecs)
from mspcim.harmonize import activity_records_messages as _activity_records  # noqa: F401
from mspcim.harmonize import annex_a
from mspcim.harmonize import auxiliary_agreement_config_messages as _auxiliary  # noqa: F401
from mspcim.harmonize import customer_account_config_messages as _accounts  # noqa: F401
from mspcim.harmonize import customer_agreement_config_messages as _agreements  # noqa: F401
from mspcim.harmonize import customer_config_messages as _customers  # noqa: F401
from mspcim.harmonize import customer_meter_data_set_messages as _data_set  # noqa: F401
from mspcim.harmonize import end_device_assets_messages as _end_device_assets  # noqa: F401
from mspcim.harmonize import end_device_control_messages as _control_messages  # noqa: F401
from mspcim.harmonize import end_device_event_messages as _event_messages  # noqa: F401
from mspcim.harmonize import end_device_firmware_messages as _firmware  # noqa: F401
from mspcim.harmonize import meter_asset_config_messages as _meter_config  # noqa: F401
from mspcim.harmonize import meter_asset_reading_messages as _asset_reading  # noqa: F401
from mspcim.harmonize import meter_read_schedule_messages as _schedule_messages  # noqa: F401
from mspcim.harmonize import meter_reading_messages as _meter_reading_messages  # noqa: F401
from mspcim.harmonize import meter_service_requests_messages as _service  # noqa: F401
from mspcim.harmonize import meter_system_events_messages as _system_events  # noqa: F401
from mspcim.harmonize import pricing_structure_config_messages as _pricing  # noqa: F401
from mspcim.harmonize import receipt_record_messages as _receipts  # noqa: F401
from mspcim.harmonize import sdp_location_config_messages as _sdp_location  # noqa: F401
from mspcim.harmonize import service_delivery_point_config_messages as _points  # noqa: F401
from mspcim.harmonize import service_delivery_points_messages as _point_links  # noqa: F401
from mspcim.harmonize import service_location_config_messages as _locations  # noqa: F401
from mspcim.harmonize import transaction_record_messages as _transactions  # noqa: F401
from mspcim.harmonize.header import HEADER_TABLE
from mspcim.harmonize.interval_data_messages import INTERVAL_DATA_TABLES
from mspcim.harmonize.profiles import activity_records as _activity_tables
from mspcim.harmonize.profiles import auxiliary_agreement_config as _auxiliary_tables
from mspcim.harmonize.profiles import customer_account_config as _account_tables
from mspcim.harmonize.profiles import customer_agreement_config as _agreement_tables
from mspcim.harmonize.profiles import customer_config as _customer_tables
from mspcim.harmonize.profiles import customer_meter_data_set as _data_set_tables
from mspcim.harmonize.profiles import end_device_assets as _end_device_tables
from mspcim.harmonize.profiles import end_device_functions as _function_tables
from mspcim.harmonize.profiles import meter_asset_config as _meter_config_tables
from mspcim.harmonize.profiles import meter_asset_reading as _asset_reading_tables
from mspcim.harmonize.profiles import pricing_structure_config as _pricing_tables
from mspcim.harmonize.profiles import receipt_record as _receipt_tables
from mspcim.harmonize.profiles import sdp_location_config as _sdp_location_tables
from mspcim.harmonize.profiles import service_category_config as _category_tables
from mspcim.harmonize.profiles import service_delivery_point_config as _point_tables
from mspcim.harmonize.profiles import service_delivery_points as _point_link_tables
from mspcim.harmonize.profiles import service_location_config as _location_tables
from mspcim.harmonize.profiles import supplier_config as _supplier_tables
from mspcim.harmonize.profiles import transaction_record as _transaction_tables
from mspcim.harmonize.profiles.end_device_controls import CD_STATE_CHANGE, CONNECT_DISCONNECT_EVENT
from mspcim.harmonize.profiles.end_device_events import END_DEVICE_EVENT, METER_EVENT_LIST
from mspcim.harmonize.profiles.end_device_firmware import (
    CONFIGURATION_STATUS_ITEM,
    FIRMWARE_FUNCTION,
    METER_CONFIGURATION_STATUS,
)
from mspcim.harmonize.profiles.meter_read_schedule import (
    READING_SCHEDULE,
    READING_TYPE,
    TIME_SCHEDULE,
)
from mspcim.harmonize.profiles.meter_readings import METER_READING, READING_VALUE
from mspcim.harmonize.profiles.meter_service_requests import (
    METER_EXCHANGE,
    ORDER_METER,
    SERVICE_ORDER,
)
from mspcim.harmonize.profiles.meter_system_events import HISTORY_EVENT, HISTORY_LOG
from mspcim.harmonize.reply import ERROR_OBJECT
from mspcim.harmonize.rules import Table

__all__ = ["PROFILES", "Profile", "profile"]


@dataclass(frozen=True, slots=True)
class Profile:
    """One mapping of the standard: its clause, its tables, and where it lives."""

    name: str
    clause: str
    tables: tuple[Table, ...]
    noun: str | None = None
    """The CIM noun of the profile's messages, when it travels in its own messages."""


_DECLARED: tuple[Profile, ...] = (
    Profile("MessageHeader", "6.2", (HEADER_TABLE, ERROR_OBJECT)),
    Profile(
        "CustomerAccountConfig",
        "8.1",
        (_account_tables.ACCOUNT, _account_tables.ACCOUNT_AGREEMENT),
        noun="CustomerAccountConfig",
    ),
    Profile(
        "CustomerAgreementConfig",
        "8.2",
        (_agreement_tables.AGREEMENT, _agreement_tables.VALIDITY),
        noun="CustomerAgreementConfig",
    ),
    Profile(
        "CustomerConfig",
        "8.3",
        (_customer_tables.CUSTOMER, _customer_tables.CONTACTS, _customer_tables.STATUS),
        noun="CustomerConfig",
    ),
    Profile(
        "CustomerMeterDataSet",
        "8.4",
        (_data_set_tables.CUSTOMER_METER_DATA, _data_set_tables.UTILITY_LINKS),
        noun="CustomerMeterDataSet",
    ),
    Profile(
        "EndDeviceAssets",
        "8.5–8.11",
        (
            _end_device_tables.END_DEVICE,
            _function_tables.COM_FUNCTION,
            _function_tables.ELECTRIC_METERING_FUNCTION,
            _function_tables.REGISTER,
            _end_device_tables.NAMEPLATE,
            _end_device_tables.LIFECYCLE,
            _end_device_tables.STATUS,
            _end_device_tables.END_DEVICE_INFO,
            _end_device_tables.ASSET_MODEL,
            _end_device_tables.LOCATION_FIELDS,
            _end_device_tables.UTILITY_INFO,
        ),
        noun="EndDeviceConfig",
    ),
    Profile(
        "EndDeviceControls",
        "8.12",
        (CONNECT_DISCONNECT_EVENT, CD_STATE_CHANGE),
        noun="EndDeviceControls",
    ),
    Profile(
        "EndDeviceEvents",
        "8.13",
        (METER_EVENT_LIST, END_DEVICE_EVENT),
        noun="EndDeviceEvents",
    ),
    Profile(
        "EndDeviceFirmware",
        "8.14",
        (METER_CONFIGURATION_STATUS, CONFIGURATION_STATUS_ITEM, FIRMWARE_FUNCTION),
        noun="EndDeviceFirmware",
    ),
    Profile(
        "MeterAssetConfig",
        "8.15",
        (_meter_config_tables.METER, _meter_config_tables.NAMEPLATE),
        noun="MeterConfig",
    ),
    Profile(
        "MeterAssetReading",
        "8.16",
        (_asset_reading_tables.METER_ASSET_READING, _asset_reading_tables.USAGE_POINT),
        noun="MeterAssetReading",
    ),
    Profile(
        "MeterReadings",
        "8.17",
        (METER_READING, READING_VALUE, *INTERVAL_DATA_TABLES),
        noun="MeterReadings",
    ),
    Profile(
        "MeterReadSchedule",
        "8.18",
        (READING_SCHEDULE, TIME_SCHEDULE, READING_TYPE),
        noun="MeterReadSchedule",
    ),
    Profile(
        "MeterServiceRequests",
        "8.19",
        (SERVICE_ORDER, ORDER_METER, METER_EXCHANGE),
        noun="MeterServiceRequests",
    ),
    Profile(
        "AuxiliaryAgreementConfig",
        "8.20",
        (
            _auxiliary_tables.AUXILIARY_AGREEMENT,
            _auxiliary_tables.CUSTOMER_AGREEMENT,
            _auxiliary_tables.AUXILIARY_ACCOUNT,
            _auxiliary_tables.DUE,
            _auxiliary_tables.VALIDITY,
        ),
        noun="AuxiliaryAgreementConfig",
    ),
    Profile(
        "ActivityRecords",
        "8.21",
        (_activity_tables.ACTIVITY_RECORD, _activity_tables.ACTIVITY_STATUS),
        noun="ActivityRecords",
    ),
    Profile(
        "ServiceDeliveryPoints",
        "8.22",
        (_point_link_tables.SERVICE_DELIVERY_POINT,),
        noun="UsagePoints",
    ),
    Profile("MeterSystemEvents", "8.23", (HISTORY_LOG, HISTORY_EVENT), noun="MeterSystemEvents"),
    Profile(
        "PricingStructureConfig",
        "8.24",
        (_pricing_tables.RATE, _pricing_tables.RATE_COMPONENT),
        noun="PricingStructureConfig",
    ),
    Profile(
        "ReceiptRecord",
        "8.25",
        (
            _receipt_tables.RECEIPT,
            _receipt_tables.CASH_PAYMENT,
            _receipt_tables.CARD_PAYMENT,
            _receipt_tables.CHECK_PAYMENT,
            _receipt_tables.TENDER,
            _receipt_tables.CARD,
            _receipt_tables.CHEQUE,
            _receipt_tables.BANK_ACCOUNT,
        ),
        noun="ReceiptRecord",
    ),
    Profile(
        "SDPLocationConfig",
        "8.26",
        (
            _sdp_location_tables.USAGE_POINT_LOCATION,
            _sdp_location_tables.NETWORK,
            _sdp_location_tables.SERVICE_POINT,
        ),
        noun="UsagePointLocationConfig",
    ),
    Profile(
        "ServiceCategoryConfig",
        "8.27",
        (_category_tables.SERVICE_CATEGORY,),
        noun="ServiceCategoryConfig",
    ),
    Profile(
        "ServiceDeliveryPointConfig",
        "8.28",
        (_point_tables.USAGE_POINT, _point_tables.ELECTRIC_LOCATION),
        noun="UsagePointConfig",
    ),
    Profile(
        "ServiceLocationConfig",
        "8.29",
        (
            _location_tables.SERVICE_LOCATION,
            _location_tables.NETWORK,
            _point_tables.USAGE_POINT,
            _point_tables.ELECTRIC_LOCATION,
        ),
        noun="ServiceLocationConfig",
    ),
    Profile("SupplierConfig", "8.30", (_supplier_tables.SUPPLIER,), noun="SupplierConfig"),
    Profile(
        "TransactionRecord",
        "8.31",
        (_transaction_tables.ADJUSTMENT, _transaction_tables.ADJUSTMENT_ITEM),
        noun="TransactionRecord",
    ),
    Profile(
        "AnnexA",
        "Annex A",
        (annex_a.ADDRESS, annex_a.STREET_DETAIL, annex_a.TOWN_DETAIL, annex_a.TELEPHONE_NUMBER),
    ),
)


def _clause_order(item: Profile) -> tuple[int, tuple[int, ...]]:
    """Sort key: clause 6 first, then clause 8 by number (8.5–8.11 at 8.5), annexes last."""
    if item.clause.startswith("Annex"):
        return (1, ())
    first = item.clause.split("\u2013")[0]
    return (0, tuple(int(part) for part in first.split(".")))


PROFILES: tuple[Profile, ...] = tuple(sorted(_DECLARED, key=_clause_order))
"""Profiles in clause order of IEC TS 61968-14."""


def profile(name: str) -> Profile:
    """The profile called ``name`` (case-insensitive); KeyError lists the known ones."""
    for item in PROFILES:
        if item.name.lower() == name.lower():
            return item
    raise KeyError(f"unknown profile {name!r}; known: {', '.join(p.name for p in PROFILES)}")
