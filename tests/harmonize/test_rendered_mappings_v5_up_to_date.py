"""``docs/mappings/msp50/profiles.md`` is what the MultiSpeak 5.0 tables render today."""

from __future__ import annotations

from pathlib import Path

from mspcim.cim.payloads import Edition
from mspcim.console.pairs_cli import other_mappings
from mspcim.harmonize.render import Format

PAGE = Path(__file__).resolve().parents[2] / "docs" / "mappings" / "msp50" / "profiles.md"


def test_the_v5_page_matches_the_tables():
    expected = other_mappings(None, "5.0", None, Edition.CIM2013, Format.MARKDOWN)
    assert PAGE.is_file(), "missing: regenerate with python scripts/render_mappings.py"
    assert PAGE.read_text(encoding="utf-8") == expected, (
        "out of date: regenerate with python scripts/render_mappings.py"
    )
    assert "MultiSpeak 5.0" in expected and "CustomerConfig" in expected
