"""MultiSpeak 5.0 ``meterHistoryEvent`` and the CB_Server query that returns a meter's history.

As ``MultiSpeak.xsd`` 5.0.7 declares it: an ``mspAssetHistoryEvent`` (an ``mspEvent``: when,
description, reason; then the action expected, taken, and by whom) of a meter (``meterID``),
with the customer, account, service location and service point it concerned and the meter's
status (asset status and connection status). Supplemental notes and the asset's location are
not modelled: ``msp_binding.unread`` names them so a translation reports them.

Operation: CB_Server ``GetMeterHistoriesByMeterIDs`` and its response.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

from mspcim import ns
from mspcim.fieldmeta import xml
from mspcim.multispeak.v50.account import ServicePointID
from mspcim.multispeak.v50.customer import CB_SERVER, array_of
from mspcim.multispeak.v50.identity import MeterID, MspReferable, ObjectID

__all__ = [
    "ActionTaken",
    "GetMeterHistoriesByMeterIDs",
    "GetMeterHistoriesByMeterIDsResponse",
    "Kind",
    "MeterHistoryEvent",
    "MeterStatus",
]


@dataclass(slots=True, kw_only=True)
class Kind:
    """An enumerated v5 kind (``assetStatus``, ``meterConnectionStatus`` …), its ``otherKind``."""

    value: str = field(metadata=xml("."))
    other_kind: str | None = field(default=None, metadata=xml("@otherKind"))


@dataclass(slots=True, kw_only=True)
class ActionTaken(Kind):
    """``actionTaken``: what was done to the asset (an ``actionTakenKind``)."""


@dataclass(slots=True, kw_only=True)
class MeterStatus:
    """``meterStatus``: the meter's asset status and connection status."""

    NAMESPACE: ClassVar[str] = ns.MSP50
    asset_status: Kind = field(metadata=xml("assetStatus"))
    meter_connection_status: Kind | None = field(
        default=None, metadata=xml("meterConnectionStatus")
    )


@dataclass(slots=True, kw_only=True)
class MeterHistoryEvent(MspReferable):
    """``meterHistoryEvent``: one event in a meter's life."""

    time_stamp: datetime = field(metadata=xml("timeStamp"))
    event_description: str | None = field(default=None, metadata=xml("eventDescription"))
    event_reason: str | None = field(default=None, metadata=xml("eventReason"))
    expected_action: ActionTaken | None = field(default=None, metadata=xml("expectedAction"))
    action_taken: ActionTaken | None = field(default=None, metadata=xml("actionTaken"))
    action_taken_by: str | None = field(default=None, metadata=xml("actionTakenBy"))
    meter_id: MeterID = field(metadata=xml("meterID"))
    customer_id: ObjectID | None = field(default=None, metadata=xml("customerID"))
    account_id: ObjectID | None = field(default=None, metadata=xml("accountID"))
    service_location_id: ObjectID | None = field(default=None, metadata=xml("serviceLocationID"))
    service_point_id: ServicePointID | None = field(default=None, metadata=xml("servicePointID"))
    meter_status: MeterStatus | None = field(default=None, metadata=xml("meterStatus"))


@dataclass(slots=True, kw_only=True)
class GetMeterHistoriesByMeterIDs:
    """CB_Server ``GetMeterHistoriesByMeterIDs``: the history of meters."""

    NAMESPACE: ClassVar[str] = CB_SERVER
    meter_ids: list[MeterID] = field(
        default_factory=list, metadata=array_of("ArrayOfMeterID", "meterID")
    )


@dataclass(slots=True, kw_only=True)
class GetMeterHistoriesByMeterIDsResponse:
    """``GetMeterHistoriesByMeterIDsResponse``: the meters' history events."""

    NAMESPACE: ClassVar[str] = CB_SERVER
    events: list[MeterHistoryEvent] = field(
        default_factory=list, metadata=array_of("ArrayOfMeterHistoryEvent", "meterHistoryEvent")
    )
