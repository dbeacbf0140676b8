"""Whole MultiSpeak 5.0 messages of profile ActivityRecord and Status (clause 9) ⇄ CIM, as data.

CB_Server ``GetMeterHistoriesByMeterIDs`` becomes a ``get ActivityRecords`` request (each
meterID a Request/ID of idType meterID, by its GUID) and its response a ResponseMessage of the
meters' activity records. MultiSpeak 5.0 has no notification of meter history events: a CIM
ActivityRecords event has no operation to become (refused with a clear error).
"""

from __future__ import annotations

from typing import Final

from mspcim.cim.activity_records import NOUN, ActivityRecords
from mspcim.harmonize.object_v5_messages import ObjectMessages50, Query50, register50
from mspcim.harmonize.profiles import activity_records_v5
from mspcim.multispeak.v50.meter_history import (
    GetMeterHistoriesByMeterIDs,
    GetMeterHistoriesByMeterIDsResponse,
)

__all__ = ["MESSAGES", "QUERY"]

QUERY: Final = "GetMeterHistoriesByMeterIDs"

MESSAGES: Final = register50(
    ObjectMessages50(
        profile="ActivityRecords",
        noun=NOUN,
        empty=ActivityRecords,
        to_cim=activity_records_v5.to_cim,
        to_msp=activity_records_v5.to_msp,
        notifications={},
        verb_operations={},
        queries={
            QUERY: Query50(
                GetMeterHistoriesByMeterIDs,
                f"{QUERY}Response",
                ids={"meter_ids": ("meterID", "Meter")},
            )
        },
        responses={f"{QUERY}Response": GetMeterHistoriesByMeterIDsResponse},
        default_query=QUERY,
    )
)
"""The v5 meter history operations, declared."""
