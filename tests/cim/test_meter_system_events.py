"""MeterSystemEvents profile, declared by the project after EndDeviceEvent: documents of both
editions validate against the XSD the dataclasses emit and read back to the same pivot."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim.cim.catalogue import Edition, payload_codec, payload_for_tag
from mspcim.cim.identified_object import Name, Status
from mspcim.cim.meter_system_events import (
    BINDING_2013,
    CODEC_2009,
    CODEC_2013,
    Asset,
    EndDeviceEvent,
    EndDeviceEventDetail,
    EndDeviceEventTypeRef,
    MeterSystemEvents,
)
from mspcim.exceptions import MessageFormatError

NS13 = "http://iec.ch/TC57/2011/MeterSystemEvents#"
NS09 = "http://iec.ch/TC57/2009/MeterSystemEvents#"
WHEN = datetime(2026, 5, 3, 2, 41, 17, tzinfo=UTC)


def sample() -> MeterSystemEvents:
    return MeterSystemEvents(
        end_device_events=[
            EndDeviceEvent(
                created_date_time=WHEN,
                user_id="amr-hes",
                severity="major",
                assets=Asset(mrid="6f1d2a50", names=[Name.typed("10001", "meterID")]),
                end_device_event_details=[
                    EndDeviceEventDetail(name="sequenceNumber", value="8812")
                ],
                end_device_event_type=EndDeviceEventTypeRef(ref="3.26.0.85"),
                status=Status(value="open"),
            )
        ]
    )


def test_2013_document_validates_against_the_declared_schema() -> None:
    element = CODEC_2013.write(sample())
    etree.XMLSchema(CODEC_2013.declared_schema()).assertValid(element)
    event = element.find(f"{{{NS13}}}EndDeviceEvent")
    assert event.find(f"{{{NS13}}}EndDeviceEventType").get("ref") == "3.26.0.85"
    assert event.find(f"{{{NS13}}}Assets/{{{NS13}}}mRID").text == "6f1d2a50"
    assert CODEC_2013.read(element) == sample()


def test_2009_document_names_the_asset_end_device_asset() -> None:
    element = CODEC_2009.write(sample())
    event = element.find(f"{{{NS09}}}EndDeviceEvent")
    assert event.find(f"{{{NS09}}}EndDeviceAsset/{{{NS09}}}mRID").text == "6f1d2a50"
    etree.XMLSchema(CODEC_2009.declared_schema()).assertValid(element)
    assert CODEC_2009.read(element) == sample()
    assert payload_codec("MeterSystemEvents", Edition.CIM2009) is CODEC_2009
    assert payload_for_tag(f"{{{NS13}}}MeterSystemEvents") is CODEC_2013


def test_an_event_needs_its_time_and_type() -> None:
    element = CODEC_2013.write(sample())
    event = element.find(f"{{{NS13}}}EndDeviceEvent")
    event.remove(event.find(f"{{{NS13}}}createdDateTime"))
    assert not etree.XMLSchema(CODEC_2013.declared_schema()).validate(element)
    with pytest.raises(MessageFormatError, match="createdDateTime is required"):
        CODEC_2013.read(element)


def test_a_foreign_root_is_refused() -> None:
    with pytest.raises(MessageFormatError, match="expected MeterSystemEvents"):
        CODEC_2013.read(BINDING_2013.write(sample(), "EndDeviceEvents"))


_TEXT = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-.", min_size=1, max_size=12)
_WHEN = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(lambda value: value.replace(microsecond=0))
_EVENTS = st.builds(
    EndDeviceEvent,
    mrid=st.none() | _TEXT,
    created_date_time=_WHEN,
    issuer_id=st.none() | _TEXT,
    reason=st.none() | _TEXT,
    user_id=st.none() | _TEXT,
    assets=st.none() | st.builds(Asset, mrid=st.none() | _TEXT),
    end_device_event_details=st.lists(
        st.builds(EndDeviceEventDetail, name=_TEXT, value=st.none() | _TEXT), max_size=2
    ),
    end_device_event_type=st.builds(EndDeviceEventTypeRef, ref=_TEXT),
    names=st.lists(st.builds(Name, name=_TEXT), max_size=2),
)


@settings(max_examples=50, deadline=None)
@given(events=st.lists(_EVENTS, max_size=3))
def test_any_document_round_trips_in_both_editions(events) -> None:
    document = MeterSystemEvents(end_device_events=events)
    for codec in (CODEC_2013, CODEC_2009):
        element = codec.write(document)
        assert etree.XMLSchema(codec.declared_schema()).validate(element)
        assert codec.read(element) == document
