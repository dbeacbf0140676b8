"""The XML Schema that v5 dataclasses declare: one schema document per namespace they use.

The counterpart of ``Binding.xsd`` for the v5 binder: each dataclass is a complex type in the
schema of its ``NAMESPACE``; a field is a local element of that type when it is in the same
namespace, else a reference to a global element of its own namespace's schema (how XSD places
an inherited or foreign element); wrapped lists are anonymous sequences; ``child/@attribute``
fields give the child simple content with the attribute. ``compile_schema`` compiles the set in
memory (the documents import one another through a resolver, never a file or the network), so a
test can check that what the binder writes is what the classes declare.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any

from lxml import etree

from mspcim import ns
from mspcim.binding import _SIMPLE
from mspcim.multispeak.v50.msp_binding import NSMAP, BoundField, layout, namespace_of_class

__all__ = ["compile_schema", "xsd_documents"]

_PREFIXES = {namespace: prefix for prefix, namespace in NSMAP.items()}


def _xs(local: str) -> str:
    return ns.qname(ns.XS, local)


def _namespaces(root: type) -> list[str]:
    """Every namespace the elements of ``root`` and the types it uses live in."""
    found: dict[str, None] = {namespace_of_class(root): None}
    pending, seen = [root], set()
    while pending:
        cls = pending.pop()
        if cls in seen:
            continue
        seen.add(cls)
        found[namespace_of_class(cls)] = None
        for bound in layout(cls):
            found[bound.namespace] = None
            found[bound.item_namespace] = None
            if dataclasses.is_dataclass(bound.type):
                pending.append(bound.type)
    return list(found)


class _Set:
    """Schema documents under construction, by namespace."""

    def __init__(self, namespaces: list[str]) -> None:
        self.nsmap = {"xs": ns.XS}
        for namespace in namespaces:
            self.nsmap[_PREFIXES.get(namespace) or f"n{len(self.nsmap)}"] = namespace
        self.prefixes = {namespace: prefix for prefix, namespace in self.nsmap.items()}
        self.schemas = {
            namespace: etree.Element(
                _xs("schema"),
                nsmap=self.nsmap,
                targetNamespace=namespace,
                elementFormDefault="qualified",
                attributeFormDefault="unqualified",
            )
            for namespace in namespaces
        }
        self.done: set[type] = set()
        self.globals: dict[tuple[str, str], str] = {}

    def schema(self, namespace: str) -> etree._Element:
        return self.schemas[namespace]

    def qname(self, namespace: str, local: str) -> str:
        """``prefix:local`` (every schema of the set declares every prefix)."""
        return f"{self.prefixes[namespace]}:{local}"

    # --- types

    def simple(self, kind: type, parent: etree._Element) -> str | None:
        if isinstance(kind, type) and issubclass(kind, Enum):
            restriction = etree.SubElement(
                etree.SubElement(parent, _xs("simpleType")), _xs("restriction"), base="xs:string"
            )
            for member in kind:
                etree.SubElement(restriction, _xs("enumeration"), value=str(member.value))
            return None
        return _SIMPLE[kind]

    def type_of(self, cls: type, home: str) -> str:
        """The name of ``cls``'s complex type as the schema of ``home`` refers to it."""
        self.complex(cls)
        self.imports(home, namespace_of_class(cls))
        return self.qname(namespace_of_class(cls), cls.__name__)

    def complex(self, cls: type) -> None:
        if cls in self.done:
            return
        self.done.add(cls)
        namespace = namespace_of_class(cls)
        complex_type = etree.SubElement(
            self.schema(namespace), _xs("complexType"), name=cls.__name__
        )
        fields = layout(cls)
        text = next((bound for bound in fields if bound.kind == "text"), None)
        if text is not None:
            holder = etree.SubElement(
                etree.SubElement(complex_type, _xs("simpleContent")), _xs("extension")
            )
            holder.set("base", self.simple(text.type, holder) or "xs:string")
        else:
            holder = complex_type
            sequence = etree.SubElement(holder, _xs("sequence"))
            children: dict[str, list[BoundField]] = {}
            for bound in fields:
                if bound.kind == "child_attribute":
                    children.setdefault(bound.child, []).append(bound)
            for bound in (bound for bound in fields if bound.kind == "element"):
                self.element(sequence, namespace, bound, children.get(bound.xml, []))
        for bound in (bound for bound in fields if bound.kind == "attribute"):
            attribute = etree.SubElement(holder, _xs("attribute"), name=bound.xml)
            simple = self.simple(bound.type, attribute)
            if simple is not None:
                attribute.set("type", simple)
            if bound.required:
                attribute.set("use", "required")

    # --- elements

    def element(
        self, parent: etree._Element, home: str, bound: BoundField, attributes: list[BoundField]
    ) -> None:
        """Declare field ``bound`` in ``parent`` (a sequence in the schema of ``home``)."""
        shape = f"{bound.type!r}/{bound.item}/{[item.xml for item in attributes]}"
        declared, particle = self.place(
            parent, home, bound.namespace, bound.xml, not bound.required, shape
        )
        if bound.item:
            if declared is not None:
                sequence = etree.SubElement(
                    etree.SubElement(declared, _xs("complexType")), _xs("sequence")
                )
                item, item_particle = self.place(
                    sequence, bound.namespace, bound.item_namespace, bound.item, False, shape
                )
                item_particle.set("maxOccurs", "unbounded")
                if item is not None:
                    self.content(item, bound.item_namespace, bound, [])
            return
        if bound.repeated:
            particle.set("maxOccurs", "unbounded")
        if declared is not None:
            self.content(declared, bound.namespace, bound, attributes)

    def place(
        self,
        parent: etree._Element,
        home: str,
        namespace: str,
        name: str,
        optional: bool,
        shape: str,
    ) -> tuple[etree._Element | None, etree._Element]:
        """(declaration to type, or None when declared already; the particle in ``parent``).

        A local element in ``home``'s namespace; otherwise a reference to a global element of
        ``namespace``'s schema (one per name: the same name with another shape is an error).
        """
        if namespace == home:
            local = etree.SubElement(parent, _xs("element"), name=name)
            if optional:
                local.set("minOccurs", "0")
            return local, local
        reference = etree.SubElement(parent, _xs("element"), ref=self.qname(namespace, name))
        if optional:
            reference.set("minOccurs", "0")
        self.imports(home, namespace)
        known = self.globals.get((namespace, name))
        if known is not None:
            if known != shape:
                raise ValueError(f"two global elements {{{namespace}}}{name} of different types")
            return None, reference
        self.globals[(namespace, name)] = shape
        return etree.SubElement(self.schema(namespace), _xs("element"), name=name), reference

    def content(
        self, element: etree._Element, home: str, bound: BoundField, attributes: list[BoundField]
    ) -> None:
        """The type of an element holding ``bound``'s values (and its child attributes)."""
        if dataclasses.is_dataclass(bound.type):
            element.set("type", self.type_of(bound.type, home))
            return
        if not attributes:
            simple = self.simple(bound.type, element)
            if simple is not None:
                element.set("type", simple)
            return
        extension = etree.SubElement(
            etree.SubElement(etree.SubElement(element, _xs("complexType")), _xs("simpleContent")),
            _xs("extension"),
        )
        extension.set("base", self.simple(bound.type, extension) or "xs:string")
        for attribute in attributes:
            etree.SubElement(
                extension,
                _xs("attribute"),
                name=attribute.xml,
                type=_SIMPLE.get(attribute.type, "xs:string"),
            )

    def imports(self, home: str, namespace: str) -> None:
        if namespace == home:
            return
        schema = self.schema(home)
        if not any(
            item.get("namespace") == namespace for item in schema.iterchildren(_xs("import"))
        ):
            schema.insert(
                0,
                etree.Element(
                    _xs("import"), namespace=namespace, schemaLocation=_location(namespace)
                ),
            )


def _location(namespace: str) -> str:
    return "mspcim-v50:" + namespace.replace("/", "_").replace(":", "_") + ".xsd"


def xsd_documents(
    root: type, root_name: str, namespace: str | None = None
) -> dict[str, etree._Element]:
    """Namespace → schema document declaring ``root_name`` of type ``root`` and every type used."""
    home = namespace or namespace_of_class(root)
    found = _Set(list(dict.fromkeys([home, *_namespaces(root)])))
    etree.SubElement(
        found.schema(home), _xs("element"), name=root_name, type=found.type_of(root, home)
    )
    return {name: schema for name, schema in found.schemas.items() if len(schema) or name == home}


class _Resolver(etree.Resolver):
    """Answers the ``mspcim-v50:`` locations from the documents in memory."""

    def __init__(self, documents: dict[str, bytes]) -> None:
        super().__init__()
        self.documents = documents

    def resolve(self, system_url: str, public_id: str, context: Any = None) -> Any:
        """The document of an in-memory location; None (refused) for anything else."""
        found = self.documents.get(system_url.rpartition("mspcim-v50:")[2])
        return self.resolve_string(found, context, base_url=None) if found is not None else None


def compile_schema(root: type, root_name: str, namespace: str | None = None) -> etree.XMLSchema:
    """The compiled schema set of ``xsd_documents`` (in memory, no file or network access)."""
    documents = xsd_documents(root, root_name, namespace)
    texts = {
        _location(name).partition(":")[2]: etree.tostring(doc) for name, doc in documents.items()
    }
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    parser.resolvers.add(_Resolver(texts))
    home = namespace or namespace_of_class(root)
    main = etree.fromstring(etree.tostring(documents[home]), parser, base_url="mspcim-v50:main.xsd")
    return etree.XMLSchema(main)
