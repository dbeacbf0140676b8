"""Dataclasses ⇄ XML by field metadata, and the XML Schema the same dataclasses declare.

A dataclass is one complex type: its fields, in order, are the type's sequence. Field metadata
``xml`` (see ``fieldmeta``) names each field: ``"name"`` is a child element, ``"@name"`` an
attribute, ``"."`` the element's own text (simple content). Types come from the annotations:
``str``, ``int``, ``Decimal``, ``float``, ``bool``, ``datetime``, ``date``, a ``StrEnum`` (an
enumeration), another dataclass (a nested element), ``list[...]`` (repeated), ``X | None``
(optional). A field with no default is required.

A ``Binding`` fixes the namespace and, for the CIM editions, the element renames (2009
``MeterAsset`` for 2013 ``Meter`` …). It writes, reads and emits the XSD, so the profiles the
project declares are documents and schema at once (the role of IEC TS 61968-14 Annex D).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Final, TypeVar, Union

from lxml import etree

from mspcim import ns
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.xsdtypes import (
    format_boolean,
    format_datetime,
    format_decimal,
    parse_boolean,
    parse_datetime,
    parse_decimal,
)

__all__ = ["Binding", "FieldPlan"]

_T = TypeVar("_T")

_SIMPLE: Final[dict[type, str]] = {
    str: "xs:string",
    int: "xs:integer",
    Decimal: "xs:decimal",
    float: "xs:float",
    bool: "xs:boolean",
    datetime: "xs:dateTime",
    date: "xs:date",
}


@dataclass(frozen=True, slots=True)
class FieldPlan:
    """One field of a bound dataclass, resolved."""

    name: str
    xml: str
    kind: str
    """``element``, ``attribute`` or ``text``."""
    type: type
    repeated: bool
    required: bool
    xsd_type: str | None = None
    """Override of the XSD simple type (e.g. ``xs:float`` for a Decimal reading value)."""


def _unwrap(annotation: Any) -> tuple[type, bool, bool]:
    """(item type, repeated, optional) of a field annotation."""
    optional = False
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType):
        arguments = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        optional = len(arguments) < len(typing.get_args(annotation))
        annotation = arguments[0]
        origin = typing.get_origin(annotation)
    if origin is list:
        (item,) = typing.get_args(annotation)
        return item, True, True
    return annotation, False, optional


_PLANS: dict[type, tuple[FieldPlan, ...]] = {}


def plan_of(cls: type) -> tuple[FieldPlan, ...]:
    """The resolved fields of dataclass ``cls`` (cached)."""
    found = _PLANS.get(cls)
    if found is not None:
        return found
    hints = typing.get_type_hints(cls)
    plans = []
    for item in dataclasses.fields(cls):
        if "xml" not in item.metadata:
            continue
        name = str(item.metadata["xml"])
        item_type, repeated, optional = _unwrap(hints[item.name])
        has_default = (
            item.default is not dataclasses.MISSING
            or item.default_factory is not dataclasses.MISSING
        )
        if name == ".":
            kind, xml_name = "text", ""
        elif name.startswith("@"):
            kind, xml_name = "attribute", name[1:]
        else:
            kind, xml_name = "element", name
        plans.append(
            FieldPlan(
                name=item.name,
                xml=xml_name,
                kind=kind,
                type=item_type,
                repeated=repeated,
                required=not (optional or has_default or repeated),
                xsd_type=item.metadata.get("xsd"),
            )
        )
    result = tuple(plans)
    _PLANS[cls] = result
    return result


def _to_text(value: Any) -> str:
    if isinstance(value, bool):
        return format_boolean(value)
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def _from_text(text: str, kind: type, where: str) -> Any:
    if kind is str:
        return text
    value = text.strip()
    if kind is bool:
        return parse_boolean(value, where=where)
    if kind is datetime:
        return parse_datetime(value, where=where)
    if kind is Decimal:
        return parse_decimal(value, where=where)
    if kind is int:
        try:
            return int(value)
        except ValueError:
            raise MappingError(f"not an integer: {text!r}", xpath=where) from None
    if kind is float:
        try:
            return float(value)
        except ValueError:
            raise MappingError(f"not a number: {text!r}", xpath=where) from None
    if kind is date:
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise MappingError(f"not an xs:date: {text!r}", xpath=where) from None
    if isinstance(kind, type) and issubclass(kind, Enum):
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(str(member.value) for member in kind)
            raise MappingError(f"{text!r} is not one of {allowed}", xpath=where) from None
    raise TypeError(f"cannot bind type {kind!r}")


class Binding:
    """Write, read and describe dataclasses as XML in one namespace.

    ``renames`` maps an element name of the bound dataclasses to the name this binding uses
    (how one pivot serves two CIM editions whose profiles name classes differently).
    """

    def __init__(
        self, namespace: str, prefix: str = "m", renames: Mapping[str, str] | None = None
    ) -> None:
        self.namespace = namespace
        self.prefix = prefix
        self.renames = dict(renames or {})
        self._back = {new: old for old, new in self.renames.items()}

    def _tag(self, name: str) -> str:
        return f"{{{self.namespace}}}{self.renames.get(name, name)}"

    # --- writing

    def write(self, obj: Any, name: str) -> etree._Element:
        """The element ``name`` holding ``obj`` (a bound dataclass)."""
        element = etree.Element(self._tag(name), nsmap={self.prefix: self.namespace})
        self._fill(element, obj)
        return element

    def _fill(self, element: etree._Element, obj: Any) -> None:
        for plan in plan_of(type(obj)):
            value = getattr(obj, plan.name)
            if value is None or (plan.repeated and not value):
                continue
            if plan.kind == "attribute":
                element.set(plan.xml, _to_text(value))
            elif plan.kind == "text":
                element.text = _to_text(value)
            else:
                for item in value if plan.repeated else (value,):
                    child = etree.SubElement(element, self._tag(plan.xml))
                    if dataclasses.is_dataclass(item):
                        self._fill(child, item)
                    else:
                        child.text = _to_text(item)

    # --- reading

    def read(self, element: etree._Element, cls: type[_T], where: str | None = None) -> _T:
        """The ``cls`` instance ``element`` holds; errors name the path of the offending part."""
        path = where or f"/{ns.local_name(element.tag)}"
        return typing.cast(_T, self._read(element, cls, path))

    def _read(self, element: etree._Element, cls: type, path: str) -> Any:
        children: dict[str, list[etree._Element]] = {}
        prefix = "{" + self.namespace + "}"
        for child in element:
            tag = child.tag
            if isinstance(tag, str) and tag.startswith(prefix):
                local = tag[len(prefix) :]
                children.setdefault(self._back.get(local, local), []).append(child)
        values: dict[str, Any] = {}
        for plan in plan_of(cls):
            where = f"{path}/@{plan.xml}" if plan.kind == "attribute" else f"{path}/{plan.xml}"
            if plan.kind == "attribute":
                text = element.get(plan.xml)
                if text is not None:
                    values[plan.name] = _from_text(text, plan.type, where)
                elif plan.required:
                    raise MessageFormatError(f"attribute {plan.xml} is required", xpath=where)
                continue
            if plan.kind == "text":
                values[plan.name] = _from_text(element.text or "", plan.type, path)
                continue
            found = children.get(plan.xml, [])
            if not found:
                if plan.required:
                    raise MessageFormatError(f"{plan.xml} is required", xpath=where)
                continue
            items = [
                self._read(child, plan.type, f"{where}[{number}]")
                if dataclasses.is_dataclass(plan.type)
                else _from_text(child.text or "", plan.type, f"{where}[{number}]")
                for number, child in enumerate(found, start=1)
            ]
            values[plan.name] = items if plan.repeated else items[0]
        return cls(**values)

    # --- describing

    def xsd(self, root: type, root_name: str, documentation: str = "") -> etree._Element:
        """An XML Schema declaring element ``root_name`` of type ``root`` and every type it uses."""
        schema = etree.Element(
            ns.qname(ns.XS, "schema"),
            nsmap={"xs": ns.XS, self.prefix: self.namespace},
            targetNamespace=self.namespace,
            elementFormDefault="qualified",
            attributeFormDefault="unqualified",
        )
        if documentation:
            annotation = etree.SubElement(schema, ns.qname(ns.XS, "annotation"))
            etree.SubElement(annotation, ns.qname(ns.XS, "documentation")).text = documentation
        etree.SubElement(
            schema,
            ns.qname(ns.XS, "element"),
            name=self.renames.get(root_name, root_name),
            type=self._type_name(root),
        )
        done: set[type] = set()
        pending = [root]
        while pending:
            cls = pending.pop(0)
            if cls in done:
                continue
            done.add(cls)
            schema.append(self._complex_type(cls, pending))
        return schema

    def _type_name(self, cls: type) -> str:
        return f"{self.prefix}:{self.renames.get(cls.__name__, cls.__name__)}"

    def _simple_type(self, plan: FieldPlan, parent: etree._Element) -> str | None:
        """The XSD type of a simple field; enumerations are declared inline under ``parent``."""
        if plan.xsd_type:
            return plan.xsd_type
        if isinstance(plan.type, type) and issubclass(plan.type, Enum):
            simple = etree.SubElement(parent, ns.qname(ns.XS, "simpleType"))
            restriction = etree.SubElement(simple, ns.qname(ns.XS, "restriction"), base="xs:string")
            for member in plan.type:
                etree.SubElement(
                    restriction, ns.qname(ns.XS, "enumeration"), value=str(member.value)
                )
            return None
        return _SIMPLE[plan.type]

    def _complex_type(self, cls: type, pending: list[type]) -> etree._Element:
        complex_type = etree.Element(
            ns.qname(ns.XS, "complexType"), name=self.renames.get(cls.__name__, cls.__name__)
        )
        documentation = (cls.__doc__ or "").strip().splitlines()
        if documentation and not documentation[0].startswith(f"{cls.__name__}("):
            annotation = etree.SubElement(complex_type, ns.qname(ns.XS, "annotation"))
            etree.SubElement(annotation, ns.qname(ns.XS, "documentation")).text = documentation[0]
        plans = plan_of(cls)
        text = next((plan for plan in plans if plan.kind == "text"), None)
        if text is not None:
            content = etree.SubElement(complex_type, ns.qname(ns.XS, "simpleContent"))
            holder = etree.SubElement(content, ns.qname(ns.XS, "extension"))
            holder.set("base", self._simple_type(text, holder) or "xs:string")
        else:
            holder = complex_type
            sequence = etree.SubElement(holder, ns.qname(ns.XS, "sequence"))
            for plan in (plan for plan in plans if plan.kind == "element"):
                element = etree.SubElement(
                    sequence,
                    ns.qname(ns.XS, "element"),
                    name=self.renames.get(plan.xml, plan.xml),
                )
                if dataclasses.is_dataclass(plan.type):
                    element.set("type", self._type_name(plan.type))
                    pending.append(plan.type)
                else:
                    simple = self._simple_type(plan, element)
                    if simple is not None:
                        element.set("type", simple)
                if not plan.required:
                    element.set("minOccurs", "0")
                if plan.repeated:
                    element.set("maxOccurs", "unbounded")
        for plan in (plan for plan in plans if plan.kind == "attribute"):
            attribute = etree.SubElement(holder, ns.qname(ns.XS, "attribute"), name=plan.xml)
            simple = self._simple_type(plan, attribute)
            if simple is not None:
                attribute.set("type", simple)
            if plan.required:
                attribute.set("use", "required")
        return complex_type
