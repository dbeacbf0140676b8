"""The Message Translator for files and streams: any of four dialects to any other, by the pivot.

Recognises MultiSpeak 4.1 operations, MultiSpeak 5.0 operations (SOAP with a
``MultiSpeakRequestMsgHeader``/``MultiSpeakResponseMsgHeader``, or a bare body of a
``…/V5.0/wsdl/<Endpoint>`` namespace), IEC 61968-100 messages in either envelope form (SOAP-wrapped
or bare) and bare CIM profile payloads, and translates them through the registered routes
(``routes`` for 4.1, ``routes50`` for 5.0, filled by the catalogues) with the gap report.

Every pair goes through the CIM pivot: MultiSpeak → CIM and CIM → MultiSpeak are one hop,
MultiSpeak 4.1 ⇄ 5.0 two hops through a 61968-100 message of the 2013 edition (each gap names its
hop), and the CIM editions convert payload by payload.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from lxml import etree

from mspcim import ns
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import EnvelopeForm, Header, Message, MessageKind, Verb
from mspcim.cim.payloads import Edition, payload_for_tag
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize import catalogue_v5 as _catalogue_v5  # noqa: F401  (registers every route)
from mspcim.harmonize.editions import convert_payload, message_noun
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.routes import TranslateOptions, find_cim_route, find_msp_route
from mspcim.harmonize.routes50 import find_cim_route50, find_msp50_route
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header, read_header
from mspcim.multispeak.v50.header import (
    RequestHeader,
    V5Header,
    build_request_header,
    build_response_header,
    read_request_header,
    read_response_header,
)
from mspcim.multispeak.v50.msp_binding import DEFAULT_RELEASE, Release
from mspcim.soap import SoapVersion, build_envelope, read_envelope
from mspcim.xsdtypes import utc_now

__all__ = ["PAIRS", "Dialect", "Translation", "detect", "translate_document"]

_V5_OPERATIONS = ns.MSP50 + "/wsdl/"


class Dialect(StrEnum):
    """Translation sources and targets (``cim`` is an alias of ``cim2013``)."""

    CIM = "cim"
    CIM2009 = "cim2009"
    CIM2013 = "cim2013"
    MSP41 = "msp41"
    MSP50 = "msp50"

    @property
    def is_cim(self) -> bool:
        """True for the CIM dialects."""
        return self not in (Dialect.MSP41, Dialect.MSP50)

    @property
    def edition(self) -> Edition | None:
        """The 61968-9 edition of a CIM dialect (None for MultiSpeak)."""
        return {
            Dialect.CIM: Edition.CIM2013,
            Dialect.CIM2013: Edition.CIM2013,
            Dialect.CIM2009: Edition.CIM2009,
        }.get(self)

    @property
    def label(self) -> str:
        """The dialect as people name it."""
        edition = self.edition
        if edition is not None:
            return f"CIM {edition.value}"
        return "MultiSpeak 4.1" if self is Dialect.MSP41 else "MultiSpeak 5.0"


PAIRS = tuple(
    (source, target)
    for source in (Dialect.MSP41, Dialect.MSP50, Dialect.CIM2009, Dialect.CIM2013)
    for target in (Dialect.MSP41, Dialect.MSP50, Dialect.CIM2009, Dialect.CIM2013)
    if source is not target or source.is_cim
)
"""Every (source, target) pair ``translate_document`` serves (a CIM edition also to itself)."""


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


def detect(root: etree._Element) -> str:
    """A one-line description of what ``root`` is (for ``mspcim translate`` and logs)."""
    return _recognise(root).description


def _recognise(root: etree._Element) -> _Input:
    header: etree._Element | None = None
    header5: etree._Element | None = None
    element = root
    if ns.local_name(root.tag) == "Envelope" and ns.namespace_of(root.tag) in (
        ns.SOAP11,
        ns.SOAP12,
    ):
        envelope = read_envelope(root)
        element = envelope.first_body
        header = envelope.header(ns.qname(ns.MSP41, "MultiSpeakMsgHeader"))
        header5 = envelope.header(ns.qname(ns.MSP50_REQUEST, "MultiSpeakRequestMsgHeader"))
        if header5 is None:
            header5 = envelope.header(ns.qname(ns.MSP50_RESPONSE, "MultiSpeakResponseMsgHeader"))
    local, namespace = ns.local_name(element.tag), ns.namespace_of(element.tag)
    if namespace == ns.MSP41:
        return _Input(Dialect.MSP41, f"MultiSpeak 4.1 {local}", element, header)
    if namespace.startswith(_V5_OPERATIONS) or (
        header5 is not None and namespace.startswith(ns.MSP50)
    ):
        endpoint = namespace.removeprefix(_V5_OPERATIONS)
        where = f" ({endpoint})" if namespace.startswith(_V5_OPERATIONS) else ""
        return _Input(Dialect.MSP50, f"MultiSpeak 5.0 {local}{where}", element, header5)
    codec = payload_for_tag(element.tag)
    if codec is not None:
        dialect = Dialect.CIM2009 if codec.edition is Edition.CIM2009 else Dialect.CIM2013
        description = f"CIM 61968-9:{codec.edition.value} {codec.noun} payload"
        return _Input(dialect, description, element)
    message = read_message(element)  # raises MessageFormatError for anything else
    form = "61968-100" if message.form is EnvelopeForm.IEC61968_100 else "61968-9 noun-wrapper"
    verb = message.header.verb.value if message.header else ""
    description = f"IEC {form} {message.kind.value} {verb} {message.noun or ''}".strip()
    editions = {found.edition for item in message.payload if (found := payload_for_tag(item.tag))}
    dialect = Dialect.CIM2009 if editions == {Edition.CIM2009} else Dialect.CIM2013
    return _Input(dialect, description, element)


def _dialect(value: Dialect | str, what: str) -> Dialect:
    try:
        return Dialect(value)
    except ValueError:
        known = ", ".join(dialect.value for dialect in Dialect)
        raise MessageFormatError(f"unknown {what} dialect {value!r} (known: {known})") from None


def _check_source(found: _Input, claimed: Dialect | str | None) -> None:
    if claimed is None:
        return
    source = _dialect(claimed, "source")
    matches = (
        found.dialect.is_cim
        if source is Dialect.CIM
        else (source is found.dialect or (source.is_cim and found.dialect is source))
    )
    if not matches:
        raise MessageFormatError(
            f"the input is {found.description} ({found.dialect.label}), not {source.label}"
        )


def translate_document(
    root: etree._Element,
    to: Dialect | str,
    *,
    from_: Dialect | str | None = None,
    form: EnvelopeForm = EnvelopeForm.IEC61968_100,
    soap: bool = False,
    new_id: Callable[[], str] = lambda: str(uuid.uuid4()),
    release: Release | str = DEFAULT_RELEASE,
) -> Translation:
    """Translate ``root`` to ``to``: CIM output bare unless ``soap``, MultiSpeak in SOAP 1.1.

    ``root`` is left as it was.
    ``from_`` (optional) states the input's dialect, checked against what is recognised;
    ``release`` is the MultiSpeak 5.0 release written (5.0.7 unless a destination needs 5.0.4).
    """
    target = _dialect(to, "target")
    found = _recognise(copy.deepcopy(root))  # payloads move into the output: keep the input
    _check_source(found, from_)
    gaps = GapReport()
    edition = target.edition
    options = TranslateOptions(
        form=form, edition=edition or Edition.CIM2013, new_id=new_id, release=Release(release)
    )
    if edition is Edition.CIM2009 and form is EnvelopeForm.NOUN_WRAPPER:
        raise MessageFormatError(
            "the 61968-9:2013 noun-wrapper messages carry 2013 payloads only: first-edition "
            "payloads travel in the 61968-100 envelope (use --form 61968-100)"
        )
    if found.dialect is target and not target.is_cim:
        raise MessageFormatError(f"{found.description} is {target.label} already")
    if edition is not None:
        if found.dialect.is_cim:
            message = _cim_message(found, options, gaps)
        else:
            message = _to_cim(found, gaps, options)
        element = build_message(message)
        if soap:
            element = build_envelope(SoapVersion.SOAP11, [element])
        return Translation(element, gaps, found.description, f"CIM {edition.value} ({form.value})")
    second = gaps
    if found.dialect.is_cim:
        message = _cim_message(found, None, gaps)
    else:
        message = _pivot(found, gaps, options)
        second = GapReport()
    if target is Dialect.MSP41:
        body, header41 = find_cim_route(message.noun, message.kind)(message, second, options)
        block = build_header(header41.stamped())
        target_text = f"MultiSpeak 4.1 {ns.local_name(body.tag)}"
    else:
        body, header5 = find_cim_route50(message.noun, message.kind)(message, second, options)
        block = _build_v5_header(header5, options)
        target_text = f"MultiSpeak {options.release.value} {ns.local_name(body.tag)}"
    if second is not gaps:
        _label(gaps, second, f"hop 2 (CIM 2013 → {target.label})")
    envelope = build_envelope(SoapVersion.SOAP11, [body], [block])
    return Translation(envelope, gaps, found.description, target_text)


def _label(gaps: GapReport, hop: GapReport, label: str) -> None:
    """Append ``hop``'s entries to ``gaps``, each naming its hop before its profile."""
    gaps.entries.extend(
        replace(entry, profile=f"{label} {entry.profile}".rstrip()) for entry in hop
    )


def _build_v5_header(header: V5Header, options: TranslateOptions) -> etree._Element:
    if isinstance(header, RequestHeader):
        return build_request_header(header, options.release)
    return build_response_header(header, options.release)


def _to_cim(found: _Input, gaps: GapReport, options: TranslateOptions) -> Message:
    """One hop: a MultiSpeak 4.1 or 5.0 input to its CIM message, by its route."""
    local = ns.local_name(found.element.tag)
    if found.dialect is Dialect.MSP41:
        header = read_header(found.header) if found.header is not None else MultiSpeakMsgHeader()
        return find_msp_route(local)(found.element, header, gaps, options)
    header5 = _read_v5_header(found.header, options)
    return find_msp50_route(local)(found.element, header5, gaps, options)


def _read_v5_header(element: etree._Element | None, options: TranslateOptions) -> V5Header:
    """The v5 header of the input; a bare body gets a new MessageID and the time of translation."""
    if element is None:
        return RequestHeader(message_id=options.new_id(), time_stamp=utc_now())
    if element.tag == ns.qname(ns.MSP50_RESPONSE, "MultiSpeakResponseMsgHeader"):
        return read_response_header(element)
    return read_request_header(element)


def _pivot(found: _Input, gaps: GapReport, options: TranslateOptions) -> Message:
    """The first of two hops (MultiSpeak → CIM 2013), gaps labelled with their hop.

    The CIM message is written and read back as a 61968-100 document: the second hop starts
    from exactly what a CIM system would have received.
    """
    first = GapReport()
    pivot_options = replace(options, form=EnvelopeForm.IEC61968_100, edition=Edition.CIM2013)
    message = _to_cim(found, first, pivot_options)
    _label(gaps, first, f"hop 1 ({found.dialect.label} → CIM 2013)")
    return read_message(build_message(message))


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
