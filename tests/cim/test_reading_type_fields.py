"""ReadingTypes spelled out field by field: written from a code, and a code rebuilt from them."""

from decimal import Decimal

import pytest
from lxml import etree

from mspcim.cim.meter_readings_2013 import NAMESPACE, read_meter_readings
from mspcim.cim.reading_type import ReadingTypeCode
from mspcim.cim.reading_type_fields import code_from_literals, literal_fields
from mspcim.exceptions import MappingError

KWH = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"


def test_literal_fields_spell_out_the_code_in_schema_order():
    fields = dict(
        literal_fields(ReadingTypeCode.parse("0.8.2.4.19.1.8.0.0.0.0.3.0.2.128.3.38.840"))
    )
    assert fields == {
        "accumulation": "deltaData",
        "aggregate": "maximum",
        "commodity": "electricitySecondaryMetered",
        "consumptionTier": "2",
        "cpp": None,
        "currency": "USD",
        "flowDirection": "reverse",
        "macroPeriod": None,
        "measurementKind": "demand",
        "measuringPeriod": "fifteenMinute",
        "multiplier": "k",
        "phases": "A",
        "tou": "3",
        "unit": "W",
    }


@pytest.mark.parametrize(
    "fields",
    [
        {
            "accumulation": "bulkQuantity",
            "flowDirection": "forward",
            "commodity": "electricitySecondaryMetered",
            "measurementKind": "energy",
            "multiplier": "k",
            "unit": "Wh",
        },
        {
            "accumulation": "1",
            "flowDirection": "1",
            "commodity": "1",
            "measurementKind": "12",
            "multiplier": "3",
            "unit": "72",
        },
        {
            "accumulation": "BULKQUANTITY",
            "flowDirection": "FORWARD",
            "commodity": "1",
            "measurementKind": "energy",
            "multiplier": "KILO",
            "unit": "Wh",
        },
    ],
    ids=["literals", "numbers", "member-names"],
)
def test_code_from_literals_accepts_literals_numbers_and_names(fields):
    assert str(code_from_literals(fields)) == KWH


def test_rationals_are_read_back():
    code = code_from_literals({"unit": "V", "argument/numerator": "1", "argument/denominator": "2"})
    assert (code.argument_numerator, code.argument_denominator) == (1, 2)


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        (
            {"unit": "furlongsPerFortnight"},
            "ReadingType/unit 'furlongsPerFortnight' is not understood",
        ),
        ({"measurementKind": "999"}, "ReadingType/measurementKind '999' is not understood"),
        ({"tou": "many"}, "ReadingType/tou 'many' is not understood"),
        ({}, "neither a code as mRID nor any field"),
    ],
)
def test_fields_that_cannot_be_understood_say_which(fields, words):
    with pytest.raises(MappingError) as caught:
        code_from_literals(fields, where="/MeterReadings/ReadingType[1]")
    assert words in str(caught.value)


def test_a_vendor_reading_type_with_a_uuid_mrid_is_resolved_to_its_code():
    document = f"""<m:MeterReadings xmlns:m="{NAMESPACE}">
      <m:MeterReading>
        <m:Meter><m:mRID>meter-guid</m:mRID></m:Meter>
        <m:Readings><m:value>12.5</m:value><m:ReadingType ref="6f1a2b3c-uuid"/></m:Readings>
      </m:MeterReading>
      <m:ReadingType>
        <m:mRID>6f1a2b3c-uuid</m:mRID>
        <m:accumulation>bulkQuantity</m:accumulation>
        <m:commodity>electricitySecondaryMetered</m:commodity>
        <m:flowDirection>forward</m:flowDirection>
        <m:measurementKind>energy</m:measurementKind>
        <m:multiplier>k</m:multiplier>
        <m:unit>Wh</m:unit>
        <m:Names><m:name>Energy delivered</m:name></m:Names>
      </m:ReadingType>
    </m:MeterReadings>"""
    readings = read_meter_readings(etree.fromstring(document.encode()))
    (reading,) = readings.meter_readings[0].readings
    assert reading.reading_type == KWH
    assert reading.value == Decimal("12.5")
    assert readings.reading_type(KWH).name == "Energy delivered"
