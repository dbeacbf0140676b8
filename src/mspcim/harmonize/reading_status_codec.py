"""MultiSpeak ``readingStatusCode`` ⇄ CIM ReadingQualities (ReadingQualityType ``s.c.i``).

The attributes ``originatingSystemID``, ``codeCategory`` and ``codeIndex`` are the three parts of
the quality code; the element text is a status word, kept as the quality's comment. A status
given by word only is looked up in ``STATUS_WORDS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from mspcim.cim.model import ReadingQuality
from mspcim.cim.reading_quality import ReadingQualityCode
from mspcim.exceptions import MappingError
from mspcim.harmonize.codecs import TranslationContext, field_codec
from mspcim.multispeak.v41.meter_reading import ReadingStatusCode

__all__ = ["STATUS_WORDS"]

STATUS_WORDS: Final[dict[str, str]] = {
    "Valid": "1.0.0",
    "Actual": "1.0.0",
    "Validated": "3.0.1",
    "Estimated": "3.8.0",
    "Edited": "3.7.0",
    "Questionable": "3.10.0",
    "Suspect": "3.5.258",
    "Missing": "3.5.259",
    "Derived": "3.11.0",
    "Projected": "3.12.0",
    "Tamper": "1.3.0",
    "Power fail": "1.2.32",
}
"""Status words MultiSpeak systems send without code parts, and the quality code of each."""

_WORDS_BY_CODE: Final = {code: word for word, code in reversed(STATUS_WORDS.items())}


def _status_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    status: ReadingStatusCode | None = values["reading_status_code"]
    if status is None:
        return {}
    parts = (status.originating_system_id, status.code_category, status.code_index)
    if any(part is not None for part in parts):
        try:
            code = ReadingQualityCode.parse(".".join(part or "0" for part in parts))
        except MappingError as exc:
            raise MappingError(f"readingStatusCode: {exc.reason}") from None
        return {"reading_qualities": [ReadingQuality(str(code), comment=status.value)]}
    if status.value and status.value in STATUS_WORDS:
        return {
            "reading_qualities": [ReadingQuality(STATUS_WORDS[status.value], comment=status.value)]
        }
    if status.value:
        ctx.gap("reading_status_code", status.value, "status word with no ReadingQualityType code")
    return {}


def _status_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    qualities: list[ReadingQuality] = values["reading_qualities"] or []
    if not qualities:
        return {}
    first, *others = qualities
    code = ReadingQualityCode.parse(first.reading_quality_type)
    for field, value in (("source", first.source), ("time_stamp", first.time_stamp)):
        if value is not None:
            ctx.gap(
                "reading_qualities",
                value,
                f"readingStatusCode has no counterpart for ReadingQuality.{field}",
            )
    for other in others:
        ctx.gap(
            "reading_qualities",
            other.reading_quality_type,
            "MultiSpeak readingValue holds one readingStatusCode; further qualities are dropped",
        )
    return {
        "reading_status_code": ReadingStatusCode(
            value=first.comment or _WORDS_BY_CODE.get(str(code)),
            originating_system_id=str(code.system),
            code_category=str(code.category),
            code_index=str(code.index),
        )
    }


field_codec(
    "reading_status",
    _status_to_cim,
    _status_to_msp,
    "readingStatusCode @originatingSystemID.@codeCategory.@codeIndex ⇄ ReadingQualityType; "
    "text ⇄ ReadingQuality.comment",
)
