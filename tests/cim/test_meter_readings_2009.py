"""IEC 61968-9:2009 MeterReadings: valid against the official schema, derivations noted, round trips."""

from __future__ import annotations

import string
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim import ns, xmlsafe
from mspcim.cim import meter_readings_2009_schema as schema
from mspcim.cim.catalogue import Edition, payload_codec, payload_for_tag
from mspcim.cim.envelope import read_message
from mspcim.cim.message import EnvelopeForm
from mspcim.cim.meter_readings_2009 import (
    CODEC,
    NAMESPACE,
    SERIAL_NUMBER,
    EditionNotes,
    build_meter_readings,
    read_meter_readings,
)
from mspcim.cim.meter_readings_2013 import read_meter_readings as read_2013
from mspcim.cim.model import (
    IntervalBlock,
    IntervalReading,
    MeterReading,
    MeterReadings,
    Name,
    Reading,
    ReadingQuality,
    ReadingType,
    Status,
)
from mspcim.cim.reading_quality import QualityCategory, QualitySystem
from mspcim.cim.reading_type import ReadingTypeCode
from mspcim.cim.reading_type_kinds import MeasurementKind, UnitMultiplier, UnitSymbol
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.harmonize.gaps import GapKind
from mspcim.harmonize.translator import detect, translate_document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
KWH = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
KWH_15 = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
VOLTS = "0.0.0.12.0.1.54.0.0.0.0.0.0.0.0.0.29.0"
M = NAMESPACE


def q(local: str) -> str:
    return f"{{{M}}}{local}"


def meter_reading(**changes: object) -> MeterReading:
    values: dict[str, object] = {
        "meter_mrid": "6f1d2a50-0c39-4b7e-a3a6-1c1f1e3a0001",
        "meter_names": [Name("10001"), Name("SN-77", SERIAL_NUMBER)],
        "usage_point_mrid": "SP-42",
        "readings": [
            Reading(KWH, Decimal("12345.67"), T0, [ReadingQuality("1.0.0", comment="read")]),
            Reading(VOLTS, Decimal("241.3"), T0),
        ],
        "interval_blocks": [
            IntervalBlock(
                KWH_15,
                [
                    IntervalReading(Decimal("0.25"), T0 - timedelta(minutes=15)),
                    IntervalReading(Decimal("0.5"), T0, [ReadingQuality("1.4.5")]),
                ],
            )
        ],
    }
    values.update(changes)
    return MeterReading(**values)  # type: ignore[arg-type]


def document(*readings: MeterReading) -> MeterReadings:
    return MeterReadings(list(readings) or [meter_reading()], [ReadingType(KWH, "PosKWh")])


def payload(document_element: etree._Element) -> etree._Element:
    found = document_element.find(f".//{q('MeterReadings')}")
    assert found is not None
    return found


# --- the written document


def test_written_document_is_valid_and_says_what_the_pivot_says(assert_schema_valid) -> None:
    root = build_meter_readings(document())
    assert_schema_valid(root)
    assert_schema_valid(root, edition="2009")
    (reading,) = root.iterchildren(q("MeterReading"))
    meter = reading.find(q("Meter"))
    assert meter is not None
    assert meter.findtext(q("mRID")) == "6f1d2a50-0c39-4b7e-a3a6-1c1f1e3a0001"
    assert meter.findtext(q("name")) == "10001"
    assert meter.findtext(q("serialNumber")) == "SN-77"
    assert reading.findtext(f"{q('UsagePoint')}/{q('mRID')}") == "SP-42"
    values = reading.findall(f"{q('Readings')}/{q('Reading')}")
    assert [value.findtext(q("value")) for value in values] == ["12345.67", "241.3"]
    assert [value.find(q("ReadingType")).get("ref") for value in values] == [KWH, VOLTS]  # type: ignore[union-attr]
    assert values[0].findtext(q("timeStamp")) == "2026-05-01T12:00:00Z"
    quality = values[0].find(f"{q('ReadingQualities')}/{q('ReadingQuality')}")
    assert quality is not None
    assert [quality.findtext(q(local)) for local in ("mRID", "name", "systemId")] == [
        "1.0.0",
        "read",
        "1",
    ]
    intervals = reading.findall(f".//{q('IntervalReading')}")
    assert [interval.findtext(q("value")) for interval in intervals] == ["0.25", "0.5"]
    types = {
        element.findtext(q("mRID")): element
        for element in root.iterfind(f"{q('ReadingTypes')}/{q('ReadingType')}")
    }
    assert list(types) == [KWH, VOLTS, KWH_15]
    kwh = types[KWH]
    assert [kwh.findtext(q(local)) for local in ("name", "kind", "multiplier", "unit")] == [
        "PosKWh",
        "energy",
        "k",
        "Wh",
    ]
    assert kwh.findtext(q("flowDirection")) == "forward"
    volts = types[VOLTS]
    assert [volts.findtext(q(local)) for local in ("kind", "multiplier", "unit")] == [
        "voltage",
        "none",
        "V",
    ]


def test_empty_document_is_valid(assert_schema_valid) -> None:
    root = build_meter_readings(MeterReadings())
    assert_schema_valid(root)
    assert len(root) == 0


@pytest.mark.parametrize("unit", sorted(schema.UNITS, key=int))
def test_every_unit_of_the_table_is_written_valid(assert_schema_valid, unit: UnitSymbol) -> None:
    code = str(ReadingTypeCode(unit=unit, multiplier=UnitMultiplier.KILO))
    notes = EditionNotes()
    reading = meter_reading(readings=[Reading(code, Decimal(1), T0)], interval_blocks=[])
    root = build_meter_readings(MeterReadings([reading]), notes)
    assert_schema_valid(root)
    element = root.find(f"{q('ReadingTypes')}/{q('ReadingType')}")
    assert element is not None
    assert element.findtext(q("unit")) == schema.UNITS[unit].value
    assert not [note for note in notes if note.path.endswith("/unit")]


def test_degrees_celsius_is_written_as_the_schema_spells_it(assert_schema_valid) -> None:
    code = str(ReadingTypeCode(unit=UnitSymbol.DEGREESCELSIUS))
    root = build_meter_readings(
        MeterReadings(
            [meter_reading(readings=[Reading(code, Decimal(20), T0)], interval_blocks=[])]
        )
    )
    assert_schema_valid(root)
    assert root.findtext(f".//{q('unit')}") == "\u00c2\u00baC"


@pytest.mark.parametrize(
    ("code", "path", "written"),
    [
        (str(ReadingTypeCode(unit=UnitSymbol.CUBICFEET)), "unit", "none"),
        (
            str(ReadingTypeCode(unit=UnitSymbol.WATT, multiplier=UnitMultiplier.HECTO)),
            "multiplier",
            "none",
        ),
        (
            str(
                ReadingTypeCode(
                    measurement_kind=MeasurementKind.TEMPERATURE, unit=UnitSymbol.KELVIN
                )
            ),
            "kind",
            "other",
        ),
    ],
)
def test_codes_the_first_edition_cannot_express_are_noted(
    assert_schema_valid, code: str, path: str, written: str
) -> None:
    notes = EditionNotes()
    root = build_meter_readings(
        MeterReadings(
            [meter_reading(readings=[Reading(code, Decimal(1), T0)], interval_blocks=[])]
        ),
        notes,
    )
    assert_schema_valid(root)
    element = root.find(f"{q('ReadingTypes')}/{q('ReadingType')}")
    assert element is not None
    assert element.findtext(q(path)) == written
    assert element.findtext(q("mRID")) == code
    (note,) = [
        note for note in notes if note.path == f"/MeterReadings/ReadingTypes/ReadingType/{path}"
    ]
    assert (note.value, note.lost) == (code, False)
    assert "mRID keeps" in note.reason or "measurementKind" in note.reason
    back = read_meter_readings(root)
    assert back.meter_readings[0].readings[0].reading_type == code


def test_derived_values_are_noted_once_per_path_with_counts() -> None:
    notes = EditionNotes()
    build_meter_readings(
        MeterReadings(
            [
                MeterReading(meter_names=[Name("M1")], readings=[Reading(KWH, Decimal(1), T0)])
                for _ in range(3)
            ]
        ),
        notes,
    )
    by_path = {note.path: note for note in notes}
    assert by_path["/MeterReadings/MeterReading/mRID"].count == 3
    assert by_path["/MeterReadings/MeterReading/name"].value == "M1"
    assert by_path["/MeterReadings/MeterReading/Meter/mRID"].count == 3
    assert by_path["/MeterReadings/MeterReading/Meter/serialNumber"].value == "M1"
    assert by_path["/MeterReadings/MeterReading/UsagePoint/mRID"].count == 3
    assert by_path["/MeterReadings/MeterReading/Readings/Reading/mRID"].count == 3
    assert all(not note.lost for note in notes)
    assert all(note.reason.startswith("required by the first edition") for note in notes)


def test_pivot_values_the_edition_cannot_hold_are_noted_lost() -> None:
    notes = EditionNotes()
    reading = meter_reading(
        meter_names=[
            Name("10001", "meterID", "MultiSpeak"),
            Name("AMR-1", "deviceID", "MultiSpeak"),
        ],
        meter_status=Status("energized", T0, "ok", "checked"),
        readings=[
            Reading(
                KWH,
                Decimal(1),
                T0,
                [ReadingQuality("1.0.0", source="HES")],
                reason="inquiry",
                source="HES-1",
            )
        ],
        values_interval_start=T0,
        is_coincident_trigger=True,
    )
    root = build_meter_readings(MeterReadings([reading]), notes)
    assert root.findtext(f".//{q('Meter')}/{q('name')}") == "10001"
    lost = {note.path: note.value for note in notes if note.lost}
    assert lost == {
        "/MeterReadings/MeterReading/Meter/Names": "deviceID=AMR-1",
        "/MeterReadings/MeterReading/Meter/status/remark": "checked",
        "/MeterReadings/MeterReading/Readings/Reading/reason": "inquiry",
        "/MeterReadings/MeterReading/Readings/Reading/source": "HES-1",
        "/MeterReadings/MeterReading/Readings/Reading/ReadingQualities/ReadingQuality/source": "HES",
        "/MeterReadings/MeterReading/valuesInterval/start": "2026-05-01 12:00:00+00:00",
        "/MeterReadings/MeterReading/isCoincidentTrigger": "True",
    }


def test_missing_value_is_nan_and_reads_back_as_none(assert_schema_valid) -> None:
    notes = EditionNotes()
    root = build_meter_readings(
        MeterReadings([meter_reading(readings=[Reading(KWH, None, T0)], interval_blocks=[])]), notes
    )
    assert_schema_valid(root)
    assert root.findtext(f".//{q('Reading')}/{q('value')}") == "NaN"
    assert "/MeterReadings/MeterReading/Readings/Reading/value" in {note.path for note in notes}
    assert read_meter_readings(root).meter_readings[0].readings[0].value is None


def test_time_stamp_falls_back_to_the_end_of_the_period() -> None:
    notes = EditionNotes()
    end = T0 + timedelta(days=1)
    reading = meter_reading(
        readings=[Reading(KWH, Decimal(1), None, time_period_end=end)], interval_blocks=[]
    )
    root = build_meter_readings(MeterReadings([reading]), notes)
    assert root.findtext(f".//{q('Reading')}/{q('timeStamp')}") == "2026-05-02T12:00:00Z"
    note = next(note for note in notes if note.path.endswith("Reading/timeStamp"))
    assert (note.value, note.lost) == ("2026-05-02 12:00:00+00:00", False)


@pytest.mark.parametrize(
    ("reading", "xpath"),
    [
        (
            meter_reading(readings=[Reading(KWH, Decimal(1), None)], interval_blocks=[]),
            "/MeterReadings/MeterReading/Readings/Reading[1]/timeStamp",
        ),
        (
            meter_reading(
                readings=[], interval_blocks=[IntervalBlock(KWH_15, [IntervalReading(Decimal(1))])]
            ),
            "/MeterReadings/MeterReading/IntervalBlocks/IntervalBlock[1]/IntervalReadings/IntervalReading[1]/timeStamp",
        ),
        (
            meter_reading(readings=[Reading(KWH, Decimal("1e39"), T0)], interval_blocks=[]),
            "/MeterReadings/MeterReading/Readings/Reading/value",
        ),
    ],
)
def test_what_the_edition_cannot_take_is_refused(reading: MeterReading, xpath: str) -> None:
    with pytest.raises(MappingError) as caught:
        build_meter_readings(MeterReadings([reading]))
    assert caught.value.xpath == xpath


# --- round trips


def test_round_trip_gives_the_pivot_back_without_notes() -> None:
    original = document(
        meter_reading(),
        meter_reading(
            meter_mrid=None,
            meter_names=[Name("10002")],
            usage_point_mrid=None,
            meter_status=Status("on", T0, "ok"),
        ),
        MeterReading(readings=[Reading(KWH, Decimal(3), T0)]),
    )
    notes = EditionNotes()
    back = read_meter_readings(build_meter_readings(original), notes)
    assert list(notes) == []
    assert back.meter_readings == original.meter_readings
    assert back.reading_types == [
        ReadingType(KWH, "PosKWh"),
        ReadingType(VOLTS),
        ReadingType(KWH_15),
    ]


_CODES = st.sampled_from([KWH, KWH_15, VOLTS, "0.0.0.1.19.1.12.0.0.0.0.0.0.0.0.3.73.0"])
_TIMES = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2060, 1, 1), timezones=st.just(UTC)
)
_TEXT = st.text(alphabet=string.ascii_letters + string.digits + "-_ ", min_size=1, max_size=12)
_VALUES = st.none() | st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False)
_QUALITIES = st.lists(
    st.builds(
        lambda system, category, index, comment: ReadingQuality(
            f"{system}.{category}.{index}", comment=comment
        ),
        st.sampled_from([int(member) for member in QualitySystem]),
        st.sampled_from([int(member) for member in QualityCategory]),
        st.integers(0, 300),
        st.none() | _TEXT,
    ),
    max_size=2,
)


@st.composite
def expressible_meter_readings(draw: st.DrawFn) -> MeterReading:
    """Pivot MeterReadings holding only what the first edition can express.

    Names, serial numbers and mRIDs differ: a serialNumber equal to the name, or a name equal to
    the mRID, is what the writer derives when there is none, so it reads back as none.
    """
    names = [Name("N-" + draw(_TEXT))] if draw(st.booleans()) else []
    if draw(st.booleans()):
        names.append(Name("SN-" + draw(_TEXT), SERIAL_NUMBER))
    return MeterReading(
        meter_mrid=draw(st.none() | _TEXT.map("ID-".__add__)),
        meter_names=names,
        meter_status=draw(
            st.none() | st.builds(Status, _TEXT, st.none() | _TIMES, st.none() | _TEXT)
        ),
        usage_point_mrid=draw(st.none() | _TEXT),
        readings=draw(
            st.lists(st.builds(Reading, _CODES, _VALUES, _TIMES, _QUALITIES), max_size=3)
        ),
        interval_blocks=draw(
            st.lists(
                st.builds(
                    IntervalBlock,
                    _CODES,
                    st.lists(st.builds(IntervalReading, _VALUES, _TIMES, _QUALITIES), max_size=3),
                ),
                max_size=2,
            )
        ),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(expressible_meter_readings(), max_size=3))
def test_round_trip_property(schemas, readings: list[MeterReading]) -> None:
    original = MeterReadings(readings)
    root = build_meter_readings(original)
    assert schemas.validate(root) == []
    notes = EditionNotes()
    back = read_meter_readings(xmlsafe.parse(etree.tostring(root)), notes)
    assert list(notes) == []
    assert back.meter_readings == original.meter_readings


# --- reading documents of other producers


def foreign(namespace: str | None) -> etree._Element:
    """A first-edition document as another system writes it (unqualified, ReadingType not a code)."""
    xmlns = f' xmlns="{namespace}"' if namespace else ""
    text = f"""<MeterReadings{xmlns}><MeterReading><mRID>MR-1</mRID><name>daily read</name>
      <Readings><Reading><mRID>R-1</mRID><name>kWh</name><timeStamp>2024-05-01T12:00:00Z</timeStamp>
        <value>1.5</value><ReadingType ref="RT-1"/></Reading></Readings>
      <Meter><mRID>MTR-1</mRID><name>MTR-1</name><serialNumber>S-1</serialNumber></Meter>
      <UsagePoint><mRID>UP-1</mRID></UsagePoint></MeterReading>
      <ReadingTypes><ReadingType><mRID>RT-1</mRID><name>energy</name><flowDirection>forward</flowDirection>
        <measurementKind>energy</measurementKind><kind>energy</kind><multiplier>k</multiplier>
        <unit>Wh</unit></ReadingType></ReadingTypes></MeterReadings>"""
    return xmlsafe.parse(text.encode())


@pytest.mark.parametrize("namespace", [None, NAMESPACE])
def test_foreign_document_is_read_and_what_the_pivot_cannot_keep_is_noted(
    assert_schema_valid, namespace: str | None
) -> None:
    element = foreign(namespace)
    assert_schema_valid(element)
    notes = EditionNotes()
    document = read_meter_readings(element, notes)
    (reading,) = document.meter_readings
    assert reading.meter_mrid == "MTR-1"
    assert reading.meter_names == [Name("S-1", SERIAL_NUMBER)]
    assert reading.usage_point_mrid == "UP-1"
    (value,) = reading.readings
    assert value.reading_type == "0.0.0.0.1.0.12.0.0.0.0.0.0.0.0.3.72.0"
    assert value.value == Decimal("1.5")
    assert document.reading_types == [
        ReadingType("0.0.0.0.1.0.12.0.0.0.0.0.0.0.0.3.72.0", "energy")
    ]
    assert {(note.path, note.value) for note in notes if note.lost} == {
        ("/MeterReadings/MeterReading/mRID", "MR-1"),
        ("/MeterReadings/MeterReading/name", "daily read"),
        ("/MeterReadings/MeterReading/Readings/Reading/mRID", "R-1"),
        ("/MeterReadings/MeterReading/Readings/Reading/name", "kWh"),
    }
    assert element.tag == ("MeterReadings" if namespace is None else q("MeterReadings"))


def test_unqualified_payload_is_found_in_the_registry() -> None:
    assert payload_for_tag("MeterReadings") is not None
    assert payload_for_tag(q("MeterReadings")) is CODEC
    assert payload_codec("MeterReadings", Edition.CIM2009) is CODEC
    assert CODEC.official_schema == "iec61968-9-2009/MeterReadings.xsd"
    assert detect(foreign(None)) == "CIM 61968-9:2009 MeterReadings payload"


@pytest.mark.parametrize(
    ("edit", "error", "xpath"),
    [
        (
            lambda r: (
                r.find(".//Meter/serialNumber").getparent().remove(r.find(".//Meter/serialNumber"))
            ),
            MessageFormatError,
            "/MeterReadings/MeterReading[1]/Meter[1]/serialNumber",
        ),
        (
            lambda r: setattr(r.find(".//Reading/value"), "text", "lots"),
            MappingError,
            "/MeterReadings/MeterReading[1]/Readings/Reading[1]/value",
        ),
        (
            lambda r: r.find(".//Reading/ReadingType").set("ref", "RT-9"),
            MappingError,
            "/MeterReadings/MeterReading[1]/Readings/Reading[1]/ReadingType",
        ),
        (
            lambda r: setattr(r.find(".//ReadingType/unit"), "text", "kg/J"),
            MappingError,
            "/MeterReadings/ReadingTypes/ReadingType[1]",
        ),
        (
            lambda r: setattr(r.find(".//ReadingType/kind"), "text", "Energy"),
            MappingError,
            "/MeterReadings/ReadingTypes/ReadingType[1]/kind[1]",
        ),
    ],
)
def test_bad_documents_get_clear_errors(edit, error: type[Exception], xpath: str) -> None:
    root = foreign(None)
    edit(root)
    with pytest.raises(error) as caught:
        read_meter_readings(root)
    assert caught.value.xpath == xpath  # type: ignore[attr-defined]


def test_other_root_is_refused() -> None:
    with pytest.raises(MessageFormatError, match="expected MeterReadings"):
        read_meter_readings(etree.Element(q("MeterReading")))


def test_equivalent_units_are_read_as_their_code() -> None:
    root = foreign(None)
    root.find(".//ReadingType/unit").text = "J/s"  # type: ignore[union-attr]
    root.find(".//ReadingType/multiplier").text = "none"  # type: ignore[union-attr]
    assert (
        read_meter_readings(root).reading_types[0].mrid == "0.0.0.0.1.0.12.0.0.0.0.0.0.0.0.0.38.0"
    )


# --- the declaration is the schema


def _shape(schema_root: etree._Element) -> dict[str, object]:
    """complexType name → its elements (name, type, min, max) and attributes; enumerations by type."""
    xs = ns.XS
    shapes: dict[str, object] = {}
    for complex_type in schema_root.iter(f"{{{xs}}}complexType"):
        elements = []
        for element in complex_type.iter(f"{{{xs}}}element"):
            kind = element.get("type") or ""
            enumeration = element.findall(f".//{{{xs}}}enumeration")
            elements.append(
                (
                    element.get("name"),
                    sorted(e.get("value") for e in enumeration)
                    if enumeration
                    else kind.rpartition(":")[2],
                    element.get("minOccurs", "1"),
                    element.get("maxOccurs", "1"),
                )
            )
        attributes = [a.get("name") for a in complex_type.iter(f"{{{xs}}}attribute")]
        shapes[complex_type.get("name") or ""] = (elements, attributes)
    return shapes


def test_declared_dataclasses_have_the_official_schema_shape(schemas) -> None:
    official = etree.parse(str(schemas.root / "iec61968-9-2009" / "MeterReadings.xsd")).getroot()
    enumerations = {
        simple.get("name"): sorted(e.get("value") for e in simple.iter(f"{{{ns.XS}}}enumeration"))
        for simple in official.iter(f"{{{ns.XS}}}simpleType")
    }
    expected = _shape(official)
    for name, (elements, attributes) in list(expected.items()):  # type: ignore[misc]
        expected[name] = (
            [(e, enumerations.get(t, t), lo, hi) for e, t, lo, hi in elements],
            attributes,
        )
    declared = _shape(schema.BINDING.xsd(schema.MeterReadings, "MeterReadings"))
    assert declared == expected


# --- through the translator: 2013 ⇄ 2009, MultiSpeak → 2009


def test_2013_payload_to_2009_and_back_through_the_translator(assert_schema_valid) -> None:
    source = xmlsafe.parse((FIXTURES / "meter_readings.xml").read_bytes())
    original = read_2013(source)
    to_2009 = translate_document(source, "cim2009")
    assert to_2009.target == "CIM 2009 (61968-100)"
    assert_schema_valid(to_2009.document, edition="2009")
    first = read_meter_readings(payload(to_2009.document))
    assert [[r.value for r in m.readings] for m in first.meter_readings] == [
        [r.value for r in m.readings] for m in original.meter_readings
    ]
    back = translate_document(to_2009.document, "cim2013")
    assert_schema_valid(back.document, edition="2013")
    message = read_message(back.document)
    again = read_2013(message.payload[0])
    for got, was in zip(again.meter_readings, original.meter_readings, strict=True):
        assert got.meter_mrid == was.meter_mrid
        assert got.usage_point_mrid == was.usage_point_mrid
        assert [(r.reading_type, r.value, r.time_stamp) for r in got.readings] == [
            (r.reading_type, r.value, r.time_stamp) for r in was.readings
        ]
        assert [[q.reading_quality_type for q in r.reading_qualities] for r in got.readings] == [
            [q.reading_quality_type for q in r.reading_qualities] for r in was.readings
        ]


def test_multispeak_notification_to_2009(assert_schema_valid) -> None:
    source = xmlsafe.parse((FIXTURES / "reading_changed_notification.soap11.xml").read_bytes())
    result = translate_document(source, "cim2009")
    assert_schema_valid(result.document, edition="2009")
    document = read_meter_readings(payload(result.document))
    assert document.meter_readings
    assert all(reading.readings for reading in document.meter_readings)
    assert read_message(result.document).header.correlation_id == "TX-2026-0501-0007"  # type: ignore[union-attr]
    assert (
        translate_document(result.document, "msp41").target
        == "MultiSpeak 4.1 ReadingChangedNotification"
    )


def test_translator_reports_what_the_first_edition_derives() -> None:
    source = xmlsafe.parse((FIXTURES / "reading_changed_notification.soap11.xml").read_bytes())
    result = translate_document(source, "cim2009")
    assert any(
        entry.path.endswith("MeterReading/mRID") for entry in result.gaps.of_kind(GapKind.CHANGED)
    )


def test_translator_reports_what_the_first_edition_cannot_hold() -> None:
    source = xmlsafe.parse((FIXTURES / "meter_readings.xml").read_bytes())
    result = translate_document(source, "cim2009")
    assert any("source" in entry.path for entry in result.gaps.lost)


def test_noun_wrapper_with_the_first_edition_is_refused() -> None:
    source = xmlsafe.parse((FIXTURES / "reading_changed_notification.soap11.xml").read_bytes())
    with pytest.raises(MessageFormatError):
        translate_document(source, "cim2009", form=EnvelopeForm.NOUN_WRAPPER)
