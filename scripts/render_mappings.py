"""Regenerate ``docs/mappings`` from the tables the engine runs.

Run from the repository root after a mapping table changes: ``python scripts/render_mappings.py``
(the same as ``mspcim mappings --format md -o docs/mappings``, plus removal of pages of profiles
that no longer exist). ``tests/harmonize/test_rendered_mappings_up_to_date.py`` fails until the
committed pages match.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mspcim.cim.payloads import Edition
from mspcim.console.pairs_cli import other_mappings
from mspcim.harmonize.render import Format, documents

TARGET = Path(__file__).resolve().parents[1] / "docs" / "mappings"
V5_PAGE = Path("msp50") / "profiles.md"
"""The MultiSpeak 5.0 tables (clause 9), one page: ``mspcim mappings --msp 5.0 --format md``."""


def v5_page() -> str:
    """The clause-9 tables as Markdown, CIM names of the 2013 edition."""
    return other_mappings(None, "5.0", None, Edition.CIM2013, Format.MARKDOWN)


def main(target: Path = TARGET) -> int:
    """Write every page under ``target`` and remove stale ones; print what changed."""
    files = documents(Format.MARKDOWN)
    target.mkdir(parents=True, exist_ok=True)
    for stale in sorted(target.glob("*.md")):
        if stale.name not in files:
            stale.unlink()
            print(f"removed {stale}")
    for name, text in files.items():
        path = target / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote   {path}")
    page = target / V5_PAGE
    page.parent.mkdir(exist_ok=True)
    if not page.exists() or page.read_text(encoding="utf-8") != v5_page():
        page.write_text(v5_page(), encoding="utf-8")
        print(f"wrote   {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
