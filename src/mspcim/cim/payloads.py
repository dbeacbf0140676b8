"""The registry of CIM profile payloads: for each noun and edition, how to read and write it.

Every profile module registers its codec (``register_payload``; a profile whose dataclasses a
``Binding`` reads and writes as they stand, ``register_bound_payload``); ``mspcim.cim.catalogue``
imports them all. Translators ask for a noun in an edition, readers look a root element up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from lxml import etree

from mspcim.binding import Binding
from mspcim.exceptions import MessageFormatError

__all__ = [
    "Edition",
    "EditionNote",
    "EditionNotes",
    "PayloadCodec",
    "payload_codec",
    "payload_for_tag",
    "register_bound_payload",
    "register_payload",
]


class Edition(StrEnum):
    """The two editions of IEC 61968-9 (the 2013 one uses 2011 namespaces)."""

    CIM2009 = "2009"
    CIM2013 = "2013"

    @property
    def label(self) -> str:
        """How people name the edition."""
        return f"IEC 61968-9:{self.value}"


@dataclass(frozen=True, slots=True)
class EditionNote:
    """Values at one path an edition made derived (``lost`` False) or could not keep (``lost``)."""

    path: str
    value: str
    """The first such value (an example when ``count`` > 1)."""
    reason: str
    lost: bool
    count: int = 1


@dataclass(slots=True)
class EditionNotes:
    """Notes by path and reason with repeats counted, so bulk documents give a short list."""

    notes: dict[tuple[str, str, bool], EditionNote] = field(default_factory=dict)

    def add(self, path: str, value: object, reason: str, *, lost: bool = False) -> None:
        """Record one derived (with ``lost``: dropped) value at ``path``."""
        key = (path, reason, lost)
        found = self.notes.get(key)
        if found is None:
            self.notes[key] = EditionNote(path, str(value), reason, lost)
        else:
            self.notes[key] = replace(found, count=found.count + 1)

    def __iter__(self) -> Iterator[EditionNote]:
        return iter(list(self.notes.values()))

    def __len__(self) -> int:
        return len(self.notes)


@dataclass(frozen=True, slots=True)
class PayloadCodec:
    """How one profile document of one edition is read and written."""

    noun: str
    edition: Edition
    tag: str
    """Clark name of the profile's root element."""
    read: Callable[[etree._Element], Any]
    write: Callable[[Any], etree._Element]
    official_schema: str | None = None
    """Path of the official XSD under the schema folder, or None when the project declares it."""
    declared_schema: Callable[[], etree._Element] | None = None
    write_noted: Callable[[Any, EditionNotes], etree._Element] | None = None
    """``write`` that also notes what the edition made it derive or could not hold."""
    read_noted: Callable[[etree._Element, EditionNotes], Any] | None = None
    """``read`` that also notes what the pivot could not hold."""
    """The XSD the project declares (``Binding.xsd``) when no official one exists."""


_BY_NOUN: dict[tuple[str, Edition], PayloadCodec] = {}
_BY_TAG: dict[str, PayloadCodec] = {}


def register_payload(codec: PayloadCodec) -> PayloadCodec:
    """Add ``codec`` to the registry (a later registration of the same noun and edition wins)."""
    _BY_NOUN[(codec.noun, codec.edition)] = codec
    _BY_TAG[codec.tag] = codec
    return codec


def register_bound_payload(
    noun: str,
    edition: Edition,
    binding: Binding,
    cls: type[Any],
    documentation: str = "",
    *,
    official_schema: str | None = None,
    declared_schema: Callable[[], etree._Element] | None = None,
) -> PayloadCodec:
    """Register the codec of a profile whose document ``cls`` ``binding`` reads and writes.

    The root element is ``noun`` as the binding names it (its renames apply). Without an
    ``official_schema``, the codec's schema is ``declared_schema``, by default the XSD the binding
    declares with ``documentation``.
    """
    root = binding.renames.get(noun, noun)
    tag = f"{{{binding.namespace}}}{root}"

    def read(element: etree._Element) -> Any:
        if element.tag != tag:
            raise MessageFormatError(
                f"expected {root} in {binding.namespace!r}, got {element.tag!r}", xpath=f"/{root}"
            )
        return binding.read(element, cls)

    def write(document: Any) -> etree._Element:
        return binding.write(document, noun)

    def declared() -> etree._Element:
        return binding.xsd(cls, noun, documentation)

    return register_payload(
        PayloadCodec(
            noun=noun,
            edition=edition,
            tag=tag,
            read=read,
            write=write,
            official_schema=official_schema,
            declared_schema=None if official_schema else declared_schema or declared,
        )
    )


def payload_codec(noun: str, edition: Edition) -> PayloadCodec:
    """The codec of ``noun`` in ``edition``; MessageFormatError when the project has none."""
    try:
        return _BY_NOUN[(noun, edition)]
    except KeyError:
        raise MessageFormatError(f"no {edition.label} profile for {noun!r} is known") from None


def payload_for_tag(tag: object) -> PayloadCodec | None:
    """The codec whose root element is ``tag`` (Clark notation), if any."""
    return _BY_TAG.get(tag) if isinstance(tag, str) else None


def registered() -> list[PayloadCodec]:
    """Every registered codec, by noun then edition."""
    return sorted(_BY_NOUN.values(), key=lambda codec: (codec.noun, codec.edition))
