"""Which IEC schema file judges an element of a given namespace (61968-100 and 61968-9).

A ``Route`` names the file to compile; for the 2009 MeterReadings profile, which has no
targetNamespace, and for the pre-FDIS ``www.`` envelope, whose Payload wildcard is strict, the
route generates a small wrapper schema in the cache directory that includes or imports the
official files by absolute URI, leaving them untouched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from lxml import etree

from mspcim.ns import MESSAGE, MESSAGE_WWW, XS, qname
from mspcim.validation._files import digest, target_namespace, write_atomic

__all__ = ["EDITIONS", "Route", "iec_route"]

EDITIONS = {"2009": "2009", "2011": "2013", "2013": "2013"}
"""Accepted ``edition`` values of IEC 61968-9 and the edition each means (2011 namespace = 2013)."""

_FDIS = Path("iec61968-100", "Message.xsd")
_ED2 = Path("iec61968-9-2011")
_ED1 = Path("iec61968-9-2009")
_NOUN = re.compile(r"http://www\.iec\.ch/TC57/2011/(\w+)Message")
_PROFILE_2011 = re.compile(r"http://iec\.ch/TC57/2011/(\w+)#")
_PROFILE_2009 = re.compile(r"http://iec\.ch/TC57/2009/(\w+)#")

Kind = Literal["envelope", "wrapper", "profile"]


@dataclass(frozen=True)
class Route:
    """How elements of one namespace are validated: a compile key and the schema file to compile."""

    key: str
    """Names the compiled schema in the cache of a SchemaSet and in its timings."""
    kind: Kind
    """``envelope``: the FDIS 61968-100 message, whose Payload is validated apart; ``wrapper``: a
    message schema that declares its payloads itself (noun-specific or pre-FDIS); ``profile``."""
    edition: str | None
    """``2009`` or ``2013`` for IEC 61968-9 documents, None for the generic envelope."""
    schema: Callable[[], Path]
    """Returns the file to compile, writing a wrapper into the cache first when one is needed."""


def _declares(path: Path, namespace: str | None) -> bool:
    return path.is_file() and target_namespace(path) == namespace


def _write_wrapper(
    target: Path, namespace: str | None, refs: list[tuple[str, str | None, Path]]
) -> Path:
    """Write (once) a schema that includes or imports ``refs`` (tag, namespace, file) by URI."""
    if not target.is_file():
        root = etree.Element(qname(XS, "schema"), nsmap={"xs": XS})
        if namespace is not None:
            root.set("targetNamespace", namespace)
        root.set("elementFormDefault", "qualified")
        for tag, ref_namespace, path in refs:
            ref = etree.SubElement(root, qname(XS, tag), schemaLocation=path.resolve().as_uri())
            if ref_namespace is not None:
                ref.set("namespace", ref_namespace)
        write_atomic(target, etree.tostring(root, encoding="UTF-8", xml_declaration=True))
    return target


def _chameleon(original: Path, namespace: str, cache: Path) -> Callable[[], Path]:
    """A wrapper giving the no-namespace ``original`` the ``namespace`` (chameleon include)."""

    def make() -> Path:
        name = f"{original.stem}-{digest(str(original.resolve()), original.read_bytes())}.xsd"
        return _write_wrapper(
            cache / "iec61968-9-2009" / name, namespace, [("include", None, original)]
        )

    return make


def _www_envelope(root: Path, cache: Path) -> Callable[[], Path]:
    """A wrapper importing pre-FDIS Message.xsd and every 2011 profile (its Payload is strict)."""

    def make() -> Path:
        refs: list[tuple[str, str | None, Path]] = [
            ("import", MESSAGE_WWW, root / _ED2 / "Message.xsd")
        ]
        for path in sorted((root / _ED2).glob("*.xsd")):
            namespace = target_namespace(path)
            if namespace is not None and _PROFILE_2011.fullmatch(namespace):
                refs.append(("import", namespace, path))
        name = (
            f"envelope-{digest(*(str(p.resolve()) + p.read_text('utf-8') for _, _, p in refs))}.xsd"
        )
        return _write_wrapper(cache / "iec61968-9-2011" / name, None, refs)

    return make


def iec_route(root: Path, cache: Path, namespace: str, local: str) -> Route | None:
    """The route for an element ``{namespace}local``, or None when no IEC schema covers it."""
    if namespace == MESSAGE and (root / _FDIS).is_file():
        return Route("iec61968-100/Message.xsd", "envelope", None, lambda: root / _FDIS)
    if namespace == MESSAGE_WWW and (root / _ED2 / "Message.xsd").is_file():
        return Route("iec61968-9-2011/envelope", "wrapper", "2013", _www_envelope(root, cache))
    if match := _NOUN.fullmatch(namespace):
        path = root / _ED2 / f"{match.group(1)}Message.xsd"
        if _declares(path, namespace):
            return Route(f"{_ED2.name}/{path.name}", "wrapper", "2013", lambda: path)
    elif match := _PROFILE_2011.fullmatch(namespace):
        path = root / _ED2 / f"{match.group(1)}.xsd"
        if _declares(path, namespace):
            return Route(f"{_ED2.name}/{path.name}", "profile", "2013", lambda: path)
    elif match := _PROFILE_2009.fullmatch(namespace):
        path = root / _ED1 / f"{match.group(1)}.xsd"
        if _declares(path, namespace):
            return Route(f"{_ED1.name}/{path.name}", "profile", "2009", lambda: path)
        if _declares(path, None):
            make = _chameleon(path, namespace, cache)
            return Route(f"{_ED1.name}/{path.name}#ns", "profile", "2009", make)
    elif not namespace:
        path = root / _ED1 / f"{local}.xsd"
        if re.fullmatch(r"\w+", local) and _declares(path, None):
            return Route(f"{_ED1.name}/{path.name}", "profile", "2009", lambda: path)
    return None
