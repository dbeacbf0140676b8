"""MeterServiceRequests profile: the 2013 document (with the header its schema embeds) validates
against the official XSD, the 2009 one against the declared XSD; both read back."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim import ns
from mspcim.cim.catalogue import Edition, payload_codec
from mspcim.cim.identified_object import DateTimeInterval, Name, Status
from mspcim.cim.meter_service_requests import (
    BINDING_2013,
    CODEC_2009,
    CODEC_2013,
    ActivityRecord,
    Customer,
    CustomerAgreement,
    CustomerKind,
    Meter,
    MeterMultiplier,
    MeterMultiplierKind,
    MeterReading,
    MeterServiceRequests,
    MeterServiceWork,
    PhaseCode,
    Reading,
    ReadingQuality,
    ReadingQualityType,
    ReadingReasonKind,
    ReadingType,
    Ref,
    ServiceLocation,
    ServiceMultiplier,
    ServiceMultiplierKind,
    StreetAddress,
    StreetDetail,
    TownDetail,
    UsagePoint,
    WorkKind,
    declared_schema_2009,
)
from mspcim.exceptions import MappingError, MessageFormatError

NS13 = "http://iec.ch/TC57/2011/MeterServiceRequests#"
NS09 = "http://iec.ch/TC57/2009/MeterServiceRequests#"
KWH = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
WHEN = datetime(2026, 5, 5, 10, tzinfo=UTC)


def sample() -> MeterServiceRequests:
    reading = Reading(
        reason=ReadingReasonKind.REMOVAL,
        time_stamp=WHEN,
        value=Decimal("48213.4"),
        reading_qualities=[ReadingQuality(reading_quality_type=Ref(ref="1.0.0"))],
        reading_type=Ref(ref=KWH),
        time_period=DateTimeInterval(end=WHEN),
    )
    work = MeterServiceWork(
        kind=WorkKind.METER,
        priority="high",
        request_date_time=WHEN,
        type="MeterExchange",
        activity_records=[ActivityRecord(created_date_time=WHEN, type="onsite")],
        customers=[
            Customer(
                kind=CustomerKind.RESIDENTIAL,
                vip=False,
                names=[Name.typed("CUST-4410", "customerID", "MultiSpeak")],
                customer_agreements=[CustomerAgreement(names=[Name(name="ACCT-4410-01")])],
                status=Status(value="active"),
            )
        ],
        meter=Meter(
            mrid="6f1d2a50",
            serial_number="SN-10099",
            meter_multipliers=[MeterMultiplier(kind=MeterMultiplierKind.K_H, value=Decimal("7.2"))],
            names=[Name.typed("10099", "meterID", "MultiSpeak")],
        ),
        old_meter=Meter(
            names=[Name(name="10002")], meter_readings=[MeterReading(readings=[reading])]
        ),
        status=Status(value="Onsite", date_time=WHEN),
        usage_point=UsagePoint(
            phase_code=PhaseCode.S12N,
            nominal_service_voltage=Decimal("240"),
            service_location=ServiceLocation(
                needs_inspection=True,
                main_address=StreetAddress(
                    street_detail=StreetDetail(number="12", name="Elm", within_town_limits=True),
                    town_detail=TownDetail(name="Springfield", state_or_province="IL"),
                ),
            ),
            service_multipliers=[
                ServiceMultiplier(kind=ServiceMultiplierKind.CT_RATIO, value=Decimal("40"))
            ],
        ),
    )
    return MeterServiceRequests(
        meter_service_works=[work],
        reading_quality_types=[ReadingQualityType(mrid="1.0.0", names=[Name(name="valid")])],
        reading_types=[
            ReadingType(mrid=KWH, unit="Wh", multiplier="k", tou=1, names=[Name(name="kWh")])
        ],
        verb="changed",
    )


def test_2013_document_is_valid_against_the_official_schema(assert_schema_valid) -> None:
    element = CODEC_2013.write(sample())
    assert_schema_valid(element)
    header = element[0]
    assert header.tag == f"{{{NS13}}}Header"
    assert [child.tag for child in header] == [
        ns.qname(ns.MESSAGE_WWW, "Verb"),
        ns.qname(ns.MESSAGE_WWW, "Noun"),
    ]
    assert [child.text for child in header] == ["changed", "MeterServiceRequests"]
    q = {"m": NS13}
    assert element.xpath("m:MeterServiceWork/m:OldMeter//m:value/text()", namespaces=q) == [
        "48213.4"
    ]
    assert element.xpath("m:MeterServiceWork/m:Meter/m:serialNumber/text()", namespaces=q) == [
        "SN-10099"
    ]
    back = CODEC_2013.read(element)
    assert back == sample()
    assert back.verb == "changed"


def test_2009_document_uses_first_edition_names_without_the_embedded_header() -> None:
    element = CODEC_2009.write(sample())
    assert element.tag == f"{{{NS09}}}MeterServiceRequests"
    work = element.find(f"{{{NS09}}}MeterServiceWork")
    assert [child.tag.partition("}")[2] for child in work][-4:] == [
        "MeterAsset",
        "OldMeterAsset",
        "status",
        "ServiceDeliveryPoint",
    ]
    assert element.find(f"{{{NS09}}}Header") is None
    etree.XMLSchema(declared_schema_2009()).assertValid(element)
    back = CODEC_2009.read(element)
    assert back.meter_service_works == sample().meter_service_works
    assert back.verb == "create"
    assert payload_codec("MeterServiceRequests", Edition.CIM2009) is CODEC_2009


def test_a_reading_needs_its_time() -> None:
    element = CODEC_2013.write(sample())
    reading = element.find(f".//{{{NS13}}}Readings")
    reading.remove(reading.find(f"{{{NS13}}}timeStamp"))
    with pytest.raises(MessageFormatError, match="timeStamp is required"):
        CODEC_2013.read(element)


def test_an_unknown_work_kind_is_refused_with_its_path() -> None:
    element = CODEC_2013.write(sample())
    element.find(f"{{{NS13}}}MeterServiceWork/{{{NS13}}}kind").text = "gardening"
    with pytest.raises(MappingError, match="'gardening' is not one of") as caught:
        CODEC_2013.read(element)
    assert caught.value.xpath == "/MeterServiceRequests/MeterServiceWork[1]/kind[1]"


def test_a_foreign_root_is_a_clear_error() -> None:
    with pytest.raises(MessageFormatError, match="expected MeterServiceRequests"):
        CODEC_2013.read(BINDING_2013.write(sample(), "MeterReadings"))


_TEXT = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=12)
_WHEN = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(lambda value: value.replace(microsecond=0))
_VALUE = st.decimals(min_value=-(10**6), max_value=10**6, places=2)
_READINGS = st.builds(
    Reading,
    reason=st.none() | st.sampled_from(ReadingReasonKind),
    time_stamp=_WHEN,
    value=st.none() | _VALUE,
    reading_type=st.just(Ref(ref=KWH)),
)
_METERS = st.builds(
    Meter,
    mrid=st.none() | _TEXT,
    serial_number=st.none() | _TEXT,
    meter_readings=st.lists(
        st.builds(MeterReading, readings=st.lists(_READINGS, max_size=2)), max_size=1
    ),
    names=st.lists(st.builds(Name, name=_TEXT), max_size=2),
)
_WORKS = st.builds(
    MeterServiceWork,
    kind=st.none() | st.sampled_from(WorkKind),
    priority=st.none() | _TEXT,
    type=st.none() | _TEXT,
    meter=_METERS,
    old_meter=st.none() | _METERS,
    status=st.none() | st.builds(Status, value=_TEXT),
)


@settings(max_examples=50, deadline=None)
@given(works=st.lists(_WORKS, max_size=3), verb=st.sampled_from(["create", "changed", "closed"]))
def test_any_document_round_trips_in_both_editions(schemas, works, verb: str) -> None:
    document = MeterServiceRequests(
        meter_service_works=works,
        reading_types=[ReadingType(mrid=KWH, names=[Name(name="kWh")])],
        verb=verb,
    )
    element = CODEC_2013.write(document)
    assert schemas.validate(element) == []
    assert CODEC_2013.read(element) == document
    element_2009 = CODEC_2009.write(document)
    assert etree.XMLSchema(declared_schema_2009()).validate(element_2009)
    back = CODEC_2009.read(element_2009)
    assert back.meter_service_works == works
