"""``mspcim mappings`` and ``mspcim profiles``: the catalogue on screen, and the profiles' XSDs.

Emitted schemas compile, and what the project writes for the profile validates against them;
official schemas are named, never copied.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from lxml import etree
from typer.testing import CliRunner

from mspcim import ns
from mspcim.cim.catalogue import registered
from mspcim.cim.message import Header, Verb
from mspcim.cim.model import MeterReading, MeterReadings, Name, Reading, ReadingQuality
from mspcim.cim.payloads import Edition, PayloadCodec, payload_codec
from mspcim.cli import app
from mspcim.console import catalogue_cli
from mspcim.console.catalogue_cli import bindable, cim_schema, msp_schema
from mspcim.exceptions import MspcimError
from mspcim.fieldmeta import xml
from mspcim.harmonize.catalogue import PROFILES, Profile
from mspcim.harmonize.header import HEADER_TABLE, header_to_msp
from mspcim.harmonize.mapping_tables import SCOPE, render_profile, slug
from mspcim.harmonize.render import documents
from mspcim.harmonize.rules import Table
from mspcim.multispeak.errors import ErrorObject, build_error_objects
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41.meter_reading import MeterReading as MspMeterReading

FOREIGN = "urn:example:vendor"


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("COLUMNS", "200")
    return CliRunner()


def run(runner: CliRunner, *args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


# --- mappings


@pytest.mark.parametrize(
    ("command", "words"),
    [
        (["mappings"], ["PROFILE", "--edition", "--format", "--output"]),
        (["profiles"], ["list", "xsd"]),
        (["profiles", "xsd"], ["PROFILE", "--edition", "--side", "--output"]),
    ],
)
def test_catalogue_commands_explain_themselves(runner, command, words):
    result = run(runner, *command, "--help")
    assert result.exit_code == 0
    for word in words:
        assert word in result.stdout


def test_mappings_without_a_profile_prints_the_summary_and_every_profile(runner):
    result = run(runner, "mappings")
    assert result.exit_code == 0, result.stderr
    mapped = {item.name for item in PROFILES}
    in_scope = [name for name in SCOPE if name in mapped]
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"IEC TS 61968-14: {len(mapped)} ")
    assert first.endswith(f"of {len(SCOPE) + len(mapped - set(SCOPE))} profiles mapped")
    for line in result.stdout.splitlines()[2 : 2 + len(SCOPE)]:
        name = line.split()[0]
        assert line.endswith("not yet mapped") == (name not in mapped)
    for name in in_scope:
        assert f"{name} — IEC TS 61968-14 clause" in result.stdout
    assert "MultiSpeakMsgHeader ⇄ Header" in result.stdout


def test_mappings_of_one_profile_in_each_format(runner):
    text = run(runner, "mappings", "MessageHeader")
    assert text.exit_code == 0
    assert text.stdout.startswith("MessageHeader — IEC TS 61968-14 clause 6.2")
    assert "IEC TS 61968-14:" not in text.stdout
    markdown = run(runner, "mappings", "messageheader", "--format", "md")
    assert markdown.stdout.startswith("# MessageHeader\n")
    assert "| `@MessageID` | `MessageID` |" in markdown.stdout
    rows = list(
        csv.DictReader(
            io.StringIO(run(runner, "mappings", "MessageHeader", "--format", "csv").stdout)
        )
    )
    session = next(row for row in rows if row["msp"] == "@SessionID")
    assert session["disposition"] == "carried"
    assert session["carried_in"] == "Header/Property[Name='MultiSpeakMsgHeader.SessionID']"
    data = json.loads(run(runner, "mappings", "MeterReadings", "--format", "json").stdout)
    (meter_readings,) = data["profiles"]
    assert (meter_readings["clause"], meter_readings["noun"]) == ("8.17", "MeterReadings")
    assert [table["msp_class"] for table in meter_readings["tables"]][:2] == [
        "meterReading",
        "readingValue",
    ]
    assert {"IntervalBlock", "MeterRows"} <= {
        table["msp_class"] for table in meter_readings["tables"]
    }


def test_mappings_edition_says_which_cim_names_are_shown(runner):
    result = run(runner, "mappings", "MeterReadings", "--edition", "2009", "--format", "json")
    assert result.exit_code == 0
    shown = json.loads(result.stdout)["profiles"][0]
    assert shown["edition"] == "2009"
    expected = render_profile(
        next(p for p in PROFILES if p.name == "MeterReadings"), Edition("2009")
    )
    assert shown["cim_names"] == expected.cim_names
    assert "2009" in shown["cim_names"]
    header = run(runner, "mappings", "MessageHeader", "--edition", "2009")
    assert "the tables do not depend on the edition" in header.stdout
    bad = run(runner, "mappings", "MessageHeader", "--edition", "2011")
    assert bad.exit_code == 2


def test_unknown_and_unmapped_profiles_are_one_clear_line(runner):
    unknown = run(runner, "mappings", "NoSuchProfile")
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("error: unknown profile 'NoSuchProfile'; known: MessageHeader")
    assert "Traceback" not in unknown.stderr
    unmapped = [name for name in SCOPE if name not in {item.name for item in PROFILES}]
    if unmapped:
        result = run(runner, "mappings", unmapped[-1])
        assert result.exit_code == 1
        assert result.stderr == (
            f"error: {unmapped[-1]} is in the scope of IEC TS 61968-14 but not yet mapped\n"
        )
    missing = run(runner, "profiles", "xsd", "NoSuchProfile", "--edition", "2013")
    assert missing.exit_code == 2 and "unknown profile" in missing.stderr


def test_mappings_output_directory_holds_the_rendered_documents(runner, tmp_path):
    result = run(runner, "mappings", "--format", "md", "-o", str(tmp_path / "docs"))
    assert result.exit_code == 0
    expected = documents()
    assert result.stdout == f"wrote {len(expected)} files to {tmp_path / 'docs'}\n"
    for name, text in expected.items():
        assert (tmp_path / "docs" / name).read_text(encoding="utf-8") == text
    one = run(runner, "mappings", "MeterReadings", "--format", "json", "-o", str(tmp_path / "j"))
    assert one.exit_code == 0
    assert [path.name for path in (tmp_path / "j").iterdir()] == ["meter_readings.json"]
    blocked = tmp_path / "file"
    blocked.write_text("")
    refused = run(runner, "mappings", "-o", str(blocked))
    assert refused.exit_code == 2 and refused.stderr.startswith(f"error: cannot write to {blocked}")


# --- profiles list


def test_profiles_list_shows_nouns_by_edition(runner):
    result = run(runner, "profiles", "list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "CIM",
        "noun",
        "mapping",
        "IEC",
        "61968-9:2009",
        "IEC",
        "61968-9:2013",
    ]
    nouns = sorted({codec.noun for codec in registered()} | {p.noun for p in PROFILES if p.noun})
    assert [line.split()[0] for line in lines[1:]] == nouns
    meter_readings = next(line for line in lines if line.startswith("MeterReadings "))
    assert "MeterReadings (8.17)" in meter_readings
    assert "official iec61968-9-2011/MeterReadings.xsd" in meter_readings
    for codec in registered():
        line = next(line for line in lines if line.split()[0] == codec.noun)
        if codec.declared_schema is not None:
            assert "declared" in line


# --- profiles xsd: MessageHeader


def header_schema(runner: CliRunner) -> etree.XMLSchema:
    result = run(runner, "profiles", "xsd", "MessageHeader", "--edition", "2013", "--side", "msp41")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "msp41: declared by mspcim\n"
    return etree.XMLSchema(etree.fromstring(result.stdout_bytes))


def full_header() -> MultiSpeakMsgHeader:
    return MultiSpeakMsgHeader(
        major_version=4,
        minor_version=1,
        build=6,
        user_id="operator",
        pwd="secret",
        app_name="CIS",
        company="Coop",
        session_id="S-1",
        objects_remaining=12,
        message_id="M-1",
        time_stamp=datetime(2024, 5, 1, 8, 30, tzinfo=UTC),
        context="Testing",
        other_attributes={f"{{{FOREIGN}}}trace": "t-9"},
    )


def test_header_xsd_accepts_the_headers_the_project_writes(runner, assert_schema_valid):
    schema = header_schema(runner)
    written = build_header(full_header())
    assert written.get(f"{{{FOREIGN}}}trace") == "t-9"
    schema.assertValid(written)
    plain = full_header()
    plain.other_attributes = {}
    schema.assertValid(build_header(plain))
    assert_schema_valid(build_header(plain))  # the official wildcard is strict: no vendor attribute
    translated = build_header(
        header_to_msp(Header(verb=Verb.CREATED, noun="MeterReadings", message_id="M-2"))
    )
    schema.assertValid(translated)
    holder = etree.Element(ns.qname(ns.MSP41, "errors"))
    build_error_objects(
        holder,
        [
            ErrorObject("meter unknown", "M-7", "meter", datetime(2024, 1, 1, tzinfo=UTC), "E1"),
            ErrorObject(error_string="only a string"),
        ],
    )
    for element in holder:
        schema.assertValid(etree.fromstring(etree.tostring(element)))


def test_header_xsd_is_not_permissive(runner):
    schema = header_schema(runner)
    unknown = build_header(full_header())
    unknown.set("NoSuchAttribute", "x")
    assert not schema.validate(unknown)
    bad_integer = build_header(full_header())
    bad_integer.set("ObjectsRemaining", "many")
    assert not schema.validate(bad_integer)
    error = etree.Element(ns.qname(ns.MSP41, "errorObject"), eventTime="yesterday")
    assert not schema.validate(error)


def test_header_cim_side_names_the_official_envelope_schema(runner, tmp_path):
    result = run(
        runner,
        "profiles",
        "xsd",
        "MessageHeader",
        "--edition",
        "2009",
        "--side",
        "cim",
        "-o",
        str(tmp_path),
    )
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "official schema iec61968-100/Message.xsd" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_both_sides_to_stdout_ask_for_a_directory_when_two_schemas_result(runner):
    declared = [
        item
        for item in PROFILES
        if item.noun
        and cim_schema(item, Edition.CIM2009).schema is not None
        and msp_schema(item).schema is not None
    ]
    if not declared:
        pytest.skip("no profile declares both a CIM and a MultiSpeak schema yet")
    result = run(runner, "profiles", "xsd", declared[0].name, "--edition", "2009")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: 2 schemas to emit: give -o DIR")


# --- profiles xsd: MeterReadings


def pivot_meter_readings() -> MeterReadings:
    code = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
    return MeterReadings(
        [
            MeterReading(
                meter_mrid="G-1",
                meter_names=[Name("10001", "meterID", "MultiSpeak")],
                readings=[
                    Reading(
                        code,
                        Decimal("1234.5"),
                        datetime(2024, 5, 1, tzinfo=UTC),
                        [ReadingQuality("1.0.0")],
                    )
                ],
            )
        ]
    )


def test_meter_readings_names_the_official_schema_and_explains_the_multispeak_side(
    runner, tmp_path, schemas, assert_schema_valid
):
    result = run(
        runner, "profiles", "xsd", "MeterReadings", "--edition", "2013", "-o", str(tmp_path)
    )
    assert result.exit_code == 1
    codec = payload_codec("MeterReadings", Edition.CIM2013)
    assert (
        f"cim: official schema for IEC 61968-9:2013 MeterReadings: {codec.official_schema}"
        in result.stderr
    )
    assert "msp41: meterReading (MeterReading) is not fully bindable:" in result.stderr
    assert "ExtensionsItem.units: XML name 'extValue/@units' is a path" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []
    official = schemas.root / str(codec.official_schema)
    written = codec.write(pivot_meter_readings())
    etree.XMLSchema(etree.parse(str(official))).assertValid(written)
    assert_schema_valid(written, edition="2013")


def test_bindable_rewrites_own_element_paths_and_refuses_others():
    view, problems = bindable(MspMeterReading, "meterReading")
    assert view is None
    assert problems == (
        "ExtensionsItem.units: XML name 'extValue/@units' is a path, not one element or attribute",
    )
    header, none = bindable(MultiSpeakMsgHeader, "MultiSpeakMsgHeader")
    assert none == () and header is not None
    assert "other_attributes" not in {f.name for f in header.__dataclass_fields__.values()}
    error, none = bindable(ErrorObject, "errorObject")
    assert error is not None
    assert error.__dataclass_fields__["text"].metadata["xml"] == "."


def test_no_codec_for_an_edition_is_an_unsatisfied_side():
    result = cim_schema(
        Profile("Nothing", "0", (HEADER_TABLE,), noun="NoSuchNoun"), Edition.CIM2009
    )
    assert (result.schema, result.satisfied) == (None, False)
    assert result.notes == ("no IEC 61968-9:2009 payload codec for NoSuchNoun is registered",)
    assert result.file_name == "nothing.cim2009.xsd"


@dataclass
class Period:
    """A period."""

    start: datetime | None = field(default=None, metadata=xml("start"))
    units: str | None = field(default=None, metadata=xml("@units"))


@dataclass
class Schedule:
    """A schedule with two periods of one type."""

    name: str = field(metadata=xml("name"))
    first: Period | None = field(default=None, metadata=xml("firstPeriod"))
    others: list[Period] = field(default_factory=list, metadata=xml("otherPeriod"))
    meters: list[str] = field(
        default_factory=list, metadata={"xml": "meterList", "item": "meterID"}
    )
    periods: list[Period] = field(
        default_factory=list, metadata={"xml": "periodList", "item": "period"}
    )


@dataclass
class Mixed:
    """Text and a child element at once."""

    text: str = field(metadata=xml("mixed"))
    child: str | None = field(default=None, metadata=xml("child"))
    table: dict[str, str] = field(default_factory=dict, metadata=xml("table"))


def test_a_class_used_under_several_names_is_one_schema_type():
    table = Table("Schedules", "0", Schedule, Schedule, (), msp_objects=("schedule",))
    result = msp_schema(Profile("Schedules", "0", (table,)))
    assert result.satisfied and result.schema is not None
    names = [item.get("name") for item in result.schema.iterchildren(f"{XS}complexType")]
    assert names == ["Schedule", "Period"]
    schema = etree.XMLSchema(result.schema)
    sample = sample_document(result.schema)
    assert [etree.QName(child).localname for child in sample] == [
        "name",
        "firstPeriod",
        "otherPeriod",
        "meterList",
        "periodList",
    ]
    assert [etree.QName(child).localname for child in sample[3]] == ["meterID"]
    schema.assertValid(sample)
    document = etree.fromstring(
        f'<m:schedule xmlns:m="{ns.MSP41}"><m:name>S</m:name>'
        "<m:meterList><m:meterID>1</m:meterID><m:meterID>2</m:meterID></m:meterList>"
        '<m:periodList><m:period units="h"><m:start>2024-01-01T00:00:00Z</m:start></m:period>'
        "</m:periodList></m:schedule>"
    )
    schema.assertValid(document)
    flat = etree.fromstring(
        f'<m:schedule xmlns:m="{ns.MSP41}"><m:name>S</m:name><m:meterList>1</m:meterList></m:schedule>'
    )
    assert not schema.validate(flat)


def test_wrapped_lists_written_by_the_multispeak_binding_validate():
    msp_binding = pytest.importorskip("mspcim.multispeak.v41.msp_binding")
    table = Table("Schedules", "0", Schedule, Schedule, (), msp_objects=("schedule",))
    schema = etree.XMLSchema(msp_schema(Profile("Schedules", "0", (table,))).schema)
    value = Schedule(
        "S", Period(units="h"), [Period()], ["1", "2"], [Period(datetime(2024, 1, 1, tzinfo=UTC))]
    )
    written = msp_binding.write(value, "schedule")
    meters = written.find(f"{{{ns.MSP41}}}meterList")
    assert [etree.QName(child).localname for child in meters] == ["meterID", "meterID"]
    schema.assertValid(written)
    assert msp_binding.read(written, Schedule) == value


def test_text_mixed_with_elements_and_unbindable_types_are_problems():
    view, problems = bindable(Mixed, "mixed")
    assert view is None
    assert problems == (
        "Mixed.table: type dict[str, str] has no XML Schema counterpart",
        "Mixed: text content mixed with child elements",
    )
    table = Table("Mixed", "0", Mixed, Mixed, ())
    result = msp_schema(Profile("Mixed", "0", (table,)))
    assert result.notes[:2] == (
        "no MultiSpeak 4.1 XSD emitted:",
        "Mixed (Mixed) is not fully bindable:",
    )
    assert not result.satisfied


def test_a_codec_schema_that_does_not_compile_is_reported_not_emitted(monkeypatch):
    broken = etree.fromstring(
        f'<xs:schema xmlns:xs="{ns.XS}"><xs:element name="x" type="y"/></xs:schema>'
    )
    codec = PayloadCodec(
        "Broken", Edition.CIM2009, "{urn:b}Broken", print, print, declared_schema=lambda: broken
    )
    monkeypatch.setattr(catalogue_cli, "codec_of", lambda noun, edition: codec)
    result = cim_schema(Profile("Broken", "0", (), noun="Broken"), Edition.CIM2009)
    assert (result.schema, result.satisfied) == (None, False)
    assert result.notes[0].startswith("the declared IEC 61968-9:2009 schema does not compile:")
    silent = PayloadCodec("Silent", Edition.CIM2013, "{urn:s}Silent", print, print)
    monkeypatch.setattr(catalogue_cli, "codec_of", lambda noun, edition: silent)
    result = cim_schema(Profile("Silent", "0", (), noun="Silent"), Edition.CIM2013)
    assert result.notes == ("the IEC 61968-9:2013 Silent codec declares no schema",)
    assert not result.satisfied


# --- every declared schema: compiles, and describes what its codec writes

XS = f"{{{ns.XS}}}"
SAMPLE_TEXT = {
    "xs:string": "x1",
    "xs:integer": "7",
    "xs:decimal": "1.5",
    "xs:float": "1.5",
    "xs:boolean": "true",
    "xs:dateTime": "2024-03-01T12:00:00Z",
    "xs:date": "2024-03-01",
}


def _text(declaration, type_name):
    if type_name is None:
        enumeration = declaration.find(f"{XS}simpleType/{XS}restriction/{XS}enumeration")
        return enumeration.get("value") if enumeration is not None else "x1"
    return SAMPLE_TEXT[type_name]


def _attributes(element, holder):
    for attribute in holder.iterchildren(f"{XS}attribute"):
        element.set(attribute.get("name"), _text(attribute, attribute.get("type")))


def _fill(element, declaration, types, target, depth):
    type_name = declaration.get("type")
    complex_type = declaration.find(f"{XS}complexType")
    if complex_type is None and (type_name is None or type_name.startswith("xs:")):
        element.text = _text(declaration, type_name)
        return
    if complex_type is None:
        complex_type = types[type_name.partition(":")[2]]
    extension = complex_type.find(f"{XS}simpleContent/{XS}extension")
    if extension is not None:
        element.text = _text(extension, extension.get("base"))
        _attributes(element, extension)
        return
    for child in complex_type.iterfind(f"{XS}sequence/{XS}element"):
        if child.get("minOccurs") == "0" and depth > 5:
            continue
        sub = etree.SubElement(element, f"{{{target}}}{child.get('name')}")
        _fill(sub, child, types, target, depth + 1)
    _attributes(element, complex_type)


def sample_document(schema: etree._Element) -> etree._Element:
    """Every element and attribute of ``schema``'s first global element, once, with sample text."""
    target = schema.get("targetNamespace")
    types = {item.get("name"): item for item in schema.iterchildren(f"{XS}complexType")}
    declaration = schema.find(f"{XS}element")
    element = etree.Element(f"{{{target}}}{declaration.get('name')}")
    _fill(element, declaration, types, target, 0)
    return element


DECLARED = [codec for codec in registered() if codec.declared_schema is not None]


@pytest.mark.parametrize("codec", DECLARED, ids=lambda c: f"{c.noun}-{c.edition.value}")
def test_declared_cim_schemas_describe_what_their_codec_writes(codec, tmp_path):
    result = cim_schema(Profile(codec.noun, "0", (), noun=codec.noun), codec.edition)
    assert result.satisfied and result.schema is not None
    schema = etree.XMLSchema(result.schema)
    assert result.schema.get("targetNamespace") == codec.tag[1:].partition("}")[0]
    sample = sample_document(result.schema)
    schema.assertValid(sample)
    try:
        pivot = codec.read(sample)
    except MspcimError as exc:
        # Sample text ('x1') is not a valid code of this profile: the codec must say so clearly.
        assert str(exc)
        return
    written = codec.write(pivot)
    schema.assertValid(written)
    assert etree.tostring(written) == etree.tostring(codec.write(codec.read(written)))


MAPPED_WITH_NOUN = [item for item in PROFILES if item.noun]


@pytest.mark.parametrize("edition", list(Edition), ids=lambda e: e.value)
@pytest.mark.parametrize("item", MAPPED_WITH_NOUN, ids=lambda p: p.name)
def test_profiles_xsd_files_compile(runner, tmp_path, item, edition):
    result = run(
        runner, "profiles", "xsd", item.name, "--edition", edition.value, "-o", str(tmp_path)
    )
    cim, msp = cim_schema(item, edition), msp_schema(item)
    assert result.exit_code == (0 if cim.satisfied and msp.satisfied else 1)
    written = sorted(path.name for path in tmp_path.iterdir())
    expected = sorted(side.file_name for side in (cim, msp) if side.schema is not None)
    assert written == expected
    for name in written:
        schema_element = etree.parse(str(tmp_path / name)).getroot()
        schema = etree.XMLSchema(schema_element)
        schema.assertValid(sample_document(schema_element))
        assert name.startswith(slug(item.name) + ".")
    for side in (cim, msp):
        for note in side.notes:
            assert f"{side.side}: {note}" in result.stderr
    if item.name == "MeterReadings":
        assert written == []
