"""Every mapping of IEC TS 61968-14 the project implements: tables and message translations.

Importing this module registers each profile's message routes (``routes``) and payload codecs
(``mspcim.cim.catalogue``). ``PROFILES`` lists the declared tables for ``mspcim mappings``.
Add one import and one entry per profile here.
"""

from __future__ import annotations

from dataclasses import dataclass

from mspcim.cim import catalogue as _cim_catalogue  # noqa: F401  (registers payload codecs)
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
from mspcim.harmonize.header import HEADER_TABLE
from mspcim.harmonize.interval_data_messages import INTERVAL_DATA_TABLES
from mspcim.harmonize.profiles import customer_meter_data_set as _data_set_tables
from mspcim.harmonize.profiles import end_device_assets as _end_device_tables
from mspcim.harmonize.profiles import end_device_functions as _function_tables
from mspcim.harmonize.profiles import meter_asset_config as _meter_config_tables
from mspcim.harmonize.profiles import meter_asset_reading as _asset_reading_tables
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


PROFILES: tuple[Profile, ...] = (
    Profile("MessageHeader", "6.2", (HEADER_TABLE, ERROR_OBJECT)),
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
    Profile("MeterSystemEvents", "8.23", (HISTORY_LOG, HISTORY_EVENT), noun="MeterSystemEvents"),
)
"""Profiles in clause order of IEC TS 61968-14."""


def profile(name: str) -> Profile:
    """The profile called ``name`` (case-insensitive); KeyError lists the known ones."""
    for item in PROFILES:
        if item.name.lower() == name.lower():
            return item
    raise KeyError(f"unknown profile {name!r}; known: {', '.join(p.name for p in PROFILES)}")
