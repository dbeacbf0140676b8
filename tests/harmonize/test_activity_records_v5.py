"""Profile ActivityRecord and Status over MultiSpeak 5.0 (clause 9): meterHistoryEvent ⇄ CIM.

Values asserted both ways (time, action, meter, status, links, carried values, gap entries);
v5 output validated against the official 5.0.7 and 5.0.4 schemas, CIM output against the XSD
the project declares for the profile.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim import xmlsafe
from mspcim.cim.activity_records import CODEC_2013, ActivityRecord, ActivityRecords, Asset
from mspcim.cim.envelope import build_message
from mspcim.cim.identified_object import Name, Status
from mspcim.cim.message import Header, Message, MessageKind, ObjectID, Verb
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.harmonize import activity_records_v5_messages  # noqa: F401  (registers the routes)
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles import activity_records_v5
from mspcim.harmonize.profiles.customer_identity_v5 import derived_guid as identity_guid
from mspcim.harmonize.profiles.meter_readings_v5 import derived_guid
from mspcim.harmonize.routes import TranslateOptions
from mspcim.harmonize.routes50 import find_cim_route50, find_msp50_route
from mspcim.multispeak.v50 import msp_binding
from mspcim.multispeak.v50.account import ServicePointID
from mspcim.multispeak.v50.header import Caller, RequestHeader, build_request_header
from mspcim.multispeak.v50.identity import MeterID, Release, SingleIdentifier
from mspcim.multispeak.v50.identity import ObjectID as MspObjectID
from mspcim.multispeak.v50.meter_history import (
    ActionTaken,
    GetMeterHistoriesByMeterIDs,
    GetMeterHistoriesByMeterIDsResponse,
    Kind,
    MeterHistoryEvent,
    MeterStatus,
)
from mspcim.soap import SoapVersion, build_envelope
from mspcim.validation import SchemaSet

T0 = datetime(2026, 3, 14, 9, 26, tzinfo=UTC)
METER = "0f8fad5b-d9cb-469f-a165-70867728950e"
CUSTOMER = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"
POINT = "3d4e5f60-7182-4c9d-8e0f-2a3b4c5d6e7f"


def event(**changes: Any) -> MeterHistoryEvent:
    values: dict[str, Any] = {
        "referable_id": "HIST-301",
        "time_stamp": T0,
        "event_description": "Meter installed at new service",
        "event_reason": "New connection",
        "expected_action": ActionTaken(value="Installed"),
        "action_taken": ActionTaken(value="Other", other_kind="Sealed"),
        "action_taken_by": "crew 7",
        "meter_id": MeterID(object_guid=METER, meter_name="M-4410", service_type="Electric"),
        "customer_id": MspObjectID(
            object_guid=CUSTOMER,
            primary_identifier=SingleIdentifier(value="CU-1", identifier_name="customerID"),
        ),
        "service_point_id": ServicePointID(value=POINT, service_type="Electric"),
        "meter_status": MeterStatus(
            asset_status=Kind(value="InService"),
            meter_connection_status=Kind(value="Connected"),
        ),
    }
    return MeterHistoryEvent(**{**values, **changes})


def names_of(record: ActivityRecord) -> dict[str, str]:
    return {name.type_name or "": name.name for name in record.activity_record_names}


def test_a_meter_history_event_becomes_an_activity_record(declared: SchemaSet) -> None:
    report = GapReport()
    document = activity_records_v5.to_cim([event()], report, "/ArrayOfMeterHistoryEvent")
    assert declared.validate(CODEC_2013.write(document)) == []
    (record,) = document.activity_records
    assert (record.mrid, record.created_date_time, record.type) == ("HIST-301", T0, "Sealed")
    assert (record.description, record.reason) == (
        "Meter installed at new service",
        "New connection",
    )
    assert record.status == Status(value="InService")
    assert record.assets == [
        Asset(
            mrid=METER,
            asset_names=[
                Name.typed("M-4410", "meterID", "MultiSpeak"),
                Name.typed("Electric", "serviceType", "MultiSpeak"),
            ],
        )
    ]
    assert names_of(record) == {
        "customerID": CUSTOMER,
        "customerID.primaryIdentifier:customerID": "CU-1",
        "servicePointID": POINT,
        "servicePointID.serviceType": "Electric",
        "meterConnectionStatus": "Connected",
        "actionTakenBy": "crew 7",
        "expectedAction": "Installed",
    }
    assert {entry.kind for entry in report.entries} == {GapKind.CARRIED}


@pytest.mark.parametrize("release", list(Release))
def test_an_activity_record_becomes_a_valid_meter_history_event(
    assert_schema_valid: Any, release: Release
) -> None:
    record = ActivityRecord(
        mrid="AR-9",
        created_date_time=T0,
        type="Retired",
        severity="major",
        status=Status(value="Retired", reason="end of life", date_time=T0),
        assets=[Asset(mrid=METER)],
    )
    report = GapReport()
    (result,) = activity_records_v5.to_msp(ActivityRecords(activity_records=[record]), report)
    assert (result.referable_id, result.time_stamp) == ("AR-9", T0)
    assert result.action_taken == ActionTaken(value="Retired")
    assert result.meter_id == MeterID(object_guid=METER)
    assert result.meter_status == MeterStatus(asset_status=Kind(value="Retired"))
    assert {item.ext_name: item.ext_value for item in result.extensions_list} == {
        "CIM.ActivityRecord.severity": "major",
        "CIM.ActivityRecord.status.dateTime": "2026-03-14T09:26:00Z",
        "CIM.ActivityRecord.status.reason": "end of life",
    }
    response = GetMeterHistoriesByMeterIDsResponse(events=[result])
    element = msp_binding.write(response, "GetMeterHistoriesByMeterIDsResponse", release=release)
    assert_schema_valid(element, release=release.value)
    back = activity_records_v5.to_cim([result], GapReport())
    assert back.activity_records == [record]


def test_records_without_a_time_or_meter_are_refused_clearly() -> None:
    document = ActivityRecords(activity_records=[ActivityRecord(assets=[Asset(mrid=METER)])])
    with pytest.raises(MappingError, match="createdDateTime"):
        activity_records_v5.to_msp(document)
    document = ActivityRecords(activity_records=[ActivityRecord(created_date_time=T0)])
    with pytest.raises(MappingError, match="meterID"):
        activity_records_v5.to_msp(document)


def v5_header() -> RequestHeader:
    return RequestHeader(
        caller=Caller(app_name="MDM", company="REC"), message_id="Q-7", time_stamp=T0
    )


def envelope(body: etree._Element) -> Any:
    element = build_envelope(SoapVersion.SOAP11, [body], [build_request_header(v5_header())])
    return xmlsafe.parse(etree.tostring(element))


def test_meter_histories_by_meter_ids_is_a_get_and_back(
    declared: SchemaSet, assert_schema_valid: Any
) -> None:
    options = TranslateOptions(new_id=lambda: "NEW-ID")
    query = GetMeterHistoriesByMeterIDs(meter_ids=[MeterID(object_guid=METER)])
    body = msp_binding.write(query, "GetMeterHistoriesByMeterIDs")
    assert_schema_valid(envelope(body))
    message = find_msp50_route("GetMeterHistoriesByMeterIDs")(
        body, v5_header(), GapReport(), options
    )
    assert declared.validate(build_message(message)) == []
    assert message.header is not None
    assert (message.header.verb, message.header.noun) == (Verb.GET, "ActivityRecords")
    assert message.request is not None
    assert message.request.ids == [ObjectID(METER, "uuid", "meterID", object_type="Meter")]
    back, _ = find_cim_route50("ActivityRecords", MessageKind.REQUEST)(
        message, GapReport(), options
    )
    assert msp_binding.read(back, GetMeterHistoriesByMeterIDs) == query
    answer = msp_binding.write(
        GetMeterHistoriesByMeterIDsResponse(events=[event()]),
        "GetMeterHistoriesByMeterIDsResponse",
    )
    assert_schema_valid(envelope(answer))
    response = find_msp50_route("GetMeterHistoriesByMeterIDsResponse")(
        answer, v5_header(), GapReport(), options
    )
    assert declared.validate(build_message(response)) == []
    (record,) = CODEC_2013.read(response.payload[0]).activity_records
    assert record.mrid == "HIST-301"
    event_message = Message(
        MessageKind.EVENT, Header(Verb.CREATED, "ActivityRecords", message_id="E-1")
    )
    with pytest.raises(MessageFormatError, match="no MultiSpeak operation"):
        find_cim_route50("ActivityRecords", MessageKind.EVENT)(event_message, GapReport(), options)


kinds = st.sampled_from(["Installed", "Removed", "Read"]).map(lambda v: ActionTaken(value=v)) | (
    st.text(alphabet="xyz", min_size=1, max_size=5).map(
        lambda text: ActionTaken(value="Other", other_kind=text)
    )
)


@settings(max_examples=60, deadline=None)
@given(
    action=st.none() | kinds,
    expected=st.none() | kinds,
    status=st.none()
    | st.builds(
        MeterStatus,
        asset_status=st.sampled_from(["InService", "Retired"]).map(lambda v: Kind(value=v)),
        meter_connection_status=st.none()
        | st.sampled_from(["Connected", "Disconnected"]).map(lambda v: Kind(value=v)),
    ),
    description=st.none() | st.text(alphabet="abc ", min_size=1, max_size=10),
)
def test_v5_to_cim_to_v5_keeps_the_event(
    action: ActionTaken | None,
    expected: ActionTaken | None,
    status: MeterStatus | None,
    description: str | None,
) -> None:
    source = event(
        action_taken=action,
        expected_action=expected,
        meter_status=status,
        event_description=description,
    )
    report = GapReport()
    document = activity_records_v5.to_cim([source], report)
    assert {entry.kind for entry in report.entries} <= {GapKind.CARRIED}
    assert activity_records_v5.to_msp(document, GapReport()) == [source]


def test_a_4_1_customer_id_that_is_no_guid_becomes_a_valid_objectid_and_back(
    assert_schema_valid: Any,
) -> None:
    record = ActivityRecord(
        created_date_time=T0,
        assets=[Asset(mrid="MTR-77")],
        activity_record_names=[Name.typed("CU-77810", "customerID", "MultiSpeak")],
    )
    report = GapReport()
    (result,) = activity_records_v5.to_msp(ActivityRecords(activity_records=[record]), report)
    assert result.customer_id == MspObjectID(
        object_guid=identity_guid("CU-77810"),
        primary_identifier=SingleIdentifier(value="CU-77810", identifier_name="customerID"),
    )
    assert result.meter_id.object_guid == derived_guid("MTR-77")
    changed = {entry.value for entry in report.entries if entry.kind is GapKind.CHANGED}
    assert {"CU-77810", "MTR-77"} <= changed
    response = GetMeterHistoriesByMeterIDsResponse(events=[result])
    assert_schema_valid(msp_binding.write(response, "GetMeterHistoriesByMeterIDsResponse"))
    (back,) = activity_records_v5.to_cim([result]).activity_records
    assert Name.typed("CU-77810", "customerID", "MultiSpeak") in back.activity_record_names
