"""Whole meter-event messages: MeterEventNotification ⇄ created EndDeviceEvents, and the translator."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from lxml import etree
from typer.testing import CliRunner

from mspcim import ns, xmlsafe
from mspcim.cim.catalogue import Edition
from mspcim.cim.end_device_events import (
    NAMESPACE_2009,
    EndDeviceEvents,
    declared_schema_2009,
    read_2013,
    write_2013,
)
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import (
    EnvelopeForm,
    Error,
    Header,
    Message,
    MessageKind,
    Reply,
    ReplyResult,
    Verb,
)
from mspcim.cli import app
from mspcim.exceptions import MessageFormatError
from mspcim.harmonize.end_device_event_messages import (
    cim_events,
    events_to_notification,
    notification_to_event,
)
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles.end_device_events import to_cim
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41.meter_event import (
    EventInstance,
    MeterEvent,
    MeterEventList,
    MeterEventNotification,
    build_meter_event_notification,
    read_meter_event_notification,
)
from mspcim.multispeak.v41.meter_reading import MeterID
from mspcim.soap import SoapVersion, build_envelope, read_envelope

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def header() -> MultiSpeakMsgHeader:
    return MultiSpeakMsgHeader(
        app_name="Riverside MDM",
        user_id="mdm",
        pwd="s3cret",
        message_id="MSP-7",
        time_stamp=T0,
        session_id="S-1",
    )


def notification() -> MeterEventNotification:
    return MeterEventNotification(
        MeterEventList(
            event_instances=[
                EventInstance(
                    MeterID("MTR-1", service_type="Electric"),
                    MeterEvent("Outage", type="3", domain="26", domain_part="0", index="85"),
                    T0,
                ),
                EventInstance(MeterID("MTR-2"), MeterEvent("Restoration"), None),
            ]
        ),
        transaction_id="TX-42",
    )


def soap(body: etree._Element) -> bytes:
    return xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [body], [build_header(header())]))


@pytest.mark.parametrize("form", list(EnvelopeForm))
def test_notification_becomes_a_created_event_message(assert_schema_valid, form) -> None:
    report = GapReport()
    message = notification_to_event(notification(), header(), report=report, form=form)
    element = build_message(message)
    assert_schema_valid(element)
    back = read_message(xmlsafe.parse(xmlsafe.serialize(element)))
    assert back.kind is MessageKind.EVENT
    assert (back.header.verb, back.header.noun) == (Verb.CREATED, "EndDeviceEvents")
    assert back.header.message_id == "MSP-7"
    assert back.header.correlation_id == "TX-42"
    assert back.header.source == "Riverside MDM"
    [document] = [read_2013(payload) for payload in back.payload]
    events = document.end_device_events
    assert [event.end_device_event_type.ref for event in events] == ["3.26.0.85", "3.26.0.216"]
    assert [event.created_date_time for event in events] == [T0, T0]  # the second from the header
    assert [event.assets.names[0].name for event in events] == ["MTR-1", "MTR-2"]
    entries = {entry.path: entry for entry in report}
    assert entries["/MultiSpeakMsgHeader/@Pwd"].value == "********"
    assert "s3cret" not in report.to_text()
    changed = entries["/MeterEventNotification/events/eventInstances/eventInstance[2]/timeStamp"]
    assert changed.kind is GapKind.CHANGED


def test_notification_in_the_first_edition_uses_the_declared_profile() -> None:
    message = notification_to_event(notification(), header(), edition=Edition.CIM2009)
    [payload] = message.payload
    assert payload.tag == f"{{{NAMESPACE_2009}}}EndDeviceEvents"
    schema = etree.XMLSchema(declared_schema_2009())
    assert schema.validate(payload), schema.error_log


def test_events_become_a_notification(assert_schema_valid) -> None:
    document = to_cim(notification().events, default_time=T0)
    message = Message(
        MessageKind.EVENT,
        Header(
            Verb.CREATED, "EndDeviceEvents", source="HES", message_id="M-1", correlation_id="C-1"
        ),
        payload=[write_2013(document)],
    )
    report = GapReport()
    call, msp_header = events_to_notification(cim_events(message), report=report)
    assert call.transaction_id == "C-1"
    assert msp_header.app_name == "HES"
    assert msp_header.message_id == "M-1"
    body = build_meter_event_notification(call)
    assert_schema_valid(xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [body])))
    codes = [i.meter_event.code for i in read_meter_event_notification(body).events.event_instances]
    assert codes == ["Outage", "Restoration"]
    carried = {entry.path: entry.carried_in for entry in report if entry.kind is GapKind.CARRIED}
    assert carried["/Header/CorrelationID"] == "MeterEventNotification/transactionID"


def test_reply_errors_have_no_place_and_are_reported() -> None:
    message = Message(
        MessageKind.RESPONSE,
        Header(Verb.REPLY, "EndDeviceEvents"),
        reply=Reply(ReplyResult.PARTIAL, [Error(code="2.4", reason="meter M9 unknown")]),
        payload=[write_2013(to_cim(notification().events, default_time=T0))],
    )
    report = GapReport()
    call, _ = events_to_notification(cim_events(message), transaction_id="T", report=report)
    assert call.transaction_id == "T"
    assert len(call.events.event_instances) == 2
    [lost] = report.lost
    assert (lost.path, lost.value) == ("/Reply/Error[1]", "meter M9 unknown")


def test_a_foreign_payload_is_refused() -> None:
    message = Message(
        MessageKind.EVENT,
        Header(Verb.CREATED, "EndDeviceEvents"),
        payload=[etree.Element(ns.qname(ns.METER_READINGS_2011, "MeterReadings"))],
    )
    with pytest.raises(MessageFormatError, match="unexpected payload"):
        cim_events(message)
    twice = Message(
        MessageKind.EVENT,
        Header(Verb.CREATED, "EndDeviceEvents"),
        payload=[write_2013(EndDeviceEvents()), write_2013(EndDeviceEvents())],
    )
    with pytest.raises(MessageFormatError, match="more than one EndDeviceEvents payload"):
        cim_events(twice)


def test_translator_goes_both_ways(assert_schema_valid) -> None:
    source = xmlsafe.parse(soap(build_meter_event_notification(notification())))
    to_cim_result = translate_document(source, "cim")
    assert to_cim_result.source == "MultiSpeak 4.1 MeterEventNotification"
    assert_schema_valid(to_cim_result.document)
    back = translate_document(to_cim_result.document, "msp41")
    assert back.target == "MultiSpeak 4.1 MeterEventNotification"
    assert_schema_valid(back.document)
    call = read_meter_event_notification(read_envelope(back.document).first_body)
    assert call.transaction_id == "TX-42"
    assert [i.meter_event.code for i in call.events.event_instances] == ["Outage", "Restoration"]
    assert [i.meter_id.value for i in call.events.event_instances] == ["MTR-1", "MTR-2"]


def test_a_bare_payload_translates_to_a_notification_and_to_2009(assert_schema_valid) -> None:
    payload = write_2013(to_cim(notification().events, default_time=T0))
    result = translate_document(payload, "msp41")
    assert_schema_valid(result.document)
    first = translate_document(payload, "cim2009")
    [converted] = read_message(first.document).payload
    assert converted.tag == f"{{{NAMESPACE_2009}}}EndDeviceEvents"
    assert etree.XMLSchema(declared_schema_2009()).validate(converted)
    assert read_2013(payload).end_device_events[0].assets is not None


def test_cli_translate_reports_gaps(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    path = tmp_path / "events.xml"
    call = notification()
    call.events.comments = "from the field"
    path.write_bytes(soap(build_meter_event_notification(call)))
    result = CliRunner().invoke(
        app, ["translate", str(path), "--to", "cim"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "EndDeviceEvents" in result.stdout
    assert "/MeterEventNotification/events/comments" in " ".join(result.output.split())
