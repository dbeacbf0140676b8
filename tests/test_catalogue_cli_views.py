"""``mspcim profiles xsd --side msp41`` describes any bound MultiSpeak dataclass."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from mspcim.console.catalogue_cli import bindable
from mspcim.fieldmeta import xml


@dataclass(slots=True, kw_only=True)
class Zone:
    """A keyword-only MultiSpeak class: a required attribute after optional fields."""

    value: str = field(default="", metadata=xml("."))
    utc_offset: Decimal = field(metadata=xml("@UTCOffset"))


def test_a_keyword_only_class_with_a_required_field_after_optional_ones_is_described():
    view, problems = bindable(Zone, "zone")
    assert problems == ()
    assert view is not None
