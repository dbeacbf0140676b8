"""``mspcim profiles xsd --side msp41`` describes any bound MultiSpeak dataclass."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from mspcim.console.catalogue_cli import bindable
from mspcim.fieldmeta import xml


@dataclass(slots=True, kw_only=True)
class Zone:
    """A keyword-only MultiSpeak class: a required attribute after optional fields."""

    value: str = field(default="", metadata=xml("."))
    utc_offset: Decimal = field(metadata=xml("@UTCOffset"))


@pytest.mark.xfail(
    strict=True,
    reason="BUG: catalogue_cli._view rebuilds classes with dataclasses.make_dataclass without "
    "kw_only=True, so a keyword-only MultiSpeak class with a required field after optional "
    "ones raises TypeError ('non-default argument follows default argument')",
)
def test_a_keyword_only_class_with_a_required_field_after_optional_ones_is_described():
    view, problems = bindable(Zone, "zone")
    assert problems == ()
    assert view is not None
