"""MultiSpeak 4.1 schemas, which live inside the ``<wsdl:types>`` of the endpoint WSDLs.

Each WSDL embeds four schemas (the release namespace, cpsm, gml, xlink) that import one another
without a schemaLocation. ``schema_path`` writes them as separate files in the cache directory,
adds the locations, and returns the release-namespace file to compile. Each WSDL declares only the
global elements of its own endpoint's operations, so an index maps element names to WSDLs.
"""

from __future__ import annotations

import threading
from copy import deepcopy
from pathlib import Path
from typing import cast

from lxml import etree

from mspcim.ns import MSP41, WSDL, XS, qname
from mspcim.validation._files import digest, read_xml, write_atomic

__all__ = ["Multispeak41"]

FOLDER = "multispeak-4.1.6"
_FILE_NAMES = {
    MSP41: "multispeak.xsd",
    "cpsm_V4.1_Release": "cpsm.xsd",
    "gml_V4.1_Release": "gml.xsd",
    "http://www.w3.org/1999/xlink": "xlink.xsd",
}
_NS = {"s": XS, "wsdl": WSDL}
_DONE = ".complete"


def _schemas(wsdl: etree._ElementTree) -> list[etree._Element]:
    return wsdl.getroot().findall(f"{qname(WSDL, 'types')}/{qname(XS, 'schema')}")


def _standalone(schema: etree._Element, definitions: etree._Element) -> etree._Element:
    """A copy of an embedded ``schema`` that also declares the prefixes the WSDL root declared."""
    nsmap = dict(definitions.nsmap)
    nsmap.update(schema.nsmap)
    # lxml accepts a None key (default namespace); the stubs do not say so.
    standalone = etree.Element(
        schema.tag,
        attrib={str(k): str(v) for k, v in schema.attrib.items()},
        nsmap=cast("dict[str, str]", nsmap),
    )
    standalone.extend(deepcopy(child) for child in _elements(schema))
    return standalone


def _elements(parent: etree._Element) -> list[etree._Element]:
    return [child for child in parent if isinstance(child.tag, str)]


class Multispeak41:
    """The MultiSpeak 4.1 WSDLs of one schema directory, with a cache directory for extraction."""

    def __init__(self, schema_root: Path, cache: Path) -> None:
        self.folder = schema_root / FOLDER
        self._cache = cache / "multispeak-4.1"
        self._lock = threading.RLock()
        self._index: dict[str, list[str]] | None = None
        self._enumerations: dict[str, list[str]] | None = None
        self._operations: dict[str, list[str]] = {}

    def endpoints(self) -> list[str]:
        """Endpoint names (WSDL file stems such as ``MR_Server``), sorted."""
        if not self.folder.is_dir():
            return []
        return sorted(path.stem for path in self.folder.glob("*.wsdl"))

    def wsdl(self, endpoint: str) -> Path:
        """The WSDL file of ``endpoint``; ValueError naming the known endpoints when absent."""
        path = self.folder / f"{endpoint}.wsdl"
        if not path.is_file():
            known = ", ".join(self.endpoints()) or "none"
            raise ValueError(
                f"no MultiSpeak 4.1 endpoint {endpoint!r} in {self.folder} (known: {known})"
            )
        return path

    def index(self) -> dict[str, list[str]]:
        """Global element local name -> endpoints whose WSDL declares it, in endpoint order."""
        with self._lock:
            if self._index is None:
                index: dict[str, list[str]] = {}
                for endpoint in self.endpoints():
                    for name in self._declared(read_xml(self.wsdl(endpoint))):
                        index.setdefault(name, []).append(endpoint)
                self._index = index
            return self._index

    @staticmethod
    def _declared(wsdl: etree._ElementTree) -> list[str]:
        names: list[str] = []
        for schema in _schemas(wsdl):
            if schema.get("targetNamespace") == MSP41:
                names.extend(str(e.get("name")) for e in schema.findall(qname(XS, "element")))
        return names

    def endpoint_for(self, local: str, prefer: str | None = None) -> str | None:
        """The WSDL endpoint judging ``local``: ``prefer`` if it declares it, else the first."""
        endpoints = self.index().get(local, [])
        if prefer in endpoints:
            return prefer
        return endpoints[0] if endpoints else None

    def schema_path(self, endpoint: str) -> Path:
        """Extract ``endpoint``'s embedded schemas (once per WSDL content); return the main one."""
        source = self.wsdl(endpoint)
        target = self._cache / f"{endpoint}-{digest(source.read_bytes())}"
        with self._lock:
            if not (target / _DONE).is_file():
                self._extract(read_xml(source), target)
        return target / _FILE_NAMES[MSP41]

    @staticmethod
    def _extract(wsdl: etree._ElementTree, target: Path) -> None:
        schemas = _schemas(wsdl)
        names = {
            str(s.get("targetNamespace")): _FILE_NAMES.get(
                str(s.get("targetNamespace")), f"s{i}.xsd"
            )
            for i, s in enumerate(schemas)
        }
        for schema in schemas:
            standalone = _standalone(schema, wsdl.getroot())
            for imported in standalone.findall(qname(XS, "import")):
                location = names.get(str(imported.get("namespace")))
                if location and imported.get("schemaLocation") is None:
                    imported.set("schemaLocation", location)
            data = etree.tostring(standalone, encoding="UTF-8", xml_declaration=True)
            write_atomic(target / names[str(schema.get("targetNamespace"))], data)
        write_atomic(target / _DONE, b"")

    def enumeration(self, type_name: str) -> list[str]:
        """Values of the named enumerated simpleType of MR_Server.wsdl (release namespace first)."""
        with self._lock:
            if self._enumerations is None:
                enumerations: dict[str, list[str]] = {}
                for simple in read_xml(self.wsdl("MR_Server")).iterfind(
                    "wsdl:types/s:schema/s:simpleType", _NS
                ):
                    values = simple.xpath("s:restriction/s:enumeration/@value", namespaces=_NS)
                    if values:
                        enumerations.setdefault(str(simple.get("name")), [str(v) for v in values])  # type: ignore[union-attr]
                self._enumerations = enumerations
        try:
            return list(self._enumerations[type_name])
        except KeyError:
            raise KeyError(f"MR_Server.wsdl has no enumerated simpleType {type_name!r}") from None

    def operations(self, endpoint: str) -> list[str]:
        """Operation names of the ``<wsdl:portType>`` of ``endpoint``'s WSDL, in document order."""
        with self._lock:
            if endpoint not in self._operations:
                names = read_xml(self.wsdl(endpoint)).xpath(
                    "/wsdl:definitions/wsdl:portType/wsdl:operation/@name", namespaces=_NS
                )
                self._operations[endpoint] = list(dict.fromkeys(str(n) for n in names))  # type: ignore[union-attr]
            return list(self._operations[endpoint])
