"""The mapping catalogue as the standard prints it, in text, Markdown, CSV and JSON.

``mapping_tables`` gives each profile's correlation, transformation and gap rows; this module
lays them out: aligned text for a terminal, Markdown for ``docs/mappings``, CSV for spreadsheets
and a stable JSON structure (profile, clause, noun, tables → rows) for programs. No I/O: every
function returns text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from enum import StrEnum
from typing import Any

from mspcim.cim.payloads import Edition
from mspcim.harmonize.catalogue import PROFILES, Profile
from mspcim.harmonize.mapping_tables import (
    NOT_MAPPED,
    RenderedProfile,
    RenderedTable,
    SummaryRow,
    edition_names,
    render_profile,
    slug,
    summary,
)
from mspcim.harmonize.rules import Side

__all__ = [
    "CSV_COLUMNS",
    "Format",
    "as_dict",
    "columns",
    "documents",
    "render",
    "summary_markdown",
    "to_csv",
    "to_markdown",
    "to_text",
]

_NONE = "—"


class Format(StrEnum):
    """Output formats of the catalogue."""

    TEXT = "text"
    MARKDOWN = "md"
    CSV = "csv"
    JSON = "json"


def columns(rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    """Rows as aligned columns (the last column is not padded)."""
    widths = [max(len(row[index]) for row in rows) for index in range(len(rows[0]))]
    return [
        (
            indent
            + "  ".join(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=False))
            + "  "
            + row[-1]
        ).rstrip()
        for row in rows
    ]


def _joined(names: Iterable[str]) -> str:
    return ", ".join(names) or _NONE


def _conversion(codec: str, description: str) -> str:
    return "" if codec == "identity" else f"{codec}: {description}"


_HEADINGS = {
    "correlations": ("MultiSpeak", "CIM", "conversion", "note"),
    "transformations": ("MultiSpeak", "CIM", "codec", "what it does"),
    "gaps": ("side", "field", "where the value goes", "reason"),
}


def _cells(table: RenderedTable, kind: str) -> list[tuple[str, ...]]:
    if kind == "correlations":
        return [
            (row.msp, row.cim, _conversion(row.codec, row.description), row.note)
            for row in table.correlations
        ]
    if kind == "transformations":
        return [
            (_joined(row.msp), _joined(row.cim), row.codec, _with_note(row.description, row.note))
            for row in table.transformations
        ]
    return [(row.side, row.field, row.where, row.reason) for row in table.gaps]


def _with_note(description: str, note: str) -> str:
    return f"{note}: {description}" if note and note not in description else description


def _heading(profile: RenderedProfile) -> list[str]:
    noun = f"CIM noun {profile.noun}" if profile.noun else "no CIM noun of its own"
    return [
        f"{profile.profile} — IEC TS 61968-14 clause {profile.clause}, {noun}",
        f"CIM names: {profile.cim_names}",
    ]


def to_text(profile: RenderedProfile) -> str:
    """A profile's three tables per mapping table, in aligned columns."""
    lines = _heading(profile)
    for table in profile.tables:
        lines += ["", f"{table.msp_class} ⇄ {table.cim_class}  ({table.name}, {table.clause})"]
        lines += [f"  MultiSpeak 4.1: {item}" for item in table.msp_objects]
        for kind, heading in _HEADINGS.items():
            rows = _cells(table, kind)
            lines.append(f"  {kind.capitalize()} ({len(rows)})")
            if rows:
                lines += columns([heading, *rows], "    ")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def _md_name(text: str) -> str:
    return ", ".join(f"`{part}`" for part in text.split(", ")) if text and text != _NONE else _NONE


def to_markdown(profile: RenderedProfile) -> str:
    """A profile as a Markdown page: one section per mapping table, three tables each."""
    title, names = _heading(profile)
    lines = [f"# {profile.profile}", "", f"{title}.", "", f"{names}.", ""]
    if profile.renames:
        lines += ["| pivot name | this edition |", "|---|---|"]
        lines += [f"| `{old}` | `{new}` |" for old, new in profile.renames]
        lines.append("")
    for table in profile.tables:
        lines += [f"## `{table.msp_class}` ⇄ `{table.cim_class}`", ""]
        lines.append(f"Table {_md(table.name)}, clause {_md(table.clause)}.")
        lines += ["", *(f"- MultiSpeak 4.1: {_md(item)}" for item in table.msp_objects), ""]
        for kind, heading in _HEADINGS.items():
            rows = _cells(table, kind)
            lines += [f"### {kind.capitalize()} ({len(rows)})", ""]
            if not rows:
                lines += ["None.", ""]
                continue
            lines += ["| " + " | ".join(heading) + " |", "|" + "---|" * len(heading)]
            for row in rows:
                cells = [_md_name(row[0]), _md_name(row[1]), *(_md(cell) for cell in row[2:])]
                if kind == "gaps":
                    cells[0] = row[0]
                lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
    return "\n".join(lines)


CSV_COLUMNS = (
    "profile",
    "clause",
    "noun",
    "edition",
    "table",
    "msp_class",
    "cim_class",
    "kind",
    "msp",
    "cim",
    "codec",
    "description",
    "side",
    "disposition",
    "carried_in",
    "reason",
    "note",
)
"""Columns of the CSV form: one line per row of any of the three tables."""


def to_csv(profiles: Iterable[RenderedProfile]) -> str:
    """Every row of every table of ``profiles``, one CSV line each (``kind`` tells the table)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for profile in profiles:
        for table in profile.tables:
            common = {
                "profile": profile.profile,
                "clause": table.clause,
                "noun": profile.noun or "",
                "edition": profile.edition,
                "table": table.name,
                "msp_class": table.msp_class,
                "cim_class": table.cim_class,
            }
            for row in table.correlations:
                writer.writerow(
                    common
                    | {"kind": "correlation", "msp": row.msp, "cim": row.cim, "codec": row.codec}
                    | {"description": row.description, "note": row.note}
                )
            for item in table.transformations:
                writer.writerow(
                    common
                    | {"kind": "transformation", "msp": "; ".join(item.msp)}
                    | {"cim": "; ".join(item.cim), "codec": item.codec}
                    | {"description": item.description, "note": item.note}
                )
            for gap in table.gaps:
                writer.writerow(
                    common
                    | {"kind": "gap", "side": gap.side, "disposition": gap.disposition}
                    | {"msp" if gap.side == Side.MSP else "cim": gap.field, "reason": gap.reason}
                    | {"carried_in": gap.carried_in or ""}
                )
    return buffer.getvalue()


def as_dict(profile: RenderedProfile) -> dict[str, Any]:
    """The stable JSON structure of a profile: profile, clause, noun, tables → rows."""
    data = asdict(profile)
    data["renames"] = dict(profile.renames)
    for table in data["tables"]:
        table["msp_objects"] = list(table["msp_objects"])
        for row in table["transformations"]:
            row["msp"], row["cim"] = list(row["msp"]), list(row["cim"])
    return data


def _summary_text(rows: Sequence[SummaryRow]) -> str:
    mapped = sum(1 for row in rows if row.status != NOT_MAPPED)
    heading = ("profile", "clause", "CIM noun", "correlations", "transformations", "gaps", "status")
    cells = [
        (
            row.profile,
            row.clause or _NONE,
            row.noun or _NONE,
            *(str(n) if row.status != NOT_MAPPED else "" for n in _counts(row)),
            row.status,
        )
        for row in rows
    ]
    return "\n".join(
        [f"IEC TS 61968-14: {mapped} of {len(rows)} profiles mapped", *columns([heading, *cells])]
    )


def _counts(row: SummaryRow) -> tuple[int, int, int]:
    return row.correlations, row.transformations, row.gaps


def summary_markdown(rows: Sequence[SummaryRow]) -> str:
    """The summary as the Markdown index of ``docs/mappings``, linking each mapped profile."""
    mapped = sum(1 for row in rows if row.status != NOT_MAPPED)
    lines = [
        "# IEC TS 61968-14 mappings",
        "",
        "Rendered from the tables the engine runs; `python scripts/render_mappings.py` (or"
        " `mspcim mappings --format md -o docs/mappings`) regenerates this folder. CIM names are"
        " those of IEC 61968-9:2013; each page lists the names its 2009 payload codec renames.",
        "",
        f"{mapped} of {len(rows)} profiles mapped.",
        "",
        "| profile | clause | CIM noun | correlations | transformations | gaps | status |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        if row.status == NOT_MAPPED:
            lines.append(f"| {row.profile} | | | | | | {NOT_MAPPED} |")
            continue
        link = f"[{row.profile}]({slug(row.profile)}.md)"
        counts = " | ".join(str(count) for count in _counts(row))
        lines.append(f"| {link} | {row.clause} | {row.noun or _NONE} | {counts} | {row.status} |")
    return "\n".join(lines) + "\n"


def render(
    profiles: Sequence[Profile] | None = None,
    edition: Edition = Edition.CIM2013,
    form: Format = Format.TEXT,
) -> str:
    """The catalogue of ``profiles`` in ``form``; no profiles given: the summary and every one."""
    chosen = list(PROFILES) if profiles is None else list(profiles)
    rendered = [render_profile(item, edition) for item in chosen]
    rows = summary() if profiles is None else None
    if form is Format.CSV:
        return to_csv(rendered)
    if form is Format.JSON:
        data: dict[str, Any] = {"standard": "IEC TS 61968-14", "edition": edition.value}
        if rows is not None:
            data["summary"] = [asdict(row) for row in rows]
        data["profiles"] = [as_dict(item) for item in rendered]
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if form is Format.MARKDOWN:
        parts = [summary_markdown(rows)] if rows is not None else []
        return "\n".join(parts + [to_markdown(item) for item in rendered])
    parts = [_summary_text(rows) + "\n"] if rows is not None else []
    return "\n".join(parts + [to_text(item) for item in rendered])


_EXTENSIONS = {Format.TEXT: "txt", Format.MARKDOWN: "md", Format.CSV: "csv", Format.JSON: "json"}


def documents(form: Format = Format.MARKDOWN, edition: Edition = Edition.CIM2013) -> dict[str, str]:
    """File name → content of the rendered catalogue: an index and one file per profile.

    The Markdown set is ``docs/mappings``: ``README.md`` (the summary) and ``<profile>.md``.
    """
    extension = _EXTENSIONS[form]
    files: dict[str, str] = {}
    rows = summary()
    if form is Format.MARKDOWN:
        files["README.md"] = summary_markdown(rows)
    elif form is Format.TEXT:
        files["summary.txt"] = _summary_text(rows) + "\n"
    elif form is Format.JSON:
        files["summary.json"] = json.dumps([asdict(row) for row in rows], indent=2) + "\n"
    for item in PROFILES:
        text = render([item], edition, form)
        if form is Format.MARKDOWN:
            text += _other_editions(item, edition)
        files[f"{slug(item.name)}.{extension}"] = text
    return files


def _other_editions(profile: Profile, shown: Edition) -> str:
    """Markdown naming the CIM names other editions' payload codecs rename (empty if none)."""
    lines = []
    for edition in Edition:
        renames, _ = edition_names(profile, edition)
        if edition is not shown and renames:
            listed = ", ".join(f"`{old}` → `{new}`" for old, new in sorted(renames.items()))
            lines.append(
                f"In {edition.label} the CIM names differ: {listed} "
                f"(`mspcim mappings {profile.name} --edition {edition.value}`)."
            )
    return "\n".join(["", *lines, ""]) if lines else ""
