"""EndDeviceEventType / EndDeviceControlType codes ``type.domain.subDomain.eventOrAction``."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mspcim.cim.coded_enum import CodedEnum
from mspcim.cim.end_device_event_type import (
    FIELD_NAMES,
    EndDeviceDomain,
    EndDeviceEventOrAction,
    EndDeviceEventTypeCode,
    EndDeviceSubDomain,
    EndDeviceType,
)
from mspcim.exceptions import MappingError

CODES_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "codes"

CSV_ENUMS: dict[str, type[CodedEnum]] = {
    "endDeviceType.csv": EndDeviceType,
    "endDeviceDomain.csv": EndDeviceDomain,
    "endDeviceSubDomain.csv": EndDeviceSubDomain,
    "endDeviceEventOrAction.csv": EndDeviceEventOrAction,
}


@pytest.mark.parametrize(
    ("text", "described", "event_or_action"),
    [
        ("3.31.0.68", "electricMeter rcdSwitch disconnected", EndDeviceEventOrAction.DISCONNECTED),
        ("3.31.0.23", "electricMeter rcdSwitch disconnect", EndDeviceEventOrAction.DISCONNECT),
        ("3.31.0.18", "electricMeter rcdSwitch connect", EndDeviceEventOrAction.CONNECT),
        ("3.31.0.42", "electricMeter rcdSwitch connected", EndDeviceEventOrAction.CONNECTED),
        ("3.26.0.85", "electricMeter power failed", EndDeviceEventOrAction.FAILED),
        ("3.26.0.216", "electricMeter power restored", EndDeviceEventOrAction.RESTORED),
        ("3.12.29.257", "electricMeter security cover tamperDetected", 257),
        ("3.26.38.223", "electricMeter power voltage sagStarted", 223),
    ],
)
def test_annex_e_examples(text: str, described: str, event_or_action: int) -> None:
    code = EndDeviceEventTypeCode.parse(text)
    assert code.describe() == described
    assert code.event_or_action == event_or_action
    assert code.event_or_action_kind is EndDeviceEventOrAction(event_or_action)
    assert code.is_documented
    assert str(code) == code.text == text


def test_fields_are_enum_members() -> None:
    code = EndDeviceEventTypeCode.parse("3.31.0.68")
    assert code.type is EndDeviceType.ELECTRIC_METER
    assert code.domain is EndDeviceDomain.RCDSWITCH
    assert code.sub_domain is EndDeviceSubDomain.NA
    assert code.event_or_action is EndDeviceEventOrAction.DISCONNECTED
    assert code.literals() == ("electricMeter", "rcdSwitch", "notApplicable", "disconnected")


def test_integers_and_members_build_the_same_code() -> None:
    from_ints = EndDeviceEventTypeCode(3, 31, 0, 68)  # type: ignore[arg-type]
    from_members = EndDeviceEventTypeCode(
        EndDeviceType.ELECTRIC_METER,
        EndDeviceDomain.RCDSWITCH,
        EndDeviceSubDomain.NA,
        EndDeviceEventOrAction.DISCONNECTED,
    )
    assert from_ints == from_members
    assert hash(from_ints) == hash(from_members)
    assert from_ints.type is EndDeviceType.ELECTRIC_METER


def test_unknown_event_or_action_is_accepted_as_a_vendor_number() -> None:
    code = EndDeviceEventTypeCode.parse("3.26.0.999")
    assert code.event_or_action == 999
    assert not isinstance(code.event_or_action, EndDeviceEventOrAction)
    assert code.event_or_action_kind is None
    assert not code.is_documented
    assert code.describe() == "electricMeter power eventOrAction 999"
    assert code.literals()[3] == "999"
    assert str(code) == "3.26.0.999"


def test_nothing_set_describes_as_none() -> None:
    assert EndDeviceEventTypeCode.parse("0.0.0.0").describe() == "none"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("99.31.0.68", "field 'type' has unknown value 99"),
        ("3.99.0.68", "field 'domain' has unknown value 99"),
        ("3.31.9999.68", "field 'subDomain' has unknown value 9999"),
        ("x.31.0.68", "field 'type' is not a decimal integer: 'x'"),
        ("3.31.0.-1", "field 'eventOrAction' is not a decimal integer: '-1'"),
        ("3.31. 0.68", "field 'subDomain' is not a decimal integer: ' 0'"),
        ("3.31.0", "'3.31.0' has 3 fields; 4 dot-separated integers"),
        ("3.31.0.68.1", "has 5 fields"),
        ("", "'' has 1 fields"),
        ("3.31.0.६८", "field 'eventOrAction' is not a decimal integer"),
    ],
)
def test_garbage_and_unknown_codes_name_the_field(text: str, message: str) -> None:
    with pytest.raises(MappingError) as caught:
        EndDeviceEventTypeCode.parse(text)
    assert message in str(caught.value)


def test_constructor_checks_its_fields() -> None:
    with pytest.raises(MappingError, match="'eventOrAction' must not be negative, got -4"):
        EndDeviceEventTypeCode(3, 26, 0, -4)  # type: ignore[arg-type]
    with pytest.raises(MappingError, match="'domain' must be an integer, got '26'"):
        EndDeviceEventTypeCode(3, "26", 0, 85)  # type: ignore[arg-type]
    with pytest.raises(MappingError, match="'type' must be an integer, got True"):
        EndDeviceEventTypeCode(True, 26, 0, 85)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="'domain' takes a EndDeviceDomain, not a EndDeviceType"):
        EndDeviceEventTypeCode(3, EndDeviceType.ELECTRIC_METER, 0, 85)  # type: ignore[arg-type]


def test_parse_strips_and_caches() -> None:
    assert EndDeviceEventTypeCode.parse(" 3.26.0.85\n") is EndDeviceEventTypeCode.parse("3.26.0.85")


def test_from_literals_reads_cim_strings_and_numbers() -> None:
    code = EndDeviceEventTypeCode.from_literals(
        "electricMeter", "rcdSwitch", "notApplicable", "disconnected"
    )
    assert code.text == "3.31.0.68"
    assert EndDeviceEventTypeCode.from_literals("3", "26", "0", "4711").text == "3.26.0.4711"
    # member names work too (any case), as CodedEnum.from_literal allows
    assert EndDeviceEventTypeCode.from_literals("ELECTRIC_METER", "power", "na", "restored") == (
        EndDeviceEventTypeCode.parse("3.26.0.216")
    )
    with pytest.raises(MappingError, match="field 'eventOrAction' has unknown literal 'exploded'"):
        EndDeviceEventTypeCode.from_literals("electricMeter", "power", "notApplicable", "exploded")
    with pytest.raises(MappingError, match="field 'domain' has unknown literal 'kitchen'"):
        EndDeviceEventTypeCode.from_literals("electricMeter", "kitchen", "0", "1")


def test_replace_accepts_integers() -> None:
    code = EndDeviceEventTypeCode.parse("3.31.0.23").replace(event_or_action=68)
    assert code.event_or_action is EndDeviceEventOrAction.DISCONNECTED


def test_field_names_follow_cim() -> None:
    assert FIELD_NAMES == ("type", "domain", "subDomain", "eventOrAction")


@pytest.mark.parametrize("enum_type", list(CSV_ENUMS.values()))
def test_literals_are_unique_camel_case(enum_type: type[CodedEnum]) -> None:
    literals = [member.literal for member in enum_type]
    assert len(literals) == len(set(literals))
    for literal in literals:
        assert literal[0].islower() and literal.isalnum(), literal
    for member in enum_type:
        assert enum_type.from_literal(member.literal) is member


_codes = st.builds(
    EndDeviceEventTypeCode,
    st.sampled_from(list(EndDeviceType)),
    st.sampled_from(list(EndDeviceDomain)),
    st.sampled_from(list(EndDeviceSubDomain)),
    st.one_of(st.sampled_from(list(EndDeviceEventOrAction)), st.integers(0, 10**6)),
)


@given(_codes)
def test_text_and_literals_round_trip(code: EndDeviceEventTypeCode) -> None:
    assert EndDeviceEventTypeCode.parse(code.text) == code
    assert EndDeviceEventTypeCode.from_literals(*code.literals()) == code


# --- agreement with the code-system data (skipped when /work/shared/codes is absent)


def read_codes(file_name: str) -> list[tuple[int, str]]:
    """(code, upper-case name) rows of one code-system CSV; skips when the folder is absent."""
    path = CODES_DIR / file_name
    if not path.is_file():
        pytest.skip(f"code-system CSV not found: {path}")
    with path.open(newline="", encoding="utf-8") as handle:
        return [(int(row["code"]), row["literal"]) for row in csv.DictReader(handle)]


@pytest.mark.parametrize("file_name", sorted(CSV_ENUMS))
def test_every_csv_row_is_a_member_by_code_and_name(file_name: str) -> None:
    enum_type = CSV_ENUMS[file_name]
    for code, name in read_codes(file_name):
        assert enum_type[name] is enum_type(code), (file_name, code, name)


@pytest.mark.parametrize("file_name", sorted(CSV_ENUMS))
def test_enums_hold_no_code_or_name_outside_the_csv(file_name: str) -> None:
    enum_type = CSV_ENUMS[file_name]
    rows = read_codes(file_name)
    assert {int(member) for member in enum_type} == {code for code, _ in rows}
    assert set(enum_type.__members__) == {name for _, name in rows}


def test_aliases_are_the_codes_the_data_names_twice() -> None:
    aliases = {
        f"{enum_type.__name__}.{name}": member.name
        for enum_type in CSV_ENUMS.values()
        for name, member in enum_type.__members__.items()
        if name != member.name
    }
    assert aliases == {
        "EndDeviceSubDomain.PHASEAVOLTAGEPOTENTIAL": "PHASEA",
        "EndDeviceSubDomain.PHASEBVOLTAGEPOTENTIAL": "PHASEB",
        "EndDeviceSubDomain.PHASECVOLTAGEPOTENTIAL": "PHASEC",
        "EndDeviceEventOrAction.CHANGEOUTREQUIRED": "CHANGEOUT",
    }
