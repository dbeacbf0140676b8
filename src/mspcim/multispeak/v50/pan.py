"""MultiSpeak 5.0 PAN objects: price tiers and premises display messages, and their operations.

As ``MultiSpeak.xsd`` 5.0.7 declares them: ``priceTierStructure`` (when the prices apply, the
``priceTier`` list — rate identifier and label, price, unit, register — and the ``priceBin``
list), ``PANInterfaceID`` (a PAN gateway's GUID and name), ``premisesDisplayMessage`` (an
``mspObject``: numbered message lines, how long, priority, alert, reason, transmission mode,
confirmation, start) and ``PANAddressingGroup`` (which PAN interfaces or groups a message
goes to). Temperature and load-cycle tier structures, PAN device references and aggregated
groups are not modelled: ``msp_binding.unread`` names them so a translation reports them.

Operations (5.0.7; 5.0.4 has no PAN_Server): PAN_Server ``InitiatePANPricing`` and
``InitiatePremisesDisplayMessages``, NOT_Server ``PANPricingNotification``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import ClassVar, Final

from mspcim import ns
from mspcim.fieldmeta import xml
from mspcim.multispeak.v41.meter import Money
from mspcim.multispeak.v50.customer import NOT_SERVER, array_of
from mspcim.multispeak.v50.identity import MspExtensible, MspObject, MspReferable
from mspcim.multispeak.v50.msp_binding import xml_list

__all__ = [
    "PAN_SERVER",
    "Duration",
    "InitiatePANPricing",
    "InitiatePremisesDisplayMessages",
    "MsgLine",
    "PANAddressingGroup",
    "PANInterfaceID",
    "PANPricingNotification",
    "PremisesDisplayMessage",
    "PriceBin",
    "PriceTier",
    "PriceTierStructure",
    "Uom",
]

PAN_SERVER: Final = ns.MSP50_WSDL.format(endpoint="PAN_Server")
"""Namespace of the PAN_Server operations."""


@dataclass(slots=True, kw_only=True)
class Uom:
    """``uom``: a MultiSpeak unit of measure, and its own name when it is Other."""

    value: str = field(metadata=xml("."))
    other_kind: str | None = field(default=None, metadata=xml("@otherKind"))


@dataclass(slots=True, kw_only=True)
class PriceTier(MspExtensible):
    """``priceTier``: one rate of a price tier structure."""

    NAMESPACE: ClassVar[str] = ns.MSP50

    rate_identifier: str = field(metadata=xml("rateIdentifier"))
    rate_label: str | None = field(default=None, metadata=xml("rateLabel"))
    price: Money | None = field(default=None, metadata=xml("price"))
    units: Uom | None = field(default=None, metadata=xml("units"))
    register: int | None = field(default=None, metadata=xml("register"))


@dataclass(slots=True, kw_only=True)
class PriceBin:
    """``priceBin``: a consumption bin and the rate that applies in it."""

    bin_identifier: str = field(metadata=xml("binIdentifier"))
    rate_identifier: str = field(metadata=xml("rateIdentifier"))


@dataclass(slots=True, kw_only=True)
class PriceTierStructure(MspReferable):
    """``priceTierStructure``: the prices a PAN applies from ``startTime``."""

    start_time: datetime = field(metadata=xml("startTime"))
    price_tiers: list[PriceTier] = field(
        default_factory=list, metadata=xml_list("priceTiers", "priceTier")
    )
    price_bins: list[PriceBin] = field(
        default_factory=list, metadata=xml_list("priceBins", "priceBin")
    )


@dataclass(slots=True, kw_only=True)
class PANInterfaceID:
    """``PANInterfaceID``: a PAN gateway's GUID and name."""

    value: str = field(metadata=xml("."))
    device_name: str | None = field(default=None, metadata=xml("@deviceName"))
    utility: str | None = field(default=None, metadata=xml("@utility"))


@dataclass(slots=True, kw_only=True)
class Duration:
    """``duration``: a number of ``timeUnits``."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    value: Decimal = field(metadata=xml("."))
    units: str | None = field(default=None, metadata=xml("@units"))


@dataclass(slots=True, kw_only=True)
class MsgLine:
    """``msgLine``: one numbered line of a display message."""

    sequence_number: int | None = field(default=None, metadata=xml("sequenceNumber"))
    text: str | None = field(default=None, metadata=xml("text"))


@dataclass(slots=True, kw_only=True)
class PremisesDisplayMessage(MspObject):
    """``premisesDisplayMessage``: a text shown on in-premises displays."""

    msg_lines: list[MsgLine] = field(default_factory=list, metadata=xml_list("msgLines", "msgLine"))
    duration: Duration | None = field(default=None, metadata=xml("duration"))
    priority: str | None = field(default=None, metadata=xml("priority"))
    is_alert: bool | None = field(default=None, metadata=xml("isAlert"))
    alert_level: str | None = field(default=None, metadata=xml("alertLevel"))
    reason: str | None = field(default=None, metadata=xml("reason"))
    transmission_mode: str | None = field(default=None, metadata=xml("transmissionMode"))
    confirmation_required: bool | None = field(default=None, metadata=xml("confirmationRequired"))
    start_time: datetime | None = field(default=None, metadata=xml("startTime"))


@dataclass(slots=True, kw_only=True)
class PANAddressingGroup(MspReferable):
    """``PANAddressingGroup``: the PAN interfaces a message goes to."""

    name: str | None = field(default=None, metadata=xml("name"))
    pan_interface_ids: list[PANInterfaceID] = field(
        default_factory=list, metadata=xml_list("PANInterfaceIDs", "PANInterfaceID")
    )


@dataclass(slots=True, kw_only=True)
class InitiatePANPricing:
    """PAN_Server ``InitiatePANPricing``: send prices to a PAN, answered later."""

    NAMESPACE: ClassVar[str] = PAN_SERVER
    price_tier_structure: PriceTierStructure | None = field(
        default=None, metadata=xml("priceTierStructure")
    )
    pan_interface_id: PANInterfaceID | None = field(default=None, metadata=xml("PANInterfaceID"))
    response_url: str | None = field(default=None, metadata=xml("responseURL"))
    transaction_id: str | None = field(default=None, metadata=xml("transactionID"))
    expiration_time: datetime | None = field(default=None, metadata=xml("expirationTime"))


@dataclass(slots=True, kw_only=True)
class PANPricingNotification:
    """NOT_Server ``PANPricingNotification``: the prices a PAN applies."""

    NAMESPACE: ClassVar[str] = NOT_SERVER
    price_tier_structure: PriceTierStructure | None = field(
        default=None, metadata=xml("priceTierStructure")
    )
    pan_interface_id: PANInterfaceID | None = field(default=None, metadata=xml("PANInterfaceID"))
    transaction_id: str | None = field(default=None, metadata=xml("transactionID"))


@dataclass(slots=True, kw_only=True)
class InitiatePremisesDisplayMessages:
    """PAN_Server ``InitiatePremisesDisplayMessages``: show messages, answered later."""

    NAMESPACE: ClassVar[str] = PAN_SERVER
    messages: list[PremisesDisplayMessage] = field(
        default_factory=list,
        metadata=array_of("ArrayOfPremisesDisplayMessage", "premisesDisplayMessage"),
    )
    pan_addressing_group: PANAddressingGroup | None = field(
        default=None, metadata=xml("PANAddressingGroup")
    )
    response_url: str | None = field(default=None, metadata=xml("responseURL"))
    transaction_id: str | None = field(default=None, metadata=xml("transactionID"))
    expiration_time: datetime | None = field(default=None, metadata=xml("expirationTime"))
