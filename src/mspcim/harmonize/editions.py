"""CIM payloads in a chosen edition, with what the edition derived or could not hold reported.

The first edition requires values the pivot may not have (it derives them) and has no place for
some the pivot does (they are dropped): codecs that know note both (``EditionNotes``), and these
functions turn the notes into CHANGED and LOST gap entries. Every translation that writes or
converts a CIM payload goes through here.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from mspcim import ns
from mspcim.cim.payloads import Edition, EditionNotes, PayloadCodec, payload_codec, payload_for_tag
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport

__all__ = ["convert_payload", "edition_gaps", "read_payload", "write_payload"]


def edition_gaps(notes: EditionNotes, report: GapReport, profile: str) -> None:
    """Report an edition's notes: derived values as CHANGED, dropped ones as LOST."""
    for note in notes:
        value = note.value if note.count == 1 else f"{note.count} values, e.g. {note.value}"
        kind = GapKind.LOST if note.lost else GapKind.CHANGED
        report.add(note.path, value, kind, note.reason, profile=profile)


def write_payload(
    noun: str, edition: Edition, document: Any, report: GapReport, profile: str = ""
) -> etree._Element:
    """The ``noun`` payload of ``document`` in ``edition``, its derivations and losses reported."""
    codec = payload_codec(noun, edition)
    if codec.write_noted is None:
        return codec.write(document)
    notes = EditionNotes()
    element = codec.write_noted(document, notes)
    edition_gaps(notes, report, profile or noun)
    return element


def read_payload(element: etree._Element, report: GapReport) -> tuple[PayloadCodec, Any]:
    """The codec and pivot of a payload element; what the pivot cannot hold is reported."""
    codec = payload_for_tag(element.tag)
    if codec is None:
        tag = element.tag if isinstance(element.tag, str) else "?"
        raise MessageFormatError(f"unexpected payload {tag!r}", xpath="/Payload")
    if codec.read_noted is None:
        return codec, codec.read(element)
    notes = EditionNotes()
    document = codec.read_noted(element, notes)
    edition_gaps(notes, report, codec.noun)
    return codec, document


def convert_payload(element: etree._Element, edition: Edition, report: GapReport) -> etree._Element:
    """``element`` as the registered payload of ``edition`` (through the pivot when it differs).

    A payload already in ``edition`` and in its registered form is returned as it is; another
    producer's form of it (the unqualified first edition, say) is rewritten in the registered one.
    """
    codec = payload_for_tag(element.tag)
    if codec is None:
        return element
    target = payload_codec(codec.noun, edition)
    if codec is target or (codec.edition is edition and element.tag == target.tag):
        return element
    _, document = read_payload(element, report)
    return write_payload(codec.noun, edition, document, report)


def message_noun(element: etree._Element) -> str:
    """The Header/Noun a payload travels under: its root element's name in its edition."""
    return ns.local_name(element.tag)
