"""MultiSpeak 4.1 connect/disconnect: ``connectDisconnectEvent``, ``CDStateChange``, ``CDState``.

Names and element order follow CD_Server.wsdl (``InitiateConnectDisconnect``,
``GetCDMeterState``) and CB_Server.wsdl / MDM_Server.wsdl (``CDStateChangedNotification``, whose
``stateChange`` is one ``CDStateChange``: one notification per meter). The objects extend
``mspObject``; their simple-content parts (``powerLimitationValue``, ``money``, ``meterEvent``)
are bound with ``Binding``, the rest reuses the ``meterReading`` helpers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Final, TypeVar

from lxml import etree

from mspcim import ns
from mspcim.binding import Binding
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.fieldmeta import xml
from mspcim.multispeak.v41.meter_reading import (
    SERVICE_TYPES,
    ExtensionsItem,
    MeterID,
    build_extensions,
    build_meter_id,
    read_extensions,
    read_meter_id,
    text_element,
)
from mspcim.multispeak.v41.operations import ExpirationTime
from mspcim.xsdtypes import format_datetime, parse_datetime

__all__ = [
    "SERVICE_TYPES",
    "CDReasonCode",
    "CDState",
    "CDStateChange",
    "CDStateChangedNotification",
    "ConnectDisconnectEvent",
    "GetCDMeterState",
    "InitiateConnectDisconnect",
    "LoadActionCode",
    "MeterEvent",
    "Money",
    "PowerLimitationUnits",
    "PowerLimitationValue",
    "RCDState",
    "build_cd_state_changed_notification",
    "build_get_cd_meter_state",
    "build_get_cd_meter_state_response",
    "build_initiate_connect_disconnect",
    "read_cd_state_changed_notification",
    "read_get_cd_meter_state",
    "read_get_cd_meter_state_response",
    "read_initiate_connect_disconnect",
]

_M = ns.MSP41
_BINDING: Final = Binding(_M, "msp")
_E = TypeVar("_E", bound=StrEnum)


def _q(local: str) -> str:
    return f"{{{_M}}}{local}"


class LoadActionCode(StrEnum):
    """``loadActionCode``: an action asked of a switch, or a state it reports."""

    CONNECT = "Connect"
    DISCONNECT = "Disconnect"
    INITIATE_POWER_LIMITATION = "InitiatePowerLimitation"
    CANCEL_POWER_LIMITATION = "CancelPowerLimitation"
    OPENED = "Opened"
    CLOSED = "Closed"
    OPEN = "Open"
    CLOSE = "Close"
    ARMED = "Armed"
    ENABLED = "Enabled"
    DISABLED = "Disabled"
    ARM = "Arm"
    ENABLE = "Enable"
    DISABLE = "Disable"
    UNKNOWN = "Unknown"


class CDReasonCode(StrEnum):
    """``CDReasonCode``: why a meter is connected or disconnected."""

    OTHER = "Other"
    PPM_BALANCE_NEGATIVE = "PPMBalanceNegative"
    PPM_BALANCE_POSITIVE = "PPMBalancePositive"
    NON_PAYMENT = "NonPayment"
    SERVICE_INACTIVE = "ServiceInactive"
    PAYMENT_AGREEMENT = "PaymentAgreement"
    PAYMENT_RECEIVED = "PaymentReceived"
    NEW_CUSTOMER = "NewCustomer"
    SERVICE_RESTORED = "ServiceRestored"
    SERVICE_RECONNECTED = "ServiceReconnected"
    UNKNOWN = "Unknown"


class RCDState(StrEnum):
    """``RCDState``: the state of a remote connect/disconnect switch."""

    OPENED = "Opened"
    CLOSED = "Closed"
    ARMED = "Armed"
    ENABLED = "Enabled"
    DISABLED = "Disabled"
    UNKNOWN = "Unknown"
    IN_TRANSITION = "InTransition"
    POWER_LIMITATION = "PowerLimitation"


class PowerLimitationUnits(StrEnum):
    """``powerLimitationUnits``."""

    KWH = "kWh"
    KW = "kW"
    A = "A"


@dataclass(slots=True)
class PowerLimitationValue:
    """``powerLimitationValue``: the limit of a power limitation, with its units."""

    value: Decimal = field(metadata={"xml": ".", "xsd": "xs:float"})
    units: PowerLimitationUnits | None = field(default=None, metadata=xml("@units"))

    def __str__(self) -> str:
        """The value and its units, as a gap report shows them."""
        return f"{self.value} {self.units.value if self.units else ''}".strip()


@dataclass(slots=True)
class Money:
    """``money``: an amount and its ISO 4217 currency code."""

    value: Decimal = field(metadata={"xml": ".", "xsd": "xs:float"})
    currency_code: str | None = field(default=None, metadata=xml("@currencyCode"))

    def __str__(self) -> str:
        """The amount and its currency, as a gap report shows them."""
        return f"{self.value} {self.currency_code or ''}".strip()


@dataclass(slots=True)
class MeterEvent:
    """``meterEvent``: the event's numeric code as text, its name in ``codeString``."""

    code: str = field(metadata=xml("."))
    domain: str | None = field(default=None, metadata=xml("@domain"))
    domain_part: str | None = field(default=None, metadata=xml("@domainPart"))
    type: str | None = field(default=None, metadata=xml("@type"))
    index: str | None = field(default=None, metadata=xml("@index"))
    value: str | None = field(default=None, metadata=xml("@value"))
    code_string: str | None = field(default=None, metadata=xml("@codeString"))


@dataclass(slots=True, kw_only=True)
class _MspObject:
    """The ``mspObject`` part every MultiSpeak object carries."""

    comments: str | None = field(default=None, metadata=xml("comments"))
    extensions_list: list[ExtensionsItem] = field(
        default_factory=list, metadata=xml("extensionsList")
    )
    object_name: str | None = field(default=None, metadata=xml("objectName"))
    object_id: str | None = field(default=None, metadata=xml("@objectID"))
    verb: str | None = field(default=None, metadata=xml("@verb"))
    error_string: str | None = field(default=None, metadata=xml("@errorString"))
    replace_id: str | None = field(default=None, metadata=xml("@replaceID"))
    utility: str | None = field(default=None, metadata=xml("@utility"))


@dataclass(slots=True, kw_only=True)
class ConnectDisconnectEvent(_MspObject):
    """``connectDisconnectEvent``: connect, disconnect or arm one meter's switch."""

    service_location_id: str | None = field(default=None, metadata=xml("serviceLocationID"))
    customer_id: str | None = field(default=None, metadata=xml("customerID"))
    grid_location: str | None = field(default=None, metadata=xml("gridLocation"))
    account_number: str | None = field(default=None, metadata=xml("accountNumber"))
    meter_id: MeterID | None = field(default=None, metadata=xml("meterID"))
    load_action_code: LoadActionCode | None = field(default=None, metadata=xml("loadActionCode"))
    power_limitation_value: PowerLimitationValue | None = field(
        default=None, metadata=xml("powerLimitationValue")
    )
    cd_reason_code: CDReasonCode | None = field(default=None, metadata=xml("CDReasonCode"))
    amount_due: Money | None = field(default=None, metadata=xml("amountDue"))
    service_type: str | None = field(default=None, metadata=xml("serviceType"))
    billing_terms: str | None = field(default=None, metadata=xml("billingTerms"))


@dataclass(slots=True, kw_only=True)
class CDStateChange(_MspObject):
    """``CDStateChange``: what became of one meter's switch (``errorString`` when it failed)."""

    meter_id: MeterID | None = field(default=None, metadata=xml("meterID"))
    state_change: LoadActionCode | None = field(default=None, metadata=xml("stateChange"))
    meter_event: MeterEvent | None = field(default=None, metadata=xml("meterEvent"))
    timestamp: datetime | None = field(default=None, metadata=xml("timestamp"))


@dataclass(slots=True, kw_only=True)
class CDState(_MspObject):
    """``CDState``: the switch state of one meter."""

    meter_id: MeterID | None = field(default=None, metadata=xml("meterID"))
    rcd_state: RCDState | None = field(default=None, metadata=xml("RCDState"))
    timestamp: datetime | None = field(default=None, metadata=xml("timestamp"))


@dataclass(slots=True)
class InitiateConnectDisconnect:
    """CD_Server ``InitiateConnectDisconnect``: switch meters, outcome notified later."""

    cd_events: list[ConnectDisconnectEvent] = field(default_factory=list)
    response_url: str | None = None
    transaction_id: str | None = None
    exp_time: ExpirationTime | None = None


@dataclass(slots=True)
class CDStateChangedNotification:
    """CB/MDM_Server ``CDStateChangedNotification``: one meter's switch changed (or failed to)."""

    state_change: CDStateChange | None = None
    transaction_id: str | None = None


@dataclass(slots=True)
class GetCDMeterState:
    """CD_Server ``GetCDMeterState``: the switch state of one meter, synchronously."""

    meter_id: MeterID | None = None


# --- reading


def _text(element: etree._Element, local: str) -> str | None:
    child = element.find(_q(local))
    return None if child is None else child.text or ""


def _enum(element: etree._Element, local: str, kind: type[_E], where: str) -> _E | None:
    text = _text(element, local)
    if text is None:
        return None
    try:
        return kind(text.strip())
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise MessageFormatError(
            f"{local} {text!r} is not one of {allowed}", xpath=f"{where}/{local}"
        ) from None


def _bound(element: etree._Element, local: str, kind: type[Any], where: str) -> Any:
    child = element.find(_q(local))
    if child is None:
        return None
    try:
        return _BINDING.read(child, kind, f"{where}/{local}")
    except MappingError as exc:
        raise MessageFormatError(exc.reason, xpath=exc.xpath) from None


def _timestamp(element: etree._Element, where: str) -> datetime | None:
    text = _text(element, "timestamp")
    return parse_datetime(text, where=f"{where}/timestamp") if text else None


def _meter_id(element: etree._Element) -> MeterID | None:
    child = element.find(_q("meterID"))
    return read_meter_id(child) if child is not None else None


def _msp_object(element: etree._Element) -> dict[str, Any]:
    return {
        "comments": _text(element, "comments"),
        "extensions_list": read_extensions(element),
        "object_name": _text(element, "objectName"),
        "object_id": element.get("objectID"),
        "verb": element.get("verb"),
        "error_string": element.get("errorString"),
        "replace_id": element.get("replaceID"),
        "utility": element.get("utility"),
    }


def _read_event(element: etree._Element, where: str) -> ConnectDisconnectEvent:
    return ConnectDisconnectEvent(
        **_msp_object(element),
        service_location_id=_text(element, "serviceLocationID"),
        customer_id=_text(element, "customerID"),
        grid_location=_text(element, "gridLocation"),
        account_number=_text(element, "accountNumber"),
        meter_id=_meter_id(element),
        load_action_code=_enum(element, "loadActionCode", LoadActionCode, where),
        power_limitation_value=_bound(element, "powerLimitationValue", PowerLimitationValue, where),
        cd_reason_code=_enum(element, "CDReasonCode", CDReasonCode, where),
        amount_due=_bound(element, "amountDue", Money, where),
        service_type=_text(element, "serviceType"),
        billing_terms=_text(element, "billingTerms"),
    )


def _read_state_change(element: etree._Element, where: str) -> CDStateChange:
    return CDStateChange(
        **_msp_object(element),
        meter_id=_meter_id(element),
        state_change=_enum(element, "stateChange", LoadActionCode, where),
        meter_event=_bound(element, "meterEvent", MeterEvent, where),
        timestamp=_timestamp(element, where),
    )


def _read_state(element: etree._Element, where: str) -> CDState:
    return CDState(
        **_msp_object(element),
        meter_id=_meter_id(element),
        rcd_state=_enum(element, "RCDState", RCDState, where),
        timestamp=_timestamp(element, where),
    )


def _read_exp_time(body: etree._Element, where: str) -> ExpirationTime | None:
    element = body.find(_q("expTime"))
    if element is None or not (element.text or "").strip():
        return None
    try:
        value = float((element.text or "").strip())
    except ValueError:
        raise MessageFormatError(
            f"expTime is not a number: {element.text!r}", xpath=f"{where}/expTime"
        ) from None
    return ExpirationTime(value=value, units=element.get("units"))


def read_initiate_connect_disconnect(body: etree._Element) -> InitiateConnectDisconnect:
    """Parameters of an ``InitiateConnectDisconnect`` body element."""
    where = "/InitiateConnectDisconnect"
    events = body.find(_q("cdEvents"))
    items = list(events.iterchildren(_q("connectDisconnectEvent"))) if events is not None else []
    return InitiateConnectDisconnect(
        cd_events=[
            _read_event(item, f"{where}/cdEvents/connectDisconnectEvent[{index}]")
            for index, item in enumerate(items, start=1)
        ],
        response_url=_stripped(_text(body, "responseURL")),
        transaction_id=_stripped(_text(body, "transactionID")),
        exp_time=_read_exp_time(body, where),
    )


def _stripped(text: str | None) -> str | None:
    return text.strip() if text is not None else None


def read_cd_state_changed_notification(body: etree._Element) -> CDStateChangedNotification:
    """Parameters of a ``CDStateChangedNotification`` body element."""
    element = body.find(_q("stateChange"))
    return CDStateChangedNotification(
        state_change=_read_state_change(element, "/CDStateChangedNotification/stateChange")
        if element is not None
        else None,
        transaction_id=_stripped(_text(body, "transactionID")),
    )


def read_get_cd_meter_state(body: etree._Element) -> GetCDMeterState:
    """Parameters of a ``GetCDMeterState`` body element."""
    return GetCDMeterState(meter_id=_meter_id(body))


def read_get_cd_meter_state_response(body: etree._Element) -> CDState | None:
    """The CDState of a ``GetCDMeterStateResponse`` (None when absent)."""
    result = body.find(_q("GetCDMeterStateResult"))
    where = "/GetCDMeterStateResponse/GetCDMeterStateResult"
    return _read_state(result, where) if result is not None else None


# --- writing


def _element(local: str) -> etree._Element:
    return etree.Element(_q(local), nsmap={None: _M})  # type: ignore[dict-item]


def _enum_element(parent: etree._Element, local: str, value: StrEnum | None) -> None:
    text_element(parent, local, value.value if value is not None else None)


def _bound_element(parent: etree._Element, local: str, value: object) -> None:
    if value is not None:
        parent.append(_BINDING.write(value, local))


def _build_msp_object(parent: etree._Element, local: str, obj: _MspObject) -> etree._Element:
    element = etree.SubElement(parent, _q(local))
    for attribute, value in (
        ("objectID", obj.object_id),
        ("verb", obj.verb),
        ("errorString", obj.error_string),
        ("replaceID", obj.replace_id),
        ("utility", obj.utility),
    ):
        if value is not None:
            element.set(attribute, value)
    text_element(element, "comments", obj.comments)
    build_extensions(element, obj.extensions_list)
    text_element(element, "objectName", obj.object_name)
    return element


def _build_meter_id(element: etree._Element, meter_id: MeterID | None) -> None:
    if meter_id is not None:
        build_meter_id(element, meter_id)


def _build_timestamp(element: etree._Element, when: datetime | None) -> None:
    text_element(element, "timestamp", format_datetime(when) if when is not None else None)


def _build_event(parent: etree._Element, event: ConnectDisconnectEvent) -> None:
    element = _build_msp_object(parent, "connectDisconnectEvent", event)
    text_element(element, "serviceLocationID", event.service_location_id)
    text_element(element, "customerID", event.customer_id)
    text_element(element, "gridLocation", event.grid_location)
    text_element(element, "accountNumber", event.account_number)
    _build_meter_id(element, event.meter_id)
    _enum_element(element, "loadActionCode", event.load_action_code)
    _bound_element(element, "powerLimitationValue", event.power_limitation_value)
    _enum_element(element, "CDReasonCode", event.cd_reason_code)
    _bound_element(element, "amountDue", event.amount_due)
    text_element(element, "serviceType", event.service_type)
    text_element(element, "billingTerms", event.billing_terms)


def _build_state_change(parent: etree._Element, local: str, change: CDStateChange) -> None:
    element = _build_msp_object(parent, local, change)
    _build_meter_id(element, change.meter_id)
    _enum_element(element, "stateChange", change.state_change)
    _bound_element(element, "meterEvent", change.meter_event)
    _build_timestamp(element, change.timestamp)


def _exp_time_text(exp_time: ExpirationTime) -> str:
    value = exp_time.value
    return repr(value) if value % 1 else str(int(value))


def build_initiate_connect_disconnect(call: InitiateConnectDisconnect) -> etree._Element:
    """The ``InitiateConnectDisconnect`` body element."""
    body = _element("InitiateConnectDisconnect")
    events = etree.SubElement(body, _q("cdEvents"))
    for event in call.cd_events:
        _build_event(events, event)
    text_element(body, "responseURL", call.response_url)
    text_element(body, "transactionID", call.transaction_id)
    if call.exp_time is not None:
        exp = text_element(body, "expTime", _exp_time_text(call.exp_time))
        if exp is not None and call.exp_time.units is not None:
            exp.set("units", call.exp_time.units)
    return body


def build_cd_state_changed_notification(call: CDStateChangedNotification) -> etree._Element:
    """The ``CDStateChangedNotification`` body element."""
    body = _element("CDStateChangedNotification")
    if call.state_change is not None:
        _build_state_change(body, "stateChange", call.state_change)
    text_element(body, "transactionID", call.transaction_id)
    return body


def build_get_cd_meter_state(call: GetCDMeterState) -> etree._Element:
    """The ``GetCDMeterState`` body element."""
    body = _element("GetCDMeterState")
    _build_meter_id(body, call.meter_id)
    return body


def build_get_cd_meter_state_response(state: CDState | None) -> etree._Element:
    """``GetCDMeterStateResponse`` holding ``state`` (an empty response when None)."""
    response = _element("GetCDMeterStateResponse")
    if state is not None:
        element = _build_msp_object(response, "GetCDMeterStateResult", state)
        _build_meter_id(element, state.meter_id)
        _enum_element(element, "RCDState", state.rcd_state)
        _build_timestamp(element, state.timestamp)
    return response
