"""61968-100 messages in both envelope forms: schema-valid when written, equal when read back."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from lxml import etree

from mspcim import ns, reply_codes, xmlsafe
from mspcim.cim.envelope import build_message, read_message, soap_action
from mspcim.cim.message import (
    EnvelopeForm,
    Error,
    ErrorLevel,
    Header,
    Message,
    MessageKind,
    MessageProperty,
    ObjectID,
    Reply,
    ReplyResult,
    Request,
    RequestOption,
    User,
    Verb,
)
from mspcim.cim.meter_readings_2013 import build_meter_readings
from mspcim.cim.model import MeterReading, MeterReadings, Name, Reading
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.soap import SoapVersion, build_envelope

WHEN = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
KWH = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"


def header(verb=Verb.GET, **extra):
    return Header(
        verb=verb,
        noun="MeterReadings",
        revision="2.0",
        context="PRODUCTION",
        timestamp=WHEN,
        source="CIS",
        async_reply_flag=True,
        reply_address="http://gw/cim/reply",
        ack_required=False,
        user=User("operator", "Coop"),
        message_id="m-1",
        correlation_id="c-1",
        comment="hello",
        properties=[MessageProperty("MultiSpeakMsgHeader.SessionID", "S-9")],
        **extra,
    )


def payload():
    document = MeterReadings(
        [
            MeterReading(
                meter_names=[Name("M1", "meterID", "MultiSpeak")],
                readings=[Reading(KWH, Decimal("1.5"), WHEN)],
            )
        ]
    )
    return build_meter_readings(document)


def messages():
    return [
        Message(
            MessageKind.REQUEST,
            header(),
            request=Request(
                start_time=WHEN,
                end_time=WHEN,
                options=[RequestOption("readingType", KWH)],
                ids=[
                    ObjectID("M1", kind="name", id_type="meterID", object_type="Meter"),
                    ObjectID("M2"),
                ],
            ),
        ),
        Message(
            MessageKind.RESPONSE,
            header(Verb.REPLY),
            reply=Reply(ReplyResult.OK),
            payload=[payload()],
        ),
        Message(
            MessageKind.RESPONSE,
            header(Verb.REPLY),
            reply=Reply(
                ReplyResult.PARTIAL,
                [
                    Error(
                        "2.4",
                        ErrorLevel.FATAL,
                        "unknown meter",
                        "no such meter",
                        "ID",
                        ObjectID("M2"),
                    )
                ],
            ),
            payload=[payload()],
        ),
        Message(MessageKind.EVENT, header(Verb.CREATED), payload=[payload()]),
        Message(
            MessageKind.FAULT,
            None,
            reply=Reply(ReplyResult.FAILED, [Error(reply_codes.REFUSED_XML, reason="bad")]),
        ),
    ]


@pytest.mark.parametrize("form", list(EnvelopeForm))
@pytest.mark.parametrize("index", range(5))
def test_written_messages_are_schema_valid_and_read_back(form, index, assert_schema_valid):
    message = messages()[index]
    message.form = form
    if form is EnvelopeForm.NOUN_WRAPPER and message.kind is MessageKind.FAULT:
        message.header = header()  # a noun wrapper needs a noun to name its element
    element = build_message(message)
    assert_schema_valid(element)
    again = read_message(xmlsafe.parse(xmlsafe.serialize(element)))
    assert again.kind is message.kind
    assert again.form is form
    if message.kind is not MessageKind.FAULT:
        assert again.header == message.header
    if message.request is not None:
        assert [i.value for i in again.request.ids] == ["M1", "M2"]
        assert again.request.start_time == WHEN
        if form is EnvelopeForm.IEC61968_100:
            assert again.request == message.request
    if message.reply is not None:
        assert again.reply.result is message.reply.result
        assert [e.code for e in again.reply.errors] == [e.code for e in message.reply.errors]
        assert [e.id.value if e.id else None for e in again.reply.errors] == [
            e.id.value if e.id else None for e in message.reply.errors
        ]
    if message.payload and message.kind is not MessageKind.FAULT:
        assert [p.tag for p in again.payload] == [ns.qname(ns.METER_READINGS_2011, "MeterReadings")]


def test_noun_wrapper_element_names():
    names = {}
    for message in messages()[:4]:
        message.form = EnvelopeForm.NOUN_WRAPPER
        element = build_message(message)
        names[(message.kind, message.header.verb)] = ns.local_name(element.tag)
        assert ns.namespace_of(element.tag) == "http://www.iec.ch/TC57/2011/MeterReadingsMessage"
    assert names == {
        (MessageKind.REQUEST, Verb.GET): "MeterReadingsRequestMessage",
        (MessageKind.RESPONSE, Verb.REPLY): "MeterReadingsResponseMessage",
        (MessageKind.EVENT, Verb.CREATED): "CreatedMeterReadings",
    }


def test_noun_wrapper_reply_without_payload_gets_an_empty_profile_document(assert_schema_valid):
    message = Message(
        MessageKind.RESPONSE,
        header(Verb.REPLY),
        reply=Reply(ReplyResult.FAILED),
        form=EnvelopeForm.NOUN_WRAPPER,
    )
    element = build_message(message)
    assert_schema_valid(element)
    assert read_message(element).payload[0].tag == ns.qname(ns.METER_READINGS_2011, "MeterReadings")


def test_www_form_drops_a_context_its_enumeration_does_not_know(assert_schema_valid):
    message = messages()[0]
    message.header.context = "OTHER"
    message.form = EnvelopeForm.NOUN_WRAPPER
    element = build_message(message)
    assert_schema_valid(element)
    assert read_message(element).header.context is None
    message.form = EnvelopeForm.IEC61968_100
    assert read_message(build_message(message)).header.context == "OTHER"


def test_error_xpath_is_written_as_a_qualified_name(assert_schema_valid):
    error = Error(
        "6.3", ErrorLevel.FATAL, "not a number", xpath=ns.qname(ns.METER_READINGS_2011, "value")
    )
    message = Message(
        MessageKind.RESPONSE, header(Verb.REPLY), reply=Reply(ReplyResult.FAILED, [error])
    )
    element = build_message(message)
    assert_schema_valid(element)
    xpath = element.find(f".//{{{ns.MESSAGE}}}xpath")
    prefix, local = xpath.text.split(":")
    assert local == "value" and xpath.nsmap[prefix] == ns.METER_READINGS_2011


def test_error_xpath_must_name_one_element():
    error = Error("6.3", xpath="/a/b[1]")
    message = Message(MessageKind.FAULT, None, reply=Reply(ReplyResult.FAILED, [error]))
    with pytest.raises(MappingError, match="one element"):
        build_message(message)


@pytest.mark.parametrize("version", list(SoapVersion))
def test_soap_wrapped_messages_are_read(version):
    element = build_envelope(version, [build_message(messages()[1])])
    message = read_message(xmlsafe.parse(xmlsafe.serialize(element)))
    assert message.kind is MessageKind.RESPONSE and message.header.correlation_id == "c-1"


@pytest.mark.parametrize(
    ("document", "words", "code"),
    [
        (f'<m:RequestMessage xmlns:m="{ns.MESSAGE}"/>', "no Header", reply_codes.MISSING_ELEMENTS),
        (
            f'<m:RequestMessage xmlns:m="{ns.MESSAGE}"><m:Header><m:Noun>MeterReadings</m:Noun></m:Header></m:RequestMessage>',
            "no Verb",
            reply_codes.MISSING_ELEMENTS,
        ),
        (
            f'<m:RequestMessage xmlns:m="{ns.MESSAGE}"><m:Header><m:Verb>get</m:Verb></m:Header></m:RequestMessage>',
            "no Noun",
            reply_codes.MISSING_ELEMENTS,
        ),
        (
            f'<m:RequestMessage xmlns:m="{ns.MESSAGE}"><m:Header><m:Verb>fetch</m:Verb><m:Noun>X</m:Noun></m:Header></m:RequestMessage>',
            "unknown Verb",
            reply_codes.INVALID_CONTENT,
        ),
        (
            f'<m:ResponseMessage xmlns:m="{ns.MESSAGE}"><m:Header><m:Verb>reply</m:Verb><m:Noun>X</m:Noun></m:Header></m:ResponseMessage>',
            "no Reply",
            reply_codes.MISSING_ELEMENTS,
        ),
        (
            f'<m:ResponseMessage xmlns:m="{ns.MESSAGE}"><m:Header><m:Verb>reply</m:Verb><m:Noun>X</m:Noun></m:Header><m:Reply><m:Result>MAYBE</m:Result></m:Reply></m:ResponseMessage>',
            "OK, PARTIAL or FAILED",
            reply_codes.INVALID_CONTENT,
        ),
        (
            f'<m:Message2 xmlns:m="{ns.MESSAGE}"/>',
            "not a 61968-100 message",
            reply_codes.INVALID_CONTENT,
        ),
        (
            '<m:RequestMessage xmlns:m="urn:wrong"/>',
            "not an IEC 61968-100 message",
            reply_codes.REFUSED_XML,
        ),
        (
            '<m:Bogus xmlns:m="http://www.iec.ch/TC57/2011/MeterReadingsMessage"/>',
            "not a MeterReadings message",
            reply_codes.INVALID_CONTENT,
        ),
    ],
)
def test_unreadable_messages_say_why_and_where(document, words, code):
    with pytest.raises(MessageFormatError) as caught:
        read_message(etree.fromstring(document.encode()))
    assert words in str(caught.value)
    assert caught.value.code == code
    assert caught.value.xpath and caught.value.xpath.startswith("/")


def test_soap_actions_follow_the_61968_9_wsdls():
    request, response, _, event, _ = messages()
    assert soap_action(request) == "http://iec.ch/TC57/2011/GetMeterReadings/GetMeterReadings"
    assert soap_action(response) == "http://iec.ch/TC57/2011/ReplyMeterReadings/ReplyMeterReadings"
    assert soap_action(event) == "http://iec.ch/TC57/2011/MeterReadings/CreatedMeterReadings"


def test_pending_calculation_round_trips_in_the_2013_payload(assert_schema_valid):
    from mspcim.cim.meter_readings_2013 import read_meter_readings
    from mspcim.cim.model import IntervalBlock, IntervalReading, PendingCalculation

    raw = "0.0.2.4.1.1.12.0.0.0.0.0.0.0.0.0.72.0"
    calculation = PendingCalculation(True, 2, 1000, None, 3, KWH)
    document = MeterReadings(
        [
            MeterReading(
                meter_mrid="m-1",
                interval_blocks=[
                    IntervalBlock(raw, [IntervalReading(Decimal("7"), WHEN)], calculation)
                ],
            )
        ]
    )
    element = build_meter_readings(document)
    assert_schema_valid(element)
    (block,) = read_meter_readings(element).meter_readings[0].interval_blocks
    assert block.pending_calculation == calculation
    assert block.reading_type == raw
