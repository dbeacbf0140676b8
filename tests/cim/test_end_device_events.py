"""The EndDeviceEvents profile: 2013 documents (official schema) and 2009 (the declared XSD)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim import xmlsafe
from mspcim.cim.catalogue import Edition, payload_codec, payload_for_tag
from mspcim.cim.end_device_events import (
    CODEC_2009,
    CODEC_2013,
    NAMESPACE_2009,
    NAMESPACE_2013,
    Asset,
    EndDeviceEvent,
    EndDeviceEventDetail,
    EndDeviceEvents,
    EndDeviceEventType,
    EndDeviceEventTypeRef,
    Name,
    NameType,
    NameTypeAuthority,
    Status,
    UsagePoint,
    declared_schema_2009,
    read_2009,
    read_2013,
    write_2009,
    write_2013,
)
from mspcim.exceptions import MappingError, MessageFormatError

WHEN = datetime(2024, 3, 1, 12, 30, 5, tzinfo=UTC)


def full_document() -> EndDeviceEvents:
    """Every element of the profile set, with values that must all come back."""
    multispeak = NameType(
        name="meterID",
        description="MultiSpeak meter number",
        name_type_authority=NameTypeAuthority(name="MultiSpeak", description="NRECA"),
    )
    return EndDeviceEvents(
        end_device_events=[
            EndDeviceEvent(
                mrid="6f6c7d52-0d1f-4d0c-9a3a-1f6a2b5c9e01",
                created_date_time=WHEN,
                issuer_id="HES-1",
                issuer_tracking_id="TRK-9",
                reason="scheduled test",
                severity="high",
                user_id="operator7",
                assets=Asset(mrid="a-1", names=[Name(name="MTR-1", name_type=multispeak)]),
                end_device_event_details=[
                    EndDeviceEventDetail(name="voltage", value="0 V"),
                    EndDeviceEventDetail(name="phase"),
                ],
                end_device_event_type=EndDeviceEventTypeRef(ref="3.26.0.85"),
                names=[Name(name="outage at feeder 12")],
                status=Status(date_time=WHEN, reason="r", remark="rm", value="open"),
                usage_point=UsagePoint(mrid="UP-1", names=[Name(name="SDP 1")]),
            ),
            EndDeviceEvent(
                created_date_time=WHEN + timedelta(minutes=7),
                end_device_event_type=EndDeviceEventTypeRef(ref="3.26.0.216"),
            ),
        ],
        end_device_event_types=[
            EndDeviceEventType(
                mrid="3.26.0.85",
                domain="power",
                event_or_action="failed",
                sub_domain="notApplicable",
                type="electricMeter",
                names=Name(name="Power outage"),
            )
        ],
    )


def test_2013_document_is_valid_and_reads_back(assert_schema_valid) -> None:
    document = full_document()
    element = write_2013(document)
    assert_schema_valid(element)
    assert element.tag == f"{{{NAMESPACE_2013}}}EndDeviceEvents"
    assert read_2013(xmlsafe.parse(xmlsafe.serialize(element))) == document


def test_2013_elements_follow_the_schema_names(assert_schema_valid) -> None:
    element = write_2013(full_document())
    m = {"m": NAMESPACE_2013}
    event = element.find("m:EndDeviceEvent", m)
    assert event.findtext("m:createdDateTime", namespaces=m) == "2024-03-01T12:30:05Z"
    assert event.find("m:EndDeviceEventType", m).get("ref") == "3.26.0.85"
    assert event.findtext("m:Assets/m:Names/m:NameType/m:name", namespaces=m) == "meterID"
    assert event.findtext("m:UsagePoint/m:mRID", namespaces=m) == "UP-1"
    assert element.findtext("m:EndDeviceEventType/m:Names/m:name", namespaces=m) == "Power outage"


def test_2009_document_uses_first_edition_names_and_the_declared_schema() -> None:
    document = full_document()
    element = write_2009(document)
    schema = etree.XMLSchema(declared_schema_2009())
    assert schema.validate(element), schema.error_log
    m = {"m": NAMESPACE_2009}
    event = element.find("m:EndDeviceEvent", m)
    assert event.find("m:MeterAsset/m:mRID", m).text == "a-1"
    assert event.find("m:ServiceDeliveryPoint/m:mRID", m).text == "UP-1"
    assert event.find("m:Assets", m) is None
    assert read_2009(xmlsafe.parse(xmlsafe.serialize(element))) == document


def test_declared_schema_refuses_what_the_profile_requires() -> None:
    schema = etree.XMLSchema(declared_schema_2009())
    element = write_2009(full_document())
    event = element.find(f"{{{NAMESPACE_2009}}}EndDeviceEvent")
    event.remove(event.find(f"{{{NAMESPACE_2009}}}createdDateTime"))
    assert not schema.validate(element)


def test_codecs_are_registered_for_both_editions(schemas) -> None:
    assert payload_codec("EndDeviceEvents", Edition.CIM2013) is CODEC_2013
    assert payload_codec("EndDeviceEvents", Edition.CIM2009) is CODEC_2009
    assert payload_for_tag(f"{{{NAMESPACE_2009}}}EndDeviceEvents") is CODEC_2009
    assert (schemas.root / CODEC_2013.official_schema).is_file()
    assert CODEC_2009.official_schema is None
    assert CODEC_2009.declared_schema is declared_schema_2009


def test_a_document_of_another_edition_is_refused() -> None:
    with pytest.raises(MessageFormatError, match="expected EndDeviceEvents in"):
        read_2013(write_2009(full_document()))


def test_missing_created_date_time_is_named() -> None:
    element = write_2013(full_document())
    first = element[0]
    first.remove(first.find(f"{{{NAMESPACE_2013}}}createdDateTime"))
    with pytest.raises(MessageFormatError) as caught:
        read_2013(element)
    assert caught.value.xpath == "/EndDeviceEvents/EndDeviceEvent[1]/createdDateTime"


def test_bad_time_is_a_mapping_error_with_its_path() -> None:
    element = write_2013(full_document())
    element[1].find(f"{{{NAMESPACE_2013}}}createdDateTime").text = "yesterday"
    with pytest.raises(MappingError) as caught:
        read_2013(element)
    assert caught.value.xpath == "/EndDeviceEvents/EndDeviceEvent[2]/createdDateTime[1]"


_text = (
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12)
    .map(str.strip)
    .filter(bool)
)
_times = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 1, 1), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=0))
_names = st.lists(
    st.builds(
        Name,
        name=_text,
        name_type=st.none() | st.builds(NameType, name=_text, description=st.none() | _text),
    ),
    max_size=2,
)
_events = st.builds(
    EndDeviceEvent,
    mrid=st.none() | _text,
    created_date_time=_times,
    reason=st.none() | _text,
    severity=st.none() | _text,
    assets=st.none() | st.builds(Asset, mrid=st.none() | _text, names=_names),
    end_device_event_details=st.lists(
        st.builds(EndDeviceEventDetail, name=_text, value=st.none() | _text), max_size=2
    ),
    end_device_event_type=st.builds(
        EndDeviceEventTypeRef, ref=st.sampled_from(["3.26.0.85", "3.31.0.68", "3.12.0.257"])
    ),
    names=_names,
    status=st.none() | st.builds(Status, date_time=st.none() | _times, value=st.none() | _text),
)


@settings(max_examples=40, deadline=None)
@given(st.builds(EndDeviceEvents, end_device_events=st.lists(_events, max_size=3)))
def test_documents_round_trip_in_both_editions(document: EndDeviceEvents) -> None:
    assert read_2013(xmlsafe.parse(xmlsafe.serialize(write_2013(document)))) == document
    assert read_2009(xmlsafe.parse(xmlsafe.serialize(write_2009(document)))) == document


def test_times_keep_their_offset() -> None:
    eastern = timezone(timedelta(hours=-5))
    document = EndDeviceEvents(
        end_device_events=[
            EndDeviceEvent(
                created_date_time=datetime(2024, 1, 1, 7, 0, tzinfo=eastern),
                end_device_event_type=EndDeviceEventTypeRef(ref="3.26.0.85"),
            )
        ]
    )
    element = write_2013(document)
    assert element[0][0].text == "2024-01-01T07:00:00-05:00"
    assert read_2013(element).end_device_events[0].created_date_time.utcoffset() == timedelta(
        hours=-5
    )
