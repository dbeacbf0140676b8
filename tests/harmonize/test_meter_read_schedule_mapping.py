"""Profile 8.18 MeterReadSchedule: readingSchedule ⇄ MeterReadSchedule, and the schedule operations
⇄ create/change/delete/get MeterReadSchedule, both ways, values and gaps asserted, every message
validated (official schemas; the declared one for 2009), round trips with generated data."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from mspcim import ns, xmlsafe
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.identified_object import DateTimeInterval, Name
from mspcim.cim.message import EnvelopeForm, Header, Message, MessageKind, MessageProperty, Verb
from mspcim.cim.meter_read_schedule import (
    BINDING_2009,
    CODEC_2013,
    EndDevice,
    EndDeviceGroup,
    MeterReadSchedule,
    ReadingType,
    TimePoint,
    TimeSchedule,
    UsagePoint,
)
from mspcim.cli import app
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles import meter_read_schedule as profile
from mspcim.harmonize.profiles.meter_read_schedule_timing import duration_of
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.msp_binding import Duration, MeterID, MspExtensionsItem, TimePeriod
from mspcim.multispeak.v41.reading_schedule import (
    CimTimePoint,
    DeleteReadingSchedule,
    DisableReadingSchedule,
    EnableReadingSchedules,
    EstablishReadingSchedules,
    GetReadingScheduleByID,
    GetReadingSchedules,
    GetReadingSchedulesResponse,
    MspReadingType,
    Period,
    PeriodicSchedule,
    ReadingSchedule,
    ReadingTypeCode,
)
from mspcim.multispeak.v41.reading_schedule import TimePoint as MspTimePoint
from mspcim.soap import read_envelope
from mspcim.validation import SchemaSet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "meter_read_schedule"
ESTABLISH = FIXTURES / "establish_reading_schedules.soap11.xml"
DISABLE = FIXTURES / "disable_reading_schedule.soap11.xml"
KWH = "0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0"
M = "http://iec.ch/TC57/2011/MeterReadSchedule#"
MSP = ns.MSP41


def ids() -> str:
    return "msg-1"


def body_of(document: etree._Element) -> etree._Element:
    return read_envelope(document).first_body


def cim_of(document: etree._Element) -> tuple[Message, list[MeterReadSchedule]]:
    message = read_message(document)
    return message, [CODEC_2013.read(element) for element in message.payload]


def prop(message: Message, name: str) -> str | None:
    assert message.header is not None
    return message.header.property(name)


# --- MultiSpeak → CIM


def test_establish_becomes_create_with_one_document_per_schedule(assert_schema_valid) -> None:
    result = translate_document(xmlsafe.parse(ESTABLISH.read_bytes()), "cim", new_id=ids)
    assert_schema_valid(result.document)
    message, documents = cim_of(result.document)
    assert message.kind is MessageKind.REQUEST
    assert message.header is not None
    assert (message.header.verb, message.header.noun) == (Verb.CREATE, "MeterReadSchedule")
    assert message.header.message_id == "0d7c1e52-5a0b-4a8e-9d63-1b8f2b7c3a01"
    billing, profile_15 = documents
    assert [device.mrid for device in billing.end_devices] == [
        "6f1d2a50-0c39-4b7e-a3a6-1c1f1e3a0001",
        "10002",
    ]
    assert [(n.type_name, n.name) for n in billing.end_devices[0].names] == [
        ("meterID", "10001"),
        ("meterNo", "10001"),
        ("serviceType", "Electric"),
        ("utility", "REC"),
    ]
    assert [(g.names[0].type_name, g.names[0].name) for g in billing.end_device_groups] == [
        ("meterGroupID", "CYCLE-01"),
        ("configurationGroupID", "TOU-RES-2026"),
    ]
    assert billing.reading_types == [
        ReadingType(
            mrid=KWH,
            names=[
                Name(name="Total forward energy"),
                Name.typed("kWh delivered", "objectName", "MultiSpeak"),
            ],
        )
    ]
    (schedule,) = billing.time_schedules
    assert schedule.disabled is False
    assert schedule.offset == Decimal(7200)
    assert (schedule.recurrence_period, schedule.recurrence_pattern) == (None, "1 Months")
    assert schedule.schedule_interval == DateTimeInterval(
        start=datetime(2026, 5, 1, tzinfo=UTC), end=datetime(2027, 5, 1, tzinfo=UTC)
    )
    (load_profile,) = profile_15.time_schedules
    assert (load_profile.disabled, load_profile.recurrence_period) == (True, Decimal(900))
    assert load_profile.time_points == [
        TimePoint(date_time=datetime(2026, 5, 2, tzinfo=UTC), sequence_number=1),
        TimePoint(relative_time_interval=Decimal(300), sequence_number=2),
    ]
    assert prop(message, "readingSchedule.@objectID[1]") == "RS-BILLING-01"
    assert prop(message, "readingSchedule.@objectID[2]") == "RS-LP-15"
    assert prop(message, "readingSchedule.periodicSchedule.startTime[1]") == "2026-05-01T02:00:00Z"
    assert prop(message, "readingSchedule.maximumRunTime[1]") == "4 Hours"
    assert prop(message, "readingSchedule.purpose[2]") == "Load profile"


def test_establish_reports_what_has_no_counterpart() -> None:
    result = translate_document(xmlsafe.parse(ESTABLISH.read_bytes()), "cim", new_id=ids)
    by_path = {entry.path: entry for entry in result.gaps}
    where = "/EstablishReadingSchedules/readingSchedules/readingSchedule[1]"
    units = by_path[f"{where}/readingTypeList/readingType[1]/units"]
    assert (units.kind, units.value) == (GapKind.LOST, "kWh")
    object_id = by_path[f"{where}/@objectID"]
    assert object_id.kind is GapKind.CARRIED
    assert object_id.carried_in == "Header/Property[Name='readingSchedule.@objectID']"
    pwd = by_path["/MultiSpeakMsgHeader/@Pwd"]
    assert (pwd.kind, pwd.value) == (GapKind.LOST, "********")
    assert b"mdm-secret" not in etree.tostring(result.document)


def test_establish_in_the_2009_edition_is_valid_against_the_declared_schema(
    declared: SchemaSet,
) -> None:
    result = translate_document(xmlsafe.parse(ESTABLISH.read_bytes()), "cim2009", new_id=ids)
    assert declared.validate(result.document) == []
    payload = read_message(result.document).payload[0]
    assert payload.tag == f"{{{BINDING_2009.namespace}}}MeterReadSchedule"
    assert payload.find(f"{{{BINDING_2009.namespace}}}EndDeviceAsset") is not None


def test_establish_comes_back_with_its_ids_and_timing(assert_schema_valid) -> None:
    cim = translate_document(xmlsafe.parse(ESTABLISH.read_bytes()), "cim", new_id=ids)
    back = translate_document(cim.document, "msp41")
    assert_schema_valid(back.document)
    original = msp_binding.read(
        body_of(xmlsafe.parse(ESTABLISH.read_bytes())), EstablishReadingSchedules
    )
    returned = msp_binding.read(body_of(back.document), EstablishReadingSchedules)
    for schedule in original.reading_schedules:
        for reading_type in schedule.reading_type_list:
            reading_type.object_id = reading_type.units = None
    assert returned == original
    assert back.gaps.lost == []


def test_disable_becomes_change_of_a_disabled_schedule(assert_schema_valid) -> None:
    result = translate_document(xmlsafe.parse(DISABLE.read_bytes()), "cim", new_id=ids)
    assert_schema_valid(result.document)
    message, (document,) = cim_of(result.document)
    assert message.header is not None and message.header.verb is Verb.CHANGE
    assert document.time_schedules == [TimeSchedule(disabled=True)]
    assert prop(message, "readingSchedule.@objectID") == "RS-LP-15"
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    assert msp_binding.read(
        body_of(back.document), DisableReadingSchedule
    ) == DisableReadingSchedule(reading_schedule_id="RS-LP-15")


@pytest.mark.parametrize(
    ("call", "verb", "disabled"),
    [
        (
            EnableReadingSchedules(reading_schedule_ids=["RS-1", "RS-2"]),
            Verb.CHANGE,
            [False, False],
        ),
        (DeleteReadingSchedule(reading_schedule_id="RS-3"), Verb.DELETE, [None]),
    ],
)
def test_enable_and_delete_both_ways(assert_schema_valid, call, verb: Verb, disabled) -> None:
    name = type(call).__name__
    result = translate_document(msp_binding.write(call, name), "cim", new_id=ids)
    assert_schema_valid(result.document)
    message, documents = cim_of(result.document)
    assert message.header is not None and message.header.verb is verb
    assert [
        d.time_schedules[0].disabled if d.time_schedules else None for d in documents
    ] == disabled
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    assert msp_binding.read(body_of(back.document), type(call)) == call


def test_get_by_id_names_the_schedule_in_request_id(assert_schema_valid) -> None:
    call = GetReadingScheduleByID(reading_schedule_id="RS-BILLING-01")
    result = translate_document(
        msp_binding.write(call, "GetReadingScheduleByID"), "cim", new_id=ids
    )
    assert_schema_valid(result.document)
    message = read_message(result.document)
    assert message.header is not None and message.header.verb is Verb.GET
    assert message.request is not None
    (object_id,) = message.request.ids
    assert (object_id.value, object_id.id_type) == ("RS-BILLING-01", "readingScheduleID")
    back = translate_document(result.document, "msp41")
    assert msp_binding.read(body_of(back.document), GetReadingScheduleByID) == call


def test_get_all_carries_last_received_as_an_option(assert_schema_valid) -> None:
    call = GetReadingSchedules(last_received="RS-0100")
    result = translate_document(msp_binding.write(call, "GetReadingSchedules"), "cim", new_id=ids)
    assert_schema_valid(result.document)
    message = read_message(result.document)
    assert message.request is not None
    assert [(o.name, o.value) for o in message.request.options] == [("lastReceived", "RS-0100")]
    back = translate_document(result.document, "msp41")
    assert msp_binding.read(body_of(back.document), GetReadingSchedules) == call


def test_schedules_answered_come_back_as_get_reading_schedules_response(
    assert_schema_valid,
) -> None:
    schedule = ReadingSchedule(object_id="RS-9", is_enabled=True, meter_list=[MeterID(value="M9")])
    response = GetReadingSchedulesResponse(result=[schedule])
    body = msp_binding.write(response, "GetReadingSchedulesResponse")
    result = translate_document(body, "cim", new_id=ids)
    assert_schema_valid(result.document)
    message, (document,) = cim_of(result.document)
    assert message.kind is MessageKind.RESPONSE
    assert document.end_devices == [
        EndDevice(mrid="M9", names=[Name.typed("M9", "meterID", "MultiSpeak")])
    ]
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    assert msp_binding.read(body_of(back.document), GetReadingSchedulesResponse) == response


def test_error_objects_become_a_failed_reply_and_back(assert_schema_valid) -> None:
    body = etree.fromstring(
        f'<EstablishReadingSchedulesResponse xmlns="{MSP}"><EstablishReadingSchedulesResult>'
        '<errorObject objectID="RS-1" errorString="meter 10009 unknown" nounType="readingSchedule"/>'
        "</EstablishReadingSchedulesResult></EstablishReadingSchedulesResponse>"
    )
    result = translate_document(body, "cim", new_id=ids)
    assert_schema_valid(result.document)
    reply = read_message(result.document).reply
    assert reply is not None and reply.result.value == "FAILED"
    assert [(e.reason, e.id.value if e.id else None) for e in reply.errors] == [
        ("meter 10009 unknown", "RS-1")
    ]
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    error = body_of(back.document).find(f".//{{{MSP}}}errorObject")
    assert (error.get("objectID"), error.get("errorString")) == ("RS-1", "meter 10009 unknown")


# --- CIM → MultiSpeak


def _request(verb: Verb, *documents: MeterReadSchedule, names: list[str] | None = None) -> Message:
    header = Header(verb=verb, noun="MeterReadSchedule", message_id="cim-1")
    for index, name in enumerate(names or [], start=1):
        suffix = f"[{index}]" if len(names or []) > 1 else ""
        header.properties.append(MessageProperty(f"readingSchedule.@objectID{suffix}", name))
    return Message(
        MessageKind.REQUEST, header, payload=[CODEC_2013.write(document) for document in documents]
    )


def test_cim_only_values_are_reported_lost() -> None:
    document = MeterReadSchedule(
        end_devices=[
            EndDevice(mrid="g1", names=[Name.typed("M1", "meterID"), Name.typed("x", "badge")])
        ],
        usage_points=[UsagePoint(mrid="UP-1")],
        time_schedules=[TimeSchedule(disabled=False), TimeSchedule(disabled=True)],
    )
    report = GapReport()
    (schedule,) = profile.to_msp([document], report)
    assert schedule.meter_list == [MeterID(value="M1", object_id="g1")]
    lost = {(entry.path, entry.value) for entry in report.lost}
    assert ("/MeterReadSchedule[1]/UsagePoint", str([UsagePoint(mrid="UP-1")])) in lost
    assert ("/MeterReadSchedule[1]/EndDevice", "badge=x") in lost
    assert ("/MeterReadSchedule[1]/TimeSchedule", "TimeSchedule[2]") in lost


def test_a_change_of_content_has_no_multispeak_operation() -> None:
    message = _request(
        Verb.CHANGE, MeterReadSchedule(end_devices=[EndDevice(mrid="g1")]), names=["RS-1"]
    )
    with pytest.raises(MappingError, match="deleted and established anew"):
        translate_document(build_message(message), "msp41")


def test_disabling_two_schedules_at_once_is_refused() -> None:
    disabled = MeterReadSchedule(time_schedules=[TimeSchedule(disabled=True)])
    message = _request(Verb.CHANGE, disabled, disabled, names=["RS-1", "RS-2"])
    with pytest.raises(MessageFormatError, match="one schedule per call, not 2"):
        translate_document(build_message(message), "msp41")


def test_a_bad_carried_start_time_is_a_mapping_error() -> None:
    message = _request(Verb.CREATE, MeterReadSchedule(), names=["RS-1"])
    assert message.header is not None
    message.header.properties.append(
        MessageProperty("readingSchedule.periodicSchedule.startTime", "tomorrow")
    )
    with pytest.raises(MappingError, match="is not an xs:dateTime"):
        translate_document(build_message(message), "msp41")


def test_the_noun_wrapper_carries_one_schedule(assert_schema_valid) -> None:
    result = translate_document(
        xmlsafe.parse(DISABLE.read_bytes()), "cim", form=EnvelopeForm.NOUN_WRAPPER, new_id=ids
    )
    assert_schema_valid(result.document)
    assert etree.QName(result.document).localname == "ChangeMeterReadSchedule"
    with pytest.raises(MessageFormatError, match="one MeterReadSchedule document per message"):
        translate_document(
            xmlsafe.parse(ESTABLISH.read_bytes()), "cim", form=EnvelopeForm.NOUN_WRAPPER
        )


@pytest.mark.parametrize(
    ("duration", "seconds"),
    [("15 Minutes", Decimal(900)), ("250 Milliseconds", Decimal("0.250")), ("2 Weeks", 1209600)],
)
def test_offsets_are_seconds(duration: str, seconds: Decimal) -> None:
    value, units = duration.split()
    schedule = ReadingSchedule(offset=Duration(value=Decimal(value), units=units))
    (document,) = profile.to_cim([schedule])
    assert document.time_schedules[0].offset == seconds


def test_an_offset_in_months_is_lost_and_a_period_in_months_is_a_pattern() -> None:
    schedule = ReadingSchedule(
        offset=Duration(value=Decimal(1), units="Months"),
        periodic_schedule=PeriodicSchedule(period=Period(value=3, time_units="Years")),
    )
    report = GapReport()
    (document,) = profile.to_cim([schedule], report)
    assert document.time_schedules[0].offset is None
    assert document.time_schedules[0].recurrence_pattern == "3 Years"
    assert [(entry.path, entry.value) for entry in report.lost] == [
        ("/readingSchedule[1]/offset", "1 Months")
    ]
    (back,) = profile.to_msp([document])
    assert back.periodic_schedule == PeriodicSchedule(period=Period(value=3, time_units="Years"))


def test_an_unknown_recurrence_pattern_is_reported_lost() -> None:
    document = MeterReadSchedule(time_schedules=[TimeSchedule(recurrence_pattern="first Monday")])
    report = GapReport()
    (schedule,) = profile.to_msp([document], report)
    assert schedule.periodic_schedule is None
    assert [(e.value, e.kind) for e in report] == [("first Monday", GapKind.LOST)]


def test_vendor_extensions_and_unread_elements_are_reported() -> None:
    schedule = ReadingSchedule(
        extensions_list=[MspExtensionsItem(ext_name="vendorRoute", ext_value="R7")]
    )
    body = msp_binding.write(
        EstablishReadingSchedules(reading_schedules=[schedule]), "EstablishReadingSchedules"
    )
    etree.SubElement(body.find(f".//{{{MSP}}}readingSchedule"), f"{{{MSP}}}identifiedObject")
    result = translate_document(body, "cim", new_id=ids)
    lost = {(entry.path, entry.value) for entry in result.gaps.lost}
    assert (
        "/EstablishReadingSchedules/readingSchedules/readingSchedule[1]/extensionsList[1]",
        "vendorRoute=R7",
    ) in lost
    assert (
        "/EstablishReadingSchedules/readingSchedules/readingSchedule[1]/identifiedObject",
        "(element)",
    ) in lost


def test_translate_command_on_the_fixture(assert_schema_valid) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["translate", str(ESTABLISH), "--to", "cim", "--gaps", "json"])
    assert result.exit_code == 0, result.stderr
    document = xmlsafe.parse(result.stdout_bytes)
    assert_schema_valid(document)
    assert len(read_message(document).payload) == 2
    assert '"path": "/MultiSpeakMsgHeader/@Pwd"' in result.stderr
    assert "mdm-secret" not in result.stderr


# --- round trips with generated data

_TEXT = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=10)
_WHEN = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(lambda value: value.replace(microsecond=0))
_DURATION = st.integers(1, 10**7).map(lambda seconds: duration_of(Decimal(seconds)))
_PERIOD = st.one_of(
    _DURATION.map(lambda d: Period(value=int(d.value), time_units=d.units)),
    st.builds(Period, value=st.integers(1, 12), time_units=st.sampled_from(["Months", "Years"])),
)
_WINDOW = st.one_of(
    st.builds(TimePeriod, start_time=_WHEN, end_time=st.none() | _WHEN),
    st.builds(TimePeriod, end_time=_WHEN),
)
_METER = st.builds(
    lambda value, object_id, meter_no, service_type: MeterID(
        value=value,
        object_id=f"g-{object_id}" if object_id else None,
        meter_no=meter_no,
        service_type=service_type,
    ),
    _TEXT,
    st.none() | _TEXT,
    st.none() | _TEXT,
    st.none() | st.sampled_from(["Electric", "Gas", "Water"]),
)
_CIM_POINT = st.one_of(
    st.builds(
        CimTimePoint,
        relative_time_interval=_DURATION,
        sequence_number=st.none() | st.integers(0, 99),
    ),
    st.builds(CimTimePoint, absolute_time=st.none() | _WHEN, window=_WINDOW),
)
_SCHEDULES = st.builds(
    ReadingSchedule,
    object_id=st.none() | _TEXT,
    object_name=st.none() | _TEXT,
    comments=st.none() | _TEXT,
    purpose=st.none() | _TEXT,
    maximum_run_time=st.none()
    | st.builds(
        Duration, value=st.decimals(0, 100, places=2), units=st.sampled_from(["Hours", "Months"])
    ),
    effective_window=st.none() | _WINDOW,
    is_enabled=st.none() | st.booleans(),
    offset=st.none() | _DURATION,
    absolute_time_schedule=st.lists(
        st.builds(
            MspTimePoint, absolute_time=_WHEN, sequence_number=st.none() | st.integers(0, 99)
        ),
        max_size=2,
    ),
    periodic_schedule=st.none()
    | st.builds(PeriodicSchedule, start_time=_WHEN, period=st.none() | _PERIOD)
    | st.builds(PeriodicSchedule, period=_PERIOD),
    time_points=st.lists(_CIM_POINT, max_size=2),
    meter_list=st.lists(_METER, max_size=3),
    meter_group_list=st.lists(_TEXT, max_size=2),
    configuration_group_list=st.lists(_TEXT, max_size=2),
    reading_type_list=st.lists(
        st.builds(
            MspReadingType,
            reading_type_code=st.builds(
                ReadingTypeCode, value=st.just(KWH), name=st.none() | _TEXT
            ),
            object_name=st.none() | _TEXT,
        ),
        max_size=2,
    ),
)


@settings(max_examples=60, deadline=None)
@given(schedules=st.lists(_SCHEDULES, min_size=1, max_size=3))
def test_multispeak_to_cim_to_multispeak_keeps_every_mapped_value(schemas, schedules) -> None:
    call = EstablishReadingSchedules(reading_schedules=schedules)
    body = msp_binding.write(call, "EstablishReadingSchedules")
    assert schemas.validate(body) == []
    cim = translate_document(body, "cim", new_id=ids)
    assert schemas.validate(cim.document) == []
    assert cim.gaps.lost == []
    back = translate_document(cim.document, "msp41")
    assert schemas.validate(back.document) == []
    assert msp_binding.read(body_of(back.document), EstablishReadingSchedules) == call


_NAME_TYPES = {"meterNo": "N-{}", "serviceType": "Gas", "utility": "U-{}"}
_DEVICE = st.builds(
    lambda value, mrid, extra: EndDevice(
        mrid=mrid or value,
        names=[Name.typed(value, "meterID", "MultiSpeak")]
        + [
            Name.typed(text.format(value), kind, "MultiSpeak")
            for kind, text in list(_NAME_TYPES.items())[:extra]
        ],
    ),
    _TEXT,
    st.none() | _TEXT.map(lambda text: f"g-{text}"),
    st.integers(0, 3),
)
_SECONDS = st.integers(1, 10**7).map(Decimal)
_TIME_SCHEDULE = st.builds(
    TimeSchedule,
    disabled=st.none() | st.booleans(),
    offset=st.none() | _SECONDS,
    recurrence_period=st.none() | _SECONDS,
    schedule_interval=st.builds(DateTimeInterval, end=st.none() | _WHEN, start=st.none() | _WHEN),
    time_points=st.lists(
        st.builds(TimePoint, date_time=_WHEN, sequence_number=st.none() | st.integers(0, 9)),
        max_size=2,
    ),
).filter(lambda schedule: schedule != TimeSchedule())
_DOCUMENT = st.builds(
    lambda devices, meter_groups, config_groups, times: MeterReadSchedule(
        end_devices=devices,
        end_device_groups=[
            EndDeviceGroup(names=[Name.typed(g, "meterGroupID", "MultiSpeak")])
            for g in meter_groups
        ]
        + [
            EndDeviceGroup(names=[Name.typed(g, "configurationGroupID", "MultiSpeak")])
            for g in config_groups
        ],
        reading_types=[ReadingType(mrid=KWH, names=[Name(name="energy")])],
        time_schedules=times,
    ),
    st.lists(_DEVICE, max_size=3),
    st.lists(_TEXT, max_size=2),
    st.lists(_TEXT, max_size=2),
    st.lists(_TIME_SCHEDULE, max_size=1),
)


@settings(max_examples=60, deadline=None)
@given(document=_DOCUMENT, schedule_id=_TEXT)
def test_cim_to_multispeak_to_cim_keeps_devices_groups_and_timing(
    schemas, document: MeterReadSchedule, schedule_id: str
) -> None:
    message = _request(Verb.CREATE, document, names=[schedule_id])
    msp = translate_document(build_message(message), "msp41")
    assert schemas.validate(msp.document) == []
    assert msp.gaps.lost == []
    back = translate_document(msp.document, "cim", new_id=ids)
    assert schemas.validate(back.document) == []
    returned, (returned_document,) = cim_of(back.document)
    assert returned_document == document
    assert prop(returned, "readingSchedule.@objectID") == schedule_id


def test_a_service_type_multispeak_does_not_know_is_reported_lost(assert_schema_valid) -> None:
    device = EndDevice(
        mrid="g1",
        names=[Name.typed("M1", "meterID"), Name.typed("Potable", "serviceType")],
    )
    message = _request(Verb.CREATE, MeterReadSchedule(end_devices=[device]), names=["RS-1"])
    result = translate_document(build_message(message), "msp41")
    assert_schema_valid(result.document)
    call = msp_binding.read(body_of(result.document), EstablishReadingSchedules)
    assert call.reading_schedules[0].meter_list == [MeterID(value="M1", object_id="g1")]
    assert [(entry.value, entry.reason) for entry in result.gaps.lost] == [
        ("serviceType=Potable", "not a MultiSpeak serviceType")
    ]
