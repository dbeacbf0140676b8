"""What the message translations of the bound profiles share: payloads, headers, carried values.

Profiles such as MeterReadSchedule or MeterServiceRequests have no element for some MultiSpeak
values (a schedule's id, a service order's number); their tables carry them as Header/Property
(``properties`` on the pivot document or object, never written into the payload). A message with
several documents or objects numbers them: ``readingSchedule.@objectID`` of the second document is
``readingSchedule.@objectID[2]``; reading back undoes the numbering. Header values a MultiSpeak
operation carries as parameters (CorrelationID as ``transactionID`` …) are reported carried.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, Final

from lxml import etree

from mspcim.cim.message import (
    EnvelopeForm,
    Header,
    Message,
    MessageKind,
    MessageProperty,
    Reply,
    Verb,
)
from mspcim.cim.payloads import Edition, payload_codec, payload_for_tag
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.header import header_to_cim, header_to_msp
from mspcim.harmonize.reply import reply_from_error_objects
from mspcim.multispeak.errors import read_error_objects
from mspcim.multispeak.header import MultiSpeakMsgHeader

__all__ = [
    "CARRIED_BY_OPERATION",
    "carried_by_operation",
    "cim_header",
    "error_response_reply",
    "header_carried_by",
    "message_of",
    "msp_header",
    "number_properties",
    "payload_document",
    "payload_documents",
    "unnumber_properties",
]

CARRIED_BY_OPERATION: Final = "carried by the operation, not the header"
"""Why a Header value a MultiSpeak operation holds as a parameter is carried, not lost."""

_NUMBERED = re.compile(r"^(?P<name>.+)\[(?P<index>\d+)\]$")


def number_properties(
    groups: Sequence[Sequence[MessageProperty]], prefixes: tuple[str, ...]
) -> list[MessageProperty]:
    """The carried properties of ``groups`` (one per document/object) for one Header.

    Properties whose name starts with one of ``prefixes`` are numbered by group when there is
    more than one group; others (not the profile's) pass unchanged.
    """
    numbered = len(groups) > 1
    result = []
    for index, group in enumerate(groups, start=1):
        for item in group:
            name = item.name
            if numbered and name.startswith(prefixes):
                name = f"{name}[{index}]"
            result.append(MessageProperty(name=name, value=item.value))
    return result


def unnumber_properties(
    properties: Iterable[MessageProperty], count: int, prefixes: tuple[str, ...]
) -> tuple[list[list[MessageProperty]], list[MessageProperty]]:
    """(the profile's properties of each of ``count`` groups, the Header's other properties).

    An unnumbered profile property belongs to the first group.
    """
    groups: list[list[MessageProperty]] = [[] for _ in range(max(count, 1))]
    others = []
    for item in properties:
        if not item.name.startswith(prefixes):
            others.append(item)
            continue
        match = _NUMBERED.match(item.name)
        if match is not None and 1 <= int(match["index"]) <= len(groups):
            groups[int(match["index"]) - 1].append(
                MessageProperty(name=match["name"], value=item.value)
            )
        else:
            groups[0].append(item)
    return groups, others


def payload_documents(message: Message, noun: str) -> list[Any]:
    """The pivot documents of ``noun`` in ``message``'s payload (either edition)."""
    documents = []
    for index, element in enumerate(message.payload, start=1):
        codec = payload_for_tag(element.tag)
        if codec is None or codec.noun != noun:
            tag = element.tag if isinstance(element.tag, str) else "?"
            raise MessageFormatError(
                f"unexpected payload {tag!r} in a {noun} message", xpath=f"/Payload/*[{index}]"
            )
        documents.append(codec.read(element))
    return documents


def payload_document(message: Message, noun: str, empty: Callable[[], Any]) -> Any:
    """The one pivot document of ``noun`` in ``message`` (``empty()`` when it has none)."""
    documents = payload_documents(message, noun)
    if len(documents) > 1:
        raise MessageFormatError(f"more than one {noun} payload", xpath="/Payload")
    return documents[0] if documents else empty()


def error_response_reply(body: etree._Element, report: GapReport) -> Reply:
    """The Reply a MultiSpeak ``<operation>Response`` whose ``<operation>Result`` lists errors."""
    name = etree.QName(body).localname.removesuffix("Response")
    result = body.find(f"{{{etree.QName(body).namespace}}}{name}Result")
    return reply_from_error_objects(read_error_objects(result), report=report)


def carried_by_operation(report: GapReport, path: str, carried_in: str) -> None:
    """The Header value at ``path`` travels as the operation's ``carried_in``: carried, not lost."""
    report.reclassify(path, GapKind.CARRIED, carried_in, CARRIED_BY_OPERATION)


def header_carried_by(report: GapReport, operation: str, parameters: Mapping[str, str]) -> None:
    """Header fields (field → parameter) ``operation`` carries as its parameters are carried."""
    for field, parameter in parameters.items():
        carried_by_operation(report, f"/Header/{field}", f"{operation}/{parameter}")


def cim_header(
    header: MultiSpeakMsgHeader | None,
    verb: Verb,
    noun: str,
    report: GapReport,
    *,
    message_id: str,
    properties: Iterable[MessageProperty] = (),
) -> Header:
    """The Header of a translated MultiSpeak call (Table 3), with the carried properties."""
    result = header_to_cim(header or MultiSpeakMsgHeader(), verb, noun, report)
    result.message_id = result.message_id or message_id
    result.properties.extend(properties)
    return result


def msp_header(
    header: Header | None, others: list[MessageProperty], report: GapReport
) -> MultiSpeakMsgHeader:
    """The MultiSpeakMsgHeader of a CIM message whose profile properties were taken already."""
    if header is None:
        return MultiSpeakMsgHeader()
    return header_to_msp(replace(header, properties=others), report)


def _check_noun_wrapper(noun: str, edition: Edition, count: int) -> None:
    """Refuse what no 61968-9:2013 noun-wrapper schema can carry."""
    if payload_codec(noun, Edition.CIM2013).official_schema is None:
        raise MessageFormatError(
            f"IEC 61968-9:2013 has no noun-wrapper message for {noun}: use the 61968-100 form"
        )
    if edition is not Edition.CIM2013:
        raise MessageFormatError(
            f"the noun-wrapper messages of IEC 61968-9:2013 carry 2013 payloads, not {noun} of "
            f"{edition.label}: use the 61968-100 form"
        )
    if count > 1:
        raise MessageFormatError(
            f"the noun-wrapper form carries one {noun} document per message, not {count}"
        )


def message_of(
    kind: MessageKind,
    header: Header,
    documents: Sequence[Any],
    *,
    noun: str,
    edition: Edition,
    form: EnvelopeForm,
    **parts: Any,
) -> Message:
    """A message carrying ``documents`` of ``noun`` written in ``edition``."""
    if form is EnvelopeForm.NOUN_WRAPPER:
        _check_noun_wrapper(noun, edition, len(documents))
    codec = payload_codec(noun, edition)
    payload: list[etree._Element] = [codec.write(document) for document in documents]
    return Message(kind=kind, header=header, payload=payload, form=form, **parts)
