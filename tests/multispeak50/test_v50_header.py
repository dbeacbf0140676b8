"""MultiSpeak 5.0 request and response headers: every element and attribute, both releases."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree
from v50_strategies import request_headers, response_headers

from mspcim import ns
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.multispeak.v50.header import (
    Caller,
    CodedName,
    DataSetIDs,
    DataSetState,
    MultiSpeakVersion,
    RequestHeader,
    ResponseHeader,
    build_request_header,
    build_response_header,
    read_request_header,
    read_response_header,
)
from mspcim.multispeak.v50.msp_binding import Release
from mspcim.multispeak.v50.result import (
    ErrorObject,
    MessageResultLevel,
    ReplyCodeIdentifier,
    Result,
)
from mspcim.soap import SoapVersion, build_envelope

GUID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
WHEN = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
REQ = ns.MSP50_REQUEST
RES = ns.MSP50_RESPONSE
COM = ns.MSP50_COMMON
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def full_request() -> RequestHeader:
    return RequestHeader(
        multi_speak_version=MultiSpeakVersion(branch=2, build_string="Release"),
        caller=Caller(
            app_name="CIS",
            app_version="3.1",
            company="Coop",
            audit_id="auditor",
            audit_password="audit-secret",
            system_id="cis-01",
            password="secret",
        ),
        coded_names=[CodedName(coded_value="A1", name_part="Feeder", coded_name_type="Other")],
        data_set_state=DataSetState(
            request=DataSetIDs(data_set_id="ds-2", previous_data_set_id="ds-1")
        ),
        do_not_reply=[GUID],
        default_registered_name="Coop",
        default_system_name="CIS",
        default_utility="coop.example",
        default_currency_code="USD",
        registration_id=GUID,
        message_id="msg-1",
        time_stamp=WHEN,
        message_created_time_stamp=WHEN.replace(second=0),
        context="Testing",
    )


def test_every_request_attribute_and_element_is_written():
    element = build_request_header(full_request())
    assert element.tag == f"{{{REQ}}}MultiSpeakRequestMsgHeader"
    assert dict(element.attrib) == {
        "DefaultRegisteredName": "Coop",
        "DefaultSystemName": "CIS",
        "DefaultUtility": "coop.example",
        "DefaultCurrencyCode": "USD",
        "MessageID": "msg-1",
        "TimeStamp": "2024-05-06T07:08:09Z",
        "MessageCreatedTimeStamp": "2024-05-06T07:08:00Z",
        "Context": "Testing",
        "RegistrationID": GUID,
    }
    assert [child.tag for child in element] == [
        f"{{{REQ}}}MultiSpeakVersion",
        f"{{{REQ}}}Caller",
        f"{{{REQ}}}CodedNames",
        f"{{{REQ}}}DataSetState",
        f"{{{REQ}}}DoNotReply",
    ]
    caller = element.find(f"{{{REQ}}}Caller")
    assert caller is not None
    assert [(child.tag, child.text) for child in caller] == [
        (f"{{{COM}}}AppName", "CIS"),
        (f"{{{COM}}}AppVersion", "3.1"),
        (f"{{{COM}}}Company", "Coop"),
        (f"{{{COM}}}AuditID", "auditor"),
        (f"{{{COM}}}AuditPassword", "audit-secret"),
        (f"{{{COM}}}SystemID", "cis-01"),
        (f"{{{COM}}}Password", "secret"),
    ]
    version = element.find(f"{{{REQ}}}MultiSpeakVersion")
    assert version is not None
    assert [child.text for child in version] == ["5", "0", "7", "2", "Release"]
    state = element.find(f"{{{REQ}}}DataSetState/{{{COM}}}RequestDataSetState")
    assert state is not None
    assert [child.text for child in state] == ["ds-2", "ds-1"]
    assert element.findtext(f"{{{REQ}}}DoNotReply/{{{COM}}}registrationID") == GUID
    coded = element.find(f"{{{REQ}}}CodedNames/{{{COM}}}codedName")
    assert coded is not None
    assert coded.get("codedNameType") == "Other"
    assert [child.text for child in coded] == ["A1", "Feeder"]


def test_the_caller_never_shows_its_passwords():
    shown = repr(full_request().caller)
    assert "secret" not in shown
    assert "audit-secret" not in shown
    assert "app_name='CIS'" in shown


@pytest.mark.parametrize("release", ["5.0.7", "5.0.4"])
def test_full_request_header_is_valid_and_reads_back(release, assert_schema_valid):
    header = full_request()
    element = build_request_header(header, release)
    assert_schema_valid(element, release=release)
    assert read_request_header(element) == header


def test_504_requires_build_string_and_system_id_which_507_makes_optional(assert_schema_valid):
    header = RequestHeader(
        message_id="m", time_stamp=WHEN, caller=Caller(app_name="a", company="c")
    )
    assert_schema_valid(build_request_header(header), release="5.0.7")
    element = build_request_header(header, Release.V504)
    assert_schema_valid(element, release="5.0.4")
    assert element.findtext(f"{{{REQ}}}MultiSpeakVersion/{{{COM}}}BuildString") == "Release"
    assert element.findtext(f"{{{REQ}}}Caller/{{{COM}}}SystemID") == ""


def test_response_header_with_result_is_valid_and_reads_back(assert_schema_valid):
    header = ResponseHeader(
        message_id="reply-1",
        time_stamp=WHEN,
        caller=Caller(app_name="MDM", company="Coop", system_id="mdm"),
        result=Result(
            result_identifier=ReplyCodeIdentifier.from_code("2.4"),
            result_description="some meters are unknown",
            level=MessageResultLevel(value="Warning"),
            error_objects=[
                ErrorObject(
                    error_code=ReplyCodeIdentifier.from_code("2.4"),
                    event_time=WHEN,
                    display_string="unknown meter",
                    detailed_string="no meter with GUID",
                    reference_id=GUID,
                    noun_type="meter",
                )
            ],
            data_set_id="ds",
            last_sent="x",
            objects_remaining=0,
        ),
    )
    for release in ("5.0.7", "5.0.4"):
        element = build_response_header(header, release)
        assert_schema_valid(element, release=release)
    element = build_response_header(header)
    result = element.find(f"{{{RES}}}Result")
    assert result is not None
    assert result.findtext(f"{{{COM}}}resultIdentifier/{{{COM}}}replyCodeCategory") == "2"
    assert result.findtext(f"{{{COM}}}resultIdentifier/{{{COM}}}index") == "4"
    error = result.find(f"{{{COM}}}errorObjects/{{{COM}}}errorObject")
    assert error is not None
    assert error.get("referenceID") == GUID
    assert error.get("nounType") == "meter"
    assert error.findtext(f"{{{COM}}}eventTime") == "2024-05-06T07:08:09Z"
    back = read_response_header(element)
    assert back == header
    assert back.result.error_objects[0].error_code is not None
    assert back.result.error_objects[0].error_code.code == "2.4"


def test_reply_code_outside_the_categories_is_other_with_its_kind():
    identifier = ReplyCodeIdentifier.from_code("9.1")
    assert identifier.reply_code_category.value == "Other"
    assert identifier.reply_code_category.other_kind == "9"
    assert identifier.index == "1"


def normalised_for(header, release):
    """What a header reads back as after being written for ``release``."""
    expected = copy.deepcopy(header)
    if release == "5.0.4":
        if expected.multi_speak_version.build_string is None:
            expected.multi_speak_version.build_string = "Release"
        if expected.caller.system_id is None:
            expected.caller.system_id = ""
    return expected


@SLOW
@given(header=request_headers)
def test_request_headers_round_trip_and_validate_in_both_releases(header, schemas):
    for release in ("5.0.7", "5.0.4"):
        element = build_request_header(header, release)
        assert schemas.validate(element, release=release) == []
        assert read_request_header(element) == normalised_for(header, release)


@SLOW
@given(header=response_headers)
def test_response_headers_round_trip_and_validate_in_both_releases(header, schemas):
    for release in ("5.0.7", "5.0.4"):
        element = build_response_header(header, release)
        assert schemas.validate(element, release=release) == []
        assert read_response_header(element) == normalised_for(header, release)


def test_header_in_a_soap_envelope_validates_with_its_body(assert_schema_valid):
    endpoint = ns.MSP50_WSDL.format(endpoint="MR_Server")
    body = build_envelope(
        SoapVersion.SOAP11,
        [etree.Element(f"{{{endpoint}}}GetMeterReadingsByMeterIDs")],
        [build_request_header(full_request())],
    )
    assert_schema_valid(body)


def test_wrong_element_and_bad_values_are_refused_with_their_path():
    response = build_response_header(ResponseHeader(message_id="m", time_stamp=WHEN))
    with pytest.raises(MessageFormatError, match="MultiSpeakRequestMsgHeader"):
        read_request_header(response)
    element = build_request_header(full_request())
    element.set("TimeStamp", "yesterday")
    with pytest.raises(MappingError, match="yesterday") as raised:
        read_request_header(element)
    assert raised.value.xpath == "/Envelope/Header/MultiSpeakRequestMsgHeader/@TimeStamp"
    del element.attrib["MessageID"]
    with pytest.raises(MessageFormatError) as missing:
        read_request_header(element)
    assert missing.value.xpath.endswith("@MessageID")
