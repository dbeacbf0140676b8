"""Hardened XML parsing and compact serialisation.

Every byte that reaches mspcim from outside is parsed here: no DTD (internal or external), no
entity expansion, no network, and explicit limits on size, depth and element count. A violation
raises ``XmlSafetyError`` with a reason an operator can act on; it never crashes or hangs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from mspcim.exceptions import XmlSafetyError

__all__ = ["DEFAULT_LIMITS", "XmlLimits", "parse", "serialize"]


@dataclass(frozen=True)
class XmlLimits:
    """Bounds applied to every parsed document."""

    max_bytes: int = 16 * 1024 * 1024
    """Largest accepted document, in bytes (16 MiB)."""
    max_depth: int = 64
    """Deepest element nesting accepted; MultiSpeak and CIM messages stay far below."""
    max_elements: int = 2_000_000
    """Most elements accepted in one document."""


DEFAULT_LIMITS = XmlLimits()


def _new_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


@lru_cache(maxsize=16)
def _deeper_than(depth: int) -> etree.XPath:
    """XPath that is true when some element sits deeper than ``depth`` (evaluated in C)."""
    return etree.XPath("boolean(/*" + "/*" * depth + ")")


_COUNT = etree.XPath("count(//*)")


def parse(data: bytes, limits: XmlLimits = DEFAULT_LIMITS) -> etree._Element:
    """Parse ``data`` under ``limits`` and return the root element.

    Refuses DOCTYPE declarations outright (the root of XXE, billion laughs and quadratic blow-up).
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("xmlsafe.parse takes bytes")
    size = len(data)
    if size == 0:
        raise XmlSafetyError("empty document")
    if size > limits.max_bytes:
        raise XmlSafetyError(
            f"document of {size} bytes exceeds the limit of {limits.max_bytes} bytes"
        )
    head = bytes(data[:4096]).lower()
    if b"<!doctype" in head or b"<!entity" in head:
        raise XmlSafetyError("DTDs and entity declarations are not accepted")
    try:
        root = etree.fromstring(bytes(data), parser=_new_parser())
    except etree.XMLSyntaxError as exc:
        message = str(exc)
        if "depth" in message.lower():
            raise XmlSafetyError(f"document nested too deeply ({message})") from None
        raise XmlSafetyError(f"malformed XML: {message}") from None
    docinfo = root.getroottree().docinfo
    if getattr(docinfo, "doctype", "") or docinfo.internalDTD is not None:
        raise XmlSafetyError("DTDs and entity declarations are not accepted")
    if _deeper_than(limits.max_depth)(root):
        raise XmlSafetyError(f"document nested deeper than {limits.max_depth} elements")
    count = int(_COUNT(root))  # type: ignore[arg-type]
    if count > limits.max_elements:
        raise XmlSafetyError(
            f"document has {count} elements, more than the limit of {limits.max_elements}"
        )
    return root


def serialize(element: etree._Element, *, declaration: bool = True) -> bytes:
    """UTF-8 bytes of ``element``, compact: whitespace is data to some peers."""
    return etree.tostring(element, encoding="UTF-8", xml_declaration=declaration)
