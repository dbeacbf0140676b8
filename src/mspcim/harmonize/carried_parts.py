"""A small MultiSpeak object with no CIM counterpart, carried part by part as typed CIM Names.

``gpsPoint`` on an activity record, ``serviceID`` on a history event, ``eaLoc`` on a service
point: objects of a few simple parts (text, attributes, simple child elements). ``carried_object``
declares one as a Transform whose codec writes each part as a Name whose NameType is the part's
MultiSpeak path (``gpsPoint/latitude``, ``serviceID/@serviceType``, ``eaLoc`` for the text) and
reads the same Names back, typed again, so the object survives a round trip through CIM.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Final

from mspcim.binding import FieldPlan, plan_of
from mspcim.cim.identified_object import Name
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.end_device_codecs import typed_name
from mspcim.harmonize.parts import take
from mspcim.harmonize.rules import Transform
from mspcim.xsdtypes import (
    format_boolean,
    format_datetime,
    format_decimal,
    parse_boolean,
    parse_datetime,
    parse_decimal,
)

__all__ = ["carried_object"]

_TEXTS: Final[dict[type, tuple[Callable[[Any], str], Callable[[str], Any]]]] = {
    str: (str, str),
    int: (str, int),
    bool: (format_boolean, parse_boolean),
    Decimal: (format_decimal, parse_decimal),
    datetime: (format_datetime, parse_datetime),
}
"""How a part of each simple type is written as a Name and read back."""


def _dump(plan: FieldPlan, value: Any) -> str:
    if isinstance(value, Enum):
        return str(value.value)
    return _TEXTS[plan.type][0](value)


def _load(plan: FieldPlan, text: str) -> Any:
    if isinstance(plan.type, type) and issubclass(plan.type, Enum):
        return plan.type(text)
    return _TEXTS[plan.type][1](text)


def _name_type(element: str, plan: FieldPlan) -> str:
    if plan.kind == "text":
        return element
    if plan.kind == "attribute":
        return f"{element}/@{plan.xml}"
    return f"{element}/{plan.xml}"


def carried_object(field: str, element: str, cls: type, names: str, owner: str) -> Transform:
    """A Transform carrying MultiSpeak ``field`` (an object of ``cls``) in the CIM ``names``.

    ``element`` is the object's MultiSpeak name; ``owner`` the CIM class holding the Names.
    """
    plans = [plan for plan in plan_of(cls) if not plan.repeated]
    types = {plan.name: _name_type(element, plan) for plan in plans}
    where = f"{owner}/Names[NameType/name='{element}…']"

    def to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        found = values[field]
        if found is None:
            return {}
        carried = [
            typed_name(_dump(plan, value), types[plan.name])
            for plan in plans
            if (value := getattr(found, plan.name)) not in (None, "")
        ]
        shown = " ".join(name.name for name in carried)
        ctx.gap(field, shown, f"no CIM attribute: carried part by part in {where}", lost=False)
        return {names: carried}

    def to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        parts: dict[str, Any] = {}
        taken: list[Name] = []
        for name in values[names] or []:
            plan = next((p for p in plans if types[p.name] == name.type_name), None)
            if plan is not None and plan.name not in parts:
                parts[plan.name] = _load(plan, name.name)
                taken.append(name)
        if not parts:
            return {}
        for name in taken:
            take(ctx, name)
        try:
            return {field: cls(**parts)}
        except TypeError:
            missing = [p.xml for p in plans if p.required and p.name not in parts]
            for name in taken:
                ctx.gap(names, name.name, f"{element} lacks {', '.join(missing)}: not rebuilt")
            return {}

    codec = f"carried:{owner}:{element}"
    shown = ", ".join(types.values())
    field_codec(
        codec,
        to_cim,
        to_msp,
        f"{element} part by part ⇄ {owner}/Names of NameType {shown}",
    )
    return Transform((field,), (names,), codec, f"{element}, carried in {owner}/Names")
