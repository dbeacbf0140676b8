"""Structural checks of SOAP 1.1 and 1.2 envelopes, written in code (no official SOAP XSD is used).

``check_envelope`` reports what is wrong with the Envelope, Header, Body and Fault skeleton and
hands back the header blocks and body children, which the caller validates by their namespaces.
A Fault's detail may hold anything and is not looked into.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree

from mspcim.ns import SOAP11, SOAP12, local_name, namespace_of, qname

__all__ = ["EnvelopeParts", "check_envelope"]

Problem = tuple[etree._Element, str]
"""An element and what is wrong with it."""

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_QNAME = re.compile(r"(?:([A-Za-z_][\w.\-]*):)?([A-Za-z_][\w.\-]*)")
_SOAP12_CODES = frozenset(
    {"VersionMismatch", "MustUnderstand", "DataEncodingUnknown", "Sender", "Receiver"}
)
_MUST_UNDERSTAND = {SOAP11: {"0", "1"}, SOAP12: {"0", "1", "true", "false"}}


@dataclass
class EnvelopeParts:
    """What ``check_envelope`` found: problems, and the children left to validate by namespace."""

    problems: list[Problem] = field(default_factory=list)
    header_blocks: list[etree._Element] = field(default_factory=list)
    body_children: list[etree._Element] = field(default_factory=list)


@dataclass(frozen=True)
class _Slot:
    """One place in an expected sequence of child elements."""

    tag: str
    min: int = 1
    max: int | None = 1


def _elements(parent: etree._Element) -> list[etree._Element]:
    return [child for child in parent if isinstance(child.tag, str)]


def _text_problems(parent: etree._Element, problems: list[Problem]) -> None:
    """Flag character data where SOAP allows only elements."""
    texts = [parent.text] + [child.tail for child in parent]
    if any(text and text.strip() for text in texts):
        problems.append((parent, f"{local_name(parent.tag)} must not contain text"))


def _sequence(
    parent: etree._Element,
    slots: Sequence[_Slot],
    problems: list[Problem],
    *,
    trailer_ok: frozenset[str] = frozenset(),
) -> dict[str, list[etree._Element]]:
    """Check that ``parent``'s children follow ``slots`` in order; return them by tag.

    Children whose namespace is in ``trailer_ok`` are accepted after the last slot is reached.
    """
    names = [local_name(slot.tag) for slot in slots]
    found: dict[str, list[etree._Element]] = {slot.tag: [] for slot in slots}
    position = 0
    for child in _elements(parent):
        tag = str(child.tag)
        index = next((i for i, slot in enumerate(slots) if slot.tag == tag), None)
        if index is None:
            after_last = position == len(slots) - 1 and found[slots[-1].tag]
            if after_last and namespace_of(tag) in trailer_ok:
                continue
            problems.append((child, f"unexpected element {tag} in {local_name(parent.tag)}"))
            continue
        slot = slots[index]
        if index < position:
            problems.append(
                (
                    child,
                    f"{names[index]} is out of order in {local_name(parent.tag)}: "
                    f"expected {', '.join(names)}",
                )
            )
        elif slot.max is not None and len(found[tag]) >= slot.max:
            problems.append(
                (child, f"more than {slot.max} {names[index]} in {local_name(parent.tag)}")
            )
        position = max(position, index)
        found[tag].append(child)
    for slot, name in zip(slots, names, strict=True):
        if len(found[slot.tag]) < slot.min:
            problems.append((parent, f"{local_name(parent.tag)} has no {name} (required)"))
    return found


def _qname_problem(element: etree._Element, what: str) -> str | None:
    """Why ``element``'s text is not a QName with a declared prefix (None when it is)."""
    text = (element.text or "").strip()
    match = _QNAME.fullmatch(text)
    if match is None:
        return f"{what} must be a QName, not {text!r}"
    prefix = match.group(1)
    if prefix is not None and prefix not in element.nsmap:
        return f"{what} uses the undeclared prefix {prefix!r}"
    return None


def _resolve_qname(element: etree._Element) -> tuple[str | None, str]:
    """The (namespace, local name) a QName-valued element names."""
    prefix, _, local = (element.text or "").strip().rpartition(":")
    return element.nsmap.get(prefix or None), local


def _check_fault11(fault: etree._Element, problems: list[Problem]) -> None:
    """SOAP 1.1: unqualified faultcode (QName), faultstring, then optional faultactor and detail."""
    found = _sequence(
        fault,
        [_Slot("faultcode"), _Slot("faultstring"), _Slot("faultactor", 0), _Slot("detail", 0)],
        problems,
    )
    for code in found["faultcode"][:1]:
        problem = _qname_problem(code, "faultcode")
        if problem:
            problems.append((code, problem))


def _check_code12(code: etree._Element, problems: list[Problem], *, top: bool) -> None:
    """SOAP 1.2 Code or Subcode: a QName Value, then an optional nested Subcode."""
    found = _sequence(
        code, [_Slot(qname(SOAP12, "Value")), _Slot(qname(SOAP12, "Subcode"), 0)], problems
    )
    for value in found[qname(SOAP12, "Value")][:1]:
        problem = _qname_problem(value, "Value")
        if problem:
            problems.append((value, problem))
        elif top and _resolve_qname(value) not in {(SOAP12, c) for c in _SOAP12_CODES}:
            problems.append(
                (value, f"Code/Value must be one of env:{', env:'.join(sorted(_SOAP12_CODES))}")
            )
    for subcode in found[qname(SOAP12, "Subcode")][:1]:
        _check_code12(subcode, problems, top=False)


def _check_fault12(fault: etree._Element, problems: list[Problem]) -> None:
    """SOAP 1.2: Code (Value, Subcode?), Reason (Text+ with xml:lang), Node?, Role?, Detail?."""
    slots = [
        _Slot(qname(SOAP12, name), minimum)
        for name, minimum in (("Code", 1), ("Reason", 1), ("Node", 0), ("Role", 0), ("Detail", 0))
    ]
    found = _sequence(fault, slots, problems)
    for code in found[qname(SOAP12, "Code")][:1]:
        _check_code12(code, problems, top=True)
    for reason in found[qname(SOAP12, "Reason")][:1]:
        texts = _sequence(reason, [_Slot(qname(SOAP12, "Text"), 1, None)], problems)
        for text in texts[qname(SOAP12, "Text")]:
            if text.get(_XML_LANG) is None:
                problems.append((text, "Reason/Text requires an xml:lang attribute"))


def _check_header(header: etree._Element, soap: str, parts: EnvelopeParts) -> None:
    _text_problems(header, parts.problems)
    for block in _elements(header):
        if not namespace_of(block.tag):
            parts.problems.append((block, f"header block {block.tag} must be namespace-qualified"))
            continue
        flag = block.get(qname(soap, "mustUnderstand"))
        if flag is not None and flag.strip() not in _MUST_UNDERSTAND[soap]:
            parts.problems.append(
                (
                    block,
                    f"mustUnderstand must be one of {sorted(_MUST_UNDERSTAND[soap])}, not {flag!r}",
                )
            )
        parts.header_blocks.append(block)


def _check_body(body: etree._Element, soap: str, parts: EnvelopeParts) -> None:
    _text_problems(body, parts.problems)
    children = _elements(body)
    faults = [child for child in children if child.tag == qname(soap, "Fault")]
    for extra in faults[1:]:
        parts.problems.append((extra, "a Body holds at most one Fault"))
    if faults and soap == SOAP12 and len(children) > 1:
        parts.problems.append((body, "a SOAP 1.2 Body holding a Fault must hold nothing else"))
    for fault in faults[:1]:
        _text_problems(fault, parts.problems)
        (_check_fault11 if soap == SOAP11 else _check_fault12)(fault, parts.problems)
    for child in children:
        if namespace_of(child.tag) == soap:
            if child.tag != qname(soap, "Fault"):
                parts.problems.append((child, f"unexpected element {child.tag} in Body"))
        else:
            parts.body_children.append(child)


def check_envelope(envelope: etree._Element) -> EnvelopeParts:
    """Check the SOAP skeleton of ``envelope`` (1.1 or 1.2 by its namespace)."""
    soap = namespace_of(envelope.tag)
    version = "1.1" if soap == SOAP11 else "1.2"
    parts = EnvelopeParts()
    if local_name(envelope.tag) != "Envelope":
        parts.problems.append(
            (
                envelope,
                f"a SOAP {version} message must start with Envelope, "
                f"not {local_name(envelope.tag)}",
            )
        )
        return parts
    _text_problems(envelope, parts.problems)
    # SOAP 1.1 lets namespace-qualified elements follow the Body; SOAP 1.2 does not.
    trailers = frozenset() if soap == SOAP12 else _foreign_namespaces(envelope, soap)
    found = _sequence(
        envelope,
        [_Slot(qname(soap, "Header"), 0), _Slot(qname(soap, "Body"))],
        parts.problems,
        trailer_ok=trailers,
    )
    for header in found[qname(soap, "Header")][:1]:
        _check_header(header, soap, parts)
    for body in found[qname(soap, "Body")][:1]:
        _check_body(body, soap, parts)
    return parts


def _foreign_namespaces(envelope: etree._Element, soap: str) -> frozenset[str]:
    """Namespaces of the Envelope's children other than the envelope's own and none."""
    return frozenset(namespace_of(c.tag) for c in _elements(envelope)) - {soap, ""}
