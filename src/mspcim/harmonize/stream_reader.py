"""The reading side of streaming: hardened ``iterparse``, the survey pass and the items pass.

``survey_document`` reads a whole document once, keeping only what the output needs before the
items but the input may hold after them (the ``transactionID``, the header, ReadingType
declarations) and freeing everything else as it goes; ``Items`` then yields the items one at a
time, freeing each once processed. Parsing refuses DTDs and entities, never touches the network,
and bounds nesting depth and item size (``StreamLimits``); malformed XML is an ``XmlSafetyError``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Final

from lxml import etree

from mspcim import ns
from mspcim.cim import meter_readings_2009, meter_readings_2013
from mspcim.cim.catalogue import Edition
from mspcim.cim.envelope import read_message
from mspcim.cim.message import Message, MessageKind
from mspcim.exceptions import MessageFormatError, XmlSafetyError
from mspcim.harmonize.meter_reading_messages import NOUN
from mspcim.multispeak.header import MultiSpeakMsgHeader, read_header

__all__ = [
    "DEFAULT_LIMITS",
    "Items",
    "StreamLimits",
    "Survey",
    "UnsupportedStreamError",
    "survey_document",
]


class UnsupportedStreamError(MessageFormatError):
    """The document is not one the streaming translator handles (translate it in memory)."""


@dataclass(frozen=True, slots=True)
class StreamLimits:
    """Bounds of a streamed document: no total size limit, but depth and item size are bounded."""

    max_depth: int = 64
    """Deepest element nesting accepted."""
    max_item_elements: int = 200_000
    """Most elements one meterReading / MeterReading may hold."""


DEFAULT_LIMITS: Final = StreamLimits()


# --- hardened reading


class _Counting:
    """A read-only view of a binary stream that reports each chunk read."""

    def __init__(self, stream: IO[bytes], on_read: Callable[[int], None] | None) -> None:
        self.stream, self.on_read = stream, on_read

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        if self.on_read is not None and data:
            self.on_read(len(data))
        return data


def _events(
    stream: IO[bytes], limits: StreamLimits, on_read: Callable[[int], None] | None
) -> Iterator[tuple[str, etree._Element, int]]:
    """(event, element, depth) of the document, refusing DTDs, deep nesting and bad XML."""
    stream.seek(0)
    head = stream.read(4096).lower()
    if not head:
        raise XmlSafetyError("empty document")
    if b"<!doctype" in head or b"<!entity" in head:
        raise XmlSafetyError("DTDs and entity declarations are not accepted")
    stream.seek(0)
    context = etree.iterparse(
        _Counting(stream, on_read),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    depth = 0
    try:
        for event, element in context:
            if event == "start":
                depth += 1
                if depth > limits.max_depth:
                    raise XmlSafetyError(f"document nested deeper than {limits.max_depth} elements")
                if depth == 1 and element.getroottree().docinfo.internalDTD is not None:
                    raise XmlSafetyError("DTDs and entity declarations are not accepted")
                yield event, element, depth
            else:
                yield event, element, depth
                depth -= 1
    except etree.XMLSyntaxError as exc:
        raise XmlSafetyError(f"malformed XML: {exc}") from None


def _release(element: etree._Element) -> None:
    """Free a processed item and the processed siblings before it."""
    element.clear(keep_tail=False)  # type: ignore[call-arg]
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


# --- what the document is (the survey pass)

_SOAP = (ns.SOAP11, ns.SOAP12)
_RCN = ns.qname(ns.MSP41, "ReadingChangedNotification")
_MR_TAGS: Final = {
    ns.qname(meter_readings_2013.NAMESPACE, "MeterReadings"): Edition.CIM2013,
    ns.qname(meter_readings_2009.NAMESPACE, "MeterReadings"): Edition.CIM2009,
    "MeterReadings": Edition.CIM2009,
}


@dataclass(slots=True)
class Survey:
    """What the first pass found."""

    kind: str = ""
    """``msp`` (a ReadingChangedNotification), ``message`` or ``payload`` (CIM)."""
    depth: int = 0
    """Depth of the message root (1 bare, 3 inside SOAP)."""
    header: MultiSpeakMsgHeader = field(default_factory=MultiSpeakMsgHeader)
    transaction_id: str | None = None
    message: Message | None = None
    edition: Edition | None = None
    """Edition of the CIM payload, if there is one."""
    declarations: list[etree._Element] = field(default_factory=list)
    """ReadingType declarations of the payload (2013: ReadingType, 2009: ReadingTypes)."""
    payload_root: tuple[str, dict[str, str], dict[str | None, str]] = ("", {}, {})
    """Tag, attributes and namespaces of the payload's MeterReadings element."""
    items: int = 0

    @property
    def item_depth(self) -> int:
        """Depth of the items: meterReading in changedMeterReads, MeterReading in the payload."""
        return self.depth + {"msp": 2, "message": 3, "payload": 1}[self.kind]

    @property
    def item_parent(self) -> str:
        """Tag of the element holding the items."""
        if self.kind == "msp":
            return ns.qname(ns.MSP41, "changedMeterReads")
        return self.payload_root[0]


def _unsupported(element: etree._Element) -> UnsupportedStreamError:
    local = ns.local_name(element.tag)
    return UnsupportedStreamError(
        f"{local} ({ns.namespace_of(element.tag) or 'no namespace'}) is not streamed: "
        "streaming translates ReadingChangedNotification and MeterReadings messages",
        xpath=f"/{local}",
    )


def survey_document(
    stream: IO[bytes], limits: StreamLimits, on_read: Callable[[int], None] | None
) -> Survey:
    """The first pass: what the document is, and what the output needs before its items."""
    found = Survey()
    parts: list[etree._Element] = []
    message_tag = ""
    for event, element, depth in _events(stream, limits, on_read):
        if event == "start":
            if depth == 1:
                found.depth = 3 if ns.namespace_of(element.tag) in _SOAP else 1
            if depth == found.depth and not found.kind and _in_body(element, depth):
                found.kind, message_tag = _kind_of(element), str(element.tag)
            if element.tag in _MR_TAGS and depth == found.depth + (
                2 if found.kind == "message" else 0
            ):
                found.edition = _MR_TAGS[element.tag]
                attributes = {str(k): str(v) for k, v in element.attrib.items()}
                found.payload_root = (str(element.tag), attributes, dict(element.nsmap))
            continue
        if (
            depth == 3
            and found.depth == 3
            and element.tag == ns.qname(ns.MSP41, "MultiSpeakMsgHeader")
        ):
            found.header = read_header(element)
        top = found.depth
        if found.kind == "msp":
            if depth == top + 1 and element.tag == ns.qname(ns.MSP41, "transactionID"):
                found.transaction_id = (element.text or "").strip()
            elif depth == top + 2:
                found.items += 1
                _release(element)
        elif found.kind == "message":
            if depth == top + 1 and ns.local_name(element.tag) != "Payload":
                parts.append(_copy(element))
            elif depth == top + 3 and element.getparent().tag == found.payload_root[0]:  # type: ignore[union-attr]
                _declaration(found, element)
        elif found.kind == "payload" and depth == top + 1:
            _declaration(found, element)
    if not found.kind:
        raise MessageFormatError("the document holds no message", xpath="/")
    if found.kind == "message":
        skeleton = etree.Element(message_tag)
        skeleton.extend(parts)
        found.message = read_message(skeleton)
        if found.message.noun != NOUN or found.message.kind is MessageKind.FAULT:
            raise _unsupported(skeleton)
    return found


def _copy(element: etree._Element) -> etree._Element:
    copied = etree.fromstring(etree.tostring(element))
    _release(element)
    return copied


def _declaration(found: Survey, element: etree._Element) -> None:
    local = ns.local_name(element.tag)
    if local in ("ReadingType", "ReadingTypes"):
        found.declarations.append(_copy(element))
    elif local == "MeterReading":
        found.items += 1
        _release(element)


def _in_body(element: etree._Element, depth: int) -> bool:
    """True for the root of a bare document and for the children of a SOAP Body."""
    parent = element.getparent()
    return depth == 1 or (parent is not None and ns.local_name(parent.tag) == "Body")


def _kind_of(element: etree._Element) -> str:
    tag = element.tag
    if tag == _RCN:
        return "msp"
    if tag in _MR_TAGS:
        return "payload"
    if ns.namespace_of(tag) in (ns.MESSAGE, ns.MESSAGE_WWW, ns.METER_READINGS_MESSAGE):
        return "message"
    raise _unsupported(element)


class Items:
    """The second pass: yields each item of the payload (or notification), then frees it."""

    def __init__(
        self,
        stream: IO[bytes],
        survey: Survey,
        limits: StreamLimits,
        on_read: Callable[[int], None] | None,
    ) -> None:
        self.stream, self.limits, self.on_read = stream, limits, on_read
        self.depth, self.parent = survey.item_depth, survey.item_parent
        self.others: Callable[[etree._Element], None] | None = None
        """Called with the other children of the items' parent (declarations), in order."""

    def __iter__(self) -> Iterator[etree._Element]:
        inside = 0
        for event, element, depth in _events(self.stream, self.limits, self.on_read):
            if depth > self.depth:
                inside += event == "start"
                if inside > self.limits.max_item_elements:
                    raise XmlSafetyError(
                        f"an item holds more than {self.limits.max_item_elements} elements"
                    )
            elif event == "end" and depth == self.depth:
                inside = 0
                if element.getparent().tag != self.parent:  # type: ignore[union-attr]
                    continue
                if _is_item(element):
                    yield element
                elif self.others is not None:
                    self.others(element)
                _release(element)


def _is_item(element: etree._Element) -> bool:
    return ns.local_name(element.tag) in ("meterReading", "MeterReading")
