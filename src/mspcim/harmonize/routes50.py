"""The registry of MultiSpeak 5.0 message translations, the v5 counterpart of ``routes``.

v5 messages are keyed by their body element (the local name of the operation or response
element of ``…/V5.0/wsdl/<Endpoint>``); CIM messages by Noun and message kind. Each v5 message
module registers its functions with ``msp50_route`` / ``cim_route50``; ``catalogue_v5`` imports
them all; the translator only looks up.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from mspcim.cim.message import Message, MessageKind
from mspcim.exceptions import UnknownOperationError
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.routes import TranslateOptions
from mspcim.multispeak.v50.header import V5Header

__all__ = [
    "CimToMsp50",
    "Msp50ToCim",
    "cim_route50",
    "cim_routes50",
    "find_cim_route50",
    "find_msp50_route",
    "msp50_route",
    "msp50_routes",
]

Msp50ToCim = Callable[[etree._Element, V5Header, GapReport, TranslateOptions], Message]
"""(v5 body element, its request or response header, gap report, options) → a CIM message."""
CimToMsp50 = Callable[[Message, GapReport, TranslateOptions], tuple[etree._Element, V5Header]]
"""(CIM message, gap report, options) → (v5 body element, its header); ``options.release``."""

_MSP50: dict[str, Msp50ToCim] = {}
_CIM50: dict[tuple[str, MessageKind], CimToMsp50] = {}


def msp50_route(*body_names: str) -> Callable[[Msp50ToCim], Msp50ToCim]:
    """Register a function translating the v5 bodies named ``body_names`` to CIM."""

    def register(function: Msp50ToCim) -> Msp50ToCim:
        for name in body_names:
            _MSP50[name] = function
        return function

    return register


def cim_route50(noun: str, *kinds: MessageKind) -> Callable[[CimToMsp50], CimToMsp50]:
    """Register a function translating CIM ``noun`` messages of ``kinds`` to MultiSpeak 5.0."""

    def register(function: CimToMsp50) -> CimToMsp50:
        for kind in kinds:
            _CIM50[(noun, kind)] = function
        return function

    return register


def find_msp50_route(name: str) -> Msp50ToCim:
    """The translation of v5 body ``name``; UnknownOperationError lists what exists."""
    try:
        return _MSP50[name]
    except KeyError:
        known = ", ".join(sorted(_MSP50)) or "none yet"
        raise UnknownOperationError(
            f"no translation for MultiSpeak 5.0 {name} (supported: {known})"
        ) from None


def find_cim_route50(noun: str | None, kind: MessageKind) -> CimToMsp50:
    """The v5 translation of CIM ``noun`` messages of ``kind``; UnknownOperationError otherwise."""
    try:
        return _CIM50[(noun or "", kind)]
    except KeyError:
        known = ", ".join(sorted(f"{k.value} {n}" for n, k in _CIM50)) or "none yet"
        raise UnknownOperationError(
            f"no MultiSpeak 5.0 translation for CIM {kind.value} {noun!r} (supported: {known})"
        ) from None


def msp50_routes() -> list[str]:
    """v5 body names with a translation."""
    return sorted(_MSP50)


def cim_routes50() -> list[tuple[str, MessageKind]]:
    """CIM (noun, kind) pairs with a v5 translation."""
    return sorted(_CIM50)
