"""The one engine that runs every mapping table, in both directions.

``translate(table, source, direction)`` builds the target dataclass from the source by the
table's rules, in order, and records in a ``GapReport`` every value that had no counterpart.
Each (table, direction) is compiled once into a plan of steps with codecs, carriers and XML
names resolved, so bulk messages pay only for the work itself. Nothing about any profile is
written here: codecs and carriers are looked up by name in ``codecs``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any

from mspcim.exceptions import MappingError, MspcimError
from mspcim.harmonize.codecs import (
    CARRIERS,
    FIELD_CODECS,
    TEXT_CODECS,
    VALUE_CODECS,
    Carrier,
    TextCodec,
)
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.rules import Correlate, Nest, Side, Table, Transform, xml_name

__all__ = ["SECRET", "Direction", "TranslationState", "translate"]

SECRET = "********"
"""What the gap report shows instead of a credential."""


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


class _Op(IntEnum):
    CORRELATE = 1
    TRANSFORM = 2
    NEST = 3
    GAP_OUT = 4
    GAP_BACK = 5
    RESIDUAL = 6


@dataclass(frozen=True, slots=True)
class _Step:
    """One rule, resolved for one direction."""

    op: _Op
    source: str
    """Source field (the first one for a transform), for the xpath of errors."""
    target: str = ""
    sources: tuple[str, ...] = ()
    convert: Callable[..., Any] | None = None
    table: Table | None = None
    container: str = ""
    item_name: str = ""
    carrier: Carrier | None = None
    key: str = ""
    text: TextCodec | None = None
    reason: str = ""
    where: str = ""
    """XML name of the source field, for gap paths."""
    secret: bool = False


@dataclass(frozen=True, slots=True)
class _Plan:
    name: str
    target_class: type[Any]
    source_class: type[Any]
    steps: tuple[_Step, ...]
    residual: tuple[_Step, ...]


def _xml(cls: type[Any], name: str) -> str:
    try:
        return xml_name(cls, name)
    except KeyError:
        return name


def _carrier_for_field(name: str) -> Carrier | None:
    return next((carrier for carrier in CARRIERS.values() if carrier.field == name), None)


_PLANS: dict[tuple[int, Direction], tuple[Table, _Plan]] = {}


def _plan(table: Table, direction: Direction) -> _Plan:
    """The compiled plan of ``table`` for ``direction`` (by identity: hashing a table is deep)."""
    key = (id(table), direction)
    found = _PLANS.get(key)
    if found is None or found[0] is not table:
        found = (table, _compile(table, direction))
        _PLANS[key] = found
    return found[1]


def _compile(table: Table, direction: Direction) -> _Plan:
    """Compile ``table`` for ``direction``: resolve codecs, carriers and XML names once."""
    to_cim = direction is Direction.TO_CIM
    source_side = direction.source
    source_class = table.class_for(source_side)
    steps: list[_Step] = []
    residual: list[_Step] = []
    for rule in table.rules:
        if isinstance(rule, Correlate):
            codec = VALUE_CODECS[rule.codec]
            source, target = (rule.msp, rule.cim) if to_cim else (rule.cim, rule.msp)
            convert = codec.to_cim if to_cim else codec.to_msp
            steps.append(_Step(_Op.CORRELATE, source, target, convert=convert))
        elif isinstance(rule, Transform):
            field_codec = FIELD_CODECS[rule.codec]
            sources = rule.msp if to_cim else rule.cim
            first = sources[0] if sources else ""
            steps.append(
                _Step(
                    _Op.TRANSFORM,
                    first,
                    sources=sources,
                    convert=field_codec.to_cim if to_cim else field_codec.to_msp,
                )
            )
        elif isinstance(rule, Nest):
            source, target = (rule.msp, rule.cim) if to_cim else (rule.cim, rule.msp)
            steps.append(
                _Step(
                    _Op.NEST,
                    source,
                    target,
                    table=rule.table,
                    container=_xml(source_class, source),
                    item_name=rule.msp_item if to_cim else rule.cim_item,
                )
            )
        elif rule.side is source_side:
            where = _xml(source_class, rule.field)
            list_carrier = _carrier_for_field(rule.field)
            if list_carrier is not None:
                residual.append(
                    _Step(
                        _Op.RESIDUAL,
                        rule.field,
                        carrier=list_carrier,
                        reason=rule.reason,
                        where=where,
                    )
                )
            elif rule.carrier is None:
                steps.append(
                    _Step(
                        _Op.GAP_OUT, rule.field, reason=rule.reason, where=where, secret=rule.secret
                    )
                )
            else:
                name, key = rule.carrier
                steps.append(
                    _Step(
                        _Op.GAP_OUT,
                        rule.field,
                        carrier=CARRIERS[name],
                        key=key,
                        text=TEXT_CODECS[rule.codec],
                        reason=rule.reason,
                        where=where,
                    )
                )
        elif rule.carrier is not None:
            name, key = rule.carrier
            carrier = CARRIERS[name]
            steps.append(
                _Step(
                    _Op.GAP_BACK,
                    carrier.field,
                    rule.field,
                    carrier=carrier,
                    key=key,
                    text=TEXT_CODECS[rule.codec],
                )
            )
    return _Plan(
        table.name,
        table.class_for(direction.target),
        source_class,
        tuple(steps),
        tuple(residual),
    )


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
    plan = _plan(table, direction)
    kwargs: dict[str, Any] = {}
    consumed: set[int] = set()
    context: _Context | None = None
    report = shared.report
    for step in plan.steps:
        try:
            op = step.op
            if op is _Op.CORRELATE:
                value = getattr(source, step.source)
                if value is not None:
                    kwargs[step.target] = step.convert(value)  # type: ignore[misc]
            elif op is _Op.TRANSFORM:
                if context is None:
                    context = _Context(path, shared, plan.source_class, consumed, direction)
                values = {name: getattr(source, name) for name in step.sources}
                for name, value in step.convert(values, context).items():  # type: ignore[misc]
                    _merge(kwargs, name, value)
            elif op is _Op.NEST:
                _nest(step, source, direction, kwargs, shared, path)
            elif op is _Op.GAP_OUT:
                value = getattr(source, step.source)
                if not _empty(value):
                    _gap_out(step, value, kwargs, report, f"{path}/{step.where}", shared.profile)
            elif op is _Op.GAP_BACK:
                _gap_back(step, source, kwargs, consumed)
        except MappingError as exc:
            if exc.xpath is None or not exc.xpath.startswith("/"):
                exc.xpath = f"{path}/{_xml(plan.source_class, step.source)}"
            raise
    for step in plan.residual:
        _residual(step, source, consumed, report, path, shared.profile)
    try:
        return plan.target_class(**kwargs)
    except TypeError as exc:
        raise MappingError(
            f"{plan.name}: cannot build {plan.target_class.__name__} ({exc})", xpath=path or "/"
        ) from None


def _nest(
    step: _Step,
    source: Any,
    direction: Direction,
    kwargs: dict[str, Any],
    shared: TranslationState,
    path: str,
) -> None:
    assert step.table is not None
    items = getattr(source, step.source) or []
    prefix = (
        f"{path}/{step.container}/{step.item_name}"
        if step.item_name
        else f"{path}/{step.container}"
    )
    results = [
        translate(step.table, item, direction, shared, f"{prefix}[{index}]")
        for index, item in enumerate(items, start=1)
    ]
    _merge(kwargs, step.target, results)


def _gap_out(
    step: _Step, value: Any, kwargs: dict[str, Any], report: GapReport, where: str, profile: str
) -> None:
    if step.carrier is None:
        shown = SECRET if step.secret else value
        report.add(where, shown, GapKind.LOST, step.reason, None, profile)
        return
    assert step.text is not None
    item = step.carrier.make(step.key, step.text.dump(value), step.text.xsd_type)
    _merge(kwargs, step.carrier.field, [item])
    report.add(where, value, GapKind.CARRIED, step.reason, step.carrier.describe(step.key), profile)


def _gap_back(step: _Step, source: Any, kwargs: dict[str, Any], consumed: set[int]) -> None:
    assert step.carrier is not None and step.text is not None
    items = getattr(source, step.source, None)
    if not items:
        return
    for item in items:
        if id(item) not in consumed and step.carrier.key_of(item) == step.key:
            consumed.add(id(item))
            text = step.carrier.text_of(item)
            if text is not None:
                try:
                    kwargs[step.target] = step.text.load(text)
                except (MspcimError, ValueError):
                    raise MappingError(
                        f"carried value {text!r} of {step.key} cannot be read back"
                    ) from None
            return


def _residual(
    step: _Step,
    source: Any,
    consumed: set[int],
    report: GapReport,
    path: str,
    profile: str,
) -> None:
    """Report the items of a carrier list that no rule took back (they have no home)."""
    assert step.carrier is not None
    items = getattr(source, step.source, None) or []
    for index, item in enumerate(items, start=1):
        if id(item) in consumed:
            continue
        label = f"{step.carrier.key_of(item)}={step.carrier.text_of(item)}"
        report.add(f"{path}/{step.where}[{index}]", label, GapKind.LOST, step.reason, None, profile)
