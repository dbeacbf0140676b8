"""Whole MultiSpeak 5.0 messages of profile EndDeviceConfig (clause 9) ⇄ CIM, declared as data.

NOT_Server ``MetersChangedNotification`` and ``MetersCreatedNotification`` are the *changed* and
*created* EndDeviceConfig events (meters in ``meters/electricMeters``); CB_Server
``GetMetersByMeterIDs`` and ``GetAllMeters`` become ``get EndDeviceConfig`` requests (meterIDs as
Request/IDs of idType meterID, ``lastReceived`` an Option) and their responses ResponseMessages.
"""

from __future__ import annotations

from typing import Final

from mspcim.cim.end_device_assets import EndDeviceConfig
from mspcim.cim.message import Verb
from mspcim.harmonize.object_v5_messages import ObjectMessages50, Query50, register50
from mspcim.harmonize.profiles import end_device_config_v5
from mspcim.multispeak.v50.meter import (
    GetAllMeters,
    GetAllMetersResponse,
    GetMetersByMeterIDs,
    GetMetersByMeterIDsResponse,
    MetersChangedNotification,
    MetersCreatedNotification,
)

__all__ = ["CHANGED", "CREATED", "MESSAGES", "NOUN"]

NOUN: Final = "EndDeviceConfig"
CHANGED: Final = "MetersChangedNotification"
CREATED: Final = "MetersCreatedNotification"

MESSAGES: Final = register50(
    ObjectMessages50(
        profile="EndDeviceConfig",
        noun=NOUN,
        empty=EndDeviceConfig,
        to_cim=end_device_config_v5.to_cim,
        to_msp=end_device_config_v5.to_msp,
        notifications={
            CHANGED: (MetersChangedNotification, Verb.CHANGED),
            CREATED: (MetersCreatedNotification, Verb.CREATED),
        },
        verb_operations={
            Verb.CHANGED: CHANGED,
            Verb.CHANGE: CHANGED,
            Verb.CREATED: CREATED,
            Verb.CREATE: CREATED,
        },
        queries={
            "GetAllMeters": Query50(
                GetAllMeters, "GetAllMetersResponse", options=("last_received",)
            ),
            "GetMetersByMeterIDs": Query50(
                GetMetersByMeterIDs,
                "GetMetersByMeterIDsResponse",
                ids={"meter_ids": ("meterID", "Meter")},
            ),
        },
        responses={
            "GetAllMetersResponse": GetAllMetersResponse,
            "GetMetersByMeterIDsResponse": GetMetersByMeterIDsResponse,
        },
        default_query="GetAllMeters",
        acknowledged=CHANGED,
    )
)
"""The v5 meter operations, declared."""
