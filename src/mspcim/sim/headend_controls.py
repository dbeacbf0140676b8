"""The simulated head-end switches meters: ``create EndDeviceControls``, then EndDeviceEvents.

Registered with the head-end for noun EndDeviceControls. A request names meters in each
control's EndDevices; the head-end answers at once with a ResponseMessage (Reply OK, or one Error
per meter it does not know: PARTIAL, or FAILED when it knows none) and, ``delay_seconds`` later,
POSTs one ``created EndDeviceEvents`` to the ReplyAddress, correlated with the request: per meter
the event the control leads to (``3.31.0.68`` disconnected, ``3.31.0.42`` connected …), or its
failure event for a meter that draws a failure (``failure_rate``).
"""

from __future__ import annotations

import asyncio
import logging

from mspcim import reply_codes
from mspcim.cim import end_device_events as events
from mspcim.cim.catalogue import Edition, payload_codec, payload_for_tag
from mspcim.cim.end_device_controls import NOUN, EndDevice, EndDeviceControls, outcome_of
from mspcim.cim.message import (
    Error,
    ErrorLevel,
    Header,
    Message,
    MessageKind,
    ObjectID,
    Reply,
    ReplyResult,
    Verb,
)
from mspcim.exceptions import MessageFormatError
from mspcim.sim.headend import HeadEnd, register_noun

__all__ = ["EVENTS", "end_device_controls", "meter_of"]

logger = logging.getLogger(__name__)

EVENTS = "EndDeviceEvents"
METER_NAME_TYPE = "meterID"


def meter_of(device: EndDevice) -> str | None:
    """The meter number of an EndDevice: its meterID name, an untyped name, or its mRID."""
    return device.name_of(METER_NAME_TYPE) or device.name_of(None) or device.mrid


def _controls(message: Message) -> EndDeviceControls:
    if message.kind is not MessageKind.REQUEST or message.header is None:
        raise MessageFormatError(f"expected a RequestMessage, got a {message.kind.value}")
    if message.header.verb is not Verb.CREATE:
        raise MessageFormatError(
            f"EndDeviceControls are served for Verb create, not {message.header.verb.value!r}",
            xpath="/*/Header/Verb",
            code=reply_codes.INVALID_VERB,
        )
    documents = [
        codec.read(element)
        for element in message.payload
        if (codec := payload_for_tag(element.tag)) is not None and codec.noun == NOUN
    ]
    if len(documents) != 1 or not documents[0].end_device_controls:
        raise MessageFormatError(
            "the request carries no EndDeviceControls with a control",
            xpath="/*/Payload",
            code=reply_codes.MISSING_ELEMENTS,
        )
    document: EndDeviceControls = documents[0]
    return document


def _error(meter: str, code: str, reason: str) -> Error:
    return Error(
        code=code,
        level=ErrorLevel.FATAL,
        reason=reason,
        id=ObjectID(value=meter, kind="name", object_type="EndDevice"),
    )


@register_noun(NOUN)
async def end_device_controls(headend: HeadEnd, message: Message) -> Message:
    """Acknowledge the controls (failing unknown meters) and schedule the outcome events."""
    settings = headend.settings
    document = _controls(message)
    assert message.header is not None
    errors: list[Error] = []
    outcomes: list[tuple[str, str]] = []
    for control in document.end_device_controls:
        outcome = outcome_of(control.code)
        for device in control.end_devices:
            meter = meter_of(device) or ""
            if outcome is None:
                reason = f"control {control.code} is not supported"
                errors.append(_error(meter, reply_codes.INVALID_CONTENT, reason))
            elif not meter or meter in settings.unknown_meters:
                errors.append(_error(meter, reply_codes.INVALID_METER, "unknown meter"))
            elif headend.rng.random() < settings.failure_rate and outcome.failed:
                outcomes.append((meter, outcome.failed))
            else:
                outcomes.append((meter, outcome.succeeded))
    correlation = message.header.correlation_id or message.header.message_id
    if outcomes and message.header.reply_address:
        later = _outcome_events(headend, correlation, outcomes)
        headend.schedule(_post_later(headend, message.header.reply_address, later))
    if not errors:
        result = ReplyResult.OK
    else:
        result = ReplyResult.PARTIAL if outcomes else ReplyResult.FAILED
    return Message(
        kind=MessageKind.RESPONSE,
        header=_header(headend, Verb.REPLY, NOUN, correlation),
        reply=Reply(result=result, errors=errors),
        form=settings.form,
    )


def _header(headend: HeadEnd, verb: Verb, noun: str, correlation: str | None) -> Header:
    return Header(
        verb=verb,
        noun=noun,
        timestamp=headend.settings.clock(),
        source=headend.settings.source,
        message_id=headend.new_id(),
        correlation_id=correlation,
    )


def _outcome_events(
    headend: HeadEnd, correlation: str | None, outcomes: list[tuple[str, str]]
) -> Message:
    """``created EndDeviceEvents``: one event per meter, the code its control led to."""
    authority = events.NameTypeAuthority(name="MultiSpeak")
    document = events.EndDeviceEvents(
        end_device_events=[
            events.EndDeviceEvent(
                mrid=headend.new_id(),
                created_date_time=headend.settings.clock(),
                assets=events.Asset(
                    names=[
                        events.Name(
                            name=meter,
                            name_type=events.NameType(
                                name=METER_NAME_TYPE, name_type_authority=authority
                            ),
                        )
                    ]
                ),
                end_device_event_type=events.EndDeviceEventTypeRef(ref=code),
            )
            for meter, code in outcomes
        ]
    )
    return Message(
        kind=MessageKind.EVENT,
        header=_header(headend, Verb.CREATED, EVENTS, correlation),
        payload=[payload_codec(EVENTS, Edition.CIM2013).write(document)],
        form=headend.settings.form,
    )


async def _post_later(headend: HeadEnd, address: str, message: Message) -> None:
    await asyncio.sleep(headend.settings.delay_seconds)
    await headend.post(address, message)
