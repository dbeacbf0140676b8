"""MultiSpeak 5.0 ``demandResponseEvent`` and DR_Server ``InitiateDemandResponseEvents``.

As ``MultiSpeak.xsd`` 5.0.7 declares it: an ``mspEvent`` (when, description, reason) of a
demand response program (``DRProgramID``, required), for some device classes, lasting
``eventDuration``, randomized at its start or end, with heating and cooling set points or
offsets, an average load adjustment or duty cycle, a criticality, a modification number and the
status accumulation it asks for. Supplemental notes are not modelled: ``msp_binding.unread``
names them so a translation reports them. The call also names a ``PANAddressingGroup``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import ClassVar, Final

from mspcim import ns
from mspcim.fieldmeta import xml
from mspcim.multispeak.v50.customer import array_of
from mspcim.multispeak.v50.identity import MspReferable, ObjectID
from mspcim.multispeak.v50.meter_history import Kind
from mspcim.multispeak.v50.msp_binding import xml_list
from mspcim.multispeak.v50.pan import Duration, PANAddressingGroup

__all__ = [
    "DR_SERVER",
    "DemandResponseEvent",
    "InitiateDemandResponseEvents",
    "Temperature",
]

DR_SERVER: Final = ns.MSP50_WSDL.format(endpoint="DR_Server")
"""Namespace of the DR_Server operations."""


@dataclass(slots=True, kw_only=True)
class Temperature:
    """``temperature``: a value and its ``temperatureUnits`` (degreesC, degreesF, degreesK …)."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    value: Decimal = field(metadata=xml("."))
    units: str | None = field(default=None, metadata=xml("@units"))


@dataclass(slots=True, kw_only=True)
class DemandResponseEvent(MspReferable):
    """``demandResponseEvent``: a demand response event of a program."""

    time_stamp: datetime = field(metadata=xml("timeStamp"))
    event_description: str | None = field(default=None, metadata=xml("eventDescription"))
    event_reason: str | None = field(default=None, metadata=xml("eventReason"))
    dr_program_id: ObjectID = field(metadata=xml("DRProgramID"))
    device_classes: list[str] = field(
        default_factory=list, metadata=xml_list("deviceClasses", "deviceClass")
    )
    event_duration: Duration | None = field(default=None, metadata=xml("eventDuration"))
    randomize_event_start: bool | None = field(default=None, metadata=xml("randomizeEventStart"))
    randomize_event_end: bool | None = field(default=None, metadata=xml("randomizeEventEnd"))
    heating_set_point: Temperature | None = field(default=None, metadata=xml("heatingSetPoint"))
    cooling_set_point: Temperature | None = field(default=None, metadata=xml("coolingSetPoint"))
    heating_offset: Temperature | None = field(default=None, metadata=xml("heatingOffset"))
    cooling_offset: Temperature | None = field(default=None, metadata=xml("coolingOffset"))
    average_load_adjustment: Decimal | None = field(
        default=None, metadata=xml("averageLoadAdjustment")
    )
    duty_cycle: Decimal | None = field(default=None, metadata=xml("dutyCycle"))
    criticality: int | None = field(default=None, metadata=xml("criticality"))
    modification_number: str | None = field(default=None, metadata=xml("modificationNumber"))
    requested_accumulation_mode: Kind | None = field(
        default=None, metadata=xml("requestedAccumulationMode")
    )


@dataclass(slots=True, kw_only=True)
class InitiateDemandResponseEvents:
    """DR_Server ``InitiateDemandResponseEvents``: start events, answered later."""

    NAMESPACE: ClassVar[str] = DR_SERVER
    events: list[DemandResponseEvent] = field(
        default_factory=list,
        metadata=array_of("ArrayOfDemandResponseEvent", "demandResponseEvent"),
    )
    pan_addressing_group: PANAddressingGroup | None = field(
        default=None, metadata=xml("PANAddressingGroup")
    )
    response_url: str | None = field(default=None, metadata=xml("responseURL"))
    transaction_id: str | None = field(default=None, metadata=xml("transactionID"))
    expiration_time: datetime | None = field(default=None, metadata=xml("expirationTime"))
