"""The standard's three tables of each profile: correlations, transformations and gaps, as rows.

IEC TS 61968-14 gives each profile three tables. The rows here come from the very tables the
engine runs (``harmonize.catalogue.PROFILES``), named as each side's XML names them (field
metadata ``xml``), so the documentation cannot drift from the code. An edition of IEC 61968-9
names the CIM side as the renames of that edition's payload codec binding say. ``render`` turns
the rows into text, Markdown, CSV and JSON.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from mspcim.binding import Binding
from mspcim.cim.catalogue import registered
from mspcim.cim.payloads import Edition, PayloadCodec
from mspcim.harmonize.catalogue import PROFILES, Profile
from mspcim.harmonize.codecs import CARRIERS, FIELD_CODECS, VALUE_CODECS
from mspcim.harmonize.rules import Correlate, Gap, Nest, Rule, Side, Table, Transform, xml_name

__all__ = [
    "SCOPE",
    "Correlation",
    "GapRow",
    "RenderedProfile",
    "RenderedTable",
    "SummaryRow",
    "Transformation",
    "codec_of",
    "codec_renames",
    "edition_names",
    "msp_object_name",
    "render_profile",
    "slug",
    "summary",
    "tables_of",
]

SCOPE: tuple[str, ...] = (
    "MessageHeader",
    "AuxiliaryAgreementConfig",
    "CustomerAccountConfig",
    "CustomerAgreementConfig",
    "CustomerConfig",
    "CustomerMeterDataSet",
    "EndDeviceAssets",
    "EndDeviceControls",
    "EndDeviceEvents",
    "EndDeviceFirmware",
    "MeterAssetConfig",
    "MeterAssetReading",
    "MeterReadings",
    "MeterReadSchedule",
    "MeterServiceRequests",
    "MeterSystemEvents",
    "PricingStructureConfig",
    "ReceiptRecord",
    "SDPLocationConfig",
    "ServiceCategoryConfig",
    "ServiceDeliveryPointConfig",
    "ServiceLocationConfig",
    "SupplierConfig",
    "TransactionRecord",
)
"""The message header (clause 6.2) and every profile in the scope of clause 1."""

NOT_MAPPED = "not yet mapped"


@dataclass(frozen=True, slots=True)
class Correlation:
    """A row of the correlation table: one field ⇄ one field."""

    msp: str
    cim: str
    codec: str
    description: str
    note: str


@dataclass(frozen=True, slots=True)
class Transformation:
    """A row of the transformation table: fields computed from fields, or a nested list."""

    msp: tuple[str, ...]
    cim: tuple[str, ...]
    codec: str
    description: str
    note: str


@dataclass(frozen=True, slots=True)
class GapRow:
    """A row of the gap table: a field of one side with no counterpart on the other."""

    side: str
    field: str
    reason: str
    disposition: str
    """``carried`` or ``lost``."""
    carried_in: str | None
    secret: bool

    @property
    def where(self) -> str:
        """Where the value goes, in words."""
        if self.carried_in:
            return f"carried in {self.carried_in}"
        return "lost (credential, never shown)" if self.secret else "lost"


@dataclass(frozen=True, slots=True)
class RenderedTable:
    """One mapping table with the names of both standards resolved."""

    name: str
    clause: str
    msp_class: str
    cim_class: str
    msp_objects: tuple[str, ...]
    correlations: tuple[Correlation, ...]
    transformations: tuple[Transformation, ...]
    gaps: tuple[GapRow, ...]


@dataclass(frozen=True, slots=True)
class RenderedProfile:
    """A profile's tables, named as one edition of IEC 61968-9 names the CIM side."""

    profile: str
    clause: str
    noun: str | None
    edition: str
    cim_names: str
    """Which CIM names the tables show, and why."""
    renames: tuple[tuple[str, str], ...]
    tables: tuple[RenderedTable, ...]

    def count(self, kind: str) -> int:
        """Rows of ``correlations``, ``transformations`` or ``gaps`` over every table."""
        return sum(len(getattr(table, kind)) for table in self.tables)


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One line of the summary: a profile in scope and how much of it is mapped."""

    profile: str
    clause: str
    noun: str | None
    correlations: int
    transformations: int
    gaps: int
    status: str


# --- names


def slug(name: str) -> str:
    """File name stem of a profile: ``MeterReadings`` → ``meter_readings``."""
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name))
    return re.sub(r"[^a-z0-9]+", "_", words.lower()).strip("_")


def msp_object_name(table: Table) -> str:
    """The MultiSpeak name of the table's class: as ``msp_objects`` spells it, else the class's."""
    wanted = table.msp_class.__name__.lower()
    for entry in table.msp_objects:
        for token in re.findall(r"[A-Za-z_]\w*", entry):
            if token.lower() == wanted:
                return str(token)
    return str(table.msp_class.__name__)


def _bindings(value: object, depth: int = 0) -> Iterator[Binding]:
    """Bindings a codec function uses: itself, its bound object, partial arguments, closure."""
    if isinstance(value, Binding):
        yield value
        return
    if depth > 2 or value is None:
        return
    found: list[object] = [getattr(value, "__self__", None), getattr(value, "func", None)]
    found += [cell.cell_contents for cell in getattr(value, "__closure__", None) or ()]
    found += list(getattr(value, "args", ()) or ())
    for item in found:
        yield from _bindings(item, depth + 1)
    module = sys.modules.get(str(getattr(value, "__module__", "")))
    if depth == 0 and module is not None:
        yield from (item for item in vars(module).values() if isinstance(item, Binding))


def codec_renames(codec: PayloadCodec) -> dict[str, str] | None:
    """Renames of the binding that writes ``codec``'s namespace (None: no binding found)."""
    namespace = codec.tag[1:].partition("}")[0]
    for function in (codec.write, codec.read, codec.declared_schema):
        for binding in _bindings(function):
            if binding.namespace == namespace:
                return dict(binding.renames)
    return None


def codec_of(noun: str, edition: Edition) -> PayloadCodec | None:
    """The registered payload codec of ``noun`` in ``edition``, if any."""
    return next((c for c in registered() if c.noun == noun and c.edition is edition), None)


def edition_names(profile: Profile, edition: Edition) -> tuple[dict[str, str], str]:
    """(CIM renames of ``edition``, a sentence saying which CIM names the tables show)."""
    if profile.noun is None:
        return {}, "the tables do not depend on the edition (no IEC 61968-9 profile document)"
    codecs = {item: codec_of(profile.noun, item) for item in Edition}
    renames = {item: codec_renames(codec) for item, codec in codecs.items() if codec}
    found = renames.get(edition)
    if codecs[edition] is None:
        return {}, f"no {edition.label} payload codec for {profile.noun}: the pivot's CIM names"
    if len(renames) == len(Edition) and all(names == {} for names in renames.values()):
        return {}, f"{edition.label}; the tables read the same in both editions (no renames)"
    if not found:
        return {}, f"{edition.label}: the pivot's names (its payload codec declares no renames)"
    listed = ", ".join(f"{old} → {new}" for old, new in sorted(found.items()))
    return found, f"{edition.label} (its payload codec renames {listed})"


# --- rows


def tables_of(profile: Profile) -> list[Table]:
    """The profile's tables, then the tables they nest that the profile does not list."""
    seen: dict[int, Table] = {}
    pending = list(profile.tables)
    while pending:
        table = pending.pop(0)
        if id(table) not in seen:
            seen[id(table)] = table
            pending += [rule.table for rule in table.rules if isinstance(rule, Nest)]
    return list(seen.values())


def _renamed(path: str, renames: dict[str, str]) -> str:
    return "/".join(
        part if part.startswith("@") else renames.get(part, part) for part in path.split("/")
    )


def _name(cls: type[Any], field: str, renames: dict[str, str]) -> str:
    try:
        return _renamed(xml_name(cls, field), renames)
    except KeyError:
        return field


def _description(registry: dict[str, Any], name: str) -> str:
    codec = registry.get(name)
    return "(codec not registered)" if codec is None else str(codec.description)


def _rows(
    table: Table, renames: dict[str, str]
) -> tuple[list[Correlation], list[Transformation], list[GapRow]]:
    msp, cim = table.msp_class, table.cim_class
    correlations: list[Correlation] = []
    transformations: list[Transformation] = []
    gaps: list[GapRow] = []
    rule: Rule
    for rule in table.rules:
        if isinstance(rule, Correlate):
            correlations.append(
                Correlation(
                    _name(msp, rule.msp, {}),
                    _name(cim, rule.cim, renames),
                    rule.codec,
                    _description(VALUE_CODECS, rule.codec),
                    rule.note,
                )
            )
        elif isinstance(rule, Transform):
            transformations.append(
                Transformation(
                    tuple(_name(msp, item, {}) for item in rule.msp),
                    tuple(_name(cim, item, renames) for item in rule.cim),
                    rule.codec,
                    _description(FIELD_CODECS, rule.codec),
                    rule.note,
                )
            )
        elif isinstance(rule, Nest):
            inner = rule.table
            transformations.append(
                Transformation(
                    ("/".join(filter(None, (_name(msp, rule.msp, {}), rule.msp_item))),),
                    ("/".join(filter(None, (_name(cim, rule.cim, renames), rule.cim_item))),),
                    "nested table",
                    f"item by item: {msp_object_name(inner)} ⇄ "
                    f"{renames.get(inner.cim_class.__name__, inner.cim_class.__name__)}",
                    "",
                )
            )
        elif isinstance(rule, Gap):
            gaps.append(_gap_row(rule, msp if rule.side is Side.MSP else cim, renames))
    return correlations, transformations, gaps


def _gap_row(rule: Gap, cls: type[Any], renames: dict[str, str]) -> GapRow:
    where = None
    if rule.carrier is not None:
        name, key = rule.carrier
        carrier = CARRIERS.get(name)
        where = _renamed(carrier.describe(key), renames) if carrier else rule.carried_in
    return GapRow(
        side=str(rule.side),
        field=_name(cls, rule.field, renames if rule.side is Side.CIM else {}),
        reason=rule.reason,
        disposition="carried" if where else "lost",
        carried_in=where,
        secret=rule.secret,
    )


def render_profile(profile: Profile, edition: Edition = Edition.CIM2013) -> RenderedProfile:
    """``profile``'s tables as rows, with the CIM names of ``edition``."""
    renames, note = edition_names(profile, edition)
    tables = []
    for table in tables_of(profile):
        correlations, transformations, gaps = _rows(table, renames)
        tables.append(
            RenderedTable(
                name=table.name,
                clause=table.clause,
                msp_class=msp_object_name(table),
                cim_class=renames.get(table.cim_class.__name__, table.cim_class.__name__),
                msp_objects=table.msp_objects,
                correlations=tuple(correlations),
                transformations=tuple(transformations),
                gaps=tuple(gaps),
            )
        )
    return RenderedProfile(
        profile.name,
        profile.clause,
        profile.noun,
        edition.value,
        note,
        tuple(sorted(renames.items())),
        tuple(tables),
    )


def _in_scope(name: str, profile: Profile) -> bool:
    return profile.name == name or profile.name.startswith(f"{name} (")


def summary(profiles: Sequence[Profile] = PROFILES) -> list[SummaryRow]:
    """Every profile in scope, in clause 1 order (then any others), with its rule counts."""
    rows: list[SummaryRow] = []
    listed: set[str] = set()
    for name in SCOPE:
        matches = [item for item in profiles if _in_scope(name, item)]
        if not matches:
            rows.append(SummaryRow(name, "", None, 0, 0, 0, NOT_MAPPED))
        for item in matches:
            listed.add(item.name)
            rows.append(_summary_row(item))
    rows += [_summary_row(item) for item in profiles if item.name not in listed]
    return rows


def _summary_row(profile: Profile) -> SummaryRow:
    rendered = render_profile(profile)
    return SummaryRow(
        profile.name,
        profile.clause,
        profile.noun,
        rendered.count("correlations"),
        rendered.count("transformations"),
        rendered.count("gaps"),
        "mapped",
    )
