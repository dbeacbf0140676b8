"""The Message Translator for files and streams: detect what a document is, translate it.

Recognises MultiSpeak 4.1 operations (SOAP-wrapped or bare body elements), IEC 61968-100
messages in either envelope form (SOAP-wrapped or bare) and bare CIM MeterReadings payloads,
and translates them to the other standard through the profile tables, with the gap report.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from lxml import etree

from mspcim import ns
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import (
    EnvelopeForm,
    Header,
    Message,
    MessageKind,
    Reply,
    ReplyResult,
    Verb,
)
from mspcim.cim.meter_readings_2013 import NAMESPACE as MR_2013
from mspcim.cim.meter_readings_2013 import build_meter_readings
from mspcim.exceptions import MessageFormatError, UnknownOperationError
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.header import header_to_cim
from mspcim.harmonize.meter_reading_messages import (
    NOUN,
    CimReadings,
    cim_readings,
    initiate_to_request,
    notification_to_event,
    readings_to_notification,
    request_to_initiate,
)
from mspcim.harmonize.profiles import meter_readings
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header, read_header
from mspcim.multispeak.v41.operations import (
    build_initiate_meter_readings_by_meter_id,
    build_reading_changed_notification,
    read_get_latest_reading_response,
    read_initiate_meter_readings_by_meter_id,
    read_reading_changed_notification,
)
from mspcim.soap import SoapVersion, build_envelope, read_envelope

__all__ = ["Dialect", "Translation", "detect", "translate_document"]


class Dialect(StrEnum):
    """Translation targets (``cim`` is an alias of ``cim2013``)."""

    CIM = "cim"
    CIM2013 = "cim2013"
    MSP41 = "msp41"

    @property
    def is_cim(self) -> bool:
        """True for the CIM dialects."""
        return self in (Dialect.CIM, Dialect.CIM2013)


@dataclass(slots=True)
class Translation:
    """The translated document, its gap report, and what was recognised."""

    document: etree._Element
    gaps: GapReport
    source: str
    target: str


@dataclass(slots=True)
class _Input:
    """A recognised input document."""

    dialect: Dialect
    description: str
    element: etree._Element
    header: etree._Element | None = None
    soap: SoapVersion | None = None


def detect(root: etree._Element) -> str:
    """A one-line description of what ``root`` is (for ``mspcim translate`` and logs)."""
    return _recognise(root).description


def _recognise(root: etree._Element) -> _Input:
    soap: SoapVersion | None = None
    header: etree._Element | None = None
    element = root
    if ns.local_name(root.tag) == "Envelope" and ns.namespace_of(root.tag) in (
        ns.SOAP11,
        ns.SOAP12,
    ):
        envelope = read_envelope(root)
        soap = envelope.version
        element = envelope.first_body
        header = envelope.header(ns.qname(ns.MSP41, "MultiSpeakMsgHeader"))
    namespace, local = ns.namespace_of(element.tag), ns.local_name(element.tag)
    if namespace == ns.MSP41:
        return _Input(Dialect.MSP41, f"MultiSpeak 4.1 {local}", element, header, soap)
    if namespace == MR_2013 and local == "MeterReadings":
        return _Input(
            Dialect.CIM2013, "CIM 61968-9:2013 MeterReadings payload", element, None, soap
        )
    message = read_message(element)  # raises MessageFormatError for anything else
    form = "61968-100" if message.form is EnvelopeForm.IEC61968_100 else "61968-9 noun-wrapper"
    verb = message.header.verb.value if message.header else ""
    return _Input(
        Dialect.CIM2013,
        f"IEC {form} {message.kind.value} {verb} {message.noun or ''}".strip(),
        element,
        None,
        soap,
    )


def translate_document(
    root: etree._Element,
    to: Dialect | str,
    *,
    form: EnvelopeForm = EnvelopeForm.IEC61968_100,
    soap: bool = False,
    new_id: Callable[[], str] = lambda: str(uuid.uuid4()),
) -> Translation:
    """Translate ``root`` to ``to``: CIM output bare unless ``soap``, MultiSpeak in SOAP 1.1."""
    target = Dialect(to)
    found = _recognise(root)
    gaps = GapReport()
    if target.is_cim:
        if found.dialect is Dialect.MSP41:
            message = _msp_to_cim(found, gaps, form, new_id)
        else:
            message = _cim_message(found)
            message.form = form
        element = build_message(message)
        if soap:
            element = build_envelope(SoapVersion.SOAP11, [element])
        return Translation(element, gaps, found.description, f"CIM 2013 ({form.value})")
    if found.dialect is Dialect.MSP41:
        raise MessageFormatError(f"{found.description} is MultiSpeak 4.1 already")
    body, header = _cim_to_msp(found, gaps)
    envelope = build_envelope(SoapVersion.SOAP11, [body], [build_header(header.stamped())])
    return Translation(
        envelope, gaps, found.description, f"MultiSpeak 4.1 {ns.local_name(body.tag)}"
    )


def _msp_header(found: _Input) -> MultiSpeakMsgHeader:
    return read_header(found.header) if found.header is not None else MultiSpeakMsgHeader()


def _msp_to_cim(
    found: _Input, gaps: GapReport, form: EnvelopeForm, new_id: Callable[[], str]
) -> Message:
    name = ns.local_name(found.element.tag)
    header = _msp_header(found)
    if name == "ReadingChangedNotification":
        call = read_reading_changed_notification(found.element)
        return notification_to_event(
            call, header, message_id=header.message_id or new_id(), form=form, report=gaps
        )
    if name == "InitiateMeterReadingsByMeterID":
        initiate = read_initiate_meter_readings_by_meter_id(found.element)
        message = initiate_to_request(
            initiate,
            header,
            message_id=header.message_id or new_id(),
            reply_address=initiate.response_url,
            form=form,
            report=gaps,
        )
        assert message.header is not None
        message.header.correlation_id = initiate.transaction_id
        return message
    if name == "GetLatestReadingByMeterIDResponse":
        reading = read_get_latest_reading_response(found.element)
        document = meter_readings.to_cim([reading] if reading else [], gaps)
        cim_header = header_to_cim(header, Verb.REPLY, NOUN, gaps)
        return Message(
            MessageKind.RESPONSE,
            cim_header,
            reply=Reply(ReplyResult.OK),
            payload=[build_meter_readings(document)],
            form=form,
        )
    raise UnknownOperationError(
        f"no translation for MultiSpeak 4.1 {name} (supported: ReadingChangedNotification, "
        "InitiateMeterReadingsByMeterID, GetLatestReadingByMeterIDResponse)"
    )


def _cim_message(found: _Input) -> Message:
    if ns.local_name(found.element.tag) == "MeterReadings":
        return Message(MessageKind.EVENT, Header(Verb.CREATED, NOUN), payload=[found.element])
    return read_message(found.element)


def _cim_to_msp(found: _Input, gaps: GapReport) -> tuple[etree._Element, MultiSpeakMsgHeader]:
    message = _cim_message(found)
    if message.noun != NOUN:
        raise MessageFormatError(
            f"no translation for CIM noun {message.noun!r} (supported: {NOUN})"
        )
    if message.kind is MessageKind.REQUEST:
        call, header = request_to_initiate(message, gaps)
        return build_initiate_meter_readings_by_meter_id(call), header
    readings: CimReadings = cim_readings(message)
    notification, header = readings_to_notification(readings, report=gaps)
    return build_reading_changed_notification(notification), header
