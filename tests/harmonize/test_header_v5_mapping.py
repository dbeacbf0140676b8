"""Table 3 for MultiSpeak 5.0: v5 request/response headers ⇄ 61968-100 Header, both ways."""

from __future__ import annotations

import copy
import sys
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from mspcim.cim.message import Header, MessageProperty, User, Verb
from mspcim.harmonize.engine import SECRET
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.header import header_to_cim as header41_to_cim
from mspcim.harmonize.header_v5 import HEADER_TABLE_V5, header_from_cim, header_to_cim
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v50.header import (
    Caller,
    CodedName,
    CoordinateSystemInformation,
    CSAuthority,
    CSAuthorityName,
    CSUnits,
    DataSetIDs,
    DataSetState,
    MultiSpeakVersion,
    RequestHeader,
    ResponseHeader,
    build_request_header,
    build_response_header,
)
from mspcim.multispeak.v50.result import ReplyCodeIdentifier, Result

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "multispeak50"))
from v50_strategies import request_headers, response_headers

GUID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
WHEN = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def full_request() -> RequestHeader:
    return RequestHeader(
        multi_speak_version=MultiSpeakVersion(branch=1, build_string="Release"),
        caller=Caller(
            app_name="Riverside CIS",
            app_version="2025.3",
            company="Riverside Electric",
            audit_id="auditor-7",
            audit_password="audit-secret",
            system_id="cis",
            password="cis-secret",
        ),
        coded_names=[CodedName(coded_value="F1", name_part="Feeder", coded_name_type="Other")],
        coordinate_system_information=CoordinateSystemInformation(
            cs_units=CSUnits(value="Feet"),
            cs_authorities=[
                CSAuthority(
                    cs_authority_name=CSAuthorityName(value="EPSG"),
                    coordinate_system_authority_code="2277",
                    datum="NAD83",
                )
            ],
        ),
        data_set_state=DataSetState(
            publish=DataSetIDs(data_set_id="ds-9", previous_data_set_id="ds-8")
        ),
        do_not_reply=[GUID],
        default_registered_name="Riverside",
        default_system_name="CIS",
        default_utility="riverside.example",
        default_currency_code="USD",
        registration_id=GUID,
        message_id="msg-42",
        time_stamp=WHEN,
        message_created_time_stamp=WHEN.replace(minute=0),
        context="Testing",
    )


def test_request_header_to_cim_maps_and_carries_every_value():
    report = GapReport()
    header = header_to_cim(full_request(), "create", "MeterReadings", report)
    assert header.verb is Verb.CREATE
    assert header.noun == "MeterReadings"
    assert header.message_id == "msg-42"
    assert header.timestamp == WHEN
    assert header.source == "Riverside CIS"
    assert header.user == User(user_id="cis", organization="Riverside Electric")
    assert header.context == "TESTING"
    properties = {item.name: item.value for item in header.properties}
    assert properties == {
        "MultiSpeakMsgHeader.AppVersion": "2025.3",
        "MultiSpeakMsgHeader.AuditID": "auditor-7",
        "MultiSpeak5.MajorVersion": "5",
        "MultiSpeak5.MinorVersion": "0",
        "MultiSpeak5.Build": "7",
        "MultiSpeak5.Branch": "1",
        "MultiSpeak5.BuildString": "Release",
        "MultiSpeak5.CodedNames": '[["Other","F1","Feeder",null]]',
        "MultiSpeakMsgHeader.CSUnits": "feet",  # the 4.1 spelling: one Property for both
        "MultiSpeak5.CSAuthorityName": "EPSG",
        "MultiSpeakMsgHeader.CoordinateSystemAuthorityCode": "2277",
        "MultiSpeakMsgHeader.Datum": "NAD83",
        "MultiSpeak5.DataSetState": "PublishDataSetState",
        "MultiSpeak5.DataSetID": "ds-9",
        "MultiSpeak5.PreviousDataSetID": "ds-8",
        "MultiSpeak5.DoNotReply": GUID,
        "MultiSpeak5.DefaultRegisteredName": "Riverside",
        "MultiSpeak5.DefaultSystemName": "CIS",
        "MultiSpeak5.DefaultUtility": "riverside.example",
        "MultiSpeakMsgHeader.DefaultCurrencyCode": "USD",
        "MultiSpeak5.RegistrationID": GUID,
        "MultiSpeak5.MessageCreatedTimeStamp": "2024-05-06T07:00:09Z",
    }
    assert "cis-secret" not in repr(header) and "audit-secret" not in repr(header)
    lost = {entry.path: entry for entry in report.lost}
    assert set(lost) == {
        "/MultiSpeakRequestMsgHeader/Caller/Password",
        "/MultiSpeakRequestMsgHeader/Caller/AuditPassword",
    }
    assert all(entry.value == SECRET for entry in lost.values())
    assert "secret" not in report.to_json()
    carried = report.of_kind(GapKind.CARRIED)
    assert len(carried) == len(properties)
    assert all(entry.profile == HEADER_TABLE_V5.name for entry in report)


def test_request_header_round_trips_through_cim_without_its_passwords(assert_schema_valid):
    original = full_request()
    back = header_from_cim(header_to_cim(original, "create", "MeterReadings"))
    expected = copy.deepcopy(original)
    expected.caller.password = None
    expected.caller.audit_password = None
    assert back == expected
    assert_schema_valid(build_request_header(back))


def test_a_41_header_lands_in_the_v5_header_where_v5_has_the_value(assert_schema_valid):
    header41 = MultiSpeakMsgHeader(
        major_version=4,
        minor_version=1,
        build=6,
        user_id="billing",
        pwd="pw",
        app_name="CIS",
        app_version="9.1",
        company="Coop",
        cs_units="feet",
        datum="NAD83",
        coordinate_system_authority_code="2277",
        default_currency_code="EUR",
        audit_id="aud",
        message_id="m-41",
        time_stamp=WHEN,
        context="Production",
        session_id="S-1",
    )
    report = GapReport()
    cim = header41_to_cim(header41, "get", "MeterReadings", report)
    header5 = header_from_cim(cim, report, release="5.0.7")
    assert isinstance(header5, RequestHeader)
    assert header5.message_id == "m-41"
    assert header5.time_stamp == WHEN
    assert header5.context == "Production"
    assert header5.caller == Caller(
        app_name="CIS", app_version="9.1", company="Coop", audit_id="aud", system_id="billing"
    )
    assert header5.default_currency_code == "EUR"
    coordinates = header5.coordinate_system_information
    assert coordinates is not None
    assert coordinates.cs_units.value == "Feet"
    assert coordinates.cs_authorities[0].datum == "NAD83"
    assert header5.multi_speak_version == MultiSpeakVersion(build=7, build_string="Release")
    lost = {entry.path: entry.value for entry in report.lost}
    assert lost["/MultiSpeakMsgHeader/@Pwd"] == SECRET
    assert "/Header/Property[3]" in lost or any("SessionID" in value for value in lost.values())
    assert_schema_valid(build_request_header(header5))


def test_a_bare_cim_header_gets_the_release_version_and_the_given_id_and_time(schemas):
    header = Header(Verb.CREATED, "MeterReadings")
    for release in ("5.0.7", "5.0.4"):
        found = header_from_cim(header, release=release, message_id="new-1", now=WHEN)
        assert isinstance(found, RequestHeader)
        assert found.message_id == "new-1"
        assert found.time_stamp == WHEN
        assert found.multi_speak_version.build == int(release[-1])
        assert schemas.validate(build_request_header(found, release), release=release) == []


def test_response_header_carries_the_result_counters_and_takes_the_result_given(schemas):
    header = ResponseHeader(
        message_id="r-1",
        time_stamp=WHEN,
        caller=Caller(app_name="MDM", company="Coop"),
        result=Result(
            result_identifier=ReplyCodeIdentifier.from_code("0.0"),
            data_set_id="ds",
            last_sent="500",
            objects_remaining=20,
        ),
    )
    cim = header_to_cim(header, "reply", "MeterReadings")
    assert cim.property("MultiSpeakMsgHeader.LastSent") == "500"
    assert cim.property("MultiSpeakMsgHeader.ObjectsRemaining") == "20"
    assert cim.property("MultiSpeak5.Result.dataSetID") == "ds"
    back = header_from_cim(cim, response=True, result=Result.ok())
    assert back == header
    assert schemas.validate(build_response_header(back)) == []


def test_unknown_cim_properties_are_reported_not_dropped():
    header = Header(Verb.CREATED, "MeterReadings", properties=[MessageProperty("vendor.flag", "1")])
    report = GapReport()
    header_from_cim(header, report, message_id="x", now=WHEN)
    assert [(entry.path, entry.value, entry.kind) for entry in report] == [
        ("/Header/Property[1]", "vendor.flag=1", GapKind.LOST)
    ]


def _without_credentials(header):
    expected = copy.deepcopy(header)
    expected.caller.password = None
    expected.caller.audit_password = None
    coordinates = expected.coordinate_system_information
    if coordinates is not None:
        coordinates.cs_authorities = coordinates.cs_authorities[:1]
    return expected


@SLOW
@given(header=request_headers)
def test_any_request_header_round_trips_through_cim(header):
    report = GapReport()
    back = header_from_cim(header_to_cim(header, "get", "MeterReadings", report), report)
    assert back == _without_credentials(header)
    extra = (
        len(header.coordinate_system_information.cs_authorities) - 1
        if (header.coordinate_system_information)
        else 0
    )
    secrets = (header.caller.password is not None) + (header.caller.audit_password is not None)
    assert len(report.lost) == secrets + extra


@SLOW
@given(header=response_headers)
def test_any_response_header_round_trips_through_cim(header):
    cim = header_to_cim(header, "reply", "MeterReadings")
    given_result = copy.deepcopy(header.result)
    given_result.data_set_id = given_result.last_sent = given_result.objects_remaining = None
    back = header_from_cim(cim, response=True, result=given_result)
    assert back == _without_credentials(header)
