"""Whole MultiSpeak 5.0 messages of profile PANPricing (clause 9) ⇄ CIM EndDeviceControls.

- PAN_Server ``InitiatePANPricing`` ⇄ RequestMessage *create EndDeviceControls* holding one
  EndDeviceControl of type ``PAN_PRICING`` (responseURL ⇄ ReplyAddress, transactionID ⇄
  CorrelationID, an asynchronous reply asked; expirationTime has no 61968-100 place: reported);
- NOT_Server ``PANPricingNotification`` ⇄ EventMessage *created EndDeviceControls* (the prices a
  PAN applies; transactionID ⇄ CorrelationID).

The CIM side of EndDeviceControls is shared with connect/disconnect: ``chain`` puts these
translations in front of the one registered before (``end_device_control_v5_messages``), which
still gets every message that is not PAN pricing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from lxml import etree

from mspcim import ns
from mspcim.cim.end_device_controls import EndDeviceControls
from mspcim.cim.message import Header, Message, MessageKind, Verb
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize import end_device_control_v5_messages as _controls
from mspcim.harmonize import money_codecs
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.header_v5 import header_from_cim, header_to_cim
from mspcim.harmonize.profile_messages import message_of, payload_document
from mspcim.harmonize.profiles import pan_pricing_v5 as profile
from mspcim.harmonize.routes import TranslateOptions
from mspcim.harmonize.routes50 import CimToMsp50, cim_route50, find_cim_route50, msp50_route
from mspcim.multispeak.v50 import msp_binding
from mspcim.multispeak.v50.header import RequestHeader, V5Header
from mspcim.multispeak.v50.pan import InitiatePANPricing, PANPricingNotification

__all__ = [
    "CONTROLS",
    "chain",
    "controls_of",
    "initiate_header",
    "is_of_type",
    "is_pan_pricing",
    "request_header",
]

CONTROLS: Final = _controls.CONTROLS
"""Header/Noun of the CIM messages (EndDeviceControls)."""
_NO_EXPIRY: Final = "61968-100 has no expiry: the gateway holds it"


def controls_of(message: Message) -> EndDeviceControls:
    """The EndDeviceControls document of ``message`` (empty when it has none)."""
    document: EndDeviceControls = payload_document(message, CONTROLS, EndDeviceControls)
    return document


def chain(kind: MessageKind, wanted: Callable[[Message], bool], handler: CimToMsp50) -> None:
    """Translate ``kind`` EndDeviceControls messages ``wanted`` picks with ``handler``.

    Others go to the translation registered before, as they did.
    """
    previous = find_cim_route50(CONTROLS, kind)

    def route(
        message: Message, report: GapReport, options: TranslateOptions
    ) -> tuple[etree._Element, V5Header]:
        if wanted(message):
            return handler(message, report, options)
        return previous(message, report, options)

    cim_route50(CONTROLS, kind)(route)


def initiate_header(
    header: V5Header, call: Any, name: str, report: GapReport, profile_name: str
) -> Header:
    """The Header of a PAN ``Initiate…`` call: create, async, its return address and id."""
    result = header_to_cim(header, Verb.CREATE.value, CONTROLS, report)
    result.async_reply_flag = True
    result.reply_address = result.reply_address or call.response_url
    result.correlation_id = result.correlation_id or call.transaction_id
    if call.expiration_time is not None:
        where = f"/{name}/expirationTime"
        report.add(where, call.expiration_time, GapKind.LOST, _NO_EXPIRY, None, profile_name)
    return result


def request_header(message: Message, report: GapReport, options: TranslateOptions) -> RequestHeader:
    """The v5 request header of a CIM message's translation."""
    found = header_from_cim(
        message.header or Header(Verb.CREATE, CONTROLS),
        report,
        release=options.release,
        message_id=options.new_id(),
    )
    assert isinstance(found, RequestHeader)
    return found


def _unread(body: etree._Element, cls: type, report: GapReport) -> None:
    for path in msp_binding.unread(body, cls):
        reason = "no mapping reads this element"
        report.add(path, "(element)", GapKind.LOST, reason, None, profile.PROFILE)


def _state(report: GapReport, currency: str | None) -> TranslationState:
    return TranslationState(
        report=report, profile=profile.PROFILE, state={money_codecs.DEFAULT_CURRENCY: currency}
    )


@msp50_route("InitiatePANPricing", "PANPricingNotification")
def _to_cim(
    body: etree._Element, header: V5Header, report: GapReport, options: TranslateOptions
) -> Message:
    name = ns.local_name(body.tag)
    event = name == "PANPricingNotification"
    cls = PANPricingNotification if event else InitiatePANPricing
    call: Any = msp_binding.read(body, cls)
    _unread(body, cls, report)
    if event:
        cim = header_to_cim(header, Verb.CREATED.value, CONTROLS, report)
        cim.correlation_id = cim.correlation_id or call.transaction_id
    else:
        cim = initiate_header(header, call, name, report, profile.PROFILE)
    cim.message_id = cim.message_id or options.new_id()
    shared = _state(report, header.default_currency_code)
    control = translate(profile.PAN_PRICING_CONTROL, call, Direction.TO_CIM, shared, f"/{name}")
    return message_of(
        MessageKind.EVENT if event else MessageKind.REQUEST,
        cim,
        [EndDeviceControls(end_device_controls=[control])],
        noun=CONTROLS,
        edition=options.edition,
        form=options.form,
    )


def is_pan_pricing(message: Message) -> bool:
    """True when every control of ``message`` is a PAN price change (and there is one)."""
    return is_of_type(message, profile.PAN_PRICING)


def is_of_type(message: Message, code: str) -> bool:
    """True when ``message`` holds controls and every one is of control type ``code``."""
    try:
        controls = controls_of(message).end_device_controls
    except MessageFormatError:
        return False
    return bool(controls) and all(item.code == code for item in controls)


def _to_msp(
    message: Message, report: GapReport, options: TranslateOptions
) -> tuple[etree._Element, V5Header]:
    header = request_header(message, report, options)
    controls = controls_of(message).end_device_controls
    for index, extra in enumerate(controls[1:], start=2):
        where = f"/{CONTROLS}/EndDeviceControl[{index}]"
        reason = "the call sends one price structure"
        report.add(where, extra.mrid or "(control)", GapKind.LOST, reason, None, profile.PROFILE)
    shared = _state(report, header.default_currency_code)
    where = f"/{CONTROLS}/EndDeviceControl[1]"
    call: InitiatePANPricing = translate(
        profile.PAN_PRICING_CONTROL, controls[0], Direction.TO_MSP, shared, where
    )
    cim = message.header
    if message.kind is MessageKind.EVENT:
        notification = PANPricingNotification(
            price_tier_structure=call.price_tier_structure,
            pan_interface_id=call.pan_interface_id,
            transaction_id=cim.correlation_id if cim else None,
        )
        body = msp_binding.write(notification, "PANPricingNotification", release=options.release)
        return body, header
    if cim is not None:
        call.response_url, call.transaction_id = cim.reply_address, cim.correlation_id
    return msp_binding.write(call, "InitiatePANPricing", release=options.release), header


chain(MessageKind.REQUEST, is_pan_pricing, _to_msp)
chain(MessageKind.EVENT, is_pan_pricing, _to_msp)
