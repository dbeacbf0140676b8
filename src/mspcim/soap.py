"""SOAP 1.1 and 1.2 envelopes: read, build, and Faults.

Both standards travel in SOAP: MultiSpeak always, IEC 61968-100 in its web-service transport.
This module knows envelopes only, nothing of either payload. The SOAP version of a reply always
matches the request's (``SoapVersion``), as both SOAP specifications require.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from lxml import etree

from mspcim import ns, reply_codes
from mspcim.exceptions import MessageFormatError

__all__ = [
    "SoapEnvelope",
    "SoapFault",
    "SoapVersion",
    "build_envelope",
    "build_fault",
    "read_envelope",
]


class SoapVersion(Enum):
    """The two SOAP versions, with what differs between them on the wire."""

    SOAP11 = ns.SOAP11
    SOAP12 = ns.SOAP12

    @property
    def namespace(self) -> str:
        """Envelope namespace URI."""
        return self.value

    def content_type(self, action: str | None = None) -> str:
        """HTTP Content-Type for this version (SOAP 1.2 carries the action in it)."""
        if self is SoapVersion.SOAP11:
            return "text/xml; charset=utf-8"
        if action:
            return f'application/soap+xml; charset=utf-8; action="{action}"'
        return "application/soap+xml; charset=utf-8"

    def headers(self, action: str | None) -> dict[str, str]:
        """HTTP request headers for a call with SOAPAction ``action``."""
        headers = {"Content-Type": self.content_type(action)}
        if self is SoapVersion.SOAP11:
            headers["SOAPAction"] = f'"{action or ""}"'
        return headers

    @property
    def client_fault_code(self) -> str:
        """Fault code blaming the sender."""
        return "soap:Client" if self is SoapVersion.SOAP11 else "soap:Sender"

    @property
    def server_fault_code(self) -> str:
        """Fault code blaming the receiver."""
        return "soap:Server" if self is SoapVersion.SOAP11 else "soap:Receiver"

    @classmethod
    def from_content_type(cls, content_type: str | None) -> SoapVersion | None:
        """Guess the version from an HTTP Content-Type (None when it names neither)."""
        media = (content_type or "").split(";")[0].strip().lower()
        if media == "text/xml":
            return cls.SOAP11
        if media == "application/soap+xml":
            return cls.SOAP12
        return None


def action_from_content_type(content_type: str | None) -> str | None:
    """The ``action`` parameter of a SOAP 1.2 Content-Type, if present."""
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "action":
            return value.strip().strip('"') or None
    return None


@dataclass(slots=True)
class SoapFault:
    """A SOAP Fault, version-neutral: ``sender`` says whose fault it is."""

    reason: str
    sender: bool = True
    detail: list[etree._Element] = field(default_factory=list)
    code: str | None = None
    """The fault code as received (QName text), when read from the wire."""


@dataclass(slots=True)
class SoapEnvelope:
    """A parsed envelope: its version, header blocks and body children (or a Fault)."""

    version: SoapVersion
    headers: list[etree._Element]
    body: list[etree._Element]
    fault: SoapFault | None = None

    def header(self, tag: str) -> etree._Element | None:
        """The header block with Clark-notation ``tag``, if present."""
        for block in self.headers:
            if block.tag == tag:
                return block
        return None

    @property
    def first_body(self) -> etree._Element:
        """The single body child that names the operation."""
        if not self.body:
            raise MessageFormatError("SOAP Body is empty", xpath="/Envelope/Body")
        return self.body[0]


def _children(element: etree._Element) -> list[etree._Element]:
    return [child for child in element if isinstance(child.tag, str)]


def read_envelope(root: etree._Element) -> SoapEnvelope:
    """Split a parsed SOAP document into version, headers and body; raise on a broken envelope."""
    tag = root.tag if isinstance(root.tag, str) else ""
    namespace = ns.namespace_of(tag)
    if ns.local_name(tag) != "Envelope" or namespace not in (ns.SOAP11, ns.SOAP12):
        raise MessageFormatError(
            f"not a SOAP envelope: root element is {tag!r}",
            xpath="/*",
            code=reply_codes.REFUSED_XML,
        )
    version = SoapVersion(namespace)
    headers: list[etree._Element] = []
    body_element: etree._Element | None = None
    for child in _children(root):
        if child.tag == ns.qname(namespace, "Header") and body_element is None and not headers:
            headers = _children(child)
        elif child.tag == ns.qname(namespace, "Body") and body_element is None:
            body_element = child
        else:
            raise MessageFormatError(
                f"unexpected {child.tag!r} in SOAP Envelope",
                xpath="/Envelope",
                code=reply_codes.REFUSED_XML,
            )
    if body_element is None:
        raise MessageFormatError(
            "SOAP Envelope has no Body", xpath="/Envelope", code=reply_codes.REFUSED_XML
        )
    body = _children(body_element)
    fault = None
    if body and body[0].tag == ns.qname(namespace, "Fault"):
        fault = _read_fault(version, body[0])
    return SoapEnvelope(version=version, headers=headers, body=body, fault=fault)


def _read_fault(version: SoapVersion, element: etree._Element) -> SoapFault:
    if version is SoapVersion.SOAP11:
        code = element.findtext("faultcode") or ""
        reason = element.findtext("faultstring") or ""
        detail = element.find("detail")
    else:
        env = version.namespace
        code = element.findtext(f"{{{env}}}Code/{{{env}}}Value") or ""
        reason = element.findtext(f"{{{env}}}Reason/{{{env}}}Text") or ""
        detail = element.find(f"{{{env}}}Detail")
    sender = code.rpartition(":")[2] in ("Client", "Sender")
    return SoapFault(
        reason=reason,
        sender=sender,
        detail=_children(detail) if detail is not None else [],
        code=code,
    )


def build_envelope(
    version: SoapVersion,
    body: Iterable[etree._Element],
    headers: Iterable[etree._Element] = (),
) -> etree._Element:
    """An Envelope holding ``headers`` and ``body`` elements (they are moved, not copied)."""
    env = version.namespace
    root = etree.Element(ns.qname(env, "Envelope"), nsmap={"soap": env})
    header_blocks = list(headers)
    if header_blocks:
        header = etree.SubElement(root, ns.qname(env, "Header"))
        header.extend(header_blocks)
    body_element = etree.SubElement(root, ns.qname(env, "Body"))
    body_element.extend(body)
    return root


def build_fault(
    version: SoapVersion, fault: SoapFault, headers: Iterable[etree._Element] = ()
) -> etree._Element:
    """An Envelope holding a Fault in the structure ``version`` requires."""
    env = version.namespace
    code = version.client_fault_code if fault.sender else version.server_fault_code
    element = etree.Element(ns.qname(env, "Fault"), nsmap={"soap": env})
    if version is SoapVersion.SOAP11:
        etree.SubElement(element, "faultcode").text = code
        etree.SubElement(element, "faultstring").text = fault.reason
        if fault.detail:
            etree.SubElement(element, "detail").extend(fault.detail)
    else:
        code_element = etree.SubElement(element, ns.qname(env, "Code"))
        etree.SubElement(code_element, ns.qname(env, "Value")).text = code
        reason = etree.SubElement(element, ns.qname(env, "Reason"))
        text = etree.SubElement(reason, ns.qname(env, "Text"))
        text.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
        text.text = fault.reason
        if fault.detail:
            etree.SubElement(element, ns.qname(env, "Detail")).extend(fault.detail)
    return build_envelope(version, [element], headers)
