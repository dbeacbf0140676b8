"""ReadingQualityType codes ``system.category.index``: parsing, per-category indexes, errors."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mspcim.cim.reading_quality import (
    INDEX_NAME_ALIASES,
    QUALITY_INDEXES,
    QualityCategory,
    QualitySystem,
    ReadingQualityCode,
)
from mspcim.exceptions import MappingError

CODES_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "codes"


def test_mdm_generic_estimate() -> None:
    code = ReadingQualityCode.parse("3.8.0")
    assert (code.system, code.category, code.index) == (3, 8, 0)
    assert code.system_kind is QualitySystem.MDM
    assert code.category_kind is QualityCategory.ESTIMATED
    assert code.index_literal == "estimateGeneric"
    assert code.describe() == "MDM estimated estimateGeneric"
    assert str(code) == "3.8.0"


def test_end_device_reasonability_error_code() -> None:
    code = ReadingQualityCode.parse("1.5.257")
    assert code.system_kind is QualitySystem.ENDDEVICE
    assert code.category_kind is QualityCategory.REASONABILITY
    assert code.index_literal == "errorCode"
    assert code.describe() == "endDevice reasonability errorCode"


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("0.0.0", "dataValid"),
        ("2.0.1", "validated"),
        ("3.5.258", "suspect"),
        ("1.5.259", "knownMissingRead"),
        ("1.4.259", "dstChangeOccurred"),
        ("1.4.2", "partialInterval"),
        ("1.3.1", "coverOpened"),
        ("1.2.32", "powerFail"),
        ("3.7.1", "added"),
        ("3.6.9", "touSumCheck"),
        ("3.11.1", "inferred"),
    ],
)
def test_index_numbers_are_read_within_their_category(text: str, literal: str) -> None:
    assert ReadingQualityCode.parse(text).index_literal == literal


def test_private_indexes_in_known_categories_are_accepted() -> None:
    code = ReadingQualityCode.parse("2.4.4711")
    assert code.index == 4711
    assert code.index_literal is None
    assert code.documented_index is None
    assert code.describe() == "MDC dataCollection index 4711"
    # 257 is documented for reasonability, not for data collection
    assert ReadingQualityCode.parse("1.4.257").index_literal is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("6.0.0", "ReadingQualityType system has unknown value 6"),
        ("1.13.0", "ReadingQualityType category has unknown value 13"),
        ("1.0", "ReadingQualityType code '1.0' has 2 fields; 3 dot-separated integers"),
        ("1.0.0.0", "ReadingQualityType code '1.0.0.0' has 4 fields; 3 dot-separated integers"),
        ("1.0.x", "ReadingQualityType index is not a non-negative decimal integer: 'x'"),
        ("1.0.-1", "ReadingQualityType index is not a non-negative decimal integer: '-1'"),
        ("a.0.0", "ReadingQualityType system is not a non-negative decimal integer: 'a'"),
        ("", "ReadingQualityType code '' has 1 fields"),
    ],
)
def test_bad_codes_are_refused_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(MappingError) as caught:
        ReadingQualityCode.parse(text)
    assert str(caught.value).startswith(message)


def test_constructor_validates_like_parse() -> None:
    assert ReadingQualityCode(3, 8, 0) == ReadingQualityCode.parse(" 3.8.0 ")
    with pytest.raises(MappingError, match=r"index must be a non-negative integer, got -1"):
        ReadingQualityCode(1, 0, -1)
    with pytest.raises(MappingError, match=r"category has unknown value 99"):
        ReadingQualityCode(1, 99, 0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ReadingQualityCode(1, 0, 0).index = 2  # type: ignore[misc]


def test_parsing_is_cached() -> None:
    assert ReadingQualityCode.parse("3.8.0") is ReadingQualityCode.parse("3.8.0")


@given(
    st.sampled_from(QualitySystem),
    st.sampled_from(QualityCategory),
    st.integers(min_value=0, max_value=100_000),
)
def test_parse_of_str_gives_the_code_back(
    system: QualitySystem, category: QualityCategory, index: int
) -> None:
    code = ReadingQualityCode(system, category, index)
    assert ReadingQualityCode.parse(str(code)) == code
    assert code.describe().startswith(f"{system.literal} {category.literal} ")


def test_category_and_system_literals() -> None:
    assert [c.literal for c in QualityCategory] == [
        "valid", "diagnostics", "powerQuality", "tamper", "dataCollection", "reasonability",
        "validation", "edited", "estimated", "obsoleteOscillatory", "questionable", "derived",
        "projected",
    ]  # fmt: skip
    assert [s.literal for s in QualitySystem] == [
        "notApplicable", "endDevice", "MDC", "MDM", "other", "external",
    ]  # fmt: skip


def test_every_csv_index_is_documented_with_the_same_name_or_an_alias() -> None:
    path = CODES_DIR / "qualityIndex.csv"
    if not path.is_file():
        pytest.skip(f"code-system CSV not found: {path}")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        entry = QUALITY_INDEXES[(QualityCategory[row["category"]], int(row["index"]))]
        assert entry.name == INDEX_NAME_ALIASES.get(row["literal"], row["literal"])
    assert len(QUALITY_INDEXES) == len(rows)
    assert set(INDEX_NAME_ALIASES) <= {row["literal"] for row in rows}
