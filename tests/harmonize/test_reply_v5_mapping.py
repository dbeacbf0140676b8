"""The v5 result ⇄ 61968-100 Reply ⇄ v4.1 errorObjects: codes, levels, objects, both ways."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from mspcim.cim.message import Error, ErrorLevel, ObjectID, Reply, ReplyResult
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.reply_v5 import (
    error_objects_from_result,
    reply_from_result,
    result_from_error_objects,
    result_from_reply,
)
from mspcim.multispeak.errors import ErrorObject as ErrorObject41
from mspcim.multispeak.v50.header import Caller, ResponseHeader, build_response_header
from mspcim.multispeak.v50.result import (
    ErrorObject,
    MessageResultLevel,
    ReplyCodeIdentifier,
    Result,
)

WHEN = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
LATER = datetime(2024, 5, 6, 8, 0, 0, tzinfo=UTC)
GUIDS = ["0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "1f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"]


def failed_meter(guid: str, reason: str) -> ErrorObject:
    return ErrorObject(
        error_code=ReplyCodeIdentifier.from_code("2.4"),
        event_time=WHEN,
        display_string=reason,
        detailed_string=f"{reason} (details)",
        reference_id=guid,
        noun_type="meter",
    )


def test_ok_both_ways():
    assert reply_from_result(Result.ok()) == Reply(result=ReplyResult.OK)
    back = result_from_reply(Reply(result=ReplyResult.OK))
    assert back.result_identifier.code == "0.0"
    assert back.error_objects == []


def test_errors_for_some_requested_objects_are_partial_with_one_error_each():
    report = GapReport()
    result = Result(
        result_identifier=ReplyCodeIdentifier.from_code("2.4"),
        level=MessageResultLevel(value="Fatal"),
        error_objects=[failed_meter(GUIDS[0], "unknown meter")],
    )
    reply = reply_from_result(result, requested=3, report=report)
    assert reply.result is ReplyResult.PARTIAL
    assert reply.errors == [
        Error(
            code="2.4",
            level=ErrorLevel.FATAL,
            reason="unknown meter",
            details="unknown meter (details)",
            id=ObjectID(value=GUIDS[0], kind="name", object_type="meter"),
        )
    ]
    assert [(entry.path, entry.kind) for entry in report] == [
        ("/Result/errorObjects/errorObject[1]/eventTime", GapKind.LOST)
    ]
    assert reply_from_result(result, requested=1).result is ReplyResult.FAILED


def test_a_failed_result_without_error_objects_is_one_error_without_id_and_back():
    result = Result(
        result_identifier=ReplyCodeIdentifier.from_code("6.4"),
        result_description="operation not offered",
        level=MessageResultLevel(value="Fatal"),
    )
    reply = reply_from_result(result)
    assert reply == Reply(
        result=ReplyResult.FAILED,
        errors=[Error(code="6.4", level=ErrorLevel.FATAL, reason="operation not offered")],
    )
    back = result_from_reply(reply, now=LATER)
    assert back == result


def test_warning_level_is_partial_and_reply_errors_become_error_objects_at_the_given_time():
    result = Result(
        result_identifier=ReplyCodeIdentifier.from_code("3.1"),
        level=MessageResultLevel(value="Warning"),
        error_objects=[failed_meter(guid, "late") for guid in GUIDS],
    )
    reply = reply_from_result(result)
    assert reply.result is ReplyResult.PARTIAL
    assert [error.level for error in reply.errors] == [ErrorLevel.WARNING] * 2
    back = result_from_reply(reply, now=LATER)
    assert back.level == MessageResultLevel(value="Warning")
    assert back.result_identifier.code == "2.4"
    assert [item.reference_id for item in back.error_objects] == GUIDS
    assert all(item.event_time == LATER for item in back.error_objects)
    assert [item.error_code.code for item in back.error_objects if item.error_code] == ["2.4"] * 2


def test_41_error_objects_to_v5_result_and_back(schemas):
    errors = [
        ErrorObject41(error_string="unknown meter", object_id="M-1", noun_type="meter"),
        ErrorObject41(error_string="not read", object_id="M-2", text="timeout"),
    ]
    result = result_from_error_objects(errors, requested=5, now=LATER)
    assert result.level == MessageResultLevel(value="Warning")
    assert [
        (item.reference_id, item.display_string, item.detailed_string, item.noun_type)
        for item in result.error_objects
    ] == [("M-1", "unknown meter", None, "meter"), ("M-2", "not read", "timeout", None)]
    header = ResponseHeader(
        message_id="r", time_stamp=LATER, caller=Caller(app_name="a", company="c"), result=result
    )
    for release in ("5.0.7", "5.0.4"):
        assert schemas.validate(build_response_header(header, release), release=release) == []
    back = error_objects_from_result(result, requested=5)
    assert [(item.object_id, item.error_string, item.text) for item in back] == [
        ("M-1", "unknown meter", None),
        ("M-2", "not read", "timeout"),
    ]


def test_a_failed_reply_without_errors_is_still_a_failed_result():
    result = result_from_reply(Reply(result=ReplyResult.FAILED), now=LATER)
    assert result.result_identifier.code == "6.2"
    assert result.level == MessageResultLevel(value="Fatal")


def test_other_level_has_no_cim_level_and_is_reported():
    report = GapReport()
    result = Result(
        result_identifier=ReplyCodeIdentifier.from_code("5.0"),
        level=MessageResultLevel(value="Other", other_kind="Advisory"),
    )
    reply = reply_from_result(result, report=report)
    assert reply.result is ReplyResult.FAILED
    assert [(entry.path, entry.value) for entry in report.lost] == [("/Result/level", "Advisory")]


@settings(max_examples=60, deadline=None)
@given(
    failures=st.lists(
        st.tuples(
            st.uuids().map(str),
            st.text(alphabet="abcdefgh ", min_size=1, max_size=10),
            st.integers(1, 7),
            st.integers(0, 30),
        ),
        min_size=1,
        max_size=4,
        unique_by=lambda item: item[0],
    )
)
def test_error_objects_keep_id_text_and_code_through_the_reply(failures):
    result = Result(
        result_identifier=ReplyCodeIdentifier.from_code(f"{failures[0][2]}.{failures[0][3]}"),
        level=MessageResultLevel(value="Fatal"),
        error_objects=[
            ErrorObject(
                error_code=ReplyCodeIdentifier.from_code(f"{category}.{index}"),
                event_time=WHEN,
                display_string=text,
                reference_id=guid,
            )
            for guid, text, category, index in failures
        ],
    )
    back = result_from_reply(reply_from_result(result), now=WHEN)
    assert back == result
