"""``SchemaSet``: validate any message mspcim handles against the official schemas of a directory.

The schema is chosen from the element's namespace: SOAP envelopes are checked structurally and
their header blocks and body children validated in turn; MultiSpeak 4.1 elements against the WSDL
that declares them; IEC 61968-100 envelopes against Message.xsd and then each payload against its
profile; 61968-9 noun wrappers and profiles (2013 and 2009 editions) against their XSDs. Compiled
schemas are cached per instance; compilation and validation are serialised by locks so one
instance can serve a threaded web server.
"""

from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from mspcim.exceptions import ConfigurationError, SchemaError
from mspcim.ns import MESSAGE, MSP41, SOAP11, SOAP12, local_name, namespace_of, qname
from mspcim.validation._files import cache_root, find_schema_dir, read_xml
from mspcim.validation._iec import EDITIONS, Route, iec_route
from mspcim.validation._multispeak41 import FOLDER, Multispeak41
from mspcim.validation._multispeak50 import (
    DEFAULT_RELEASE,
    RELEASES,
    Multispeak50,
    is_multispeak50,
)
from mspcim.validation._report import element_path, located, schema_errors
from mspcim.validation._soap import check_envelope

__all__ = ["SchemaSet", "default_schema_set"]

_SHOWN_ERRORS = 5
"""How many errors ``assert_valid`` puts in the exception message (all are in ``errors``)."""


@dataclass(frozen=True)
class _Compiled:
    """A compiled schema and the lock serialising its use (its error log is per instance)."""

    schema: etree.XMLSchema
    lock: threading.Lock


@dataclass(frozen=True)
class _Request:
    """The options of one ``validate`` call, handed down the recursion."""

    root: etree._Element
    edition: str | None
    endpoint: str | None
    strict_headers: bool
    release: str = DEFAULT_RELEASE
    """MultiSpeak 5.0 release whose schemas judge v5 elements."""


def _children(parent: etree._Element) -> list[etree._Element]:
    return [child for child in parent if isinstance(child.tag, str)]


def _foreign(element: etree._Element) -> bool:
    """True for an element of a namespace other than the 61968-100 one (and not unqualified)."""
    return namespace_of(element.tag) not in (MESSAGE, "")


class SchemaSet:
    """The official schemas under ``root``, compiled lazily, chosen by an element's namespace."""

    def __init__(
        self,
        root: str | os.PathLike[str],
        *,
        cache_dir: str | os.PathLike[str] | None = None,
        extra: Mapping[str, str | os.PathLike[str]] | None = None,
    ) -> None:
        """Use the schemas under ``root``; derived files go to ``cache_dir`` (default: user cache).

        ``extra`` maps further namespaces to XSD files, for profiles the project declares itself.
        """
        self.root = Path(root).resolve()
        self._cache_arg = Path(cache_dir) if cache_dir is not None else None
        self._cache: Path | None = None
        self._extra = {namespace: Path(path) for namespace, path in (extra or {}).items()}
        self._lock = threading.RLock()
        self._compiled: dict[str, _Compiled] = {}
        self._routes: dict[tuple[str, str], Route | None] = {}
        self._multispeak41: Multispeak41 | None = None
        self._multispeak50: Multispeak50 | None = None
        self.compile_seconds: dict[str, float] = {}
        """Seconds each compiled schema took to parse and compile, by schema key."""

    def __repr__(self) -> str:
        return f"SchemaSet({str(self.root)!r})"

    @property
    def cache_dir(self) -> Path:
        """Where extracted and wrapper schemas are written (never inside the repository)."""
        with self._lock:
            if self._cache is None:
                self._cache = cache_root(self._cache_arg)
            return self._cache

    @property
    def multispeak41(self) -> Multispeak41:
        """The MultiSpeak 4.1 WSDL catalogue of this directory."""
        with self._lock:
            if self._multispeak41 is None:
                self._multispeak41 = Multispeak41(self.root, self.cache_dir)
            return self._multispeak41

    @property
    def multispeak50(self) -> Multispeak50:
        """The MultiSpeak 5.0 release folders of this directory."""
        with self._lock:
            if self._multispeak50 is None:
                self._multispeak50 = Multispeak50(self.root, self.cache_dir)
            return self._multispeak50

    def multispeak41_enumeration(self, type_name: str) -> list[str]:
        """The values of MultiSpeak 4.1 simpleType ``type_name`` (as MR_Server.wsdl lists them)."""
        return self.multispeak41.enumeration(type_name)

    def multispeak41_operations(self, endpoint: str) -> list[str]:
        """The operations of ``<endpoint>.wsdl``'s portType, e.g. ``MR_Server``."""
        return self.multispeak41.operations(endpoint)

    # -- compiling -------------------------------------------------------------------------------

    def _schema(self, key: str, source: Callable[[], Path]) -> _Compiled:
        """The compiled schema ``key``, compiling it from ``source()`` on first use."""
        compiled = self._compiled.get(key)
        if compiled is not None:
            return compiled
        with self._lock:
            compiled = self._compiled.get(key)
            if compiled is None:
                path = source()
                started = time.perf_counter()
                try:
                    schema = etree.XMLSchema(read_xml(path))
                except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError) as exc:
                    raise ConfigurationError(f"cannot compile schema {path}: {exc}") from exc
                self.compile_seconds[key] = time.perf_counter() - started
                compiled = self._compiled[key] = _Compiled(schema, threading.Lock())
            return compiled

    def _route(self, namespace: str, local: str) -> Route | None:
        key = (namespace, "" if namespace else local)
        if key not in self._routes:
            self._routes[key] = iec_route(self.root, self.cache_dir, namespace, local)
        return self._routes[key]

    @staticmethod
    def _run(compiled: _Compiled, element: etree._Element) -> list[str]:
        with compiled.lock:
            compiled.schema.validate(element)
            return schema_errors(compiled.schema.error_log, element)

    # -- validating ------------------------------------------------------------------------------

    def validate(
        self,
        element: etree._Element,
        *,
        edition: str | None = None,
        endpoint: str | None = None,
        strict_headers: bool = False,
        release: str | None = None,
    ) -> list[str]:
        """The validator's error lines for ``element`` (empty = valid), schema chosen by namespace.

        ``edition`` (``2009`` or ``2013``; ``2011`` means 2013) makes an IEC 61968-9 document of the
        other edition an error. ``endpoint`` (e.g. ``CB_Server``) forces the MultiSpeak 4.1 WSDL.
        SOAP header blocks of a namespace no schema covers are skipped unless ``strict_headers``.
        ``release`` (``5.0.7`` by default, or ``5.0.4``) picks the MultiSpeak 5.0 schemas.
        """
        if edition is not None and edition not in EDITIONS:
            raise ValueError(f"edition must be one of {sorted(EDITIONS)}, not {edition!r}")
        if release is not None and release not in RELEASES:
            raise ValueError(f"release must be one of {sorted(RELEASES)}, not {release!r}")
        if endpoint is not None:
            self.multispeak41.wsdl(endpoint)
        request = _Request(
            element,
            EDITIONS.get(edition or ""),
            endpoint,
            strict_headers,
            release or DEFAULT_RELEASE,
        )
        return self._dispatch(element, request, prefer=None)

    def assert_valid(
        self,
        element: etree._Element,
        *,
        edition: str | None = None,
        endpoint: str | None = None,
        strict_headers: bool = False,
        release: str | None = None,
    ) -> None:
        """Raise ``SchemaError`` listing the first errors (line, path, message) unless valid."""
        errors = self.validate(
            element,
            edition=edition,
            endpoint=endpoint,
            strict_headers=strict_headers,
            release=release,
        )
        if errors:
            shown = "\n  ".join(errors[:_SHOWN_ERRORS])
            more = len(errors) - _SHOWN_ERRORS
            tail = f"\n  ... and {more} more" if more > 0 else ""
            raise SchemaError(
                f"{element_path(element)} does not validate ({len(errors)} errors):"
                f"\n  {shown}{tail}",
                errors,
            )

    def _own(self, element: etree._Element, request: _Request, message: str) -> str:
        """An error found by code: bare for the validated element itself, located below it."""
        return message if element is request.root else located(element, message)

    def _knows(self, element: etree._Element) -> bool:
        """True when some schema covers ``element`` (for lax wildcards and SOAP header blocks)."""
        namespace = namespace_of(element.tag)
        if namespace == MSP41:
            return self.multispeak41.endpoint_for(local_name(element.tag)) is not None
        if is_multispeak50(namespace):
            return self.multispeak50.available(DEFAULT_RELEASE)
        return (
            namespace in (SOAP11, SOAP12)
            or namespace in self._extra
            or (self._route(namespace, local_name(element.tag)) is not None)
        )

    def _dispatch(
        self, element: etree._Element, request: _Request, prefer: str | None
    ) -> list[str]:
        namespace = namespace_of(element.tag)
        if namespace in (SOAP11, SOAP12):
            return self._soap(element, request)
        if namespace == MSP41:
            return self._multispeak(element, request, prefer)
        if is_multispeak50(namespace):
            return self._multispeak50_element(element, request)
        if namespace in self._extra:
            path = self._extra[namespace]
            return self._run(self._schema(f"extra:{namespace}", lambda: path), element)
        route = self._route(namespace, local_name(element.tag))
        if route is None:
            return [self._own(element, request, f"no schema known for namespace {namespace!r}")]
        errors: list[str] = []
        if request.edition and route.edition and route.edition != request.edition:
            errors.append(
                self._own(
                    element,
                    request,
                    (
                        f"IEC 61968-9 edition {route.edition} document (namespace {namespace!r}) "
                        f"where edition {request.edition} is required"
                    ),
                )
            )
        errors += self._run(self._schema(route.key, route.schema), element)
        if route.kind == "envelope":
            errors += self._message_contents(element, request)
        return errors

    def _soap(self, envelope: etree._Element, request: _Request) -> list[str]:
        parts = check_envelope(envelope)
        errors = [self._own(node, request, message) for node, message in parts.problems]
        prefer = request.endpoint
        for child in parts.body_children:
            if prefer is None and namespace_of(child.tag) == MSP41:
                prefer = self.multispeak41.endpoint_for(local_name(child.tag))
        for block in parts.header_blocks:
            if request.strict_headers or self._knows(block):
                errors += self._dispatch(block, request, prefer)
        for child in parts.body_children:
            errors += self._dispatch(child, request, prefer)
        return errors

    def _multispeak(
        self, element: etree._Element, request: _Request, prefer: str | None
    ) -> list[str]:
        local = local_name(element.tag)
        catalogue = self.multispeak41
        if request.endpoint is not None:
            endpoint: str | None = request.endpoint
            if endpoint not in catalogue.index().get(local, []):
                return [
                    self._own(element, request, f"{endpoint}.wsdl does not declare element {local}")
                ]
        else:
            endpoint = catalogue.endpoint_for(local, prefer)
            if endpoint is None:
                return [
                    self._own(
                        element, request, f"no MultiSpeak 4.1 schema declares element {local}"
                    )
                ]
        chosen = endpoint
        compiled = self._schema(f"{FOLDER}/{chosen}.wsdl", lambda: catalogue.schema_path(chosen))
        return self._run(compiled, element)

    def _multispeak50_element(self, element: etree._Element, request: _Request) -> list[str]:
        catalogue, release = self.multispeak50, request.release
        if not catalogue.available(release):
            return [
                self._own(
                    element,
                    request,
                    f"no MultiSpeak {release} schemas in {catalogue.folder(release)}",
                )
            ]
        compiled = self._schema(f"multispeak-{release}", lambda: catalogue.schema_path(release))
        return self._run(compiled, element)

    def _message_contents(self, message: etree._Element, request: _Request) -> list[str]:
        """Validate what 61968-100 Message.xsd skips: Payload children (strict), lax extensions."""
        errors: list[str] = []
        for part in _children(message):
            if part.tag in (
                qname(MESSAGE, "Header"),
                qname(MESSAGE, "Request"),
                qname(MESSAGE, "Reply"),
            ):
                for child in _children(part):
                    if _foreign(child) and self._knows(child):
                        errors += self._dispatch(child, request, None)
            elif part.tag == qname(MESSAGE, "Payload"):
                for child in _children(part):
                    if _foreign(child):
                        errors += self._dispatch(child, request, None)
                    elif child.tag == qname(MESSAGE, "OperationSet"):
                        for operation in child.iterchildren(qname(MESSAGE, "Operation")):
                            for item in _children(operation):
                                if _foreign(item):
                                    errors += self._dispatch(item, request, None)
        return errors


@functools.cache
def default_schema_set() -> SchemaSet | None:
    """The SchemaSet of ``find_schema_dir()`` (cached for the process), None when there is none."""
    root = find_schema_dir()
    return SchemaSet(root) if root is not None else None
