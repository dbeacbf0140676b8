"""Profile MeterAssetReading as the project declares it: meters with readings, both editions."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim.cim.end_device_assets import ReadingType, UsagePoint
from mspcim.cim.identified_object import DateTimeInterval, Name
from mspcim.cim.meter_asset_reading import (
    CODEC_2009,
    CODEC_2013,
    NAMESPACE_2009,
    AssetReading,
    AssetReadingQuality,
    MeterAssetReading,
    MeterReading,
    ReadMeter,
)
from mspcim.exceptions import MappingError

KWH = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
WHEN = datetime(2026, 5, 1, 0, 15, tzinfo=UTC)


def document() -> MeterAssetReading:
    return MeterAssetReading(
        meters=[
            ReadMeter(
                mrid="5d1f3c2a",
                serial_number="IT-88120457",
                end_device_names=[Name.typed("40017721", "meterID", "MultiSpeak")],
                meter_readings=[
                    MeterReading(
                        mrid="mr-1",
                        readings=[
                            AssetReading(
                                time_stamp=WHEN,
                                value=Decimal("18235.25"),
                                reading_qualities=[
                                    AssetReadingQuality(reading_quality_type="1.4.9")
                                ],
                                reading_type=ReadingType(
                                    mrid=KWH, reading_type_names=[Name(name="Total kWh")]
                                ),
                                time_period=DateTimeInterval(start=WHEN, end=WHEN),
                            )
                        ],
                    )
                ],
                usage_point=UsagePoint(mrid="sp-1"),
            )
        ]
    )


@pytest.mark.parametrize("codec", [CODEC_2013, CODEC_2009], ids=["2013", "2009"])
def test_written_valid_and_read_back(codec):
    element = codec.write(document())
    etree.XMLSchema(codec.declared_schema()).assertValid(element)
    assert codec.read(element) == document()


def test_the_2009_names_and_values():
    element = CODEC_2009.write(document())
    meter = element.find(f"{{{NAMESPACE_2009}}}MeterAsset")
    assert meter.find(f"{{{NAMESPACE_2009}}}ServiceDeliveryPoint") is not None
    reading = meter.find(f"{{{NAMESPACE_2009}}}MeterReadings/{{{NAMESPACE_2009}}}Readings")
    assert reading.findtext(f"{{{NAMESPACE_2009}}}value") == "18235.25"
    assert reading.findtext(f"{{{NAMESPACE_2009}}}timeStamp") == "2026-05-01T00:15:00Z"
    quality = reading.find(f"{{{NAMESPACE_2009}}}ReadingQualities")
    assert quality.findtext(f"{{{NAMESPACE_2009}}}ReadingQualityType") == "1.4.9"


def test_a_value_that_is_not_a_number_is_refused():
    element = CODEC_2013.write(document())
    element.xpath("//*[local-name()='value']")[0].text = "n/a"
    with pytest.raises(MappingError) as caught:
        CODEC_2013.read(element)
    assert caught.value.xpath.endswith("/Readings[1]/value[1]")


values = st.decimals(places=3, min_value=-1e6, max_value=1e6, allow_nan=False)
readings = st.builds(
    AssetReading,
    value=st.none() | values,
    reading_type=st.builds(ReadingType, mrid=st.just(KWH)),
    source=st.none() | st.text(alphabet="xyz", min_size=1),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(readings, max_size=4), st.sampled_from([CODEC_2013, CODEC_2009]))
def test_round_trip_property(items, codec):
    doc = MeterAssetReading(meters=[ReadMeter(meter_readings=[MeterReading(readings=items)])])
    element = codec.write(doc)
    assert etree.XMLSchema(codec.declared_schema()).validate(element)
    assert codec.read(element) == doc
