"""Validation of messages whose payloads are profiles the project declares (no official XSD).

``declared_schema_set`` writes the XSD every registered payload codec declares into a folder
and returns a ``SchemaSet`` that validates 61968-100 envelopes against the official
Message.xsd and their declared payloads against those XSDs.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from mspcim import ns
from mspcim.cim.catalogue import registered
from mspcim.validation import SchemaSet


def declared_schema_set(official: SchemaSet, folder: Path) -> SchemaSet:
    """The official schemas plus every declared profile XSD (written to ``folder``)."""
    extra: dict[str, Path] = {}
    for codec in registered():
        if codec.declared_schema is None:
            continue
        path = folder / f"{codec.noun}-{codec.edition.value}.xsd"
        path.write_bytes(etree.tostring(codec.declared_schema()))
        extra[ns.namespace_of(codec.tag)] = path
    return SchemaSet(official.root, cache_dir=folder / "cache", extra=extra)


def errors_of(schema_set: SchemaSet, element: etree._Element) -> list[str]:
    """The validator's errors for ``element`` (empty when valid)."""
    return schema_set.validate(element)
