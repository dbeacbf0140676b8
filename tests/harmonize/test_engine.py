"""The mapping engine in isolation: tiny made-up tables run both ways, gaps and errors by path."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest

from mspcim.exceptions import MappingError
from mspcim.harmonize.codecs import (
    CARRIERS,
    FIELD_CODECS,
    VALUE_CODECS,
    Carrier,
    FieldCodec,
    TranslationContext,
    ValueCodec,
)
from mspcim.harmonize.engine import Direction, TranslationState, translate
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.rules import Correlate, Gap, Nest, Side, Table, Transform, xml_name


def _xml(name: str) -> dict[str, str]:
    return {"xml": name}


@dataclass(slots=True)
class Note:
    """A key/value pair of the made-up carrier."""

    key: str
    text: str | None = None


@dataclass(slots=True)
class MspPart:
    code: str | None = field(default=None, metadata=_xml("@code"))


@dataclass(slots=True)
class CimPart:
    code: str = field(metadata=_xml("Code"))


@dataclass(slots=True)
class MspThing:
    name: str | None = field(default=None, metadata=_xml("@name"))
    amount: str | None = field(default=None, metadata=_xml("amount"))
    full_name: str | None = field(default=None, metadata=_xml("fullName"))
    secret: str | None = field(default=None, metadata=_xml("@secret"))
    count: int | None = field(default=None, metadata=_xml("@count"))
    parts: list[MspPart] = field(default_factory=list, metadata=_xml("parts"))


@dataclass(slots=True)
class CimThing:
    ident: str = field(metadata=_xml("mRID"))
    amount: Decimal | None = field(default=None, metadata=_xml("value"))
    first: str | None = field(default=None, metadata=_xml("firstName"))
    last: str | None = field(default=None, metadata=_xml("lastName"))
    remark: str | None = field(default=None, metadata=_xml("remark"))
    notes: list[Note] = field(default_factory=list, metadata=_xml("Note"))
    parts: list[CimPart] = field(default_factory=list, metadata=_xml("Part"))


def _split_to_cim(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    full = values["full_name"]
    if full is None:
        return {}
    first, _, last = full.partition(" ")
    if not last:
        ctx.gap("full_name", full, "single word taken as first name", lost=False)
    return {"first": first, "last": last or None}


def _join_to_msp(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    words = [word for word in (values["first"], values["last"]) if word]
    return {"full_name": " ".join(words)} if words else {}


def _located_error(values: Mapping[str, Any], ctx: TranslationContext) -> dict[str, Any]:
    raise MappingError("bad name", xpath="/Elsewhere/name")


def _code_to_cim(text: str) -> str:
    if not text.isupper():
        raise MappingError(f"code {text!r} is not upper case")
    return text


@pytest.fixture(autouse=True)
def registries(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Register the test codecs and carrier for one test only."""
    monkeypatch.setitem(
        FIELD_CODECS, "test.name", FieldCodec("test.name", _split_to_cim, _join_to_msp)
    )
    monkeypatch.setitem(
        FIELD_CODECS, "test.located", FieldCodec("test.located", _located_error, _join_to_msp)
    )
    monkeypatch.setitem(VALUE_CODECS, "test.code", ValueCodec("test.code", _code_to_cim, str))
    monkeypatch.setitem(
        CARRIERS,
        "TestNotes",
        Carrier(
            name="TestNotes",
            field="notes",
            make=lambda key, text, _type: Note(key, text),
            key_of=lambda item: item.key if isinstance(item, Note) else None,
            text_of=lambda item: item.text if isinstance(item, Note) else None,
            describe=lambda key: f"Note[key='{key}']",
        ),
    )
    yield


PART = Table(
    name="Part",
    clause="T.2",
    msp_class=MspPart,
    cim_class=CimPart,
    rules=(Correlate("code", "code", codec="test.code"),),
)

THING = Table(
    name="Thing",
    clause="T.1",
    msp_class=MspThing,
    cim_class=CimThing,
    rules=(
        Correlate("name", "ident"),
        Correlate("amount", "amount", codec="decimal_text"),
        Transform(("full_name",), ("first", "last"), "test.name", "split a full name"),
        Gap(Side.MSP, "secret", "never forwarded"),
        Gap(Side.MSP, "count", "no CIM field", carried_in="TestNotes:count", codec="integer"),
        Gap(Side.CIM, "remark", "no MultiSpeak field"),
        Gap(Side.CIM, "notes", "note with no MultiSpeak field"),
        Nest("parts", "parts", PART, msp_item="part"),
    ),
)


def to_cim(thing: MspThing, path: str = "/Thing") -> tuple[CimThing, GapReport]:
    shared = TranslationState(profile="Thing")
    result = translate(THING, thing, Direction.TO_CIM, shared, path)
    assert isinstance(result, CimThing)
    return result, shared.report


def to_msp(thing: CimThing, path: str = "/Thing") -> tuple[MspThing, GapReport]:
    shared = TranslationState(profile="Thing")
    result = translate(THING, thing, Direction.TO_MSP, shared, path)
    assert isinstance(result, MspThing)
    return result, shared.report


def test_direction_names_its_source_and_target_sides() -> None:
    assert (Direction.TO_CIM.source, Direction.TO_CIM.target) == (Side.MSP, Side.CIM)
    assert (Direction.TO_MSP.source, Direction.TO_MSP.target) == (Side.CIM, Side.MSP)
    assert Side.MSP.other is Side.CIM and Side.CIM.other is Side.MSP


def test_xml_name_comes_from_field_metadata() -> None:
    assert xml_name(MspThing, "secret") == "@secret"
    assert xml_name(CimThing, "ident") == "mRID"
    assert xml_name(Note, "key") == "key"
    with pytest.raises(KeyError):
        xml_name(MspThing, "nothing")


def test_correlate_copies_and_converts_values_both_ways() -> None:
    cim, report = to_cim(MspThing(name="T-1", amount="12.50"))
    assert cim.ident == "T-1"
    assert cim.amount == Decimal("12.50")
    assert str(cim.amount) == "12.50"
    assert list(report) == []
    msp, back = to_msp(cim)
    assert (msp.name, msp.amount) == ("T-1", "12.50")
    assert list(back) == []


def test_correlate_leaves_none_to_the_target_default() -> None:
    cim, _ = to_cim(MspThing(name="T-1"))
    assert cim.amount is None
    assert cim.first is None and cim.last is None


def test_transform_runs_the_field_codec_each_way() -> None:
    cim, report = to_cim(MspThing(name="T", full_name="Ada Lovelace"))
    assert (cim.first, cim.last) == ("Ada", "Lovelace")
    assert list(report) == []
    msp, _ = to_msp(cim)
    assert msp.full_name == "Ada Lovelace"


def test_field_codec_gap_is_reported_at_the_codec_field_path() -> None:
    cim, report = to_cim(MspThing(name="T", full_name="Plato"))
    assert (cim.first, cim.last) == ("Plato", None)
    (entry,) = report
    assert (entry.path, entry.value, entry.kind) == ("/Thing/fullName", "Plato", GapKind.CHANGED)
    assert entry.reason == "single word taken as first name"
    assert entry.profile == "Thing"


def test_gap_without_carrier_is_reported_lost_and_left_out() -> None:
    cim, report = to_cim(MspThing(name="T", secret="hunter2"))
    assert "hunter2" not in repr(cim)
    (entry,) = report
    assert entry.path == "/Thing/@secret"
    assert entry.value == "hunter2"
    assert entry.kind is GapKind.LOST
    assert entry.carried_in is None
    assert entry.reason == "never forwarded"


def test_empty_values_are_not_reported() -> None:
    _, report = to_cim(MspThing(name="T", secret="", count=None))
    assert list(report) == []


def test_gap_with_carrier_travels_and_comes_back_typed() -> None:
    cim, report = to_cim(MspThing(name="T", count=42))
    assert cim.notes == [Note("count", "42")]
    (entry,) = report
    assert entry.kind is GapKind.CARRIED
    assert entry.path == "/Thing/@count"
    assert entry.value == "42"
    assert entry.carried_in == "Note[key='count']"
    msp, back = to_msp(cim)
    assert msp.count == 42
    assert isinstance(msp.count, int)
    assert list(back) == [], "a carried value taken back is not a residual"


def test_carried_value_that_cannot_be_read_back_is_a_mapping_error() -> None:
    with pytest.raises(MappingError) as caught:
        to_msp(CimThing(ident="T", notes=[Note("count", "many")]))
    assert caught.value.xpath == "/Thing/Note", "located at the carrier that holds the text"
    assert caught.value.reason == "carried value 'many' of count cannot be read back"


def test_residual_carrier_items_are_reported_lost_with_index() -> None:
    cim = CimThing(ident="T", notes=[Note("colour", "red"), Note("count", "3"), Note("size", None)])
    msp, report = to_msp(cim)
    assert msp.count == 3
    assert [(e.path, e.value, e.kind) for e in report] == [
        ("/Thing/Note[1]", "colour=red", GapKind.LOST),
        ("/Thing/Note[3]", "size=None", GapKind.LOST),
    ]
    assert {e.reason for e in report} == {"note with no MultiSpeak field"}


def test_cim_only_field_without_carrier_is_reported_lost() -> None:
    _, report = to_msp(CimThing(ident="T", remark="fragile"))
    (entry,) = report
    assert (entry.path, entry.value, entry.kind) == ("/Thing/remark", "fragile", GapKind.LOST)


def test_nest_translates_each_item_with_its_table() -> None:
    cim, _ = to_cim(MspThing(name="T", parts=[MspPart("AB"), MspPart("CD")]))
    assert cim.parts == [CimPart("AB"), CimPart("CD")]
    msp, _ = to_msp(cim)
    assert msp.parts == [MspPart("AB"), MspPart("CD")]


def test_mapping_error_in_a_nested_item_names_the_item() -> None:
    with pytest.raises(MappingError) as caught:
        to_cim(MspThing(name="T", parts=[MspPart("AB"), MspPart("cd")]))
    assert caught.value.xpath == "/Thing/parts/part[2]/@code"
    assert caught.value.reason == "code 'cd' is not upper case"


def test_mapping_error_of_a_value_codec_gets_the_source_field_xpath() -> None:
    with pytest.raises(MappingError) as caught:
        to_cim(MspThing(name="T", amount="twelve"))
    assert caught.value.xpath == "/Thing/amount"


def test_mapping_error_with_an_absolute_xpath_keeps_it() -> None:
    located = Table(
        name="Located",
        clause="T.3",
        msp_class=MspThing,
        cim_class=CimThing,
        rules=(Transform(("full_name",), ("first", "last"), "test.located", "raises"),),
    )
    with pytest.raises(MappingError) as caught:
        translate(located, MspThing(full_name="x"), Direction.TO_CIM, path="/Thing")
    assert caught.value.xpath == "/Elsewhere/name"


def test_missing_required_target_field_is_a_mapping_error() -> None:
    with pytest.raises(MappingError) as caught:
        to_cim(MspThing(amount="1"), path="/Thing")
    assert caught.value.xpath == "/Thing"
    assert "Thing: cannot build CimThing" in str(caught.value)
    assert "ident" in str(caught.value)


def test_missing_required_target_field_at_the_root_has_xpath_slash() -> None:
    with pytest.raises(MappingError) as caught:
        translate(THING, MspThing(), Direction.TO_CIM)
    assert caught.value.xpath == "/"


def test_report_is_shared_and_profile_defaults_to_the_table_name() -> None:
    shared = TranslationState()
    translate(THING, MspThing(name="A", secret="x"), Direction.TO_CIM, shared, "/A")
    translate(THING, MspThing(name="B", secret="y"), Direction.TO_CIM, shared, "/B")
    assert [(e.path, e.value) for e in shared.report] == [("/A/@secret", "x"), ("/B/@secret", "y")]
    assert translate(THING, MspThing(name="C"), Direction.TO_CIM).ident == "C"
    assert shared.report.summary() == "0 carried, 2 lost, 0 changed"
