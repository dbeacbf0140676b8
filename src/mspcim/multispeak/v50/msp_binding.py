"""MultiSpeak 5.0 objects as plain dataclasses, bound to XML across the v5 namespaces.

MultiSpeak 5.0 spreads one document over several namespaces: an element takes the namespace of
the schema whose complex type declares it (``meterReading`` children are in ``…/V5.0``, the
``extensionsItem`` inside them in ``…/V5.0/commonTypes``, an operation's parts in
``…/V5.0/wsdl/<Endpoint>``). A dataclass says where it is declared with a class attribute
``NAMESPACE`` (default: the objects namespace); a field inherited from a base dataclass keeps the
base's namespace, as XSD extension does (a base without ``NAMESPACE`` is a mixin whose fields
take the namespace of the class being bound). Metadata is the ``fieldmeta.xml`` of every
binding, plus ``xml_list(wrapper, item, item_namespace)`` for the ``ArrayOf…``/plural wrappers
v5 uses and ``"child/@attribute"`` names for an attribute of a child element (``extValue/@units``).

Some types differ between releases (5.0.4 carries a meter's GUID in an ``objectGUID`` attribute,
5.0.7 in the text): ``register_form`` lets a module declare how such a type is read from any
release into one canonical form, and how it is written for a given ``Release``.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final, TypeVar

from lxml import etree

from mspcim import ns
from mspcim.binding import _from_text, _to_text, plan_of
from mspcim.exceptions import MessageFormatError

__all__ = [
    "DEFAULT_RELEASE",
    "NSMAP",
    "BoundField",
    "Form",
    "Release",
    "bind_namespace",
    "layout",
    "namespace_of_class",
    "read",
    "register_form",
    "unread",
    "with_namespace",
    "write",
    "xml_list",
    "xsd",
]

_T = TypeVar("_T")


class Release(StrEnum):
    """The MultiSpeak 5.0 releases whose schemas mspcim reads and writes."""

    V504 = "5.0.4"
    V507 = "5.0.7"

    @property
    def build(self) -> int:
        """The release's Build number (``MultiSpeakVersion/Build``)."""
        return int(self.value.rsplit(".", 1)[1])


DEFAULT_RELEASE: Final = Release.V507
"""The release written unless a destination asks for another."""

NSMAP: Final[dict[str, str]] = {
    "msp": ns.MSP50,
    "com": ns.MSP50_COMMON,
    "arr": ns.MSP50_ARRAYS,
    "enum": ns.MSP50_ENUMS,
    "req": ns.MSP50_REQUEST,
    "res": ns.MSP50_RESPONSE,
}
"""Prefixes declared on every written root element."""


def xml_list(name: str, item: str, item_namespace: str | None = None) -> dict[str, str]:
    """Metadata of a list held in wrapper ``name`` whose items are ``item`` elements.

    ``item_namespace`` is the namespace of the wrapper's type (default: the wrapper's own).
    """
    meta = {"xml": name, "item": item}
    if item_namespace is not None:
        meta["item_ns"] = item_namespace
    return meta


def with_namespace(namespace: str, metadata: dict[str, str]) -> dict[str, str]:
    """Metadata placing one field's element in ``namespace`` (overrides the class's)."""
    return {**metadata, "ns": namespace}


@dataclass(frozen=True, slots=True)
class Form:
    """How a release-dependent type is made canonical on read and written for a release."""

    canonical: Callable[[etree._Element], None]
    """Rewrites a copy of the element, in place, into the form the dataclass binds."""
    emit: Callable[[etree._Element, Release], None]
    """Rewrites a freshly written element, in place, into the form ``Release`` requires."""


_FORMS: dict[type, Form] = {}
_NAMESPACES: dict[type, str] = {}


def register_form(cls: type, form: Form) -> None:
    """Declare how ``cls`` elements differ between releases."""
    _FORMS[cls] = form


def bind_namespace(cls: type, namespace: str) -> None:
    """Declare the namespace of a dataclass defined elsewhere (one without ``NAMESPACE``)."""
    _NAMESPACES[cls] = namespace


def _explicit_namespace(cls: type) -> str | None:
    found = _NAMESPACES.get(cls) or cls.__dict__.get("NAMESPACE")
    return str(found) if found else None


def namespace_of_class(cls: type) -> str:
    """The namespace of the schema that declares ``cls``'s type (default: the objects')."""
    return _explicit_namespace(cls) or ns.MSP50


@dataclass(frozen=True, slots=True)
class BoundField:
    """One field of a v5 dataclass, resolved: kind, XML name, namespaces, type."""

    name: str
    kind: str
    """``element``, ``attribute``, ``text`` or ``child_attribute``."""
    xml: str
    namespace: str
    type: type
    repeated: bool
    required: bool
    item: str = ""
    """Item element of a wrapped list (empty: the list is repeated elements)."""
    item_namespace: str = ""
    child: str = ""
    """Child element holding a ``child_attribute``."""


def _declaring_class(cls: type, name: str) -> type:
    for base in reversed(cls.__mro__):
        if name in inspect.get_annotations(base):
            return base
    return cls


_LAYOUTS: dict[type, tuple[BoundField, ...]] = {}


def layout(cls: type) -> tuple[BoundField, ...]:
    """The bound fields of dataclass ``cls`` (cached)."""
    found = _LAYOUTS.get(cls)
    if found is not None:
        return found
    metadata = {item.name: item.metadata for item in dataclasses.fields(cls)}
    result = []
    for plan in plan_of(cls):
        meta = metadata[plan.name]
        declared = _explicit_namespace(_declaring_class(cls, plan.name))
        namespace = str(meta.get("ns") or declared or namespace_of_class(cls))
        kind, name, child = plan.kind, plan.xml, ""
        if kind == "element" and "/@" in name:
            kind = "child_attribute"
            child, _, name = name.partition("/@")
        result.append(
            BoundField(
                name=plan.name,
                kind=kind,
                xml=name,
                namespace=namespace,
                type=plan.type,
                repeated=plan.repeated,
                required=plan.required,
                item=str(meta.get("item", "")),
                item_namespace=str(meta.get("item_ns") or namespace),
                child=child,
            )
        )
    _LAYOUTS[cls] = tuple(result)
    return _LAYOUTS[cls]


# --- writing


def write(
    obj: object,
    name: str,
    namespace: str | None = None,
    release: Release | str = DEFAULT_RELEASE,
) -> etree._Element:
    """The element ``name`` (in ``namespace``, default the class's) holding ``obj``."""
    tag = ns.qname(namespace or namespace_of_class(type(obj)), name)
    element = etree.Element(tag, nsmap=NSMAP)
    _fill(element, obj, Release(release))
    return element


def _fill(element: etree._Element, obj: object, release: Release) -> None:
    for bound in layout(type(obj)):
        value = getattr(obj, bound.name)
        if value is None or (bound.repeated and not value):
            continue
        if bound.kind == "attribute":
            element.set(bound.xml, _to_text(value))
        elif bound.kind == "text":
            element.text = _to_text(value)
        elif bound.kind == "child_attribute":
            holder = element.find(ns.qname(bound.namespace, bound.child))
            if holder is not None:
                holder.set(bound.xml, _to_text(value))
        else:
            parent = element
            tag = ns.qname(bound.namespace, bound.xml)
            if bound.item:
                parent = etree.SubElement(element, tag)
                tag = ns.qname(bound.item_namespace, bound.item)
            for item in value if bound.repeated else (value,):
                child = etree.SubElement(parent, tag)
                if dataclasses.is_dataclass(item):
                    _fill(child, item, release)
                else:
                    child.text = _to_text(item)
    form = _FORMS.get(type(obj))
    if form is not None:
        form.emit(element, release)


def xsd(root: type, root_name: str, namespace: str | None = None) -> dict[str, etree._Element]:
    """Namespace → the schema documents the dataclasses declare (see ``msp_schema``)."""
    from mspcim.multispeak.v50.msp_schema import xsd_documents  # it builds on this module

    return xsd_documents(root, root_name, namespace)


# --- reading


def read(element: etree._Element, cls: type[_T], where: str | None = None) -> _T:
    """The ``cls`` instance ``element`` holds, from any release; errors name the offending path."""
    path = where or f"/{ns.local_name(element.tag)}"
    return _read(element, cls, path)  # type: ignore[no-any-return]


def _children(element: etree._Element, tag: str) -> list[etree._Element]:
    return list(element.iterchildren(tag))


def _read(element: etree._Element, cls: type, path: str) -> Any:
    form = _FORMS.get(cls)
    if form is not None:
        element = copy.deepcopy(element)
        form.canonical(element)
    values: dict[str, Any] = {}
    for bound in layout(cls):
        if bound.kind in ("attribute", "child_attribute"):
            holder = (
                element
                if bound.kind == "attribute"
                else element.find(ns.qname(bound.namespace, bound.child))
            )
            where = f"{path}/{bound.child + '/' if bound.child else ''}@{bound.xml}"
            text = holder.get(bound.xml) if holder is not None else None
            if text is not None:
                values[bound.name] = _from_text(text, bound.type, where)
            elif bound.required:
                raise MessageFormatError(f"attribute {bound.xml} is required", xpath=where)
            continue
        if bound.kind == "text":
            values[bound.name] = _from_text(element.text or "", bound.type, path)
            continue
        where = f"{path}/{bound.xml}"
        found = _children(element, ns.qname(bound.namespace, bound.xml))
        if bound.item:
            item_tag = ns.qname(bound.item_namespace, bound.item)
            where = f"{where}/{bound.item}"
            found = [item for holder in found for item in _children(holder, item_tag)]
        if not found:
            if bound.required:
                raise MessageFormatError(f"{bound.xml} is required", xpath=where)
            continue
        items = [
            _read(child, bound.type, f"{where}[{number}]")
            if dataclasses.is_dataclass(bound.type)
            else _from_text(child.text or "", bound.type, f"{where}[{number}]")
            for number, child in enumerate(found, start=1)
        ]
        values[bound.name] = items if bound.repeated else items[0]
    return cls(**values)


def unread(element: etree._Element, cls: type, path: str = "") -> list[str]:
    """Paths of the child elements under ``element`` that no field of ``cls`` binds."""
    path = path or f"/{ns.local_name(element.tag)}"
    fields = layout(cls)
    bound_tags = {
        ns.qname(bound.namespace, bound.xml): bound for bound in fields if bound.kind == "element"
    }
    children = {bound.child for bound in fields if bound.kind == "child_attribute"}
    missed: list[str] = []
    for child in element:
        if not isinstance(child.tag, str):
            continue
        local = ns.local_name(child.tag)
        bound = bound_tags.get(child.tag)
        if bound is None:
            if local not in children:
                missed.append(f"{path}/{local}")
            continue
        nested = dataclasses.is_dataclass(bound.type)
        if bound.item:
            item_tag = ns.qname(bound.item_namespace, bound.item)
            for number, entry in enumerate(child.iterchildren(), start=1):
                where = f"{path}/{local}/{bound.item}[{number}]"
                if entry.tag != item_tag:
                    missed.append(f"{path}/{local}/{ns.local_name(entry.tag)}")
                elif nested:
                    missed += unread(entry, bound.type, where)
        elif nested:
            missed += unread(child, bound.type, f"{path}/{local}")
    return missed
