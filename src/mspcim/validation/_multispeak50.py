"""MultiSpeak 5.0 schemas: the object XSDs, the request/response headers and the endpoint XSDs.

Each release folder holds ``xsd/`` (objects, common types, arrays, headers) and one XSD per
endpoint (5.0.7: ``EndPoints/server_xsds/<EP>_Server.xsd``; 5.0.4:
``Endpoints/<EP>_Server/<EP>_Server.xsd``) in its own ``…/V5.0/wsdl/<EP>_Server`` namespace.
``schema_path`` writes (once, in the cache directory) one wrapper per release importing all of
them by absolute URI, so a SOAP header, an operation body or a bare object of any endpoint is
judged by one compiled schema. The official files are never modified.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Final

from lxml import etree

from mspcim.ns import MSP50, MSP50_ARRAYS, MSP50_COMMON, MSP50_REQUEST, MSP50_RESPONSE, XS, qname
from mspcim.validation._files import digest, read_xml, target_namespace, write_atomic

__all__ = ["DEFAULT_RELEASE", "RELEASES", "Multispeak50", "is_multispeak50"]

RELEASES: Final[dict[str, tuple[str, str]]] = {
    "5.0.7": ("multispeak-5.0.7", "EndPoints/server_xsds/*_Server.xsd"),
    "5.0.4": ("multispeak-5.0.4", "Endpoints/*/*_Server.xsd"),
}
"""Release → (folder under the schema directory, glob of its endpoint XSDs)."""
DEFAULT_RELEASE: Final = "5.0.7"

_OBJECT_FILES = {
    MSP50: "MultiSpeak.xsd",
    MSP50_COMMON: "mspCommonTypes.xsd",
    MSP50_ARRAYS: "mspArrayTypes.xsd",
    MSP50_REQUEST: "MultiSpeakWebServicesRequestMsgHeader.xsd",
    MSP50_RESPONSE: "MultiSpeakWebServicesResponseMsgHeader.xsd",
}


def is_multispeak50(namespace: str) -> bool:
    """True for the MultiSpeak 5.0 namespaces (objects, common types, headers, endpoints)."""
    return namespace == MSP50 or namespace.startswith(MSP50 + "/")


class Multispeak50:
    """The MultiSpeak 5.0 release folders of one schema directory."""

    def __init__(self, schema_root: Path, cache: Path) -> None:
        self.root = schema_root
        self._cache = cache / "multispeak-5.0"
        self._lock = threading.RLock()

    def folder(self, release: str) -> Path:
        """The folder of ``release``; ValueError naming the known releases when unknown."""
        if release not in RELEASES:
            raise ValueError(
                f"unknown MultiSpeak release {release!r} (known: {', '.join(RELEASES)})"
            )
        return self.root / RELEASES[release][0]

    def available(self, release: str) -> bool:
        """True when the schema directory holds ``release``'s object schemas."""
        return (self.folder(release) / "xsd" / _OBJECT_FILES[MSP50]).is_file()

    def endpoints(self, release: str) -> dict[str, Path]:
        """Endpoint name (``MR_Server``) → its XSD, for ``release``."""
        pattern = RELEASES[release][1]
        return {path.stem: path for path in sorted(self.folder(release).glob(pattern))}

    def operations(self, release: str, endpoint: str) -> list[str]:
        """Operation elements (global elements but the ``…Response`` ones) of an endpoint XSD."""
        path = self.endpoints(release).get(endpoint)
        if path is None:
            return []
        names = [
            str(item.get("name"))
            for item in read_xml(path).getroot().iterchildren(qname(XS, "element"))
        ]
        return [name for name in names if not name.endswith("Response")]

    def schema_path(self, release: str) -> Path:
        """The wrapper schema importing every v5 schema of ``release`` (written once)."""
        refs: list[tuple[str, Path]] = [
            (namespace, self.folder(release) / "xsd" / name)
            for namespace, name in _OBJECT_FILES.items()
        ]
        for path in self.endpoints(release).values():
            namespace = target_namespace(path)
            if namespace is not None:
                refs.append((namespace, path))
        key = digest(*(str(path.resolve()) + path.read_text("utf-8") for _, path in refs))
        target = self._cache / f"multispeak-{release}-{key}.xsd"
        with self._lock:
            if not target.is_file():
                schema = etree.Element(qname(XS, "schema"), nsmap={"xs": XS})
                for namespace, path in refs:
                    etree.SubElement(
                        schema,
                        qname(XS, "import"),
                        namespace=namespace,
                        schemaLocation=path.resolve().as_uri(),
                    )
                data = etree.tostring(schema, encoding="UTF-8", xml_declaration=True)
                write_atomic(target, data)
        return target
