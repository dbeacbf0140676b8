"""``docs/mappings`` is what the tables render today: documentation cannot drift from the code."""

from __future__ import annotations

from pathlib import Path

from mspcim.harmonize.render import Format, documents

DOCS = Path(__file__).resolve().parents[2] / "docs" / "mappings"
REGENERATE = "python scripts/render_mappings.py  (or: mspcim mappings --format md -o docs/mappings)"


def test_docs_mappings_match_the_tables():
    expected = documents(Format.MARKDOWN)
    committed = {path.name: path.read_text(encoding="utf-8") for path in DOCS.glob("*.md")}
    missing = sorted(set(expected) - set(committed))
    stale = sorted(set(committed) - set(expected))
    changed = sorted(
        name for name in set(expected) & set(committed) if expected[name] != committed[name]
    )
    problems = [
        *(f"missing: docs/mappings/{name}" for name in missing),
        *(f"no longer rendered: docs/mappings/{name}" for name in stale),
        *(f"out of date: docs/mappings/{name}" for name in changed),
    ]
    assert not problems, "\n".join([*problems, f"regenerate with: {REGENERATE}"])
