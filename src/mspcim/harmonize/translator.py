"""The Message Translator for files and streams: detect what a document is, translate it.

Recognises MultiSpeak 4.1 operations (SOAP-wrapped or bare body elements), IEC 61968-100
messages in either envelope form (SOAP-wrapped or bare) and bare CIM profile payloads, and
translates them through the registered routes (``routes``, filled by ``catalogue``) to the other
standard, with the gap report.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from lxml import etree

from mspcim import ns
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import EnvelopeForm, Header, Message, MessageKind, Verb
from mspcim.cim.payloads import Edition, payload_for_tag
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize import catalogue as _catalogue  # noqa: F401  (registers every route)
from mspcim.harmonize.editions import convert_payload, message_noun
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.routes import TranslateOptions, find_cim_route, find_msp_route
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header, read_header
from mspcim.soap import SoapVersion, build_envelope, read_envelope

__all__ = ["Dialect", "Translation", "detect", "translate_document"]


class Dialect(StrEnum):
    """Translation targets (``cim`` is an alias of ``cim2013``)."""

    CIM = "cim"
    CIM2009 = "cim2009"
    CIM2013 = "cim2013"
    MSP41 = "msp41"

    @property
    def is_cim(self) -> bool:
        """True for the CIM dialects."""
        return self is not Dialect.MSP41

    @property
    def edition(self) -> Edition | None:
        """The 61968-9 edition of a CIM dialect (None for MultiSpeak)."""
        return {
            Dialect.CIM: Edition.CIM2013,
            Dialect.CIM2013: Edition.CIM2013,
            Dialect.CIM2009: Edition.CIM2009,
        }.get(self)


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

    is_multispeak: bool
    description: str
    element: etree._Element
    header: etree._Element | None = None


def detect(root: etree._Element) -> str:
    """A one-line description of what ``root`` is (for ``mspcim translate`` and logs)."""
    return _recognise(root).description


def _recognise(root: etree._Element) -> _Input:
    header: etree._Element | None = None
    element = root
    if ns.local_name(root.tag) == "Envelope" and ns.namespace_of(root.tag) in (
        ns.SOAP11,
        ns.SOAP12,
    ):
        envelope = read_envelope(root)
        element = envelope.first_body
        header = envelope.header(ns.qname(ns.MSP41, "MultiSpeakMsgHeader"))
    local = ns.local_name(element.tag)
    if ns.namespace_of(element.tag) == ns.MSP41:
        return _Input(True, f"MultiSpeak 4.1 {local}", element, header)
    codec = payload_for_tag(element.tag)
    if codec is not None:
        return _Input(False, f"CIM 61968-9:{codec.edition.value} {codec.noun} payload", element)
    message = read_message(element)  # raises MessageFormatError for anything else
    form = "61968-100" if message.form is EnvelopeForm.IEC61968_100 else "61968-9 noun-wrapper"
    verb = message.header.verb.value if message.header else ""
    description = f"IEC {form} {message.kind.value} {verb} {message.noun or ''}".strip()
    return _Input(False, description, element)


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
    edition = target.edition
    options = TranslateOptions(form=form, edition=edition or Edition.CIM2013, new_id=new_id)
    if edition is Edition.CIM2009 and form is EnvelopeForm.NOUN_WRAPPER:
        raise MessageFormatError(
            "the 61968-9:2013 noun-wrapper messages carry 2013 payloads only: first-edition "
            "payloads travel in the 61968-100 envelope (use --form 61968-100)"
        )
    if edition is not None:
        if found.is_multispeak:
            header = (
                read_header(found.header) if found.header is not None else MultiSpeakMsgHeader()
            )
            route = find_msp_route(ns.local_name(found.element.tag))
            message = route(found.element, header, gaps, options)
        else:
            message = _cim_message(found, options, gaps)
        element = build_message(message)
        if soap:
            element = build_envelope(SoapVersion.SOAP11, [element])
        return Translation(element, gaps, found.description, f"CIM {edition.value} ({form.value})")
    if found.is_multispeak:
        raise MessageFormatError(f"{found.description} is MultiSpeak 4.1 already")
    message = _cim_message(found, None, gaps)
    body, header = find_cim_route(message.noun, message.kind)(message, gaps, options)
    envelope = build_envelope(SoapVersion.SOAP11, [body], [build_header(header.stamped())])
    return Translation(
        envelope, gaps, found.description, f"MultiSpeak 4.1 {ns.local_name(body.tag)}"
    )


def _cim_message(found: _Input, options: TranslateOptions | None, gaps: GapReport) -> Message:
    """The CIM message of an input; a bare payload is taken as a *created* event.

    With ``options`` (a CIM target), payloads are rewritten in the target edition and form, and
    the Header names the noun the payload has in that edition.
    """
    codec = payload_for_tag(found.element.tag)
    if codec is not None:
        message = Message(
            MessageKind.EVENT, Header(Verb.CREATED, codec.noun), payload=[found.element]
        )
    else:
        message = read_message(found.element)
    if options is not None:
        message.form = options.form
        converted = [convert_payload(item, options.edition, gaps) for item in message.payload]
        if message.header is not None and converted and converted != message.payload:
            message.header.noun = message_noun(converted[0])
        message.payload = converted
    return message
