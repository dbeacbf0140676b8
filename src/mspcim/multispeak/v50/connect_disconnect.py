"""MultiSpeak 5.0 connect/disconnect: ``connectDisconnectEvent``, ``CDStateChange``, operations.

``CD_Server: InitiateConnectDisconnect`` asks for switch actions (``loadActionCode``);
``NOT_Server: CDStatesChangedNotification`` reports outcomes (``stateChange``, with the exact
``endDeviceEventType`` when the sender knows it). 5.0.7 names the device in a
``CDDeviceIdentifier`` choice (``meterID`` or ``CDDeviceID``), 5.0.4 by a bare ``meterID``:
both are read into the 5.0.7 form and written as the release asks (a ``CDDeviceID`` has no 5.0.4
form and is left out there, as is ``readingRequested``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import ClassVar, Final

from lxml import etree

from mspcim import ns
from mspcim.fieldmeta import xml
from mspcim.multispeak.v50.identity import MeterID, MspReferable, ObjectID
from mspcim.multispeak.v50.msp_binding import Form, Release, register_form, write, xml_list

__all__ = [
    "CD_SERVER",
    "NOT_SERVER",
    "CDDeviceIdentifier",
    "CDReason",
    "CDReasonCode",
    "CDStateChange",
    "CDStatesChangedNotification",
    "ConnectDisconnectEvent",
    "EndDeviceEventType",
    "InitiateConnectDisconnect",
    "LoadAction",
    "LoadActionCode",
    "Money",
    "MspEvent",
    "ServicePointID",
    "write_operation",
]

CD_SERVER: Final = ns.MSP50_WSDL.format(endpoint="CD_Server")
NOT_SERVER: Final = ns.MSP50_WSDL.format(endpoint="NOT_Server")


class LoadActionCode(StrEnum):
    """``loadActionCodeKind``: an action asked of a switch (also the state it reached)."""

    UNKNOWN = "Unknown"
    CONNECT = "Connect"
    DISCONNECT = "Disconnect"
    INITIATE_POWER_LIMITATION = "InitiatePowerLimitation"
    CANCEL_POWER_LIMITATION = "CancelPowerLimitation"
    ARM = "Arm"
    ENABLE = "Enable"
    DISABLE = "Disable"
    OTHER = "Other"


class CDReasonCode(StrEnum):
    """``CDReasonCodeKind``: why a meter is connected or disconnected."""

    UNKNOWN = "Unknown"
    PPM_BALANCE_NEGATIVE = "PPMBalanceNegative"
    PPM_BALANCE_POSITIVE = "PPMBalancePositive"
    NON_PAYMENT = "NonPayment"
    SERVICE_INACTIVE = "ServiceInactive"
    PAYMENT_AGREEMENT = "PaymentAgreement"
    PAYMENT_RECEIVED = "PaymentReceived"
    NEW_CUSTOMER = "NewCustomer"
    SERVICE_RESTORED = "ServiceRestored"
    SERVICE_RECONNECTED = "ServiceReconnected"
    OTHER = "Other"


@dataclass(slots=True, kw_only=True)
class LoadAction:
    """``loadActionCode``: the action, and ``otherKind`` naming an action of kind Other."""

    NAMESPACE: ClassVar[str] = ns.MSP50_ENUMS
    value: LoadActionCode = field(metadata=xml("."))
    other_kind: str | None = field(default=None, metadata=xml("@otherKind"))


@dataclass(slots=True, kw_only=True)
class CDReason:
    """``CDReasonCode``: the reason, and ``otherKind`` naming a reason of kind Other."""

    NAMESPACE: ClassVar[str] = ns.MSP50_ENUMS
    value: CDReasonCode = field(metadata=xml("."))
    other_kind: str | None = field(default=None, metadata=xml("@otherKind"))


@dataclass(slots=True, kw_only=True)
class Money:
    """``money``: an amount and its currency."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    value: Decimal = field(metadata=xml("."))
    currency_code: str | None = field(default=None, metadata=xml("@currencyCode"))


@dataclass(slots=True, kw_only=True)
class ServicePointID:
    """``servicePointID``: a service point's GUID with its service kind and utility."""

    NAMESPACE: ClassVar[str] = ns.MSP50_COMMON
    object_guid: str = field(metadata=xml("."))
    service_type: str | None = field(default=None, metadata=xml("@serviceType"))
    utility: str | None = field(default=None, metadata=xml("@utility"))


@dataclass(slots=True, kw_only=True)
class CDDeviceIdentifier:
    """``CDDeviceIdentifier``: the switched device, as a meter or as a CD device."""

    NAMESPACE: ClassVar[str] = ns.MSP50
    meter_id: MeterID | None = field(default=None, metadata=xml("meterID"))
    cd_device_id: ObjectID | None = field(default=None, metadata=xml("CDDeviceID"))


@dataclass(slots=True, kw_only=True)
class EndDeviceEventType:
    """``endDeviceEventType``: the four parts of an EndDeviceEventType code, as attributes."""

    NAMESPACE: ClassVar[str] = ns.MSP50
    end_device_type: str | None = field(default=None, metadata=xml("@endDeviceType"))
    end_device_domain: str | None = field(default=None, metadata=xml("@endDeviceDomain"))
    end_device_subdomain: str | None = field(default=None, metadata=xml("@endDeviceSubdomain"))
    event_or_action: str | None = field(default=None, metadata=xml("@eventOrAction"))
    code_string: str | None = field(default=None, metadata=xml("@codeString"))


@dataclass(slots=True, kw_only=True)
class MspEvent(MspReferable):
    """``mspEvent``: when, what and why of an event."""

    NAMESPACE: ClassVar[str] = ns.MSP50
    time_stamp: datetime = field(metadata=xml("timeStamp"))
    event_description: str | None = field(default=None, metadata=xml("eventDescription"))
    event_reason: str | None = field(default=None, metadata=xml("eventReason"))


@dataclass(slots=True, kw_only=True)
class ConnectDisconnectEvent(MspEvent):
    """``connectDisconnectEvent``: switch one device, for a customer's reason."""

    NAMESPACE: ClassVar[str] = ns.MSP50
    customer_id: ObjectID | None = field(default=None, metadata=xml("customerID"))
    account_id: ObjectID | None = field(default=None, metadata=xml("accountID"))
    service_location_id: ObjectID | None = field(default=None, metadata=xml("serviceLocationID"))
    service_point_id: ServicePointID | None = field(default=None, metadata=xml("servicePointID"))
    cd_device_identifier: CDDeviceIdentifier | None = field(
        default=None, metadata=xml("CDDeviceIdentifier")
    )
    grid_location: str | None = field(default=None, metadata=xml("gridLocation"))
    load_action_code: LoadAction | None = field(default=None, metadata=xml("loadActionCode"))
    cd_reason_code: CDReason | None = field(default=None, metadata=xml("CDReasonCode"))
    amount_due: Money | None = field(default=None, metadata=xml("amountDue"))
    billing_terms: str | None = field(default=None, metadata=xml("billingTerms"))


@dataclass(slots=True, kw_only=True)
class CDStateChange(MspEvent):
    """``CDStateChange``: the state a device reached (or failed to), with its event code."""

    NAMESPACE: ClassVar[str] = ns.MSP50
    cd_device_identifier: CDDeviceIdentifier = field(metadata=xml("CDDeviceIdentifier"))
    state_change: LoadAction = field(metadata=xml("stateChange"))
    end_device_event_type: EndDeviceEventType | None = field(
        default=None, metadata=xml("endDeviceEventType")
    )


def _device_canonical(element: etree._Element) -> None:
    """5.0.4 → 5.0.7: a bare ``meterID`` goes into a ``CDDeviceIdentifier``."""
    meter = element.find(ns.qname(ns.MSP50, "meterID"))
    if meter is None:
        return
    holder = etree.Element(ns.qname(ns.MSP50, "CDDeviceIdentifier"))
    meter.addprevious(holder)
    holder.append(meter)


def _device_emit(element: etree._Element, release: Release) -> None:
    """5.0.7 → 5.0.4: the ``CDDeviceIdentifier`` gives way to its ``meterID``."""
    if release is not Release.V504:
        return
    for holder in element.iterchildren(ns.qname(ns.MSP50, "CDDeviceIdentifier")):
        meter = holder.find(ns.qname(ns.MSP50, "meterID"))
        if meter is not None:
            holder.addprevious(meter)
        element.remove(holder)


def _point_canonical(element: etree._Element) -> None:
    """5.0.4 → 5.0.7: the ``objectGUID`` attribute becomes the text (a 5.0.4 text is a label)."""
    guid = element.get("objectGUID")
    if guid is not None:
        del element.attrib["objectGUID"]
        element.text = guid


def _point_emit(element: etree._Element, release: Release) -> None:
    if release is Release.V504:
        element.set("objectGUID", element.text or "")
        element.text = None


register_form(ServicePointID, Form(_point_canonical, _point_emit))
register_form(ConnectDisconnectEvent, Form(_device_canonical, _device_emit))
register_form(CDStateChange, Form(_device_canonical, _device_emit))


@dataclass(slots=True, kw_only=True)
class InitiateConnectDisconnect:
    """``CD_Server: InitiateConnectDisconnect``: switch these devices, report at responseURL."""

    NAMESPACE: ClassVar[str] = CD_SERVER
    events: list[ConnectDisconnectEvent] = field(
        default_factory=list,
        metadata=xml_list(
            "ArrayOfConnectDisconnectEvent", "connectDisconnectEvent", ns.MSP50_ARRAYS
        ),
    )
    response_url: str | None = field(default=None, metadata=xml("responseURL"))
    transaction_id: str | None = field(default=None, metadata=xml("transactionID"))
    expiration_time: str | None = field(default=None, metadata=xml("expirationTime"))
    """A dateTime in 5.0.7, a number of ``expiration_units`` in 5.0.4."""
    expiration_units: str | None = field(default=None, metadata=xml("expirationTime/@units"))
    reading_requested: bool | None = field(default=None, metadata=xml("readingRequested"))


@dataclass(slots=True, kw_only=True)
class CDStatesChangedNotification:
    """``NOT_Server: CDStatesChangedNotification``: the outcomes of switch actions."""

    NAMESPACE: ClassVar[str] = NOT_SERVER
    state_changes: list[CDStateChange] = field(
        default_factory=list,
        metadata=xml_list("ArrayOfCDStateChange", "CDStateChange", ns.MSP50_ARRAYS),
    )
    transaction_id: str | None = field(default=None, metadata=xml("transactionID"))


def write_operation(call: object, release: Release = Release.V507) -> etree._Element:
    """The operation element of a bound call, written for ``release``.

    5.0.4 has no ``readingRequested`` and takes ``expirationTime`` as a duration only: a 5.0.7
    dateTime is left out there (the caller reports it).
    """
    element = write(call, type(call).__name__, release=release)
    if release is Release.V504 and isinstance(call, InitiateConnectDisconnect):
        for child in element.iterchildren(ns.qname(CD_SERVER, "readingRequested")):
            element.remove(child)
        for child in element.iterchildren(ns.qname(CD_SERVER, "expirationTime")):
            if child.get("units") is None:
                element.remove(child)
    return element
