"""The registry of message translations: which function turns which message into the other side's.

MultiSpeak 4.1 messages are keyed by their body element (operation or response name); CIM
messages by Noun and message kind. Each profile's message module registers its functions with
the decorators here; ``mspcim.harmonize.catalogue`` imports them all; the translator only looks
up.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from lxml import etree

from mspcim.cim.message import EnvelopeForm, Message, MessageKind
from mspcim.cim.payloads import Edition
from mspcim.exceptions import UnknownOperationError
from mspcim.harmonize.gaps import GapReport
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v50.msp_binding import DEFAULT_RELEASE, Release

__all__ = [
    "CimToMsp",
    "MspToCim",
    "TranslateOptions",
    "cim_route",
    "find_cim_route",
    "find_msp_route",
    "msp_route",
]


@dataclass(frozen=True, slots=True)
class TranslateOptions:
    """Choices a translation leaves to its caller."""

    form: EnvelopeForm = EnvelopeForm.IEC61968_100
    """Envelope form of CIM output."""
    edition: Edition = Edition.CIM2013
    """61968-9 edition of CIM payloads written."""
    new_id: Callable[[], str] = field(default=lambda: str(uuid.uuid4()))
    """Source of message ids where the input has none."""
    release: Release = DEFAULT_RELEASE
    """MultiSpeak 5.0 release of v5 output (``5.0.7``; ``5.0.4`` for destinations that need it)."""


MspToCim = Callable[[etree._Element, MultiSpeakMsgHeader, GapReport, TranslateOptions], Message]
"""(MultiSpeak body element, its header, gap report, options) → a CIM message."""
CimToMsp = Callable[
    [Message, GapReport, TranslateOptions], tuple[etree._Element, MultiSpeakMsgHeader]
]
"""(CIM message, gap report, options) → (MultiSpeak body element, its header)."""

_MSP: dict[str, MspToCim] = {}
_CIM: dict[tuple[str, MessageKind], CimToMsp] = {}

_F = TypeVar("_F")


def msp_route(*names: str) -> Callable[[MspToCim], MspToCim]:
    """Register a function translating the MultiSpeak 4.1 bodies named ``names`` to CIM."""

    def register(function: MspToCim) -> MspToCim:
        for name in names:
            _MSP[name] = function
        return function

    return register


def cim_route(noun: str, *kinds: MessageKind) -> Callable[[CimToMsp], CimToMsp]:
    """Register a function translating CIM ``noun`` messages of ``kinds`` to MultiSpeak 4.1."""

    def register(function: CimToMsp) -> CimToMsp:
        for kind in kinds:
            _CIM[(noun, kind)] = function
        return function

    return register


def find_msp_route(name: str) -> MspToCim:
    """The translation of MultiSpeak body ``name``; UnknownOperationError lists what exists."""
    try:
        return _MSP[name]
    except KeyError:
        known = ", ".join(sorted(_MSP))
        raise UnknownOperationError(
            f"no translation for MultiSpeak 4.1 {name} (supported: {known})"
        ) from None


def find_cim_route(noun: str | None, kind: MessageKind) -> CimToMsp:
    """The translation of CIM ``noun`` messages of ``kind``; UnknownOperationError otherwise."""
    try:
        return _CIM[(noun or "", kind)]
    except KeyError:
        known = ", ".join(sorted(f"{k.value} {n}" for n, k in _CIM))
        raise UnknownOperationError(
            f"no translation for CIM {kind.value} {noun!r} (supported: {known})"
        ) from None


def msp_routes() -> list[str]:
    """MultiSpeak body names with a translation."""
    return sorted(_MSP)


def cim_routes() -> list[tuple[str, MessageKind]]:
    """CIM (noun, kind) pairs with a translation."""
    return sorted(_CIM)
