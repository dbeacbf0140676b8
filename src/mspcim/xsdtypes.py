"""XML Schema simple types as Python values: dateTime, boolean, decimal, float, duration.

Both standards write values in XSD lexical forms; these functions are the single place that
parses and formats them, with errors that name what was wrong.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation

from mspcim.exceptions import MappingError

__all__ = [
    "format_boolean",
    "format_datetime",
    "format_decimal",
    "parse_boolean",
    "parse_datetime",
    "parse_decimal",
]

_DATETIME = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})T(?P<time>\d{2}:\d{2}:\d{2})(?P<fraction>\.\d+)?"
    r"(?P<zone>Z|[+-]\d{2}:\d{2})?$"
)


def parse_datetime(text: str, *, where: str | None = None) -> datetime:
    """An xs:dateTime; fractions beyond microseconds are truncated, ``24:00:00`` rolls over."""
    match = _DATETIME.match(text.strip())
    if match is None:
        raise MappingError(f"not an xs:dateTime: {text!r}", xpath=where)
    fraction = (match["fraction"] or "")[:7]
    zone = match["zone"] or ""
    clock = match["time"]
    rollover = clock == "24:00:00"
    if rollover:
        clock = "00:00:00"
    try:
        value = datetime.fromisoformat(f"{match['date']}T{clock}{fraction}{zone}")
    except ValueError as exc:
        raise MappingError(f"not a valid xs:dateTime: {text!r} ({exc})", xpath=where) from None
    return value + timedelta(days=1) if rollover else value


def format_datetime(value: datetime) -> str:
    """xs:dateTime text; UTC is written ``Z``, naive values stay without a zone."""
    text = value.isoformat()
    if value.tzinfo is not None and value.utcoffset() == timedelta(0):
        text = text[: -len("+00:00")] + "Z"
    return text


def utc_now() -> datetime:
    """The current time in UTC, second precision (for headers and simulators)."""
    return datetime.now(UTC).replace(microsecond=0)


def parse_boolean(text: str, *, where: str | None = None) -> bool:
    """An xs:boolean: ``true``, ``false``, ``1`` or ``0``."""
    value = text.strip()
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    raise MappingError(f"not an xs:boolean: {text!r}", xpath=where)


def format_boolean(value: bool) -> str:
    """xs:boolean text."""
    return "true" if value else "false"


def parse_decimal(text: str, *, where: str | None = None) -> Decimal:
    """A finite decimal number (also accepts xs:float exponent notation); never a binary float."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise MappingError(f"not a number: {text!r}", xpath=where) from None
    if not value.is_finite():
        raise MappingError(f"not a finite number: {text!r}", xpath=where)
    return value


def format_decimal(value: Decimal) -> str:
    """Decimal text without exponent, keeping the digits given (``12.50`` stays ``12.50``)."""
    return format(value, "f")  # exponent notation spelled out, any magnitude (no context limits)
