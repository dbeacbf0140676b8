"""The document translator: every sample document recognised and translated, output schema-valid."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from mspcim import ns, xmlsafe
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import EnvelopeForm, Header, Message, MessageKind, ReplyResult, Verb
from mspcim.cim.meter_readings_2013 import read_meter_readings
from mspcim.exceptions import MessageFormatError, UnknownOperationError, XmlSafetyError
from mspcim.harmonize.gaps import GapKind
from mspcim.harmonize.translator import Dialect, detect, translate_document
from mspcim.multispeak.header import read_header
from mspcim.multispeak.v41.meter_reading import MeterID, MeterReading, ReadingValue
from mspcim.multispeak.v41.operations import (
    build_get_latest_reading_response,
    build_get_methods_response,
    read_initiate_meter_readings_by_meter_id,
    read_reading_changed_notification,
)
from mspcim.soap import SoapVersion, build_envelope, read_envelope

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RCN = "reading_changed_notification.soap11.xml"
INITIATE = "initiate_meter_readings_by_meter_id.soap11.xml"
PARTIAL = "meter_readings_response_partial.xml"
PARTIAL_WRAPPED = "meter_readings_response_partial.noun_wrapper.soap12.xml"
PAYLOAD = "meter_readings.xml"
ALL = [RCN, INITIATE, PARTIAL, PARTIAL_WRAPPED, PAYLOAD]
MSP = [RCN, INITIATE]
CIM = [PARTIAL, PARTIAL_WRAPPED, PAYLOAD]
T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def fixture(name: str) -> etree._Element:
    return xmlsafe.parse((FIXTURES / name).read_bytes())


def new_ids() -> object:
    counter = itertools.count(1)
    return lambda: f"GW-{next(counter)}"


def body_of(envelope: etree._Element) -> etree._Element:
    return read_envelope(envelope).first_body


@pytest.mark.parametrize("name", ALL)
def test_fixture_is_schema_valid(assert_schema_valid, name: str) -> None:
    assert_schema_valid(fixture(name))


@pytest.mark.parametrize(
    ("name", "description"),
    [
        (RCN, "MultiSpeak 4.1 ReadingChangedNotification"),
        (INITIATE, "MultiSpeak 4.1 InitiateMeterReadingsByMeterID"),
        (PARTIAL, "IEC 61968-100 ResponseMessage reply MeterReadings"),
        (PARTIAL_WRAPPED, "IEC 61968-9 noun-wrapper ResponseMessage reply MeterReadings"),
        (PAYLOAD, "CIM 61968-9:2013 MeterReadings payload"),
    ],
)
def test_detect_names_what_a_document_is(name: str, description: str) -> None:
    assert detect(fixture(name)) == description


@pytest.mark.parametrize(
    ("name", "to", "form", "soap"),
    [
        (name, to, form, soap)
        for name in ALL
        for to in ("cim", "cim2013")
        for form in EnvelopeForm
        for soap in (False, True)
    ]
    + [(name, "msp41", EnvelopeForm.IEC61968_100, False) for name in CIM],
)
def test_every_translation_is_schema_valid(
    assert_schema_valid, name: str, to: str, form: EnvelopeForm, soap: bool
) -> None:
    result = translate_document(fixture(name), to, form=form, soap=soap, new_id=new_ids())
    assert_schema_valid(result.document)
    root = result.document
    if to == "msp41" or soap:
        assert root.tag == ns.qname(ns.SOAP11, "Envelope")
        root = body_of(root)
    if to == "msp41":
        assert root.tag == ns.qname(ns.MSP41, "ReadingChangedNotification") or root.tag == ns.qname(
            ns.MSP41, "InitiateMeterReadingsByMeterID"
        )
        assert result.target == f"MultiSpeak 4.1 {ns.local_name(root.tag)}"
    else:
        message = read_message(root)
        assert message.form is form
        assert message.noun == "MeterReadings"
        assert result.target == f"CIM 2013 ({form.value})"
    assert result.source == detect(fixture(name))


def test_notification_to_cim_event_carries_transaction_as_correlation(
    assert_schema_valid,
) -> None:
    result = translate_document(fixture(RCN), Dialect.CIM, new_id=new_ids())
    assert_schema_valid(result.document)
    message = read_message(result.document)
    assert message.kind is MessageKind.EVENT
    header = message.header
    assert header is not None
    assert (header.verb, header.noun) == (Verb.CREATED, "MeterReadings")
    assert header.correlation_id == "TX-2026-0501-0007"
    assert header.message_id == "5b1f0e7c-2c1a-4d3e-9a51-7f1c2b9e0a11"
    assert header.source == "Riverside AMR Head-End"
    assert header.timestamp == datetime(2026, 5, 1, 12, 0, 5, tzinfo=UTC)
    assert header.context == "PRODUCTION"
    assert header.property("MultiSpeakMsgHeader.SessionID") == "SESS-4711"
    assert "s3cret-Pwd" not in etree.tostring(result.document).decode()
    document = read_meter_readings(message.payload[0])
    meters = document.meter_readings
    assert [m.meter_name("meterID") for m in meters] == ["10001", "10002", "10003"]
    assert meters[0].meter_mrid == "6f1d2a50-0c39-4b7e-a3a6-1c1f1e3a0001"
    assert meters[0].meter_name("deviceID") == "AMR-77001"
    values = [(r.value, r.reading_type) for r in meters[0].readings]
    assert values == [
        (Decimal("12345.67"), "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"),
        (Decimal("8.250"), "0.8.16.12.0.1.8.0.0.0.0.1.0.0.0.3.38.0"),
        (Decimal("241.3"), "0.0.0.12.0.1.54.0.0.0.0.0.0.0.0.0.29.0"),
    ]
    qualities = [
        [(q.reading_quality_type, q.comment) for q in r.reading_qualities]
        for m in meters
        for r in m.readings
    ]
    assert qualities == [
        [("1.0.0", "Valid")],
        [("3.8.0", "Estimated")],
        [],
        [("3.8.0", "Estimated by MDM")],
        [],
        [("3.5.258", "Suspect")],
    ]
    names = {rt.mrid: rt.name for rt in document.reading_types}
    assert names["0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"] == "Total forward energy"
    assert names["0.8.16.12.0.1.8.0.0.0.0.1.0.0.0.3.38.0"] == "On-peak demand"
    gaps = {(e.path, e.kind) for e in result.gaps}
    assert ("/MultiSpeakMsgHeader/@Pwd", GapKind.LOST) in gaps
    assert ("/MultiSpeakMsgHeader/@AuditPassword", GapKind.LOST) in gaps
    assert ("/MultiSpeakMsgHeader/@SessionID", GapKind.CARRIED) in gaps
    prefix = "/ReadingChangedNotification/changedMeterReads/meterReading"
    assert (f"{prefix}[1]/deviceID", GapKind.CARRIED) in gaps
    assert (f"{prefix}[2]/@objectID", GapKind.LOST) in gaps


def test_notification_without_message_id_gets_a_new_one() -> None:
    envelope = fixture(RCN)
    read_envelope(envelope).headers[0].attrib.pop("MessageID")
    result = translate_document(envelope, "cim", new_id=lambda: "GW-NEW")
    assert read_message(result.document).header.message_id == "GW-NEW"  # type: ignore[union-attr]


def test_initiate_to_cim_request_carries_transaction_as_correlation(assert_schema_valid) -> None:
    result = translate_document(fixture(INITIATE), "cim", form=EnvelopeForm.NOUN_WRAPPER)
    assert_schema_valid(result.document)
    assert ns.local_name(result.document.tag) == "MeterReadingsRequestMessage"
    message = read_message(result.document)
    header = message.header
    assert header is not None
    assert header.verb is Verb.GET
    assert header.message_id == "c0ffee00-0000-4000-8000-000000000042"
    assert header.correlation_id == "TX-2026-0501-0007"
    assert header.reply_address == "http://cis.riverside.example/multispeak/CB_Server"
    assert header.async_reply_flag is True
    assert [i.value for i in message.request.ids] == ["10001", "10002", "10003"]  # type: ignore[union-attr]


def test_cim_request_back_to_initiate(assert_schema_valid) -> None:
    request = translate_document(fixture(INITIATE), "cim").document
    result = translate_document(request, "msp41")
    assert_schema_valid(result.document)
    call = read_initiate_meter_readings_by_meter_id(body_of(result.document))
    assert [m.value for m in call.meter_ids] == ["10001", "10002", "10003"]
    assert call.transaction_id == "TX-2026-0501-0007"
    assert call.response_url == "http://cis.riverside.example/multispeak/CB_Server"
    header = read_header(read_envelope(result.document).headers[0])
    assert header.message_id == "c0ffee00-0000-4000-8000-000000000042"
    assert header.app_name == "Riverside Billing (CIS)"
    assert header.pwd is None


@pytest.mark.parametrize(
    ("name", "transaction", "error"),
    [
        (PARTIAL, "TX-2026-0501-0007", "meter did not answer"),
        (PARTIAL_WRAPPED, "TX-2026-0501-0008", "unknown meter"),
    ],
)
def test_partial_reply_to_notification(
    assert_schema_valid, name: str, transaction: str, error: str
) -> None:
    result = translate_document(fixture(name), "msp41")
    assert_schema_valid(result.document)
    assert read_envelope(result.document).version is SoapVersion.SOAP11
    call = read_reading_changed_notification(body_of(result.document))
    assert call.transaction_id == transaction
    meters = [read.meter_id.value for read in call.changed_meter_reads]  # type: ignore[union-attr]
    assert meters[-1] == "10003"
    failed = call.changed_meter_reads[-1]
    assert failed.error_string == error
    assert failed.reading_values == []
    first = call.changed_meter_reads[0]
    assert first.reading_values[0].value == "12345.67"
    assert first.reading_values[0].units == "kWh"
    assert first.reading_values[0].field_name == "Total forward energy"


def test_interval_blocks_arrive_as_reading_values_with_a_changed_gap() -> None:
    result = translate_document(fixture(PARTIAL_WRAPPED), "msp41")
    call = read_reading_changed_notification(body_of(result.document))
    values = call.changed_meter_reads[0].reading_values
    assert [(v.value, v.time_stamp, v.field_name) for v in values] == [
        ("12345.67", T0, "Total forward energy"),
        ("0.412", datetime(2026, 5, 1, 11, 30, tzinfo=UTC), "15-minute forward energy"),
        ("0.398", datetime(2026, 5, 1, 11, 45, tzinfo=UTC), "15-minute forward energy"),
    ]
    assert values[2].reading_status_code is not None
    assert values[2].reading_status_code.value == "Estimated"
    (changed,) = result.gaps.of_kind(GapKind.CHANGED)
    assert changed.path == "/MeterReadings/MeterReading[1]/IntervalBlocks"
    assert changed.value == "2 interval readings"


def test_cim_to_cim_changes_the_envelope_form_and_keeps_the_reply(assert_schema_valid) -> None:
    result = translate_document(fixture(PARTIAL), "cim", form=EnvelopeForm.NOUN_WRAPPER)
    assert_schema_valid(result.document)
    assert ns.local_name(result.document.tag) == "MeterReadingsResponseMessage"
    message = read_message(result.document)
    assert message.reply is not None
    assert message.reply.result is ReplyResult.PARTIAL
    assert set(message.reply.failed_ids()) == {"10003"}
    assert message.header.correlation_id == "TX-2026-0501-0007"  # type: ignore[union-attr]
    assert list(result.gaps) == []
    back = translate_document(result.document, "cim", soap=True)
    assert_schema_valid(back.document)
    inner = read_message(body_of(back.document))
    assert inner.form is EnvelopeForm.IEC61968_100
    assert inner.reply.result is ReplyResult.PARTIAL  # type: ignore[union-attr]


def test_bare_payload_to_cim_is_a_created_event(assert_schema_valid) -> None:
    result = translate_document(fixture(PAYLOAD), "cim")
    assert_schema_valid(result.document)
    message = read_message(result.document)
    assert message.kind is MessageKind.EVENT
    assert message.header == Header(Verb.CREATED, "MeterReadings")
    assert len(read_meter_readings(message.payload[0]).meter_readings) == 2


def test_bare_payload_to_notification_carries_cim_only_values(assert_schema_valid) -> None:
    result = translate_document(fixture(PAYLOAD), "msp41")
    assert_schema_valid(result.document)
    call = read_reading_changed_notification(body_of(result.document))
    assert call.transaction_id is None
    first = call.changed_meter_reads[0]
    assert first.meter_id == MeterID("10001", object_id="6f1d2a50-0c39-4b7e-a3a6-1c1f1e3a0001")
    assert first.device_id == "AMR-77001"
    assert {(i.ext_name, i.ext_value) for i in first.reading_values[0].extensions_list} == {
        ("CIM.Reading.reason", "inquiry"),
        ("CIM.Reading.reportedDateTime", "2026-05-01T12:00:02Z"),
        ("CIM.Reading.source", "HES-PRIMARY"),
        ("CIM.Reading.timePeriod.start", "2026-04-01T00:00:00Z"),
        ("CIM.Reading.timePeriod.end", "2026-05-01T12:00:00Z"),
    }
    assert [(i.ext_name, i.ext_value) for i in first.extensions_list] == [
        ("CIM.UsagePoint.mRID", "SP-00042")
    ]
    assert first.reading_values[1].units == "V RMS"
    assert first.reading_values[1].field_name is None
    assert {e.kind for e in result.gaps} == {GapKind.CARRIED}
    assert len(result.gaps) == 6


def test_notification_to_cim_and_back_keeps_readings_and_transaction(assert_schema_valid) -> None:
    original = read_reading_changed_notification(body_of(fixture(RCN)))
    event = translate_document(fixture(RCN), "cim").document
    result = translate_document(event, "msp41")
    assert_schema_valid(result.document)
    back = read_reading_changed_notification(body_of(result.document))
    assert back.transaction_id == original.transaction_id == "TX-2026-0501-0007"
    assert len(back.changed_meter_reads) == 3
    for sent, returned in zip(original.changed_meter_reads, back.changed_meter_reads, strict=True):
        assert returned.meter_id == sent.meter_id
        assert returned.device_id == sent.device_id
        assert [
            (v.value, v.units, v.time_stamp, v.rate_period) for v in returned.reading_values
        ] == [(v.value, v.units, v.time_stamp, v.rate_period) for v in sent.reading_values]
        assert [v.field_name for v in returned.reading_values] == [
            v.field_name for v in sent.reading_values
        ]
    header = read_header(read_envelope(result.document).headers[0])
    assert (header.message_id, header.session_id, header.app_version) == (
        "5b1f0e7c-2c1a-4d3e-9a51-7f1c2b9e0a11",
        "SESS-4711",
        "7.2.1",
    )
    assert header.pwd is None and header.audit_password is None


def test_get_latest_response_becomes_a_reply(assert_schema_valid) -> None:
    reading = MeterReading(
        meter_id=MeterID("10001"),
        reading_values=[ReadingValue(value="5", units="kWh", time_stamp=T0)],
    )
    envelope = build_envelope(SoapVersion.SOAP11, [build_get_latest_reading_response(reading)])
    assert_schema_valid(envelope)
    result = translate_document(envelope, "cim", new_id=new_ids())
    assert_schema_valid(result.document)
    message = read_message(result.document)
    assert message.kind is MessageKind.RESPONSE
    assert message.reply is not None and message.reply.result is ReplyResult.OK
    (meter,) = read_meter_readings(message.payload[0]).meter_readings
    assert meter.readings[0].value == Decimal(5)


def test_multispeak_to_multispeak_is_refused() -> None:
    with pytest.raises(MessageFormatError) as caught:
        translate_document(fixture(RCN), "msp41")
    assert str(caught.value) == (
        "MultiSpeak 4.1 ReadingChangedNotification is MultiSpeak 4.1 already"
    )


def test_unsupported_multispeak_operation_is_refused() -> None:
    envelope = build_envelope(SoapVersion.SOAP11, [build_get_methods_response(["PingURL"])])
    with pytest.raises(UnknownOperationError) as caught:
        translate_document(envelope, "cim")
    assert "GetMethodsResponse" in str(caught.value)


def test_unknown_namespace_is_refused() -> None:
    with pytest.raises(MessageFormatError) as caught:
        translate_document(etree.fromstring("<x:Foo xmlns:x='urn:example'/>"), "cim")
    assert caught.value.xpath == "/Foo"
    assert "urn:example" in str(caught.value)


def test_other_cim_noun_is_refused_for_multispeak() -> None:
    message = Message(MessageKind.REQUEST, Header(Verb.GET, "EndDeviceControls"))
    with pytest.raises(MessageFormatError) as caught:
        translate_document(build_message(message), "msp41")
    assert "EndDeviceControls" in str(caught.value)


def test_unknown_target_is_refused() -> None:
    with pytest.raises(MessageFormatError, match=r"unknown target dialect 'msp99'.*msp50"):
        translate_document(fixture(PAYLOAD), "msp99")


def test_dialects() -> None:
    assert Dialect.CIM.is_cim and Dialect.CIM2013.is_cim
    assert not Dialect.MSP41.is_cim
    assert not Dialect.MSP50.is_cim
    assert Dialect.MSP50.edition is None


def test_hardened_parser_refuses_entities_before_translation() -> None:
    with pytest.raises(XmlSafetyError):
        xmlsafe.parse(b'<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>')
