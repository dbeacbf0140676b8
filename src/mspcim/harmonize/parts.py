"""Rules that map a part of an object with a table of its own: ``part(table, msp=…, cim=…)``.

One side holds a nested object, the other spreads the same values over the object itself (the
MultiSpeak ``electricNameplate`` over a CIM Meter; a Meter's ``lifecycle`` over two MultiSpeak
dates). ``part`` turns such a table into one rule of the enclosing table: a Transform whose
codec runs the table on the nested object, or on the enclosing object's own fields, so the
mapping stays declared rule by rule. Carrier items the part takes back are consumed in the
enclosing translation too (``take``), so they are not reported as residual gaps.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from types import SimpleNamespace
from typing import Any, Final

from mspcim.fieldmeta import xml_name
from mspcim.harmonize.codecs import CARRIERS, Carrier, TranslationContext, field_codec
from mspcim.harmonize.rules import Correlate, Gap, Nest, Side, Table, Transform

__all__ = ["part", "take"]


_TAKEN: Final = "parts.taken"
"""Translation state: ids of carrier items a codec took, so enclosing parts consume them too."""


def take(ctx: TranslationContext, item: object) -> None:
    """Consume carrier ``item`` here and in every ``part`` enclosing this translation."""
    ctx.consume(item)
    ctx.state.setdefault(_TAKEN, set()).add(id(item))


def _empty(value: object) -> bool:
    return value is None or value == [] or value == ""


def _is_empty(obj: object) -> bool:
    return all(_empty(getattr(obj, item.name)) for item in dataclasses.fields(obj))  # type: ignore[arg-type]


def _referenced(table: Table, side: Side) -> tuple[str, ...]:
    """The fields of ``side`` that ``table`` reads or writes, carrier lists included."""
    found: dict[str, None] = {}
    for rule in table.rules:
        if isinstance(rule, Correlate | Nest):
            found[rule.msp if side is Side.MSP else rule.cim] = None
        elif isinstance(rule, Transform):
            found.update(dict.fromkeys(rule.msp if side is Side.MSP else rule.cim))
        elif rule.side is side:
            found[rule.field] = None
        elif rule.carrier is not None:
            found[CARRIERS[rule.carrier[0]].field] = None
    return tuple(found)


_PARTS: dict[str, tuple[Table, str | None, str | None]] = {}
"""Codec name of each ``part`` rule → (its table, its MultiSpeak field, its CIM field)."""


def _taken_back(table: Table, target: Side) -> list[tuple[Carrier, str]]:
    """(carrier, key) of the values ``table`` takes back from carriers when writing ``target``.

    Parts of the same object (no field of their own on the source side) count too: they read
    the same carrier list.
    """
    found: list[tuple[Carrier, str]] = []
    for rule in table.rules:
        if isinstance(rule, Gap) and rule.side is target and rule.carrier is not None:
            found.append((CARRIERS[rule.carrier[0]], rule.carrier[1]))
        elif isinstance(rule, Transform) and rule.codec in _PARTS:
            inner, msp, cim = _PARTS[rule.codec]
            if (cim if target is Side.MSP else msp) is None:
                found += _taken_back(inner, target)
    return found


def _read_fields(table: Table, side: Side) -> set[str]:
    """Fields of ``side`` that ``table`` reads as values (not only as a carrier list)."""
    found: set[str] = set()
    for rule in table.rules:
        if isinstance(rule, Correlate | Nest):
            found.add(rule.msp if side is Side.MSP else rule.cim)
        elif isinstance(rule, Transform):
            found.update(rule.msp if side is Side.MSP else rule.cim)
        elif rule.side is side:
            found.add(rule.field)
    return found


def _has_content(
    values: Mapping[str, Any], fields: set[str], carriers: list[tuple[Carrier, str]]
) -> bool:
    """True when ``values`` hold something the table maps: a value, or a carried one it takes."""
    if any(not _empty(value) for key, value in values.items() if key in fields):
        return True
    return any(
        carrier.key_of(item) == key
        for carrier, key in carriers
        for item in values.get(carrier.field) or []
    )


def _converter(
    table: Table, source_side: Side, own: str | None, other: str | None, where: tuple[str, str]
) -> Callable[[Mapping[str, Any], TranslationContext], dict[str, Any]]:
    carriers = _taken_back(table, source_side.other)
    fields = _read_fields(table, source_side)
    carrier_fields = {carrier.field for carrier in CARRIERS.values()} & set(
        _referenced(table, source_side)
    )

    def convert(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
        if own is not None:
            source = values[own]
            if source is None:
                return {}
            path = f"{ctx.path}/{where[0]}"
        else:
            if not _has_content(values, fields, carriers):
                return {}
            source = SimpleNamespace(**values)
            path = ctx.path
        result = ctx.nested(table, source, path)
        if own is None:
            for carrier, key in carriers:
                items = values.get(carrier.field) or []
                taken = next((item for item in items if carrier.key_of(item) == key), None)
                if taken is not None:
                    take(ctx, taken)
            taken_ids: set[int] = ctx.state.get(_TAKEN, set())
            for field in carrier_fields:
                for item in values.get(field) or []:
                    if id(item) in taken_ids:
                        ctx.consume(item)
        if other is not None:
            return {other: None if _is_empty(result) else result}
        return {
            item.name: list(value) if isinstance(value, list) else value
            for item in dataclasses.fields(result)
            if not _empty(value := getattr(result, item.name))
        }

    return convert


def part(
    table: Table,
    *,
    msp: str | None = None,
    cim: str | None = None,
    within: tuple[type, type] | None = None,
    note: str = "",
) -> Transform:
    """A rule mapping ``table`` between a field of one side and a field (or object) of the other.

    ``msp``/``cim`` name the field holding the sub-object; None means the object itself.
    ``within`` gives the outer (MultiSpeak, CIM) classes, for the paths of the gap report.
    """
    msp_fields = (msp,) if msp else _referenced(table, Side.MSP)
    cim_fields = (cim,) if cim else _referenced(table, Side.CIM)
    msp_where = xml_name(within[0], msp) if msp and within else (msp or "")
    cim_where = xml_name(within[1], cim) if cim and within else (cim or "")
    outer = f"{within[0].__name__}:{within[1].__name__}:" if within else ""
    name = f"part:{outer}{table.msp_class.__name__}:{table.cim_class.__name__}:{msp or cim}"
    _PARTS[name] = (table, msp, cim)
    field_codec(
        name,
        _converter(table, Side.MSP, msp, cim, (msp_where, cim_where)),
        _converter(table, Side.CIM, cim, msp, (cim_where, msp_where)),
        note or f"{table.msp_class.__name__} ⇄ {table.cim_class.__name__}, by its own table",
    )
    return Transform(msp_fields, cim_fields, name, note or "mapped by its own table")
