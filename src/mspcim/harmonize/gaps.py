"""The gap report: every source value that found no counterpart, where it went, and why.

A translation never drops a value silently. Each entry says which value (by path), whether it
was *carried* (in a Property, a Name, an extensionsItem …) or *lost*, and the reason the mapping
table gives.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from mspcim.xsdtypes import format_datetime

__all__ = ["GapEntry", "GapKind", "GapReport"]


class GapKind(StrEnum):
    """What happened to a value."""

    CARRIED = "carried"
    """No counterpart, but the value travels in a named carrier and comes back on return."""
    LOST = "lost"
    """No counterpart and no carrier: the value is not in the output."""
    CHANGED = "changed"
    """Transformed with loss of form (restructured, rounded, defaulted)."""


def _as_text(value: object) -> str:
    """A value as its standard's XML would write it (dates, booleans, numbers)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


@dataclass(frozen=True, slots=True)
class GapEntry:
    """One value without a counterpart."""

    path: str
    value: str
    kind: GapKind
    reason: str
    carried_in: str | None = None
    profile: str = ""


@dataclass(slots=True)
class GapReport:
    """All gap entries of one translation, in the order they were met."""

    entries: list[GapEntry] = field(default_factory=list)

    def add(
        self,
        path: str,
        value: object,
        kind: GapKind,
        reason: str,
        carried_in: str | None = None,
        profile: str = "",
    ) -> None:
        """Record one entry (``value`` as XSD text, shortened past 200 characters)."""
        text = _as_text(value)
        if len(text) > 200:
            text = text[:197] + "..."
        self.entries.append(GapEntry(path, text, kind, reason, carried_in, profile))

    def reclassify(self, path: str, kind: GapKind, carried_in: str, reason: str) -> None:
        """Re-label the entry at ``path``: a message-level rule found the value a home."""
        self.entries = [
            replace(entry, kind=kind, carried_in=carried_in, reason=reason)
            if entry.path == path
            else entry
            for entry in self.entries
        ]

    def extend(self, other: GapReport) -> None:
        """Append another report's entries."""
        self.entries.extend(other.entries)

    def __iter__(self) -> Iterator[GapEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def of_kind(self, kind: GapKind) -> list[GapEntry]:
        """Entries of one kind."""
        return [entry for entry in self.entries if entry.kind is kind]

    @property
    def lost(self) -> list[GapEntry]:
        """Values that are not in the output."""
        return self.of_kind(GapKind.LOST)

    def summary(self) -> str:
        """One line: how many values were carried, changed and lost."""
        counts = {kind: len(self.of_kind(kind)) for kind in GapKind}
        return ", ".join(f"{counts[kind]} {kind.value}" for kind in GapKind)

    def to_json(self) -> str:
        """The report as a JSON array of entries."""
        return json.dumps([asdict(entry) for entry in self.entries], indent=2, default=str)

    def to_text(self) -> str:
        """Human-readable lines, one per entry."""
        lines = []
        for entry in self.entries:
            where = f" -> {entry.carried_in}" if entry.carried_in else ""
            lines.append(
                f"{entry.kind.value:8} {entry.path} = {entry.value!r}{where}: {entry.reason}"
            )
        return "\n".join(lines)
