"""MultiSpeak reading description ⇄ CIM ReadingType code: the transformation of profile 8.17.

A MultiSpeak ``readingValue`` describes its value with ``units``, ``readingType``,
``measurementPeriod``, ``ratePeriod`` and, optionally, ``readingTypeCode`` (the CIM code itself,
with its fields as attributes). The CIM side has one thing: the 18-field ReadingType code. The
word tables below are declared data; the functions only look them up.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Final

from mspcim.cim.reading_type import ReadingTypeCode
from mspcim.cim.reading_type_kinds import (
    AggregateKind,
    MacroPeriodKind,
    MeasurementKind,
    MeasuringPeriodKind,
)
from mspcim.exceptions import MappingError
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.harmonize.units import unit_mapping_for_uom, uom_for
from mspcim.multispeak.v41.meter_reading import ReadingTypeCode as MspReadingTypeCode

__all__ = [
    "MEASUREMENT_PERIODS",
    "READING_TYPE_CODE_ATTRIBUTES",
    "READING_TYPE_WORDS",
    "code_for_reading_value",
    "rate_period_for_tou",
    "tou_for_rate_period",
]

READING_TYPE_WORDS: Final[dict[str, dict[str, Any]]] = {
    "Demand": {"measurement_kind": MeasurementKind.DEMAND, "aggregate": AggregateKind.MAXIMUM},
    "Maximum": {"aggregate": AggregateKind.MAXIMUM},
    "Minimum": {"aggregate": AggregateKind.MINIMUM},
    "Average": {"aggregate": AggregateKind.AVERAGE},
    "Sum": {"aggregate": AggregateKind.SUM},
    "Normal": {"aggregate": AggregateKind.NORMAL},
    "Nominal": {"aggregate": AggregateKind.NOMINAL},
    "High": {"aggregate": AggregateKind.HIGH},
    "Low": {"aggregate": AggregateKind.LOW},
    "Excess": {"aggregate": AggregateKind.EXCESS},
}
"""MultiSpeak ``readingType`` words and the ReadingType fields each one sets."""

MEASUREMENT_PERIODS: Final[dict[str, dict[str, Any]]] = {
    "Current": {"measuring_period": MeasuringPeriodKind.PRESENT},
    "Previous": {"measuring_period": MeasuringPeriodKind.PREVIOUS},
    "Previous Season": {
        "macro_period": MacroPeriodKind.SEASONAL,
        "measuring_period": MeasuringPeriodKind.PREVIOUS,
    },
}
"""MultiSpeak ``measurementPeriod`` values and the ReadingType fields each one sets."""

READING_TYPE_CODE_ATTRIBUTES: Final[tuple[tuple[str, str], ...]] = (
    ("time_attribute", "measuring_period"),
    ("data_qualifier", "aggregate"),
    ("accumulation_behavior", "accumulation"),
    ("flow_direction", "flow_direction"),
    ("uom_category", "commodity"),
    ("measurement_category", "measurement_kind"),
    ("phase_index", "phases"),
    ("units_multiplier", "multiplier"),
    ("displayable_uom", "unit"),
)
"""MultiSpeak ``readingTypeCode`` attributes ⇄ the code fields they repeat (as numbers)."""

_TOU_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def tou_for_rate_period(text: str) -> int | None:
    """``ratePeriod`` A, B, C … or 1, 2, 3 … as the ReadingType ``tou`` number."""
    value = text.strip()
    if len(value) == 1 and value.upper() in _TOU_LETTERS:
        return _TOU_LETTERS.index(value.upper()) + 1
    if value.isdigit() and int(value) > 0:
        return int(value)
    return None


def rate_period_for_tou(tou: int) -> str | None:
    """The ReadingType ``tou`` number as a ``ratePeriod`` letter (numbers past Z stay digits)."""
    if tou <= 0:
        return None
    return _TOU_LETTERS[tou - 1] if tou <= len(_TOU_LETTERS) else str(tou)


def _from_attributes(code: MspReadingTypeCode) -> dict[str, int]:
    fields: dict[str, int] = {}
    for attribute, field in READING_TYPE_CODE_ATTRIBUTES:
        text = getattr(code, attribute)
        if text is None or not text.strip():
            continue
        try:
            fields[field] = int(text.strip())
        except ValueError:
            raise MappingError(
                f"readingTypeCode/@{attribute} is not a code number: {text!r}"
            ) from None
    return fields


def code_for_reading_value(values: Mapping[str, Any], ctx: TranslationContext) -> ReadingTypeCode:
    """The ReadingType code a readingValue describes (``readingTypeCode`` wins when present)."""
    given: MspReadingTypeCode | None = values.get("reading_type_code")
    if given is not None and given.value:
        return ReadingTypeCode.parse(given.value)
    if given is not None and (fields := _from_attributes(given)):
        return ReadingTypeCode(**fields)  # type: ignore[arg-type]
    units = values.get("units")
    if not units:
        raise MappingError("readingValue has neither units nor readingTypeCode")
    code, gaps = _code_from_description(
        units,
        values.get("reading_type"),
        values.get("measurement_period"),
        values.get("rate_period"),
    )
    for field, value, reason in gaps:
        ctx.gap(field, value, reason)
    return code


_Gaps = tuple[tuple[str, str, str], ...]


@lru_cache(maxsize=4096)
def _code_from_description(
    units: str, word: str | None, period: str | None, rate: str | None
) -> tuple[ReadingTypeCode, _Gaps]:
    """The code for a description, and the (field, value, reason) parts that found no field.

    Cached: bulk messages repeat a handful of descriptions thousands of times.
    """
    mapping = unit_mapping_for_uom(units)
    fields: dict[str, Any] = {
        "accumulation": mapping.accumulation,
        "commodity": mapping.commodity,
        "measurement_kind": mapping.measurement_kind,
        "multiplier": mapping.multiplier,
        "unit": mapping.unit,
        "currency": mapping.currency,
    }
    gaps: list[tuple[str, str, str]] = []
    if word:
        if word in READING_TYPE_WORDS:
            changes = READING_TYPE_WORDS[word]
            kind = changes.get("measurement_kind")
            if (
                kind is not None
                and uom_for(mapping.unit, mapping.multiplier, kind, mapping.commodity) != units
            ):
                changes = {
                    name: value for name, value in changes.items() if name != "measurement_kind"
                }
                gaps.append(
                    (
                        "reading_type",
                        word,
                        f"{word!r} would make {units!r} another quantity; aggregate kept only",
                    )
                )
            fields.update(changes)
        else:
            gaps.append(("reading_type", word, "readingType word with no ReadingType field"))
    if period:
        if period in MEASUREMENT_PERIODS:
            fields.update(MEASUREMENT_PERIODS[period])
        else:
            gaps.append(
                ("measurement_period", period, "measurementPeriod with no ReadingType field")
            )
    if rate:
        tou = tou_for_rate_period(rate)
        if tou is None:
            gaps.append(("rate_period", rate, "ratePeriod is neither a letter A-Z nor a number"))
        else:
            fields["tou"] = tou
    return ReadingTypeCode(**fields), tuple(gaps)


def _word_for(code: ReadingTypeCode, table: Mapping[str, Mapping[str, Any]]) -> str | None:
    """The table key whose fields all match ``code`` (most specific first)."""
    best: tuple[int, str] | None = None
    for word, fields in table.items():
        if all(getattr(code, name) == value for name, value in fields.items()) and (
            best is None or len(fields) > best[0]
        ):
            best = (len(fields), word)
    return best[1] if best else None


def _reading_type_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    code = code_for_reading_value(values, ctx)
    text = str(code)
    field_name = values.get("field_name")
    given: MspReadingTypeCode | None = values.get("reading_type_code")
    label = field_name or (given.name if given is not None else None)
    if label:
        names: dict[str, str] = ctx.state.setdefault("reading_type_names", {})
        known = names.setdefault(text, label)
        if known != label:
            ctx.gap(
                "field_name",
                label,
                f"ReadingType {text} is already named {known!r} in this message",
                lost=True,
            )
    return {"reading_type": text}


def _reading_type_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    text = values["reading_type"]
    description, attributes, unit_text = _msp_description(text)
    if description.get("units") is None and unit_text:
        ctx.gap(
            "reading_type",
            text,
            f"no MultiSpeak uom for {unit_text}; the code travels in readingTypeCode",
            lost=False,
        )
    out: dict[str, Any] = {key: value for key, value in description.items() if value is not None}
    out["reading_type_code"] = MspReadingTypeCode(value=text, **dict(attributes))
    field_name = ctx.state.get("reading_type_names", {}).get(text)
    if field_name is not None:
        out["field_name"] = field_name
    return out


@lru_cache(maxsize=4096)
def _msp_description(
    text: str,
) -> tuple[dict[str, str | None], tuple[tuple[str, str], ...], str]:
    """units, readingType, measurementPeriod, ratePeriod, readingTypeCode attributes of a code."""
    code = ReadingTypeCode.parse(text)
    description = {
        "units": uom_for(code.unit, code.multiplier, code.measurement_kind, code.commodity),
        "reading_type": _word_for(code, READING_TYPE_WORDS),
        "measurement_period": _word_for(code, MEASUREMENT_PERIODS),
        "rate_period": rate_period_for_tou(code.tou),
    }
    attributes = tuple(
        (attribute, str(int(getattr(code, field))))
        for attribute, field in READING_TYPE_CODE_ATTRIBUTES
        if int(getattr(code, field))
    )
    return description, attributes, code.unit_text if code.unit else ""


field_codec(
    "reading_type",
    _reading_type_to_cim,
    _reading_type_to_msp,
    "units, readingType, measurementPeriod, ratePeriod, readingTypeCode ⇄ the 18-field "
    "ReadingType code; fieldName ⇄ ReadingType Names",
)
