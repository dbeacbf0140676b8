"""Profile 8.13 EndDeviceEvents: meterEventList ⇄ EndDeviceEvents, the event code table, gaps."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mspcim.cim.end_device_event_type import EndDeviceEventTypeCode
from mspcim.cim.end_device_events import (
    Asset,
    EndDeviceEvent,
    EndDeviceEventDetail,
    EndDeviceEvents,
    EndDeviceEventType,
    EndDeviceEventTypeRef,
    Name,
    NameType,
    NameTypeAuthority,
    Status,
    UsagePoint,
    write_2013,
)
from mspcim.exceptions import MappingError
from mspcim.harmonize.end_device_event_codes import (
    DETAIL,
    EVENT_CODES,
    UNKNOWN,
    cim_code,
    msp_name,
)
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles.end_device_events import (
    END_DEVICE_EVENT,
    METER_EVENT_LIST,
    to_cim,
    to_msp,
)
from mspcim.harmonize.rules import Correlate, Gap, Nest, Side, Transform
from mspcim.multispeak.v41.meter_event import (
    EventInstance,
    MeterEvent,
    MeterEventList,
    MeterEventNotification,
    build_meter_event_notification,
    read_meter_event_notification,
)
from mspcim.multispeak.v41.meter_reading import ExtensionsItem, MeterID

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def event(code: str, meter: str = "MTR-1", when: datetime = T0, **attributes: str) -> EventInstance:
    """An eventInstance whose meterEvent carries ``code`` as text plus the given attributes."""
    return EventInstance(
        meter_id=MeterID(meter), meter_event=MeterEvent(code, **attributes), time_stamp=when
    )


def parts(code: str) -> dict[str, str]:
    type_, domain, sub_domain, index = code.split(".")
    return {"type": type_, "domain": domain, "domain_part": sub_domain, "index": index}


def cim_event(ref: str, meter: str = "MTR-1", **fields: object) -> EndDeviceEvent:
    authority = NameTypeAuthority(name="MultiSpeak")
    return EndDeviceEvent(
        created_date_time=T0,
        assets=Asset(
            names=[
                Name(name=meter, name_type=NameType(name="meterID", name_type_authority=authority))
            ]
        ),
        end_device_event_type=EndDeviceEventTypeRef(ref=ref),
        **fields,  # type: ignore[arg-type]
    )


def gaps_at(report: GapReport, kind: GapKind) -> dict[str, str]:
    return {entry.path: entry.value for entry in report if entry.kind is kind}


# --- the event code table


def test_every_row_is_a_documented_annex_e_code_with_unique_names() -> None:
    codes = [EndDeviceEventTypeCode.parse(row.code) for row in EVENT_CODES]
    assert all(code.is_documented for code in codes)
    assert len(set(codes)) == len(codes), "one row per CIM code"
    names = [name.casefold() for row in EVENT_CODES for name in (row.msp, *row.aliases)]
    assert len(set(names)) == len(names), "a MultiSpeak name reads as one code only"


@pytest.mark.parametrize(
    ("name", "code", "described"),
    [
        ("Outage", "3.26.0.85", "electricMeter power failed"),
        ("Restoration", "3.26.0.216", "electricMeter power restored"),
        ("Tamper", "3.12.0.257", "electricMeter security tamperDetected"),
        ("ReverseRotation", "3.21.93.219", "electricMeter metrology rotation reversed"),
        ("Disconnected", "3.31.0.68", "electricMeter rcdSwitch disconnected"),
        ("Connected", "3.31.0.42", "electricMeter rcdSwitch connected"),
        ("Disconnect", "3.31.0.23", "electricMeter rcdSwitch disconnect"),
        ("Connect", "3.31.0.18", "electricMeter rcdSwitch connect"),
        ("LowBattery", "3.2.22.150", "electricMeter battery charge minLimitReached"),
        ("DemandReset", "3.8.0.214", "electricMeter demand reset"),
        ("SagStarted", "3.26.38.223", "electricMeter power voltage sagStarted"),
        ("SwellStarted", "3.26.38.248", "electricMeter power voltage swellStarted"),
    ],
)
def test_the_required_events_have_rows(name: str, code: str, described: str) -> None:
    parsed = EndDeviceEventTypeCode.parse(code)
    assert cim_code(name) == parsed
    assert msp_name(parsed) == name
    assert parsed.describe() == described


def test_names_are_read_without_regard_to_case_spaces_or_alias() -> None:
    assert cim_code(" power off ") == EndDeviceEventTypeCode.parse("3.26.0.85")
    assert cim_code("POWERRESTORED") == EndDeviceEventTypeCode.parse("3.26.0.216")
    assert cim_code("Sag") == EndDeviceEventTypeCode.parse("3.26.38.223")
    assert cim_code("Meteor strike") is None


ENUMERATIONS = ("outageEventType", "pmEventCode", "meterConnectionStatus", "RCDState")


def test_names_taken_from_multispeak_are_in_its_enumerations(schemas) -> None:
    checked = 0
    for row in EVENT_CODES:
        if row.source in ENUMERATIONS or row.source == "loadActionCode":
            allowed = set(schemas.multispeak41_enumeration(row.source))
            assert {row.msp, *row.aliases} & allowed, row
            checked += 1
        elif row.source.startswith("uom: "):
            assert row.source[len("uom: ") :] in schemas.multispeak41_enumeration("uom"), row
            checked += 1
    assert checked >= 20


# --- MultiSpeak → CIM


def test_known_events_map_to_their_codes_and_declarations() -> None:
    events = MeterEventList(
        event_instances=[
            event("Outage", **parts("3.26.0.85"), code_string="Power outage"),
            event("Restoration", meter="MTR-2", when=T0 + timedelta(minutes=3)),
            event("3.31.0.68"),
        ]
    )
    report = GapReport()
    document = to_cim(events, report)
    refs = [item.end_device_event_type.ref for item in document.end_device_events]
    assert refs == ["3.26.0.85", "3.26.0.216", "3.31.0.68"]
    times = [item.created_date_time for item in document.end_device_events]
    assert times == [T0, T0 + timedelta(minutes=3), T0]
    meters = [item.assets.names[0].name for item in document.end_device_events]
    assert meters == ["MTR-1", "MTR-2", "MTR-1"]
    assert document.end_device_events[0].assets.names[0].type_name == "meterID"
    declared = {item.mrid: item for item in document.end_device_event_types}
    assert list(declared) == ["3.26.0.85", "3.26.0.216", "3.31.0.68"]
    assert declared["3.26.0.85"].names.name == "Power outage"
    assert declared["3.26.0.216"].names.name == "electricMeter power restored"
    assert (declared["3.31.0.68"].type, declared["3.31.0.68"].domain) == (
        "electricMeter",
        "rcdSwitch",
    )
    assert declared["3.31.0.68"].event_or_action == "disconnected"
    assert not report


def test_attributes_win_over_text_and_a_foreign_text_is_carried() -> None:
    document = to_cim(
        MeterEventList(event_instances=[event("Vendor alarm 17", **parts("3.12.0.257"))]),
        report := GapReport(),
    )
    [item] = document.end_device_events
    assert item.end_device_event_type.ref == "3.12.0.257"
    assert item.end_device_event_details == [
        EndDeviceEventDetail(name=DETAIL, value="Vendor alarm 17")
    ]
    [entry] = report.entries
    assert entry.kind is GapKind.CARRIED
    assert entry.path == "/events/eventInstances/eventInstance[1]/meterEvent"
    assert entry.carried_in == f"EndDeviceEventDetails[name='{DETAIL}']"


def test_unknown_multispeak_event_is_carried_and_comes_back() -> None:
    events = MeterEventList(
        event_instances=[event("HotSocket", type="3", domain="99", domain_part="0", index="5")]
    )
    report = GapReport()
    document = to_cim(events, report)
    [item] = document.end_device_events
    assert item.end_device_event_type.ref == UNKNOWN.text == "0.0.0.0"
    details = {detail.name: detail.value for detail in item.end_device_event_details}
    assert details == {
        DETAIL: "HotSocket",
        f"{DETAIL}.@type": "3",
        f"{DETAIL}.@domain": "99",
        f"{DETAIL}.@domainPart": "0",
        f"{DETAIL}.@index": "5",
    }
    carried = gaps_at(report, GapKind.CARRIED)
    assert carried["/events/eventInstances/eventInstance[1]/meterEvent"] == "HotSocket"
    assert carried["/events/eventInstances/eventInstance[1]/meterEvent/@domain"] == "99"
    [back] = to_msp(document).event_instances
    assert back.meter_event == events.event_instances[0].meter_event


def test_vendor_event_or_action_inside_a_known_domain_is_kept_as_a_code() -> None:
    document = to_cim(MeterEventList(event_instances=[event("3.26.0.999")]), report := GapReport())
    assert document.end_device_events[0].end_device_event_type.ref == "3.26.0.999"
    assert document.end_device_event_types[0].event_or_action == "999"
    assert not report


def test_value_code_string_and_vendor_attributes_travel_as_details() -> None:
    meter_event = MeterEvent(
        "HighVoltage",
        value="253.1",
        code_string="Over voltage",
        other_attributes={"{urn:vendor}severity": "3"},
        **parts("3.26.38.93"),
    )
    second = MeterEvent("HighVoltage", code_string="Voltage above limit", **parts("3.26.38.93"))
    events = MeterEventList(
        event_instances=[
            EventInstance(MeterID("M1"), meter_event, T0),
            EventInstance(MeterID("M2"), second, T0),
        ]
    )
    document = to_cim(events, GapReport())
    first, other = document.end_device_events
    assert {d.name: d.value for d in first.end_device_event_details} == {
        f"{DETAIL}.value": "253.1",
        f"{DETAIL}.@{{urn:vendor}}severity": "3",
    }
    assert {d.name: d.value for d in other.end_device_event_details} == {
        f"{DETAIL}.codeString": "Voltage above limit"
    }
    assert [t.names.name for t in document.end_device_event_types] == ["Over voltage"]
    report = GapReport()
    back = to_msp(document, report).event_instances
    assert back[1].meter_event == second
    # the 4.1 schema admits no foreign attribute: it comes back as an extensionsItem
    assert back[0].meter_event == dataclasses.replace(meter_event, other_attributes={})
    vendor = f"{DETAIL}.@{{urn:vendor}}severity"
    assert back[0].instance_extensions == [ExtensionsItem(vendor, "3", "string")]
    [entry] = report.entries
    assert (entry.kind, entry.value) == (GapKind.CARRIED, "3")
    again = to_cim(MeterEventList(event_instances=back), GapReport())
    assert again.end_device_events == document.end_device_events


def test_cim_values_in_extensions_come_back_to_their_cim_attributes() -> None:
    items = [
        ExtensionsItem("CIM.EndDeviceEvent.mRID", "E-77", "string"),
        ExtensionsItem("CIM.EndDeviceEvent.severity", "critical", "string"),
        ExtensionsItem("CIM.EndDeviceEvent.status.dateTime", "2026-05-01T12:00:00Z", "dateTime"),
        ExtensionsItem("CIM.EndDeviceEvent.status.value", "open", "string"),
        ExtensionsItem("CIM.UsagePoint.mRID", "UP-9", "string"),
        ExtensionsItem("CIM.UsagePoint.Names.premise", "P-1", "string"),
        ExtensionsItem("CIM.EndDeviceEventDetail.voltage", "0", "string"),
        ExtensionsItem("signalStrength", "-71"),
        ExtensionsItem("CIM.Nonsense", "?"),
    ]
    instance = event("Outage", **parts("3.26.0.85"))
    instance.instance_extensions = items
    report = GapReport()
    [item] = to_cim(MeterEventList(event_instances=[instance]), report).end_device_events
    assert item.mrid == "E-77"
    assert item.severity == "critical"
    assert item.status == Status(date_time=T0, value="open")
    assert item.usage_point == UsagePoint(
        mrid="UP-9", names=[Name(name="P-1", name_type=NameType(name="premise"))]
    )
    assert {d.name: d.value for d in item.end_device_event_details} == {
        "voltage": "0",
        "MultiSpeak.extensionsList.signalStrength": "-71",
    }
    lost = gaps_at(report, GapKind.LOST)
    assert lost == {"/events/eventInstances/eventInstance[1]/extensionsList[9]": "CIM.Nonsense=?"}


def test_missing_time_takes_the_default_and_says_so() -> None:
    instance = event("Outage")
    instance.time_stamp = None
    report = GapReport()
    document = to_cim(MeterEventList(event_instances=[instance]), report, default_time=T0)
    assert document.end_device_events[0].created_date_time == T0
    [entry] = report.entries
    assert entry.kind is GapKind.CHANGED
    assert entry.path == "/events/eventInstances/eventInstance[1]/timeStamp"
    with pytest.raises(MappingError) as caught:
        to_cim(MeterEventList(event_instances=[instance]))
    assert "createdDateTime is required" in caught.value.reason
    assert caught.value.xpath == "/events/eventInstances/eventInstance[1]/timeStamp"


@pytest.mark.parametrize(
    ("instance", "message", "where"),
    [
        (EventInstance(MeterID("M1"), None, T0), "has no meterEvent", "meterEvent"),
        (EventInstance(MeterID("M1"), MeterEvent(), T0), "names no event", "meterEvent"),
    ],
)
def test_events_without_an_event_are_refused_with_their_path(
    instance: EventInstance, message: str, where: str
) -> None:
    with pytest.raises(MappingError) as caught:
        to_cim(MeterEventList(event_instances=[event("Outage"), instance]))
    assert message in caught.value.reason
    assert caught.value.xpath == f"/events/eventInstances/eventInstance[2]/{where}"


def test_refused_events_are_left_out_and_paths_keep_their_numbers() -> None:
    bad = EventInstance(MeterID("M2"), None, T0)
    odd = event("Odd thing", meter="M3")
    events = MeterEventList(event_instances=[event("Outage"), bad, odd], comments="batch 7")
    refused: list[tuple[int, MappingError]] = []
    report = GapReport()
    document = to_cim(events, report, refused=refused)
    assert [index for index, _ in refused] == [2]
    assert [e.assets.names[0].name for e in document.end_device_events] == ["MTR-1", "M3"]
    paths = {entry.path: entry.kind for entry in report}
    assert paths == {
        "/events/eventInstances/eventInstance[2]": GapKind.LOST,
        "/events/eventInstances/eventInstance[3]/meterEvent": GapKind.CARRIED,
        "/events/comments": GapKind.LOST,
    }


def test_list_level_values_are_reported() -> None:
    events = MeterEventList(
        object_id="LIST-1",
        verb="New",
        utility="REC",
        comments="c",
        object_name="n",
        extensions_list=[ExtensionsItem("vendor", "x")],
        event_instances=[event("Outage")],
    )
    report = GapReport()
    to_cim(events, report)
    assert gaps_at(report, GapKind.LOST) == {
        "/events/@objectID": "LIST-1",
        "/events/@verb": "New",
        "/events/@utility": "REC",
        "/events/comments": "c",
        "/events/objectName": "n",
        "/events/extensionsList[1]": "vendor=x",
    }


# --- CIM → MultiSpeak


def test_codes_become_names_and_attributes() -> None:
    document = EndDeviceEvents(
        end_device_events=[cim_event("3.26.0.85"), cim_event("3.31.0.42", meter="MTR-2")]
    )
    report = GapReport()
    instances = to_msp(document, report).event_instances
    assert [i.meter_event.code for i in instances] == ["Outage", "Connected"]
    assert instances[0].meter_event == MeterEvent("Outage", **parts("3.26.0.85"))
    assert [i.meter_id.value for i in instances] == ["MTR-1", "MTR-2"]
    assert [i.time_stamp for i in instances] == [T0, T0]
    assert not report


def test_code_without_a_multispeak_name_is_sent_as_code_and_carried() -> None:
    document = EndDeviceEvents(end_device_events=[cim_event("3.26.0.999")])
    report = GapReport()
    [instance] = to_msp(document, report).event_instances
    assert instance.meter_event == MeterEvent("3.26.0.999", **parts("3.26.0.999"))
    assert instance.instance_extensions == [
        ExtensionsItem("CIM.EndDeviceEventType", "3.26.0.999", "string")
    ]
    [entry] = report.entries
    assert entry.kind is GapKind.CARRIED
    assert entry.path == "/EndDeviceEvents/EndDeviceEvent[1]/EndDeviceEventType/@ref"
    assert "electricMeter power eventOrAction 999" in entry.reason
    # and back: the carried item is taken, the code is the same
    report = GapReport()
    again = to_cim(to_msp(document), report)
    assert again.end_device_events[0].end_device_event_type.ref == "3.26.0.999"
    assert not report


def test_declared_types_name_the_code_and_resolve_other_mrids() -> None:
    declared = EndDeviceEventType(
        mrid="b6c1-outage",
        type="electricMeter",
        domain="power",
        sub_domain="notApplicable",
        event_or_action="failed",
        names=Name(name="Outage at premise"),
    )
    document = EndDeviceEvents(
        end_device_events=[cim_event("b6c1-outage")], end_device_event_types=[declared]
    )
    [instance] = to_msp(document, GapReport()).event_instances
    assert instance.meter_event.code == "Outage"
    assert (instance.meter_event.type, instance.meter_event.index) == ("3", "85")
    assert instance.meter_event.code_string == "Outage at premise"


def test_a_ref_that_is_no_code_is_sent_as_text_and_reported() -> None:
    report = GapReport()
    [instance] = to_msp(
        EndDeviceEvents(end_device_events=[cim_event("vendor-event-42")]), report
    ).event_instances
    assert instance.meter_event == MeterEvent("vendor-event-42")
    [entry] = report.entries
    assert (entry.kind, entry.value) == (GapKind.CHANGED, "vendor-event-42")
    with pytest.raises(MappingError, match="has no ref"):
        to_msp(EndDeviceEvents(end_device_events=[cim_event("")]))


def test_cim_only_values_are_carried_and_restored() -> None:
    full = cim_event(
        "3.26.0.85",
        mrid="E-1",
        issuer_id="HES",
        issuer_tracking_id="T-1",
        reason="storm",
        severity="high",
        user_id="op",
        end_device_event_details=[EndDeviceEventDetail(name="voltage", value="0 V")],
        names=[Name(name="evt", name_type=NameType(name="hes"))],
        status=Status(date_time=T0, reason="r", remark="m", value="v"),
        usage_point=UsagePoint(mrid="UP", names=[Name(name="SDP-1")]),
    )
    full.assets.mrid = "A-1"
    full.assets.names.append(Name(name="SN-9", name_type=NameType(name="serialNumber")))
    document = EndDeviceEvents(end_device_events=[full])
    report = GapReport()
    [instance] = to_msp(document, report).event_instances
    keys = [item.ext_name for item in instance.instance_extensions]
    assert keys == [
        "CIM.Asset.Names.serialNumber",
        "CIM.EndDeviceEventDetail.voltage",
        "CIM.EndDeviceEvent.mRID",
        "CIM.EndDeviceEvent.issuerID",
        "CIM.EndDeviceEvent.issuerTrackingID",
        "CIM.EndDeviceEvent.reason",
        "CIM.EndDeviceEvent.severity",
        "CIM.EndDeviceEvent.userID",
        "CIM.EndDeviceEvent.status.dateTime",
        "CIM.EndDeviceEvent.status.reason",
        "CIM.EndDeviceEvent.status.remark",
        "CIM.EndDeviceEvent.status.value",
        "CIM.EndDeviceEvent.Names.hes",
        "CIM.UsagePoint.mRID",
        "CIM.UsagePoint.Names",
    ]
    assert instance.meter_id == MeterID("MTR-1", object_id="A-1")
    assert all(entry.kind is GapKind.CARRIED for entry in report)
    assert len(report) == len(keys)
    body = build_meter_event_notification(MeterEventNotification(MeterEventList([instance])))
    back = to_cim(read_meter_event_notification(body).events, report := GapReport())
    assert back.end_device_events == [full]
    assert not report


def test_name_type_description_and_authority_are_reported_lost() -> None:
    typed = NameType(
        name="hes", description="HES id", name_type_authority=NameTypeAuthority(name="X")
    )
    document = EndDeviceEvents(
        end_device_events=[cim_event("3.26.0.85", names=[Name(name="e", name_type=typed)])]
    )
    report = GapReport()
    to_msp(document, report)
    [lost] = report.lost
    assert lost.path == "/EndDeviceEvents/EndDeviceEvent[1]/Names"
    assert lost.value == "NameType hes"


# --- the tables


def _mentioned(side: Side) -> set[str]:
    found: set[str] = set()
    for table in (METER_EVENT_LIST, END_DEVICE_EVENT):
        for rule in table.rules:
            if isinstance(rule, Correlate | Nest):
                found.add(rule.msp if side is Side.MSP else rule.cim)
            elif isinstance(rule, Transform):
                found.update(rule.msp if side is Side.MSP else rule.cim)
            elif isinstance(rule, Gap) and rule.side is side:
                found.add(rule.field)
    return found


@pytest.mark.parametrize(
    ("side", "classes"),
    [
        (Side.MSP, (MeterEventList, EventInstance)),
        (Side.CIM, (EndDeviceEvents, EndDeviceEvent)),
    ],
)
def test_every_field_has_a_rule(side: Side, classes: tuple[type, ...]) -> None:
    fields = {field.name for cls in classes for field in dataclasses.fields(cls)}
    assert fields - _mentioned(side) == set()


def test_table_counts() -> None:
    def count(kind: type) -> int:
        return sum(
            isinstance(rule, kind) for t in (METER_EVENT_LIST, END_DEVICE_EVENT) for rule in t.rules
        )

    assert (count(Correlate), count(Transform), count(Gap), count(Nest)) == (0, 10, 16, 1)
    assert METER_EVENT_LIST.clause == END_DEVICE_EVENT.clause == "8.13"


# --- round trips


_code = st.sampled_from([row.code for row in EVENT_CODES] + ["3.26.0.999", "3.12.29.4711"])
_word = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=10)
_times = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=0))


@st.composite
def _canonical_meter_event(draw: st.DrawFn) -> MeterEvent:
    """A meterEvent as the gateway writes it: the code's parts, its name (or the code) as text."""
    code = EndDeviceEventTypeCode.parse(draw(_code))
    text = draw(st.sampled_from([msp_name(code) or code.text, "Vendor " + draw(_word)]))
    return MeterEvent(
        text,
        value=draw(st.none() | _word),
        **parts(code.text),
    )


_instances = st.builds(
    EventInstance,
    meter_id=st.builds(MeterID, _word, service_type=st.none() | st.just("Electric")),
    meter_event=_canonical_meter_event(),
    time_stamp=_times,
    instance_extensions=st.lists(
        st.builds(
            ExtensionsItem, st.sampled_from(["rssi", "hops", "CIM.EndDeviceEvent.reason"]), _word
        ),
        max_size=2,
        unique_by=lambda item: item.ext_name,
    ),
)


def _normal(instance: EventInstance) -> tuple[object, ...]:
    """The instance, its extensionsItems in order of name; the gateway's own code item aside.

    A code without a MultiSpeak name gains ``CIM.EndDeviceEventType`` on its way back: that is
    the carrier saying so, not a value of the sender.
    """
    extensions = sorted(
        (item.ext_name, item.ext_value)
        for item in instance.instance_extensions
        if item.ext_name != "CIM.EndDeviceEventType"
    )
    return (instance.meter_id, instance.meter_event, instance.time_stamp, extensions)


@settings(max_examples=60, deadline=None)
@given(st.lists(_instances, min_size=1, max_size=4))
def test_multispeak_to_cim_and_back(schemas, instances: list[EventInstance]) -> None:
    call = MeterEventNotification(MeterEventList(event_instances=instances), "T-1")
    body = build_meter_event_notification(call)
    assert schemas.validate(body) == []
    document = to_cim(read_meter_event_notification(body).events)
    assert schemas.validate(write_2013(document)) == []
    back_body = build_meter_event_notification(MeterEventNotification(to_msp(document)))
    assert schemas.validate(back_body) == []
    back = read_meter_event_notification(back_body)
    assert [_normal(i) for i in back.events.event_instances] == [_normal(i) for i in instances]


_authority = NameTypeAuthority(name="MultiSpeak")
_cim_events = st.builds(
    EndDeviceEvent,
    mrid=st.none() | _word,
    created_date_time=_times,
    reason=st.none() | _word,
    severity=st.none() | _word,
    assets=st.builds(
        Asset,
        mrid=st.none() | _word,
        names=st.builds(
            lambda meter: [
                Name(name=meter, name_type=NameType(name="meterID", name_type_authority=_authority))
            ],
            _word,
        ),
    ),
    end_device_event_details=st.lists(
        st.builds(EndDeviceEventDetail, name=_word, value=_word),
        max_size=2,
        unique_by=lambda d: d.name,
    ),
    end_device_event_type=st.builds(EndDeviceEventTypeRef, ref=_code),
    status=st.none() | st.builds(Status, date_time=st.none() | _times, value=_word),
    usage_point=st.none() | st.builds(UsagePoint, mrid=_word),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_cim_events, min_size=1, max_size=4))
def test_cim_to_multispeak_and_back(schemas, events: list[EndDeviceEvent]) -> None:
    document = EndDeviceEvents(end_device_events=events)
    assert schemas.validate(write_2013(document)) == []
    body = build_meter_event_notification(MeterEventNotification(to_msp(document), None))
    assert schemas.validate(body) == []
    wire = read_meter_event_notification(body)
    report = GapReport()
    back = to_cim(wire.events, report)
    assert back.end_device_events == events
    assert not report.lost
