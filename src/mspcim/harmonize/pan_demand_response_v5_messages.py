"""Whole MultiSpeak 5.0 messages of profile PANDemandResponse (clause 9) ⇄ CIM EndDeviceControls.

DR_Server ``InitiateDemandResponseEvents`` ⇄ RequestMessage *create EndDeviceControls* with one
EndDeviceControl of type ``PAN_DEMAND_RESPONSE`` per event (responseURL ⇄ ReplyAddress,
transactionID ⇄ CorrelationID, an asynchronous reply asked); the ``PANAddressingGroup`` is
each control's EndDevices and named EndDeviceGroup, as for display messages
(``pan_display_v5_messages.PanOperation``).
"""

from __future__ import annotations

from typing import Final

from mspcim.harmonize.pan_display_v5_messages import PanOperation, register_pan_operation
from mspcim.harmonize.profiles import pan_demand_response_v5 as profile
from mspcim.multispeak.v50.demand_response import InitiateDemandResponseEvents

__all__ = ["DEMAND_RESPONSE", "OPERATION"]

OPERATION: Final = "InitiateDemandResponseEvents"

DEMAND_RESPONSE: Final = register_pan_operation(
    PanOperation(
        name=OPERATION,
        cls=InitiateDemandResponseEvents,
        field="events",
        table=profile.DEMAND_RESPONSE_EVENT,
        control_type=profile.PAN_DEMAND_RESPONSE,
        profile=profile.PROFILE,
    )
)
"""InitiateDemandResponseEvents, declared."""
