"""The rendered catalogue: the standard's three tables, read from the tables the engine runs."""

from __future__ import annotations

import csv
import functools
import io
import json
from dataclasses import dataclass, field

import pytest

from mspcim.binding import Binding
from mspcim.cim.payloads import Edition, PayloadCodec
from mspcim.fieldmeta import xml, xml_name
from mspcim.harmonize import mapping_tables
from mspcim.harmonize.catalogue import PROFILES, Profile, profile
from mspcim.harmonize.codecs import FIELD_CODECS, VALUE_CODECS
from mspcim.harmonize.header import HEADER_TABLE
from mspcim.harmonize.mapping_tables import (
    NOT_MAPPED,
    SCOPE,
    codec_renames,
    edition_names,
    msp_object_name,
    render_profile,
    slug,
    summary,
    tables_of,
)
from mspcim.harmonize.profiles.meter_readings import METER_READING, READING_VALUE
from mspcim.harmonize.render import CSV_COLUMNS, Format, documents, render, to_markdown, to_text
from mspcim.harmonize.reply import ERROR_OBJECT
from mspcim.harmonize.rules import Correlate, Gap, Nest, Side, Table, Transform

HEADER = render_profile(profile("MessageHeader"))
METER_READINGS = render_profile(profile("MeterReadings"))


def table_of(rendered, cim_class):
    return next(table for table in rendered.tables if table.cim_class == cim_class)


def gap(table, side, name):
    return next(row for row in table.gaps if row.side == side and row.field == name)


# --- MessageHeader (clause 6.2, Table 3)


def test_message_id_is_a_correlation_with_both_standards_names():
    header = table_of(HEADER, "Header")
    assert (header.msp_class, header.cim_class) == ("MultiSpeakMsgHeader", "Header")
    row = next(row for row in header.correlations if row.cim == "MessageID")
    assert (row.msp, row.codec) == ("@MessageID", "identity")
    assert [(row.msp, row.cim) for row in header.correlations] == [
        ("@MessageID", "MessageID"),
        ("@TimeStamp", "Timestamp"),
        ("@AppName", "Source"),
        ("@Context", "Context"),
    ]
    context = header.correlations[-1]
    assert context.codec == "message_context"
    assert context.description == VALUE_CODECS["message_context"].description


def test_credentials_are_lost_gaps_and_session_id_is_carried_in_property():
    header = table_of(HEADER, "Header")
    password = gap(header, "MultiSpeak", "@Pwd")
    assert (password.disposition, password.carried_in, password.secret) == ("lost", None, True)
    assert password.where == "lost (credential, never shown)"
    assert "credentials are never forwarded" in password.reason
    session = gap(header, "MultiSpeak", "@SessionID")
    assert session.disposition == "carried"
    assert session.carried_in == "Header/Property[Name='MultiSpeakMsgHeader.SessionID']"
    assert session.where == "carried in Header/Property[Name='MultiSpeakMsgHeader.SessionID']"
    correlation_id = gap(header, "CIM", "CorrelationID")
    assert correlation_id.disposition == "lost"
    assert "transactionID" in correlation_id.reason


def test_header_transformations_name_their_codecs():
    header = table_of(HEADER, "Header")
    rows = {row.codec: row for row in header.transformations}
    assert rows["user"].msp == ("@UserID", "@Company") and rows["user"].cim == ("User",)
    assert rows["user"].description == FIELD_CODECS["user"].description
    assert rows["operation_verb_noun"].msp == () and rows["operation_verb_noun"].cim == (
        "Verb",
        "Noun",
    )


def test_the_error_table_uses_the_multispeak_object_name():
    errors = table_of(HEADER, "Error")
    assert (errors.msp_class, errors.name) == ("errorObject", "Reply")
    assert [(row.msp, row.cim) for row in errors.correlations] == [
        ("@errorString", "reason"),
        ("errorObject", "details"),
    ]
    assert gap(errors, "CIM", "xpath").disposition == "lost"


def test_the_header_does_not_depend_on_the_edition():
    assert HEADER.noun is None
    assert "do not depend on the edition" in HEADER.cim_names
    assert render_profile(profile("MessageHeader"), Edition.CIM2009).tables == HEADER.tables


# --- MeterReadings (clause 8.17)


def test_reading_type_transformation_lists_its_multispeak_fields():
    reading = table_of(METER_READINGS, "Reading")
    assert reading.msp_class == "readingValue"
    row = next(row for row in reading.transformations if row.codec == "reading_type")
    assert row.msp == (
        "units",
        "readingType",
        "measurementPeriod",
        "ratePeriod",
        "readingTypeCode",
        "fieldName",
    )
    assert row.cim == ("ReadingType/@ref",)
    assert row.description == FIELD_CODECS["reading_type"].description
    assert [(row.msp, row.cim, row.codec) for row in reading.correlations] == [
        ("value", "value", "decimal_text"),
        ("timeStamp", "timeStamp", "identity"),
    ]


def test_meter_reading_rows_nest_and_carry():
    meter_reading = table_of(METER_READINGS, "MeterReading")
    assert meter_reading.msp_class == "meterReading"
    assert meter_reading.msp_objects == METER_READING.msp_objects
    nest = next(row for row in meter_reading.transformations if row.codec == "nested table")
    assert (nest.msp, nest.cim) == (("readingValues/readingValue",), ("Readings",))
    assert nest.description == "item by item: readingValue ⇄ Reading"
    identity = next(row for row in meter_reading.transformations if row.codec == "meter_identity")
    assert (identity.msp, identity.cim) == (("meterID",), ("Meter/mRID", "Meter/Names"))
    device = gap(meter_reading, "MultiSpeak", "deviceID")
    assert device.carried_in == "Meter/Names[NameType/name='deviceID']"
    usage_point = gap(meter_reading, "CIM", "UsagePoint/mRID")
    assert usage_point.carried_in == "extensionsList/extensionsItem[extName='CIM.UsagePoint.mRID']"
    assert gap(meter_reading, "MultiSpeak", "@verb").disposition == "lost"


# --- every profile: complete and named by the xml metadata


def kinds(table: Table) -> tuple[int, int, int]:
    rules = table.rules
    return (
        sum(isinstance(rule, Correlate) for rule in rules),
        sum(isinstance(rule, Transform | Nest) for rule in rules),
        sum(isinstance(rule, Gap) for rule in rules),
    )


@pytest.mark.parametrize("item", PROFILES, ids=lambda item: item.name)
def test_every_rule_of_every_profile_is_one_row(item):
    rendered = render_profile(item)
    tables = tables_of(item)
    assert len(rendered.tables) == len(tables)
    for table, shown in zip(tables, rendered.tables, strict=True):
        counts = (len(shown.correlations), len(shown.transformations), len(shown.gaps))
        assert counts == kinds(table)
        assert shown.cim_class in {table.cim_class.__name__, *dict(rendered.renames).values()}
        if not rendered.renames:
            correlates = [rule for rule in table.rules if isinstance(rule, Correlate)]
            assert [(row.msp, row.cim) for row in shown.correlations] == [
                (xml_name(table.msp_class, rule.msp), xml_name(table.cim_class, rule.cim))
                for rule in correlates
            ]
            gaps = [rule for rule in table.rules if isinstance(rule, Gap)]
            assert [row.field for row in shown.gaps] == [
                xml_name(table.class_for(rule.side), rule.field) for rule in gaps
            ]
            assert [row.side for row in shown.gaps] == [str(rule.side) for rule in gaps]


def test_tables_of_adds_nested_tables_a_profile_does_not_list():
    only_outer = Profile("Readings", "8.17", (METER_READING,), noun="MeterReadings")
    assert tables_of(only_outer) == [METER_READING, READING_VALUE]
    assert tables_of(profile("MeterReadings"))[:2] == [METER_READING, READING_VALUE]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("MeterReadings", "meter_readings"),
        ("MessageHeader", "message_header"),
        ("SDPLocationConfig", "sdp_location_config"),
        ("MeterReadings (interval data)", "meter_readings_interval_data"),
    ],
)
def test_slug(name, expected):
    assert slug(name) == expected


def test_msp_object_name_follows_msp_objects_else_the_class():
    assert [msp_object_name(t) for t in (METER_READING, READING_VALUE, ERROR_OBJECT)] == [
        "meterReading",
        "readingValue",
        "errorObject",
    ]
    assert msp_object_name(HEADER_TABLE) == "MultiSpeakMsgHeader"
    bare = Table("X", "0", METER_READING.msp_class, METER_READING.cim_class, ())
    assert msp_object_name(bare) == "MeterReading"


# --- summary


def test_summary_covers_the_whole_scope_and_says_what_is_not_mapped():
    rows = summary()
    names = [row.profile for row in rows]
    assert names[: len(SCOPE)] == [name for name in names if name in SCOPE]
    assert set(SCOPE) <= set(names)
    assert len(SCOPE) == 24 and SCOPE[0] == "MessageHeader"
    registered = {item.name for item in PROFILES}
    for row in rows:
        if row.profile in registered:
            rendered = render_profile(profile(row.profile))
            assert row.status == "mapped"
            assert (row.correlations, row.transformations, row.gaps) == (
                rendered.count("correlations"),
                rendered.count("transformations"),
                rendered.count("gaps"),
            )
        else:
            assert row.status == NOT_MAPPED
            assert (row.correlations, row.transformations, row.gaps) == (0, 0, 0)
    header = next(row for row in rows if row.profile == "MessageHeader")
    assert (header.correlations, header.transformations, header.gaps) == (
        kinds(HEADER_TABLE)[0] + kinds(ERROR_OBJECT)[0],
        kinds(HEADER_TABLE)[1] + kinds(ERROR_OBJECT)[1],
        kinds(HEADER_TABLE)[2] + kinds(ERROR_OBJECT)[2],
    )


def test_summary_places_variants_under_their_scope_entry_and_others_last():
    variant = Profile("CustomerConfig (accounts)", "8.x", (HEADER_TABLE,))
    other = Profile("Outside", "9.9", (ERROR_OBJECT,))
    rows = summary([other, variant])
    names = [row.profile for row in rows]
    assert names[-1] == "Outside" and rows[-1].correlations == 2
    assert "CustomerConfig" not in names
    assert names.index("CustomerConfig (accounts)") == SCOPE.index("CustomerConfig")
    assert sum(row.status == NOT_MAPPED for row in rows) == len(SCOPE) - 1


# --- editions


@dataclass
class Thing:
    """A test pivot class."""

    mrid: str = field(metadata=xml("Meter/mRID"))
    names: list[str] = field(default_factory=list, metadata=xml("UsagePoint/Names"))


NS_2009 = "urn:test:2009#"
NS_2013 = "urn:test:2013#"
RENAMES = {"Meter": "MeterAsset", "UsagePoint": "ServiceDeliveryPoint", "Thing": "OldThing"}


def closure_codec(namespace: str, binding: Binding) -> PayloadCodec:
    def write(document: object) -> object:
        return binding.write(document, "Things")

    return PayloadCodec("Things", Edition.CIM2009, f"{{{namespace}}}Things", write, write)


def test_codec_renames_finds_the_binding_of_the_codec_namespace():
    old = Binding(NS_2009, renames=RENAMES)
    assert codec_renames(closure_codec(NS_2009, old)) == RENAMES
    partial = PayloadCodec(
        "Things",
        Edition.CIM2009,
        f"{{{NS_2009}}}Things",
        functools.partial(old.read, cls=Thing),
        functools.partial(old.write, name="Things"),
    )
    assert codec_renames(partial) == RENAMES
    other = closure_codec(NS_2013, old)
    assert codec_renames(other) is None
    by_method = PayloadCodec("T", Edition.CIM2013, f"{{{NS_2013}}}T", Binding(NS_2013).read, print)
    assert codec_renames(by_method) == {}


THING_TABLE = Table(
    name="Things",
    clause="0",
    msp_class=Thing,
    cim_class=Thing,
    rules=(
        Correlate("mrid", "mrid"),
        Gap(Side.CIM, "names", "none", carried_in="extensionsList:CIM.UsagePoint.Names"),
    ),
)
THINGS = Profile("Things", "0", (THING_TABLE,), noun="Things")


def test_edition_renames_name_the_cim_side(monkeypatch):
    codecs = {
        Edition.CIM2009: closure_codec(NS_2009, Binding(NS_2009, renames=RENAMES)),
        Edition.CIM2013: closure_codec(NS_2013, Binding(NS_2013)),
    }
    monkeypatch.setattr(mapping_tables, "codec_of", lambda noun, edition: codecs[edition])
    old = render_profile(THINGS, Edition.CIM2009)
    table = old.tables[0]
    assert table.cim_class == "OldThing" and table.msp_class == "Thing"
    assert table.correlations[0].msp == "Meter/mRID"
    assert table.correlations[0].cim == "MeterAsset/mRID"
    assert table.gaps[0].field == "ServiceDeliveryPoint/Names"
    assert "Meter → MeterAsset" in old.cim_names and dict(old.renames) == RENAMES
    new = render_profile(THINGS, Edition.CIM2013)
    assert new.tables[0].correlations[0].cim == "Meter/mRID"
    assert "pivot's names" in new.cim_names
    assert "MeterAsset" in to_markdown(old) and "MeterAsset" not in to_markdown(new)


def test_edition_notes_say_when_the_tables_read_the_same_in_both_editions(monkeypatch):
    same = {edition: closure_codec(NS_2013, Binding(NS_2013)) for edition in Edition}
    monkeypatch.setattr(mapping_tables, "codec_of", lambda noun, edition: same[edition])
    assert edition_names(THINGS, Edition.CIM2009) == (
        {},
        "IEC 61968-9:2009; the tables read the same in both editions (no renames)",
    )
    monkeypatch.setattr(mapping_tables, "codec_of", lambda noun, edition: None)
    renames, note = edition_names(THINGS, Edition.CIM2009)
    assert renames == {} and note.startswith("no IEC 61968-9:2009 payload codec for Things")


def test_meter_readings_2013_codec_uses_the_pivot_names():
    renames, note = edition_names(profile("MeterReadings"), Edition.CIM2013)
    assert renames == {} and note.startswith("IEC 61968-9:2013")


# --- formats


def test_text_columns_are_aligned():
    text = to_text(HEADER)
    lines = text.splitlines()
    heading = next(i for i, line in enumerate(lines) if line.strip().startswith("side "))
    column = lines[heading].index("where the value goes")
    rows = lines[heading + 1 : heading + 4]
    assert all(line[column - 2 : column] == "  " and line[column] != " " for line in rows)
    assert "@Pwd" in lines[heading + 1] and "lost (credential, never shown)" in lines[heading + 1]
    assert all(line == line.rstrip() for line in lines)


def test_markdown_tables_are_well_formed_and_escape_pipes():
    noted = Table("N", "0", Thing, Thing, (Correlate("mrid", "mrid", note="a | b"),))
    page = to_markdown(render_profile(Profile("N", "0", (noted,))))
    row = next(line for line in page.splitlines() if line.startswith("| `Meter/mRID`"))
    assert row.endswith("a \\| b |")
    for line in to_markdown(HEADER).splitlines():
        if line.startswith("|"):
            assert line.replace("\\|", "").count("|") == 5


def test_csv_parses_back_to_every_row():
    text = render(form=Format.CSV)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    total = sum(
        item.count("correlations") + item.count("transformations") + item.count("gaps")
        for item in map(render_profile, PROFILES)
    )
    assert len(rows) == total
    password = next(row for row in rows if row["msp"] == "@Pwd")
    assert password["kind"] == "gap" and password["disposition"] == "lost"
    assert password["carried_in"] == "" and password["side"] == "MultiSpeak"
    reading_type = next(row for row in rows if row["codec"] == "reading_type")
    assert reading_type["msp"].split("; ")[0] == "units"
    assert reading_type["cim"] == "ReadingType/@ref" and reading_type["profile"] == "MeterReadings"


ROW_KEYS = {
    "correlations": {"msp", "cim", "codec", "description", "note"},
    "transformations": {"msp", "cim", "codec", "description", "note"},
    "gaps": {"side", "field", "reason", "disposition", "carried_in", "secret"},
}


def test_json_structure_is_stable():
    data = json.loads(render(form=Format.JSON))
    assert set(data) == {"standard", "edition", "summary", "profiles"}
    assert {row["profile"] for row in data["summary"]} >= set(SCOPE)
    assert set(data["summary"][0]) == {
        "profile",
        "clause",
        "noun",
        "correlations",
        "transformations",
        "gaps",
        "status",
    }
    for item in data["profiles"]:
        assert set(item) == {
            "profile",
            "clause",
            "noun",
            "edition",
            "cim_names",
            "renames",
            "tables",
        }
        for table in item["tables"]:
            assert set(table) == {
                "name",
                "clause",
                "msp_class",
                "cim_class",
                "msp_objects",
                "correlations",
                "transformations",
                "gaps",
            }
            for kind, keys in ROW_KEYS.items():
                assert all(set(row) == keys for row in table[kind])
    single = json.loads(render([profile("MeterReadings")], form=Format.JSON))
    assert "summary" not in single
    reading = single["profiles"][0]["tables"][1]
    assert reading["transformations"][0]["msp"][0] == "units"


def test_documents_are_an_index_and_one_page_per_profile():
    files = documents()
    assert set(files) == {"README.md"} | {f"{slug(item.name)}.md" for item in PROFILES}
    index = files["README.md"]
    for name in SCOPE:
        assert f"| {name} |" in index or f"[{name}]({slug(name)}.md)" in index
    assert "[MeterReadings](meter_readings.md)" in index
    assert files["message_header.md"].startswith("# MessageHeader\n")
    assert set(documents(Format.JSON)) == {"summary.json"} | {
        f"{slug(item.name)}.json" for item in PROFILES
    }
    assert "summary.txt" in documents(Format.TEXT)
