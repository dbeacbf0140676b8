"""Profile 8.23 MeterSystemEvents: historyLog ⇄ EndDeviceEvents, HistoryLogChangedNotification ⇄
created MeterSystemEvents, GetHistoryLog… ⇄ get, both ways; values and gaps asserted; MultiSpeak
validated against the WSDL schemas, CIM against the XSD the project declares; round trips."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from mspcim import xmlsafe
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.identified_object import Name
from mspcim.cim.message import (
    EnvelopeForm,
    Header,
    Message,
    MessageKind,
    Reply,
    ReplyResult,
    Request,
    Verb,
)
from mspcim.cim.meter_system_events import (
    BINDING_2009,
    CODEC_2013,
    Asset,
    EndDeviceEvent,
    EndDeviceEventDetail,
    EndDeviceEventTypeRef,
    MeterSystemEvents,
)
from mspcim.cli import app
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.meter_system_events_messages import request_operation
from mspcim.harmonize.profiles import meter_system_events as profile
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.history_log import (
    Event,
    GetHistoryLogs,
    HistoryLog,
    HistoryLogChangedNotification,
    MeterEvent,
    build_history_logs_response,
    read_history_logs_response,
)
from mspcim.multispeak.v41.msp_binding import MeterID
from mspcim.soap import read_envelope
from mspcim.validation import SchemaSet

FIXTURE = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "meter_system_events"
    / "history_log_changed_notification.soap11.xml"
)
START, END = datetime(2026, 5, 3, tzinfo=UTC), datetime(2026, 5, 4, tzinfo=UTC)


def ids() -> str:
    return "msg-1"


def events_of(document: etree._Element) -> tuple[Message, MeterSystemEvents]:
    message = read_message(document)
    return message, CODEC_2013.read(message.payload[0])


def test_notification_becomes_created_events_naming_their_meter(declared: SchemaSet) -> None:
    result = translate_document(xmlsafe.parse(FIXTURE.read_bytes()), "cim", new_id=ids)
    assert declared.validate(result.document) == []
    message, document = events_of(result.document)
    assert message.kind is MessageKind.EVENT
    assert message.header is not None
    assert (message.header.verb, message.header.noun) == (Verb.CREATED, "MeterSystemEvents")
    failure, restored, tamper = document.end_device_events
    assert failure.created_date_time == datetime(2026, 5, 3, 2, 41, 17, tzinfo=UTC)
    assert failure.end_device_event_type.ref == "3.26.0.85"
    assert failure.user_id == "amr-hes"
    assert failure.assets == Asset(
        mrid="6f1d2a50-0c39-4b7e-a3a6-1c1f1e3a0001",
        names=[
            Name.typed("10001", "meterID", "MultiSpeak"),
            Name.typed("10001", "meterNo", "MultiSpeak"),
            Name.typed("Electric", "serviceType", "MultiSpeak"),
        ],
    )
    assert [(n.type_name, n.name) for n in failure.names] == [
        ("historyLog.objectID", "HL-10001-0503"),
        ("meterEvent", "PowerFail"),
        ("meterEvent.codeString", "Power failure"),
    ]
    assert failure.end_device_event_details == [
        EndDeviceEventDetail(name="sequenceNumber", value="8812")
    ]
    assert restored.end_device_event_type.ref == "3.26.0.216"
    assert restored.end_device_event_details == [
        EndDeviceEventDetail(name="meterEvent.value", value="81m38s"),
        EndDeviceEventDetail(name="argument", value="outage duration"),
        EndDeviceEventDetail(name="sequenceNumber", value="8813"),
    ]
    assert tamper.assets is not None and tamper.assets.mrid == "10002"
    assert tamper.end_device_event_type.ref == "3.12.0.257"
    lost = [(entry.path, entry.value) for entry in result.gaps.lost]
    assert lost == [
        ("/HistoryLogChangedNotification/changedHistoryLogs/historyLog[1]/comments", "Storm night"),
        ("/MultiSpeakMsgHeader/@Pwd", "********"),
    ]


def test_events_come_back_as_the_same_history_logs(assert_schema_valid) -> None:
    source = xmlsafe.parse(FIXTURE.read_bytes())
    cim = translate_document(source, "cim", new_id=ids)
    back = translate_document(cim.document, "msp41")
    assert_schema_valid(back.document)
    original = msp_binding.read(read_envelope(source).first_body, HistoryLogChangedNotification)
    original.changed_history_logs[0].comments = None
    returned = msp_binding.read(
        read_envelope(back.document).first_body, HistoryLogChangedNotification
    )
    assert returned == original
    assert back.gaps.lost == []


def test_the_2009_edition_is_valid_against_its_declared_schema(declared: SchemaSet) -> None:
    result = translate_document(xmlsafe.parse(FIXTURE.read_bytes()), "cim2009", new_id=ids)
    assert declared.validate(result.document) == []
    payload = read_message(result.document).payload[0]
    event = payload.find(f"{{{BINDING_2009.namespace}}}EndDeviceEvent")
    assert event.find(f"{{{BINDING_2009.namespace}}}EndDeviceAsset") is not None


def test_a_literal_event_code_becomes_numbers_and_an_uncoded_event_stands_by_name() -> None:
    log = HistoryLog(
        meter_id=MeterID(value="M1"),
        event_list=[
            Event(
                date_time=START,
                meter_event=MeterEvent(
                    value="x", type="electricMeter", domain="power", domain_part="0", index="85"
                ),
            ),
            Event(date_time=START, meter_event=MeterEvent(value="Vendor-Reset")),
        ],
    )
    report = GapReport()
    document = profile.to_cim([log], report)
    assert [e.end_device_event_type.ref for e in document.end_device_events] == [
        "3.26.0.85",
        "Vendor-Reset",
    ]
    assert [(entry.value, entry.kind) for entry in report] == [("Vendor-Reset", GapKind.CHANGED)]


@pytest.mark.parametrize(
    ("meter_event", "message"),
    [
        (None, "without meterEvent"),
        (MeterEvent(value=""), "neither code attributes nor a code"),
        (MeterEvent(value="x", type="99", domain="26", domain_part="0", index="85"), "unknown"),
    ],
)
def test_an_event_without_a_usable_code_is_a_mapping_error(meter_event, message: str) -> None:
    log = HistoryLog(event_list=[Event(date_time=START, meter_event=meter_event)])
    with pytest.raises(MappingError, match=message):
        profile.to_cim([log])


def test_a_log_without_events_is_reported() -> None:
    report = GapReport()
    assert (
        profile.to_cim([HistoryLog(meter_id=MeterID(value="M7"))], report).end_device_events == []
    )
    assert [(entry.path, entry.value) for entry in report.lost] == [
        ("/historyLog[1]/eventList", "M7")
    ]


def test_cim_only_values_are_reported_lost() -> None:
    event = EndDeviceEvent(
        created_date_time=START,
        issuer_id="HES",
        severity="critical",
        end_device_event_type=EndDeviceEventTypeRef(ref="3.26.0.85"),
        end_device_event_details=[EndDeviceEventDetail(name="phase", value="B")],
        names=[Name.typed("X", "vendorName")],
    )
    report = GapReport()
    (log,) = profile.to_msp(MeterSystemEvents(end_device_events=[event]), report)
    assert log.meter_id is None
    assert log.event_list[0].meter_event == MeterEvent(
        value="3.26.0.85", type="3", domain="26", domain_part="0", index="85"
    )
    assert {(entry.path, entry.value) for entry in report.lost} == {
        ("/MeterSystemEvents/EndDeviceEvent[1]/issuerID", "HES"),
        ("/MeterSystemEvents/EndDeviceEvent[1]/severity", "critical"),
        ("/MeterSystemEvents/EndDeviceEvent[1]/EndDeviceEventDetails", "phase=B"),
        ("/MeterSystemEvents/EndDeviceEvent[1]/Names", "vendorName=X"),
    }


def test_events_of_two_meters_become_two_logs_in_first_seen_order() -> None:
    def event(meter: str, minute: int) -> EndDeviceEvent:
        return EndDeviceEvent(
            created_date_time=START.replace(minute=minute),
            assets=Asset(mrid=meter, names=[Name.typed(meter, "meterID", "MultiSpeak")]),
            end_device_event_type=EndDeviceEventTypeRef(ref="3.26.0.85"),
        )

    document = MeterSystemEvents(end_device_events=[event("B", 1), event("A", 2), event("B", 3)])
    logs = profile.to_msp(document)
    assert [(log.meter_id.value if log.meter_id else None) for log in logs] == ["B", "A"]
    assert [[e.date_time.minute for e in log.event_list if e.date_time] for log in logs] == [
        [1, 3],
        [2],
    ]


@pytest.mark.parametrize(
    ("call", "operation", "request_ids", "options"),
    [
        (
            GetHistoryLogs(meter_id=MeterID(value="10001"), start_date=START, end_date=END),
            "GetHistoryLogByMeterID",
            ["10001"],
            [],
        ),
        (
            GetHistoryLogs(start_date=START, end_date=END, last_received="HL-9"),
            "GetHistoryLogsByDate",
            [],
            [("lastReceived", "HL-9")],
        ),
        (
            GetHistoryLogs(
                meter_id=MeterID(value="10001"),
                event_code=MeterEvent(
                    value="3.26.0.85", type="3", domain="26", domain_part="0", index="85"
                ),
                start_date=START,
                end_date=END,
            ),
            "GetHistoryLogsByMeterIDAndEventCode",
            ["10001"],
            [("eventCode", "3.26.0.85")],
        ),
        (
            GetHistoryLogs(
                event_code=MeterEvent(
                    value="3.26.0.85", type="3", domain="26", domain_part="0", index="85"
                ),
                start_date=START,
                end_date=END,
            ),
            "GetHistoryLogsByDateAndEventCode",
            [],
            [("eventCode", "3.26.0.85")],
        ),
    ],
)
def test_history_log_requests_both_ways(
    assert_schema_valid, call: GetHistoryLogs, operation: str, request_ids, options
) -> None:
    body = msp_binding.write(call, operation)
    assert_schema_valid(body)
    result = translate_document(body, "cim", new_id=ids)
    assert_schema_valid(result.document)
    message = read_message(result.document)
    assert message.header is not None and message.header.verb is Verb.GET
    assert message.request is not None
    assert (message.request.start_time, message.request.end_time) == (START, END)
    assert [object_id.value for object_id in message.request.ids] == request_ids
    assert [(o.name, o.value) for o in message.request.options] == options
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    returned = read_envelope(back.document).first_body
    assert etree.QName(returned).localname == operation
    assert msp_binding.read(returned, GetHistoryLogs) == call


def test_a_get_without_dates_is_refused() -> None:
    message = Message(MessageKind.REQUEST, Header(Verb.GET, "MeterSystemEvents"), request=Request())
    with pytest.raises(MessageFormatError, match="needs a start and an end date"):
        translate_document(build_message(message), "msp41")
    assert request_operation(True, True) == "GetHistoryLogsByMeterIDAndEventCode"


def test_responses_both_ways(declared: SchemaSet, assert_schema_valid) -> None:
    logs = msp_binding.read(
        read_envelope(xmlsafe.parse(FIXTURE.read_bytes())).first_body, HistoryLogChangedNotification
    ).changed_history_logs
    body = build_history_logs_response("GetHistoryLogByMeterID", logs[1:])
    assert_schema_valid(body)
    result = translate_document(body, "cim", new_id=ids)
    assert declared.validate(result.document) == []
    message, document = events_of(result.document)
    assert message.kind is MessageKind.RESPONSE
    assert [e.end_device_event_type.ref for e in document.end_device_events] == ["3.12.0.257"]
    assert message.reply == Reply(ReplyResult.OK)
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    assert read_history_logs_response(read_envelope(back.document).first_body) == logs[1:]


@pytest.mark.parametrize(
    ("to", "message"),
    [("cim", "no noun-wrapper message for MeterSystemEvents"), ("cim2009", "noun-wrapper")],
)
def test_the_noun_wrapper_form_is_refused_for_a_declared_profile(to: str, message: str) -> None:
    with pytest.raises(MessageFormatError, match=message):
        translate_document(
            xmlsafe.parse(FIXTURE.read_bytes()), to, form=EnvelopeForm.NOUN_WRAPPER, new_id=ids
        )


def test_translate_command_on_the_fixture(declared: SchemaSet) -> None:
    result = CliRunner().invoke(app, ["translate", str(FIXTURE), "--to", "cim", "--gaps", "text"])
    assert result.exit_code == 0, result.stderr
    assert declared.validate(xmlsafe.parse(result.stdout_bytes)) == []
    assert "gaps: 6 carried, 2 lost, 0 changed" in " ".join(result.stderr.split())
    assert "hes-secret" not in result.stderr


# --- round trips with generated data

_TEXT = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=10)
_WHEN = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(lambda value: value.replace(microsecond=0))
_CODES = st.sampled_from(["3.26.0.85", "3.26.0.216", "3.31.0.68", "3.12.0.257", "3.26.0.999"])
_EVENT = st.builds(
    lambda when, code, text, code_string, value, user, argument, sequence: Event(
        date_time=when,
        meter_event=MeterEvent(
            value=text,
            type=code.split(".")[0],
            domain=code.split(".")[1],
            domain_part=code.split(".")[2],
            index=code.split(".")[3],
            code_string=code_string,
            event_value=value,
        ),
        user_id=user,
        argument=argument,
        sequence_number=sequence,
    ),
    _WHEN,
    _CODES,
    _TEXT.map(lambda text: f"ev-{text}"),
    st.none() | _TEXT,
    st.none() | _TEXT,
    st.none() | _TEXT,
    st.none() | _TEXT,
    st.none() | st.integers(0, 2**32 - 1),
)
_LOGS = st.lists(
    st.builds(
        lambda number, meter, events: HistoryLog(
            object_id=f"HL-{number}", meter_id=meter, event_list=events
        ),
        st.integers(0, 10**6),
        st.none()
        | st.builds(MeterID, value=_TEXT, object_id=st.none() | _TEXT.map(lambda t: f"g-{t}")),
        st.lists(_EVENT, min_size=1, max_size=3),
    ),
    min_size=1,
    max_size=3,
    unique_by=lambda log: log.object_id,
)


@settings(max_examples=60, deadline=None)
@given(logs=_LOGS)
def test_multispeak_to_cim_to_multispeak_keeps_every_log(declared: SchemaSet, logs) -> None:
    call = HistoryLogChangedNotification(changed_history_logs=logs)
    body = msp_binding.write(call, "HistoryLogChangedNotification")
    assert declared.validate(body) == []
    cim = translate_document(body, "cim", new_id=ids)
    assert declared.validate(cim.document) == []
    assert cim.gaps.lost == []
    back = translate_document(cim.document, "msp41")
    assert declared.validate(back.document) == []
    returned = read_envelope(back.document).first_body
    assert msp_binding.read(returned, HistoryLogChangedNotification) == call


_CIM_EVENT = st.builds(
    lambda when, code, asset, user, detail, sequence: EndDeviceEvent(
        created_date_time=when,
        user_id=user,
        assets=asset,
        end_device_event_details=[
            EndDeviceEventDetail(name=name, value=value)
            for name, value in (("argument", detail), ("sequenceNumber", sequence))
            if value is not None
        ],
        end_device_event_type=EndDeviceEventTypeRef(ref=code),
    ),
    _WHEN,
    _CODES,
    st.none()
    | st.builds(
        lambda meter: Asset(mrid=meter, names=[Name.typed(meter, "meterID", "MultiSpeak")]), _TEXT
    ),
    st.none() | _TEXT,
    st.none() | _TEXT,
    st.none() | st.integers(0, 99).map(str),
)


@settings(max_examples=60, deadline=None)
@given(events=st.lists(_CIM_EVENT, max_size=4))
def test_cim_to_multispeak_to_cim_keeps_events_by_meter(declared: SchemaSet, events) -> None:
    document = MeterSystemEvents(end_device_events=events)
    message = Message(
        MessageKind.EVENT,
        Header(Verb.CREATED, "MeterSystemEvents", message_id="cim-1"),
        payload=[CODEC_2013.write(document)],
    )
    msp = translate_document(build_message(message), "msp41")
    assert declared.validate(msp.document) == []
    assert msp.gaps.lost == []
    back = translate_document(msp.document, "cim", new_id=ids)
    assert declared.validate(back.document) == []
    _, returned = events_of(back.document)

    def key(event: EndDeviceEvent) -> str:
        return event.assets.mrid or "" if event.assets else ""

    order = list(dict.fromkeys(key(event) for event in events))
    expected = sorted(events, key=lambda event: order.index(key(event)))
    assert returned.end_device_events == expected
