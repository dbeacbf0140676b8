from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mspcim.exceptions import MappingError
from mspcim.xsdtypes import (
    format_boolean,
    format_datetime,
    format_decimal,
    parse_boolean,
    parse_datetime,
    parse_decimal,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-01T12:30:00Z", datetime(2024, 3, 1, 12, 30, tzinfo=UTC)),
        ("2024-03-01T12:30:00", datetime(2024, 3, 1, 12, 30)),
        (
            "2024-03-01T12:30:00.1234567+02:00",
            datetime(2024, 3, 1, 12, 30, 0, 123456, tzinfo=timezone(timedelta(hours=2))),
        ),
        ("2024-03-01T24:00:00Z", datetime(2024, 3, 2, tzinfo=UTC)),
        (
            " 2024-03-01T12:30:00-05:00 ",
            datetime(2024, 3, 1, 12, 30, tzinfo=timezone(timedelta(hours=-5))),
        ),
    ],
)
def test_parse_datetime(text, expected):
    assert parse_datetime(text) == expected


@pytest.mark.parametrize(
    "text", ["2024-03-01", "yesterday", "2024-13-01T00:00:00Z", "2024-03-01T12:30Z", ""]
)
def test_bad_datetimes(text):
    with pytest.raises(MappingError, match="xs:dateTime"):
        parse_datetime(text, where="/x/timeStamp")


def test_datetime_error_carries_the_path():
    with pytest.raises(MappingError) as caught:
        parse_datetime("nope", where="/a/b")
    assert caught.value.xpath == "/a/b"


@given(st.datetimes(timezones=st.just(UTC)))
def test_datetime_round_trip(value):
    assert parse_datetime(format_datetime(value)) == value
    assert format_datetime(value).endswith("Z")


@pytest.mark.parametrize(
    ("text", "value"), [("true", True), ("1", True), ("false", False), ("0", False)]
)
def test_booleans(text, value):
    assert parse_boolean(text) is value
    assert parse_boolean(format_boolean(value)) is value


def test_bad_boolean():
    with pytest.raises(MappingError):
        parse_boolean("yes")


@pytest.mark.parametrize(
    ("text", "shown"), [("12.50", "12.50"), ("1E+3", "1000"), ("-0.001", "-0.001"), ("7", "7")]
)
def test_decimals_keep_their_digits(text, shown):
    assert format_decimal(parse_decimal(text)) == shown


def test_decimals_of_any_magnitude_are_spelled_out():
    # beyond the decimal context's 28 digits: found by tests/faults/test_fuzz.py ("1e400")
    assert format_decimal(parse_decimal("1e400")) == "1" + "0" * 400
    assert format_decimal(parse_decimal("-2.5e-40")) == "-0." + "0" * 39 + "25"


@pytest.mark.parametrize("text", ["abc", "NaN", "Infinity", "", "1,5"])
def test_bad_decimals(text):
    with pytest.raises(MappingError):
        parse_decimal(text)


def test_money_never_passes_through_a_binary_float():
    assert parse_decimal("0.10") + parse_decimal("0.20") == Decimal("0.30")


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=6, min_value=-(10**9), max_value=10**9
    )
)
def test_decimal_round_trip(value):
    assert parse_decimal(format_decimal(value)) == value
