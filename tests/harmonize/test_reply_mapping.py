"""MultiSpeak errorObject lists ⇄ 61968-100 Reply: result by requested count, errors by table."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mspcim import reply_codes
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import (
    EnvelopeForm,
    Error,
    ErrorLevel,
    Header,
    Message,
    MessageKind,
    ObjectID,
    Reply,
    ReplyResult,
    Verb,
)
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.reply import (
    DEFAULT_ERROR_CODE,
    error_objects_from_reply,
    reply_from_error_objects,
)
from mspcim.multispeak.errors import ErrorObject
from mspcim.multispeak.v41.operations import (
    build_array_of_error_object_response,
    read_array_of_error_object_response,
)
from mspcim.soap import SoapVersion, build_envelope
from mspcim.xsdtypes import format_datetime

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def unknown_meter(meter: str) -> ErrorObject:
    return ErrorObject(
        error_string=f"meter {meter} is not known",
        object_id=meter,
        noun_type="meter",
        event_time=T0,
        text="2.4",
    )


def response(reply: Reply, form: EnvelopeForm) -> Message:
    return Message(
        MessageKind.RESPONSE, Header(Verb.REPLY, "MeterReadings"), reply=reply, form=form
    )


def test_no_errors_is_ok() -> None:
    assert reply_from_error_objects([], requested=3) == Reply(ReplyResult.OK)
    assert reply_from_error_objects([]) == Reply(ReplyResult.OK)


def test_errors_for_some_requested_objects_are_partial() -> None:
    reply = reply_from_error_objects([unknown_meter("10003")], requested=3)
    assert reply.result is ReplyResult.PARTIAL
    (error,) = reply.errors
    assert error.id == ObjectID(value="10003", kind="name", object_type="meter")
    assert error.reason == "meter 10003 is not known"
    assert error.details == "2.4"
    assert error.code == DEFAULT_ERROR_CODE == reply_codes.INVALID_CONTENT
    assert error.level is ErrorLevel.FATAL


@pytest.mark.parametrize("requested", [1, 2, None])
def test_errors_for_all_requested_objects_or_an_unknown_count_are_failed(
    requested: int | None,
) -> None:
    errors = [unknown_meter("10001"), unknown_meter("10002")]
    reply = reply_from_error_objects(errors, requested=requested)
    assert reply.result is ReplyResult.FAILED
    assert [error.id.value for error in reply.errors] == ["10001", "10002"]  # type: ignore[union-attr]


def test_two_errors_for_one_object_of_three_are_still_partial() -> None:
    errors = [unknown_meter("10001"), ErrorObject(error_string="timeout", object_id="10001")]
    assert reply_from_error_objects(errors, requested=3).result is ReplyResult.PARTIAL


def test_errors_naming_no_object_are_failed() -> None:
    reply = reply_from_error_objects([ErrorObject(error_string="server busy")], requested=3)
    assert reply.result is ReplyResult.FAILED
    (error,) = reply.errors
    assert error.id is None
    assert error.reason == "server busy"


def test_caller_chooses_the_error_code() -> None:
    reply = reply_from_error_objects([unknown_meter("1")], code=reply_codes.INVALID_METER)
    assert reply.errors[0].code == "2.4"


def test_event_time_is_reported_lost() -> None:
    report = GapReport()
    reply_from_error_objects([ErrorObject(error_string="x"), unknown_meter("7")], 5, report)
    (entry,) = report
    assert entry.path.startswith("/errorObject[2]/")
    assert entry.value == format_datetime(T0)
    assert entry.kind is GapKind.LOST
    assert entry.reason == "61968-100 Error has no time"
    assert entry.profile == "Reply"


def test_event_time_gap_path_names_the_xml_attribute() -> None:
    report = GapReport()
    reply_from_error_objects([unknown_meter("7")], 5, report)
    assert [entry.path for entry in report] == ["/errorObject[1]/@eventTime"]


def test_error_to_error_object() -> None:
    reply = Reply(
        ReplyResult.PARTIAL,
        errors=[
            Error(
                code="2.4",
                level=ErrorLevel.FATAL,
                reason="meter did not answer",
                details="3 attempts",
                xpath="MeterReading",
                id=ObjectID("10003", kind="name", id_type="meterID", object_type="Meter"),
            )
        ],
    )
    report = GapReport()
    (error,) = error_objects_from_reply(reply, report)
    assert error == ErrorObject(
        error_string="meter did not answer", object_id="10003", noun_type="Meter", text="3 attempts"
    )
    assert [(e.path, e.value, e.kind) for e in report] == [
        ("/Reply/Error[1]/code", "2.4", GapKind.LOST),
        ("/Reply/Error[1]/xpath", "MeterReading", GapKind.LOST),
    ]
    assert report.entries[0].reason == "errorObject has no error code"


def test_ok_reply_has_no_error_objects() -> None:
    report = GapReport()
    assert error_objects_from_reply(Reply(ReplyResult.OK), report) == []
    assert list(report) == []


def test_failed_reply_without_errors_still_yields_one_error_object() -> None:
    (error,) = error_objects_from_reply(Reply(ReplyResult.FAILED))
    assert error.error_string == "the CIM system answered FAILED without details"
    assert error.object_id is None


def test_partial_reply_without_errors_yields_none() -> None:
    assert error_objects_from_reply(Reply(ReplyResult.PARTIAL)) == []


@pytest.mark.parametrize("form", list(EnvelopeForm))
def test_mapped_reply_is_schema_valid_in_both_forms_and_reads_back(
    assert_schema_valid, form: EnvelopeForm
) -> None:
    reply = reply_from_error_objects(
        [unknown_meter("10003"), ErrorObject(error_string="no answer", object_id="10002")],
        requested=3,
    )
    element = build_message(response(reply, form))
    assert_schema_valid(element)
    read = read_message(element).reply
    assert read is not None
    assert read.result is ReplyResult.PARTIAL
    assert [(e.code, e.level, e.reason) for e in read.errors] == [
        ("6.2", ErrorLevel.FATAL, "meter 10003 is not known"),
        ("6.2", ErrorLevel.FATAL, "no answer"),
    ]
    assert set(read.failed_ids()) == {"10003", "10002"}
    back = error_objects_from_reply(read)
    assert [(e.object_id, e.error_string) for e in back] == [
        ("10003", "meter 10003 is not known"),
        ("10002", "no answer"),
    ]


def test_error_objects_are_schema_valid_in_an_operation_response(assert_schema_valid) -> None:
    reply = Reply(
        ReplyResult.FAILED,
        errors=[Error("2.4", ErrorLevel.FATAL, "unknown meter", id=ObjectID("10009"))],
    )
    errors = error_objects_from_reply(reply)
    body = build_array_of_error_object_response("InitiateMeterReadingsByMeterID", errors)
    envelope = build_envelope(SoapVersion.SOAP11, [body])
    assert_schema_valid(envelope)
    assert read_array_of_error_object_response(envelope[0][0]) == [
        ErrorObject(error_string="unknown meter", object_id="10009")
    ]


_TEXT = st.text(alphabet="abcdefghij KLMNOP-0123456789", min_size=1, max_size=12).filter(
    lambda text: text == text.strip()
)
error_objects = st.builds(
    ErrorObject,
    error_string=st.none() | _TEXT,
    object_id=st.none() | _TEXT,
    noun_type=st.none() | _TEXT,
    event_time=st.none(),
    text=st.none() | _TEXT,
)


@given(errors=st.lists(error_objects, max_size=5), extra=st.integers(min_value=0, max_value=3))
def test_error_objects_round_trip_and_result_follows_the_count(
    errors: list[ErrorObject], extra: int
) -> None:
    failed = {error.object_id for error in errors if error.object_id is not None}
    requested = len(failed) + extra
    reply = reply_from_error_objects(errors, requested=requested)
    if not errors:
        assert reply.result is ReplyResult.OK
    elif failed and extra > 0:
        assert reply.result is ReplyResult.PARTIAL
    else:
        assert reply.result is ReplyResult.FAILED
    back = error_objects_from_reply(reply)
    if errors or reply.result is not ReplyResult.FAILED:
        # noun_type travels in Error/ID/@objectType, so it needs an objectID to come back
        assert back == [
            ErrorObject(
                e.error_string, e.object_id, e.noun_type if e.object_id else None, None, e.text
            )
            for e in errors
        ]
