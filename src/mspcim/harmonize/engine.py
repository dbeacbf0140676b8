"""The one engine that runs every mapping table, in both directions.

``translate(table, source, direction)`` walks the table's rules in order, builds the target
dataclass and records in a ``GapReport`` every value that had no counterpart. Codecs and
carriers are looked up by name in ``codecs``; nothing about any profile is written here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from mspcim.exceptions import MappingError, MspcimError
from mspcim.harmonize.codecs import CARRIERS, FIELD_CODECS, TEXT_CODECS, VALUE_CODECS
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.rules import Correlate, Gap, Nest, Side, Table, Transform, xml_name

__all__ = ["Direction", "TranslationState", "translate"]


class Direction(StrEnum):
    """Which way a table is run."""

    TO_CIM = "MultiSpeak → CIM"
    TO_MSP = "CIM → MultiSpeak"

    @property
    def source(self) -> Side:
        """The side read from."""
        return Side.MSP if self is Direction.TO_CIM else Side.CIM

    @property
    def target(self) -> Side:
        """The side written to."""
        return self.source.other


@dataclass(slots=True)
class TranslationState:
    """Shared by every object of one translation: the gap report and codec state."""

    report: GapReport = field(default_factory=GapReport)
    state: dict[str, Any] = field(default_factory=dict)
    profile: str = ""


@dataclass(slots=True)
class _Context:
    """The TranslationContext handed to field codecs for one object."""

    path: str
    shared: TranslationState
    source_class: type[Any]
    consumed: set[int]
    direction: Direction

    def nested(self, table: Table, item: Any, path: str) -> Any:
        """Translate ``item`` with ``table`` in the same direction, into the same report."""
        return translate(table, item, self.direction, self.shared, path)

    def consume(self, item: object) -> None:
        """Mark a carrier item as used, so it is not reported as a residual gap."""
        self.consumed.add(id(item))

    @property
    def state(self) -> dict[str, Any]:
        return self.shared.state

    def gap(self, field: str, value: object, reason: str, *, lost: bool = True) -> None:
        kind = GapKind.LOST if lost else GapKind.CHANGED
        self.shared.report.add(
            f"{self.path}/{_xml(self.source_class, field)}",
            value,
            kind,
            reason,
            None,
            self.shared.profile,
        )


def _xml(cls: type[Any], name: str) -> str:
    try:
        return xml_name(cls, name)
    except KeyError:
        return name


def _empty(value: object) -> bool:
    return value is None or value == [] or value == {} or value == ""


def _merge(kwargs: dict[str, Any], name: str, value: Any) -> None:
    if isinstance(value, list) and isinstance(kwargs.get(name), list):
        kwargs[name].extend(value)
    else:
        kwargs[name] = value


def translate(
    table: Table,
    source: Any,
    direction: Direction,
    shared: TranslationState | None = None,
    path: str = "",
) -> Any:
    """Translate ``source`` with ``table`` in ``direction``; gaps go to ``shared.report``."""
    shared = shared if shared is not None else TranslationState(profile=table.name)
    source_side, target_side = direction.source, direction.target
    source_class = table.class_for(source_side)
    target_class = table.class_for(target_side)
    kwargs: dict[str, Any] = {}
    consumed: set[int] = set()
    residual: list[Gap] = []
    context = _Context(path, shared, source_class, consumed, direction)
    for rule in table.rules:
        try:
            if isinstance(rule, Correlate):
                _correlate(rule, source, direction, kwargs)
            elif isinstance(rule, Transform):
                _transform(rule, source, direction, kwargs, context)
            elif isinstance(rule, Nest):
                _nest(rule, source, direction, kwargs, shared, path, source_class)
            elif rule.side is source_side:
                if _is_carrier_field(rule.field):
                    residual.append(rule)
                else:
                    _gap_out(rule, source, kwargs, shared, path, source_class)
            elif rule.carrier is not None:
                _gap_back(rule, source, kwargs, consumed)
        except MappingError as exc:
            if exc.xpath is None or not exc.xpath.startswith("/"):
                exc.xpath = f"{path}/{_xml(source_class, _first_field(rule, source_side))}"
            raise
    for rule in residual:
        _residual(rule, source, consumed, kwargs, shared, path, source_class)
    try:
        return target_class(**kwargs)
    except TypeError as exc:
        raise MappingError(
            f"{table.name}: cannot build {target_class.__name__} ({exc})", xpath=path or "/"
        ) from None


def _first_field(rule: Any, side: Side) -> str:
    if isinstance(rule, Gap):
        return rule.field
    names = rule.msp if side is Side.MSP else rule.cim
    return names if isinstance(names, str) else names[0]


def _correlate(rule: Correlate, source: Any, direction: Direction, kwargs: dict[str, Any]) -> None:
    from_field, to_field = (
        (rule.msp, rule.cim) if direction is Direction.TO_CIM else (rule.cim, rule.msp)
    )
    value = getattr(source, from_field)
    if value is None:
        return
    codec = VALUE_CODECS[rule.codec]
    convert = codec.to_cim if direction is Direction.TO_CIM else codec.to_msp
    kwargs[to_field] = convert(value)


def _transform(
    rule: Transform, source: Any, direction: Direction, kwargs: dict[str, Any], context: _Context
) -> None:
    from_fields = rule.msp if direction is Direction.TO_CIM else rule.cim
    values = {name: getattr(source, name) for name in from_fields}
    codec = FIELD_CODECS[rule.codec]
    convert = codec.to_cim if direction is Direction.TO_CIM else codec.to_msp
    for name, value in convert(values, context).items():
        _merge(kwargs, name, value)


def _nest(
    rule: Nest,
    source: Any,
    direction: Direction,
    kwargs: dict[str, Any],
    shared: TranslationState,
    path: str,
    source_class: type[Any],
) -> None:
    from_field, to_field = (
        (rule.msp, rule.cim) if direction is Direction.TO_CIM else (rule.cim, rule.msp)
    )
    item_name = rule.msp_item if direction is Direction.TO_CIM else rule.cim_item
    container = _xml(source_class, from_field)
    items = getattr(source, from_field) or []
    results = []
    for index, item in enumerate(items, start=1):
        item_path = (
            f"{path}/{container}/{item_name}[{index}]"
            if item_name
            else f"{path}/{container}[{index}]"
        )
        results.append(translate(rule.table, item, direction, shared, item_path))
    _merge(kwargs, to_field, results)


def _is_carrier_field(name: str) -> bool:
    return any(carrier.field == name for carrier in CARRIERS.values())


def _gap_out(
    rule: Gap,
    source: Any,
    kwargs: dict[str, Any],
    shared: TranslationState,
    path: str,
    source_class: type[Any],
) -> None:
    value = getattr(source, rule.field)
    if _empty(value):
        return
    where = f"{path}/{_xml(source_class, rule.field)}"
    carrier_key = rule.carrier
    if carrier_key is None:
        shared.report.add(where, value, GapKind.LOST, rule.reason, None, shared.profile)
        return
    carrier = CARRIERS[carrier_key[0]]
    text_codec = TEXT_CODECS[rule.codec]
    item = carrier.make(carrier_key[1], text_codec.dump(value), text_codec.xsd_type)
    _merge(kwargs, carrier.field, [item])
    shared.report.add(
        where, value, GapKind.CARRIED, rule.reason, carrier.describe(carrier_key[1]), shared.profile
    )


def _gap_back(rule: Gap, source: Any, kwargs: dict[str, Any], consumed: set[int]) -> None:
    assert rule.carrier is not None
    carrier = CARRIERS[rule.carrier[0]]
    items = getattr(source, carrier.field, None) or []
    for item in items:
        if id(item) not in consumed and carrier.key_of(item) == rule.carrier[1]:
            consumed.add(id(item))
            text = carrier.text_of(item)
            if text is not None:
                try:
                    kwargs[rule.field] = TEXT_CODECS[rule.codec].load(text)
                except (MspcimError, ValueError):
                    raise MappingError(
                        f"carried value {text!r} of {rule.carrier[1]} cannot be read back"
                    ) from None
            return


def _residual(
    rule: Gap,
    source: Any,
    consumed: set[int],
    kwargs: dict[str, Any],
    shared: TranslationState,
    path: str,
    source_class: type[Any],
) -> None:
    """Report the items of a carrier list that no rule took back (they have no home)."""
    items = getattr(source, rule.field, None) or []
    container = _xml(source_class, rule.field)
    carrier = next(c for c in CARRIERS.values() if c.field == rule.field)
    for index, item in enumerate(items, start=1):
        if id(item) in consumed:
            continue
        label = f"{carrier.key_of(item)}={carrier.text_of(item)}"
        shared.report.add(
            f"{path}/{container}[{index}]", label, GapKind.LOST, rule.reason, None, shared.profile
        )
