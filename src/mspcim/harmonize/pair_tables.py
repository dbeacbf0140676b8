"""The correlation / transformation / gap tables of any pair of dialects, from the declarations.

A MultiSpeak dialect against a CIM edition is a profile's own tables (``mapping_tables``, from
``PROFILES`` for 4.1 and ``PROFILES_V5`` for 5.0). MultiSpeak 4.1 against 5.0 is composed
through the CIM side: a 4.1 field and a 5.0 field correspond when their rules reach the same CIM
field (or the same carrier item, such as a Header Property both tables read); a field whose CIM
counterpart the other table does not read is a gap of the second hop, with the other table's
reason where it states one. CIM 2009 against 2013 lists the names the editions' payload codecs
rename (profiles read the same in both editions otherwise). No I/O: every function returns rows
or text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mspcim.cim.payloads import Edition
from mspcim.harmonize.catalogue import PROFILES, Profile
from mspcim.harmonize.catalogue_v5 import PROFILES_V5
from mspcim.harmonize.mapping_tables import GapRow, RenderedProfile, edition_names, render_profile
from mspcim.harmonize.render import columns

__all__ = ["DIALECTS", "PairRow", "PairTable", "pair_tables", "pair_text", "profiles_of"]

DIALECTS = {"msp41": "MultiSpeak 4.1", "msp50": "MultiSpeak 5.0", "cim2009": "CIM 2009"}
DIALECTS |= {"cim2013": "CIM 2013", "cim": "CIM 2013"}
"""The dialects a pair names, as people name them."""


@dataclass(frozen=True, slots=True)
class PairRow:
    """One row of a pair's table: ``left`` fields ⇄ ``right`` fields, and how."""

    kind: str
    """``correlation``, ``transformation`` or ``gap``."""
    left: tuple[str, ...]
    right: tuple[str, ...]
    via: str
    """The CIM field or carrier item both sides meet at (empty for a direct pair)."""
    how: str
    """Codecs for correlations and transformations; where the value goes for gaps."""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class PairTable:
    """A profile's rows for one pair of dialects."""

    profile: str
    left: str
    right: str
    rows: tuple[PairRow, ...]

    def of(self, kind: str) -> list[PairRow]:
        """Rows of one kind."""
        return [row for row in self.rows if row.kind == kind]


def profiles_of(dialect: str) -> tuple[Profile, ...]:
    """The profile tables of a MultiSpeak dialect (``msp41`` or ``msp50``)."""
    return PROFILES if dialect == "msp41" else PROFILES_V5


@dataclass(frozen=True, slots=True)
class _Link:
    correlate: bool
    fields: tuple[str, ...]
    codec: str


def _links(rendered: RenderedProfile) -> tuple[dict[str, _Link], dict[str, GapRow], list[GapRow]]:
    """(CIM field or carrier item → MultiSpeak link, CIM gaps by field, MultiSpeak lost gaps)."""
    links: dict[str, _Link] = {}
    cim_gaps: dict[str, GapRow] = {}
    lost: list[GapRow] = []
    for table in rendered.tables:
        for correlation in table.correlations:
            via = f"{table.cim_class}/{correlation.cim}"
            links.setdefault(via, _Link(True, (correlation.msp,), correlation.codec))
        for transformation in table.transformations:
            for cim in transformation.cim:
                via = f"{table.cim_class}/{cim}"
                links.setdefault(via, _Link(False, transformation.msp, transformation.codec))
        for gap in table.gaps:
            if gap.side == "CIM":
                cim_gaps[f"{table.cim_class}/{gap.field}"] = gap
            elif gap.carried_in:
                links.setdefault(gap.carried_in, _Link(True, (gap.field,), "carried"))
            else:
                lost.append(gap)
    return links, cim_gaps, lost


def _one_sided(
    fields: tuple[str, ...], via: str, other: dict[str, GapRow], label: str, left: bool
) -> PairRow:
    gap = other.get(via)
    where = f"carried in {gap.carried_in}" if gap and gap.carried_in else "lost at hop 2"
    reason = gap.reason if gap else f"no {label} rule reads {via}"
    return PairRow("gap", fields if left else (), () if left else fields, via, where, reason)


def _composed(profile: str, left: str, right: str) -> PairTable:
    """The rows of ``profile`` between the two MultiSpeak dialects, through CIM 2013."""
    sides = [
        next(item for item in profiles_of(dialect) if item.name == profile)
        for dialect in (left, right)
    ]
    links_a, gaps_a, lost_a = _links(render_profile(sides[0], Edition.CIM2013))
    links_b, gaps_b, lost_b = _links(render_profile(sides[1], Edition.CIM2013))
    rows: dict[tuple[tuple[str, ...], tuple[str, ...]], PairRow] = {}
    for via in [*links_a, *(key for key in links_b if key not in links_a)]:
        a, b = links_a.get(via), links_b.get(via)
        if a is not None and b is not None:
            kind = "correlation" if a.correlate and b.correlate else "transformation"
            row = PairRow(kind, a.fields, b.fields, via, f"{a.codec} → {b.codec}")
        elif a is not None:
            row = _one_sided(a.fields, via, gaps_b, DIALECTS[right], left=True)
        else:
            assert b is not None
            row = _one_sided(b.fields, via, gaps_a, DIALECTS[left], left=False)
        rows.setdefault((row.left, row.right), row)
    for gap, first in [(gap, True) for gap in lost_a] + [(gap, False) for gap in lost_b]:
        where = "lost at hop 1" if first else "lost at hop 2 (written by no CIM value)"
        fields = (gap.field,)
        row = PairRow(
            "gap", fields if first else (), () if first else fields, "", where, gap.reason
        )
        rows.setdefault((row.left, row.right), row)
    return PairTable(profile, DIALECTS[left], DIALECTS[right], tuple(rows.values()))


def _editions(profile: Profile, left: str, right: str) -> PairTable:
    renames = {edition: edition_names(profile, edition)[0] for edition in Edition}
    first, second = (Edition(DIALECTS[name].removeprefix("CIM ")) for name in (left, right))
    names = sorted(set(renames[first]) | set(renames[second]))
    rows = tuple(
        PairRow(
            "correlation",
            (renames[first].get(name, name),),
            (renames[second].get(name, name),),
            name,
            "renamed by the edition's payload codec",
        )
        for name in names
    )
    return PairTable(profile.name, DIALECTS[left], DIALECTS[right], rows)


def pair_tables(left: str, right: str) -> list[PairTable] | None:
    """The tables of a pair; None when it is a MultiSpeak dialect against a CIM edition.

    (Those are the profile tables themselves: render them with ``render`` and the edition.)
    ValueError names the dialects when a pair is unknown or names one dialect twice.
    """
    for name in (left, right):
        if name not in DIALECTS:
            raise ValueError(f"unknown dialect {name!r} (known: {', '.join(DIALECTS)})")
    if DIALECTS[left] == DIALECTS[right]:
        raise ValueError(f"{left}:{right} names one dialect twice")
    kinds = {name.startswith("msp") for name in (left, right)}
    if kinds == {True, False}:
        return None
    if kinds == {True}:
        shared = [item.name for item in PROFILES_V5 if item.name in {p.name for p in PROFILES}]
        return [_composed(name, left, right) for name in shared]
    tables = [_editions(item, left, right) for item in PROFILES if item.noun is not None]
    return [table for table in tables if table.rows]


_HEADINGS = {
    "correlation": ("{left}", "{right}", "through", "codecs"),
    "transformation": ("{left}", "{right}", "through", "codecs"),
    "gap": ("{left}", "{right}", "where the value goes", "reason"),
}


def _cell(names: Sequence[str]) -> str:
    return ", ".join(names) or "—"


def pair_text(tables: Sequence[PairTable]) -> str:
    """The tables of a pair as aligned text, one section per profile."""
    lines: list[str] = []
    for table in tables:
        lines += [f"{table.profile} — {table.left} ⇄ {table.right}", ""]
        for kind, heading in _HEADINGS.items():
            rows = table.of(kind)
            lines.append(f"  {kind.capitalize()}s ({len(rows)})")
            if not rows:
                continue
            title = tuple(cell.format(left=table.left, right=table.right) for cell in heading)
            cells = [
                (
                    _cell(row.left),
                    _cell(row.right),
                    row.via if kind != "gap" else row.how,
                    row.how if kind != "gap" else f"{row.reason} ({row.via})".replace(" ()", ""),
                )
                for row in rows
            ]
            lines += columns([title, *cells], "    ")
        lines.append("")
    return "\n".join(lines)
