"""The MultiSpeak 5.0 mappings of IEC TS 61968-14 clause 9: tables and message translations.

Importing this module registers every v5 message translation (``routes50``) besides the 4.1
ones (``catalogue``). ``PROFILES_V5`` lists the declared v5 tables for ``mspcim mappings --msp
5.0``, in clause order. Add one import and one ``Profile`` entry per v5 profile here.
"""

from __future__ import annotations

from mspcim.harmonize import activity_records_v5_messages as _activity_records  # noqa: F401
from mspcim.harmonize import catalogue as _catalogue  # noqa: F401  (4.1 routes, payload codecs)
from mspcim.harmonize import customer_account_config_v5_messages as _accounts  # noqa: F401
from mspcim.harmonize import customer_agreement_config_v5_messages as _agreements  # noqa: F401
from mspcim.harmonize import customer_config_v5_messages as _customers  # noqa: F401
from mspcim.harmonize import end_device_config_v5_messages as _device_config  # noqa: F401
from mspcim.harmonize import end_device_control_v5_messages as _controls  # noqa: F401
from mspcim.harmonize import end_device_event_v5_messages as _events  # noqa: F401
from mspcim.harmonize import meter_reading_v5_messages as _meter_readings  # noqa: F401
from mspcim.harmonize import pan_demand_response_v5_messages as _pan_demand  # noqa: F401
from mspcim.harmonize import pan_display_v5_messages as _pan_display  # noqa: F401
from mspcim.harmonize import pan_pricing_v5_messages as _pan_pricing  # noqa: F401
from mspcim.harmonize.catalogue import Profile
from mspcim.harmonize.header_v5 import HEADER_TABLE_V5
from mspcim.harmonize.profiles import (
    activity_records_v5,
    customer_account_config_v5,
    customer_agreement_config_v5,
    customer_config_v5,
    end_device_config_v5,
    end_device_controls_v5,
    end_device_events_v5,
    interval_data_v5,
    meter_readings_v5,
    pan_demand_response_v5,
    pan_display_v5,
    pan_pricing_v5,
)
from mspcim.harmonize.reply_v5 import ERROR_OBJECT_V5

__all__ = ["PROFILES_V5", "Profile", "profile_v5"]


PROFILES_V5: tuple[Profile, ...] = (
    Profile("MessageHeader", "9 (Table 3)", (HEADER_TABLE_V5, ERROR_OBJECT_V5)),
    Profile("ActivityRecords", "9", activity_records_v5.TABLES, noun="ActivityRecords"),
    Profile(
        "CustomerAccountConfig",
        "9",
        customer_account_config_v5.TABLES,
        noun="CustomerAccountConfig",
    ),
    Profile(
        "CustomerAgreementConfig",
        "9",
        customer_agreement_config_v5.TABLES,
        noun="CustomerAgreementConfig",
    ),
    Profile("CustomerConfig", "9", customer_config_v5.TABLES, noun="CustomerConfig"),
    Profile("EndDeviceConfig", "9", end_device_config_v5.TABLES, noun="EndDeviceConfig"),
    Profile(
        "EndDeviceControls",
        "9",
        (end_device_controls_v5.CONNECT_DISCONNECT_EVENT, end_device_controls_v5.CD_STATE_CHANGE),
        noun="EndDeviceControls",
    ),
    Profile(
        "EndDeviceEvents", "9", (end_device_events_v5.END_DEVICE_EVENT,), noun="EndDeviceEvents"
    ),
    Profile(
        "MeterReadings",
        "9",
        (
            meter_readings_v5.METER_READING,
            meter_readings_v5.READING_VALUE,
            interval_data_v5.INTERVAL_BLOCK,
        ),
        noun="MeterReadings",
    ),
    Profile("PANDemandResponse", "9", pan_demand_response_v5.TABLES, noun="EndDeviceControls"),
    Profile("PANDisplay", "9", pan_display_v5.TABLES, noun="EndDeviceControls"),
    Profile("PANPricing", "9", pan_pricing_v5.TABLES, noun="EndDeviceControls"),
)
"""The clause-9 profiles (MultiSpeak 5.0 ⇄ 61968-9:2013), in clause order."""


def profile_v5(name: str) -> Profile:
    """The v5 profile called ``name`` (case-insensitive); KeyError lists the known ones."""
    for item in PROFILES_V5:
        if item.name.lower() == name.lower():
            return item
    known = ", ".join(item.name for item in PROFILES_V5) or "none yet"
    raise KeyError(f"unknown MultiSpeak 5.0 profile {name!r}; known: {known}")
