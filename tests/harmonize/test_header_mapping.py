"""IEC TS 61968-14 Table 3: MultiSpeakMsgHeader ⇄ 61968-100 Header, both ways and round trip."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import (
    EnvelopeForm,
    Header,
    Message,
    MessageKind,
    MessageProperty,
    Request,
    User,
    Verb,
)
from mspcim.exceptions import MappingError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.header import HEADER_TABLE, header_to_cim, header_to_msp
from mspcim.multispeak.header import (
    BUILD_DESCRIPTORS,
    CS_UNITS,
    HEADER_ATTRIBUTES,
    MESSAGE_CONTEXTS,
    MultiSpeakMsgHeader,
    build_header,
    read_header,
)
from mspcim.multispeak.v41.meter_reading import MeterID
from mspcim.multispeak.v41.operations import (
    InitiateMeterReadingsByMeterID,
    build_initiate_meter_readings_by_meter_id,
)
from mspcim.soap import SoapVersion, build_envelope

T0 = datetime(2026, 5, 1, 12, 0, 5, tzinfo=UTC)

# Attributes carried as Header/Property, with their XML names (everything but the mapped ones
# and the credentials).
MAPPED = {"message_id", "time_stamp", "app_name", "user_id", "company", "context"}
CREDENTIALS = {"pwd", "audit_password"}
CARRIED = {
    name: attribute
    for name, attribute, _ in HEADER_ATTRIBUTES
    if name not in MAPPED and name not in CREDENTIALS
}


def full_header() -> MultiSpeakMsgHeader:
    """A header with every attribute set (realistic values)."""
    return MultiSpeakMsgHeader(
        major_version=4,
        minor_version=1,
        build=6,
        branch=0,
        build_string="Release",
        user_id="billing",
        pwd="cb-password",
        app_name="Riverside Billing (CIS)",
        app_version="2025.3",
        company="Riverside Electric Cooperative",
        default_currency_code="USD",
        cs_units="feet",
        coordinate_system_name="NAD83 / Texas Central",
        coordinate_system_authority="EPSG",
        coordinate_system_authority_code="2277",
        datum="NAD83",
        session_id="SESS-4711",
        previous_session_id="SESS-4710",
        objects_remaining=12,
        last_sent="10002",
        registration_id="REG-1",
        message_id="c0ffee00-0000-4000-8000-000000000042",
        time_stamp=T0,
        context="Production",
        audit_id="audit-7",
        audit_password="audit-pw",
        other_attributes={"{urn:example:vendor}trace": "on"},
    )


def initiate_envelope(header: MultiSpeakMsgHeader):
    call = InitiateMeterReadingsByMeterID(meter_ids=[MeterID("10001")], transaction_id="TX-1")
    return build_envelope(
        SoapVersion.SOAP11,
        [build_initiate_meter_readings_by_meter_id(call)],
        [build_header(header)],
    )


def request(header: Header, form: EnvelopeForm = EnvelopeForm.IEC61968_100) -> Message:
    return Message(MessageKind.REQUEST, header, request=Request(), form=form)


# --- MultiSpeak → CIM


def test_correlated_fields_map_to_their_header_elements() -> None:
    header = header_to_cim(full_header(), Verb.GET, "MeterReadings")
    assert header.verb is Verb.GET
    assert header.noun == "MeterReadings"
    assert header.message_id == "c0ffee00-0000-4000-8000-000000000042"
    assert header.timestamp == T0
    assert header.source == "Riverside Billing (CIS)"
    assert header.user == User(user_id="billing", organization="Riverside Electric Cooperative")
    assert header.context == "PRODUCTION"
    assert header.correlation_id is None
    assert header.reply_address is None


def test_verb_and_noun_come_from_the_operation() -> None:
    header = header_to_cim(MultiSpeakMsgHeader(), "created", "MeterReadings")
    assert (header.verb, header.noun) == (Verb.CREATED, "MeterReadings")


def test_unknown_operation_verb_is_a_mapping_error() -> None:
    with pytest.raises(MappingError) as caught:
        header_to_cim(MultiSpeakMsgHeader(), None, "MeterReadings")  # type: ignore[arg-type]
    assert "Verb and Noun are not known" in caught.value.reason
    assert caught.value.xpath is not None
    assert caught.value.xpath.rstrip("/") == "/MultiSpeakMsgHeader"


@pytest.mark.parametrize(
    ("context", "cim"),
    [
        ("Production", "PRODUCTION"),
        ("Testing", "TESTING"),
        ("Development", "DEVELOPMENT"),
        ("Study", "STUDY"),
        ("Training", "TRAINING"),
        ("Other", "OTHER"),
    ],
)
def test_context_codes(context: str, cim: str) -> None:
    header = header_to_cim(MultiSpeakMsgHeader(context=context), Verb.GET, "MeterReadings")
    assert header.context == cim
    assert header_to_msp(header).context == context


def test_unknown_cim_context_becomes_other() -> None:
    header = Header(Verb.CREATED, "MeterReadings", context="ACCEPTANCE")
    assert header_to_msp(header).context == "Other"


def test_company_without_user_id_still_names_the_organization() -> None:
    header = header_to_cim(MultiSpeakMsgHeader(company="REC"), Verb.GET, "MeterReadings")
    assert header.user == User(user_id="", organization="REC")
    back = header_to_msp(header)
    assert (back.user_id, back.company) == (None, "REC")


def test_no_user_means_no_user_element() -> None:
    header = header_to_cim(MultiSpeakMsgHeader(), Verb.GET, "MeterReadings")
    assert header.user is None
    back = header_to_msp(header)
    assert (back.user_id, back.company) == (None, None)


def test_credentials_are_never_in_the_output_and_are_reported_lost(
    assert_schema_valid,
) -> None:
    report = GapReport()
    header = header_to_cim(full_header(), Verb.GET, "MeterReadings", report)
    message = build_message(request(header))
    assert_schema_valid(message)
    text = repr(header) + str(message.xpath("string(.)"))
    assert "cb-password" not in text
    assert "audit-pw" not in text
    lost = {entry.path: entry for entry in report.lost}
    assert {"/MultiSpeakMsgHeader/@Pwd", "/MultiSpeakMsgHeader/@AuditPassword"} <= set(lost)
    assert "credentials are never forwarded" in lost["/MultiSpeakMsgHeader/@Pwd"].reason
    assert lost["/MultiSpeakMsgHeader/@Pwd"].carried_in is None
    assert all(entry.profile == "MessageHeader" for entry in report)


def test_credentials_are_not_disclosed_in_the_gap_report() -> None:
    report = GapReport()
    header_to_cim(full_header(), Verb.GET, "MeterReadings", report)
    text = report.to_text() + report.to_json()
    assert "cb-password" not in text
    assert "audit-pw" not in text


def test_attributes_without_header_element_are_carried_as_property() -> None:
    report = GapReport()
    header = header_to_cim(full_header(), Verb.GET, "MeterReadings", report)
    properties = {prop.name: prop.value for prop in header.properties}
    assert properties == {
        "MultiSpeakMsgHeader.MajorVersion": "4",
        "MultiSpeakMsgHeader.MinorVersion": "1",
        "MultiSpeakMsgHeader.Build": "6",
        "MultiSpeakMsgHeader.Branch": "0",
        "MultiSpeakMsgHeader.BuildString": "Release",
        "MultiSpeakMsgHeader.AppVersion": "2025.3",
        "MultiSpeakMsgHeader.DefaultCurrencyCode": "USD",
        "MultiSpeakMsgHeader.CSUnits": "feet",
        "MultiSpeakMsgHeader.CoordinateSystemName": "NAD83 / Texas Central",
        "MultiSpeakMsgHeader.CoordinateSystemAuthority": "EPSG",
        "MultiSpeakMsgHeader.CoordinateSystemAuthorityCode": "2277",
        "MultiSpeakMsgHeader.Datum": "NAD83",
        "MultiSpeakMsgHeader.SessionID": "SESS-4711",
        "MultiSpeakMsgHeader.PreviousSessionID": "SESS-4710",
        "MultiSpeakMsgHeader.ObjectsRemaining": "12",
        "MultiSpeakMsgHeader.LastSent": "10002",
        "MultiSpeakMsgHeader.RegistrationID": "REG-1",
        "MultiSpeakMsgHeader.AuditID": "audit-7",
    }
    carried = {entry.path: entry for entry in report.of_kind(GapKind.CARRIED)}
    assert set(carried) == {f"/MultiSpeakMsgHeader/@{attribute}" for attribute in CARRIED.values()}
    session = carried["/MultiSpeakMsgHeader/@SessionID"]
    assert session.value == "SESS-4711"
    assert session.carried_in == "Header/Property[Name='MultiSpeakMsgHeader.SessionID']"


def test_extension_attributes_are_reported_lost() -> None:
    report = GapReport()
    header_to_cim(full_header(), Verb.GET, "MeterReadings", report)
    (entry,) = [e for e in report.lost if e.path == "/MultiSpeakMsgHeader/@*"]
    assert "{urn:example:vendor}trace" in entry.value
    assert entry.carried_in is None


def test_full_header_round_trips_through_both_schema_valid_documents(
    assert_schema_valid,
) -> None:
    # extension attributes are left out: MultiSpeak's anyAttribute is strict, so a foreign
    # attribute without a global declaration does not validate
    original = replace(full_header(), other_attributes={})
    envelope = initiate_envelope(original)
    assert_schema_valid(envelope)
    report = GapReport()
    header = header_to_cim(read_header(envelope[0][0]), Verb.GET, "MeterReadings", report)
    element = build_message(request(header))
    assert_schema_valid(element)
    back_report = GapReport()
    back = header_to_msp(read_message(element).header, back_report)  # type: ignore[arg-type]
    assert back == replace(original, pwd=None, audit_password=None, other_attributes={})
    assert list(back_report) == [], "every Property was taken back"


# --- CIM → MultiSpeak


def test_cim_only_fields_are_reported_lost_with_their_paths() -> None:
    header = Header(
        Verb.REPLY,
        "MeterReadings",
        revision="2.0",
        async_reply_flag=True,
        reply_address="http://cim.example/reply",
        ack_required=True,
        correlation_id="TX-1",
        comment="on-demand read",
        properties=[
            MessageProperty("MultiSpeakMsgHeader.SessionID", "S-1"),
            MessageProperty("Priority", "high"),
        ],
    )
    report = GapReport()
    back = header_to_msp(header, report)
    assert back.session_id == "S-1"
    assert [(e.path, e.value, e.kind) for e in report] == [
        ("/Header/Revision", "2.0", GapKind.LOST),
        ("/Header/AsyncReplyFlag", "true", GapKind.LOST),
        ("/Header/ReplyAddress", "http://cim.example/reply", GapKind.LOST),
        ("/Header/AckRequired", "true", GapKind.LOST),
        ("/Header/CorrelationID", "TX-1", GapKind.LOST),
        ("/Header/Comment", "on-demand read", GapKind.LOST),
        ("/Header/Property[2]", "Priority=high", GapKind.LOST),
    ]
    assert all(entry.carried_in is None for entry in report)


def test_cim_header_without_properties_names_no_version_until_stamped() -> None:
    back = header_to_msp(Header(Verb.CREATED, "MeterReadings", source="HES", message_id="M-1"))
    assert (back.major_version, back.minor_version, back.build, back.branch) == (None,) * 4
    assert back.build_string == "Release"
    stamped = back.stamped()
    assert (stamped.major_version, stamped.minor_version, stamped.build, stamped.branch) == (
        4,
        1,
        6,
        0,
    )
    assert (back.app_name, back.message_id) == ("HES", "M-1")
    assert back.pwd is None and back.audit_password is None


def test_unreadable_integer_property_is_a_mapping_error() -> None:
    header = Header(
        Verb.CREATED,
        "MeterReadings",
        properties=[MessageProperty("MultiSpeakMsgHeader.ObjectsRemaining", "several")],
    )
    with pytest.raises(MappingError) as caught:
        header_to_msp(header)
    assert "several" in str(caught.value)
    assert caught.value.xpath is not None and caught.value.xpath.startswith("/Header/")


def test_table_declares_every_header_attribute_exactly_once() -> None:
    msp_fields = {f.name for f in fields(MultiSpeakMsgHeader)}
    named: list[str] = []
    for rule in HEADER_TABLE.rules:
        for attr in ("msp", "field"):
            value = getattr(rule, attr, None)
            if isinstance(value, str) and value in msp_fields:
                named.append(value)
            elif isinstance(value, tuple):
                named.extend(v for v in value if v in msp_fields)
    assert sorted(named) == sorted(msp_fields)


# --- the round-trip property


def _text() -> st.SearchStrategy[str]:
    """Sensible attribute text: no control characters, no surrounding whitespace."""
    return st.text(
        alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")),
        min_size=1,
        max_size=24,
    ).filter(lambda text: text == text.strip())


def _optional(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.none() | strategy


_DATETIMES = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2090, 12, 31), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=0))

_VERSION = st.integers(min_value=0, max_value=10**6)

headers = st.builds(
    MultiSpeakMsgHeader,
    major_version=_VERSION,
    minor_version=_VERSION,
    build=_VERSION,
    branch=_VERSION,
    build_string=st.sampled_from(sorted(BUILD_DESCRIPTORS)),
    user_id=_optional(_text()),
    pwd=_optional(_text()),
    app_name=_optional(_text()),
    app_version=_optional(_text()),
    company=_optional(_text()),
    default_currency_code=_optional(st.sampled_from(["USD", "EUR", "CAD", "GBP"])),
    cs_units=_optional(st.sampled_from(sorted(CS_UNITS))),
    coordinate_system_name=_optional(_text()),
    coordinate_system_authority=_optional(_text()),
    coordinate_system_authority_code=_optional(_text()),
    datum=_optional(_text()),
    session_id=_optional(_text()),
    previous_session_id=_optional(_text()),
    objects_remaining=_optional(st.integers(min_value=0, max_value=10**9)),
    last_sent=_optional(_text()),
    registration_id=_optional(_text()),
    message_id=_optional(_text()),
    time_stamp=_optional(_DATETIMES),
    context=_optional(st.sampled_from(sorted(MESSAGE_CONTEXTS))),
    audit_id=_optional(_text()),
    audit_password=_optional(_text()),
    other_attributes=st.dictionaries(
        st.sampled_from(["{urn:example:a}x", "{urn:example:b}y"]), _text(), max_size=2
    ),
)


@given(headers)
def test_header_round_trip_keeps_everything_but_credentials_and_extensions(
    original: MultiSpeakMsgHeader,
) -> None:
    report = GapReport()
    cim = header_to_cim(original, Verb.GET, "MeterReadings", report)
    back_report = GapReport()
    back = header_to_msp(cim, back_report)
    assert back == replace(original, pwd=None, audit_password=None, other_attributes={})
    lost = {entry.path for entry in report.lost}
    expected = set()
    if original.pwd:
        expected.add("/MultiSpeakMsgHeader/@Pwd")
    if original.audit_password:
        expected.add("/MultiSpeakMsgHeader/@AuditPassword")
    if original.other_attributes:
        expected.add("/MultiSpeakMsgHeader/@*")
    assert lost == expected
    carried = {entry.path for entry in report.of_kind(GapKind.CARRIED)}
    assert carried == {
        f"/MultiSpeakMsgHeader/@{attribute}"
        for name, attribute in CARRIED.items()
        if getattr(original, name) is not None
    }
    assert list(back_report) == []
    carried_names = {f"MultiSpeakMsgHeader.{attribute}" for attribute in CARRIED.values()}
    assert {prop.name for prop in cim.properties} <= carried_names


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(headers.map(lambda header: replace(header, other_attributes={})))
def test_header_round_trip_through_schema_valid_xml(
    assert_schema_valid, original: MultiSpeakMsgHeader
) -> None:
    envelope = initiate_envelope(original)
    assert_schema_valid(envelope)
    header = header_to_cim(read_header(envelope[0][0]), Verb.GET, "MeterReadings")
    element = build_message(request(header))
    assert_schema_valid(element)
    back = header_to_msp(read_message(element).header)  # type: ignore[arg-type]
    assert back == replace(original, pwd=None, audit_password=None, other_attributes={})


def test_absent_version_attributes_stay_absent_on_the_round_trip() -> None:
    original = MultiSpeakMsgHeader(
        major_version=None, minor_version=None, build=None, branch=None, message_id="M-1"
    )
    back = header_to_msp(header_to_cim(original, Verb.GET, "MeterReadings"))
    assert (back.major_version, back.minor_version, back.build, back.branch) == (
        None,
        None,
        None,
        None,
    )


def test_noun_wrapper_round_trip_does_not_invent_an_empty_company(assert_schema_valid) -> None:
    header = header_to_cim(MultiSpeakMsgHeader(user_id="billing"), Verb.GET, "MeterReadings")
    element = build_message(request(header, EnvelopeForm.NOUN_WRAPPER))
    assert_schema_valid(element)
    back = header_to_msp(read_message(element).header)  # type: ignore[arg-type]
    assert back.user_id == "billing"
    assert back.company is None


def test_noun_wrapper_form_drops_the_other_context(assert_schema_valid) -> None:
    """The 2013 wrapper schema enumerates five contexts; OTHER is left out (not reported)."""
    header = header_to_cim(MultiSpeakMsgHeader(context="Other"), Verb.GET, "MeterReadings")
    assert header.context == "OTHER"
    element = build_message(request(header, EnvelopeForm.NOUN_WRAPPER))
    assert_schema_valid(element)
    assert read_message(element).header.context is None  # type: ignore[union-attr]
    plain = build_message(request(header))
    assert_schema_valid(plain)
    assert read_message(plain).header.context == "OTHER"  # type: ignore[union-attr]
