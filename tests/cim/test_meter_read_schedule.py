"""MeterReadSchedule profile: the 2013 document validates against the official XSD, the 2009 one
against the XSD the project declares; both read back to the same pivot."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim.cim.catalogue import Edition, payload_codec, payload_for_tag
from mspcim.cim.identified_object import DateTimeInterval, Name
from mspcim.cim.message import MessageProperty
from mspcim.cim.meter_read_schedule import (
    BINDING_2009,
    BINDING_2013,
    CODEC_2009,
    CODEC_2013,
    CustomerAccount,
    EndDevice,
    EndDeviceGroup,
    MeterReadSchedule,
    ReadingType,
    TimePoint,
    TimeSchedule,
    UsagePoint,
    declared_schema_2009,
)
from mspcim.exceptions import MessageFormatError

NS13 = "http://iec.ch/TC57/2011/MeterReadSchedule#"
NS09 = "http://iec.ch/TC57/2009/MeterReadSchedule#"
KWH = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
WHEN = datetime(2026, 5, 1, tzinfo=UTC)


def sample() -> MeterReadSchedule:
    return MeterReadSchedule(
        customer_accounts=[CustomerAccount(mrid="CA-1")],
        end_devices=[
            EndDevice(mrid="6f1d2a50", names=[Name.typed("10001", "meterID", "MultiSpeak")])
        ],
        end_device_groups=[EndDeviceGroup(names=[Name.typed("CYCLE-01", "meterGroupID")])],
        reading_types=[ReadingType(mrid=KWH, names=[Name(name="Total forward energy")])],
        time_schedules=[
            TimeSchedule(
                disabled=False,
                offset=Decimal("7200"),
                recurrence_period=Decimal("900"),
                schedule_interval=DateTimeInterval(
                    start=WHEN, end=datetime(2027, 5, 1, tzinfo=UTC)
                ),
                time_points=[
                    TimePoint(date_time=WHEN, sequence_number=1),
                    TimePoint(
                        relative_time_interval=Decimal("300"),
                        window=DateTimeInterval(start=WHEN),
                    ),
                ],
            )
        ],
        usage_points=[UsagePoint(mrid="UP-1")],
    )


def test_2013_document_is_valid_against_the_official_schema(assert_schema_valid) -> None:
    element = CODEC_2013.write(sample())
    assert element.tag == f"{{{NS13}}}MeterReadSchedule"
    assert_schema_valid(element)
    q = {"m": NS13}
    assert element.xpath("m:EndDevice/m:mRID/text()", namespaces=q) == ["6f1d2a50"]
    assert element.xpath("m:TimeSchedule/m:recurrencePeriod/text()", namespaces=q) == ["900"]
    assert element.xpath("m:TimeSchedule/m:scheduleInterval/m:start/text()", namespaces=q) == [
        "2026-05-01T00:00:00Z"
    ]
    assert CODEC_2013.read(element) == sample()


def test_the_schedule_interval_is_written_even_when_empty(assert_schema_valid) -> None:
    element = CODEC_2013.write(MeterReadSchedule(time_schedules=[TimeSchedule(disabled=True)]))
    assert element.find(f"{{{NS13}}}TimeSchedule/{{{NS13}}}scheduleInterval") is not None
    assert_schema_valid(element)


def test_2009_document_uses_first_edition_names_and_its_declared_schema() -> None:
    element = CODEC_2009.write(sample())
    assert element.tag == f"{{{NS09}}}MeterReadSchedule"
    assert element.find(f"{{{NS09}}}EndDeviceAsset/{{{NS09}}}mRID").text == "6f1d2a50"
    assert element.find(f"{{{NS09}}}ServiceDeliveryPoint/{{{NS09}}}mRID").text == "UP-1"
    assert element.find(f"{{{NS09}}}EndDevice") is None
    schema = etree.XMLSchema(declared_schema_2009())
    schema.assertValid(element)
    assert CODEC_2009.read(element) == sample()
    assert CODEC_2009.declared_schema is declared_schema_2009
    assert CODEC_2013.official_schema == "iec61968-9-2011/MeterReadSchedule.xsd"


def test_the_declared_2009_schema_refuses_a_2013_shaped_document() -> None:
    element = BINDING_2009.write(sample(), "MeterReadSchedule")
    element.find(f"{{{NS09}}}EndDeviceAsset").tag = f"{{{NS09}}}EndDevice"
    assert not etree.XMLSchema(declared_schema_2009()).validate(element)


def test_codecs_are_registered_per_edition() -> None:
    assert payload_codec("MeterReadSchedule", Edition.CIM2013) is CODEC_2013
    assert payload_codec("MeterReadSchedule", Edition.CIM2009) is CODEC_2009
    assert payload_for_tag(f"{{{NS09}}}MeterReadSchedule") is CODEC_2009


def test_properties_never_reach_the_document() -> None:
    document = sample()
    document.properties = [MessageProperty("readingSchedule.@objectID", "RS-1")]
    element = CODEC_2013.write(document)
    assert b"RS-1" not in etree.tostring(element)


def test_a_foreign_root_is_a_clear_error() -> None:
    element = BINDING_2013.write(sample(), "MeterReadings")
    with pytest.raises(MessageFormatError, match="expected MeterReadSchedule"):
        CODEC_2013.read(element)


def test_a_missing_end_device_mrid_names_its_path() -> None:
    element = CODEC_2013.write(sample())
    device = element.find(f"{{{NS13}}}EndDevice")
    device.remove(device.find(f"{{{NS13}}}mRID"))
    with pytest.raises(MessageFormatError, match="mRID is required") as caught:
        CODEC_2013.read(element)
    assert caught.value.xpath == "/MeterReadSchedule/EndDevice[1]/mRID"


_TEXT = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=12)
_WHEN = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(lambda value: value.replace(microsecond=0))
_SECONDS = st.decimals(min_value=0, max_value=10**6, places=3)
_NAMES = st.lists(
    st.builds(lambda n, t: Name.typed(n, t) if t else Name(name=n), _TEXT, st.none() | _TEXT),
    max_size=2,
)
_INTERVAL = st.builds(DateTimeInterval, end=st.none() | _WHEN, start=st.none() | _WHEN)
_SCHEDULES = st.builds(
    TimeSchedule,
    disabled=st.none() | st.booleans(),
    offset=st.none() | _SECONDS,
    recurrence_pattern=st.none() | _TEXT,
    recurrence_period=st.none() | _SECONDS,
    schedule_interval=_INTERVAL,
    time_points=st.lists(
        st.builds(
            TimePoint,
            date_time=st.none() | _WHEN,
            relative_time_interval=st.none() | _SECONDS,
            sequence_number=st.none() | st.integers(0, 10**6),
            window=st.none() | _INTERVAL,
        ),
        max_size=3,
    ),
)
_DOCUMENTS = st.builds(
    MeterReadSchedule,
    customer_accounts=st.lists(st.builds(CustomerAccount, mrid=_TEXT, names=_NAMES), max_size=2),
    end_devices=st.lists(st.builds(EndDevice, mrid=_TEXT, names=_NAMES), max_size=3),
    end_device_groups=st.lists(st.builds(EndDeviceGroup, names=_NAMES), max_size=2),
    reading_types=st.lists(st.builds(ReadingType, mrid=st.just(KWH), names=_NAMES), max_size=2),
    time_schedules=st.lists(_SCHEDULES, max_size=2),
    usage_points=st.lists(st.builds(UsagePoint, mrid=_TEXT), max_size=2),
)


@settings(max_examples=60, deadline=None)
@given(document=_DOCUMENTS)
def test_any_document_round_trips_in_both_editions(schemas, document: MeterReadSchedule) -> None:
    element = CODEC_2013.write(document)
    assert schemas.validate(element) == []
    assert CODEC_2013.read(element) == document
    element_2009 = CODEC_2009.write(document)
    assert etree.XMLSchema(declared_schema_2009()).validate(element_2009)
    assert CODEC_2009.read(element_2009) == document
