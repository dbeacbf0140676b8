"""Profile 8.21 ActivityRecords: a meter's history (meterHistoryEvent) ⇄ CIM ActivityRecords.

Values asserted on both sides; MultiSpeak output validated against the official 4.1.6 WSDL
schemas, CIM output against Message.xsd and the XSD the project declares for the profile.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from location_strategies import cim_activity_records, meter_history_events, msp_normal
from lxml import etree
from meter_strategies import unordered_names
from typer.testing import CliRunner

from mspcim import ns, xmlsafe
from mspcim.cim.activity_records import CODEC_2009, CODEC_2013, ActivityRecord, ActivityRecords
from mspcim.cim.catalogue import Edition
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.identified_object import Name
from mspcim.cim.message import Header, Message, MessageKind, ObjectID, Request, Verb
from mspcim.cli import app
from mspcim.exceptions import MessageFormatError, UnknownOperationError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles import activity_records
from mspcim.harmonize.profiles.activity_records import TYPE_EXTENSION
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.catalogue import operation
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.meter_history import (
    ActionTaken,
    GetMeterHistoryByMeterID,
    GetMeterHistoryByMeterIDResponse,
    MeterHistoryEvent,
)
from mspcim.multispeak.v41.msp_binding import MeterID
from mspcim.soap import SoapVersion, build_envelope, read_envelope
from mspcim.validation import SchemaSet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "activity_records"
HISTORY = FIXTURES / "get_meter_history_by_meter_id_response.soap11.xml"
RECORDS_2009 = FIXTURES / "activity_records_response_2009.xml"
RESPONSE = "GetMeterHistoryByMeterIDResponse"


def soap(body: etree._Element) -> etree._Element:
    header = MultiSpeakMsgHeader(app_name="MDM", message_id="M-7").stamped()
    return build_envelope(SoapVersion.SOAP11, [body], [build_header(header)])


def names_of(names: list[Name]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name in names:
        found.setdefault(name.type_name or "", []).append(name.name)
    return found


def test_a_meter_history_response_becomes_activity_records(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(HISTORY.read_bytes()), "cim")
    assert declared.validate(result.document) == []
    message = read_message(result.document)
    assert message.kind is MessageKind.RESPONSE and message.header is not None
    assert (message.header.verb, message.header.noun) == (Verb.REPLY, "ActivityRecords")
    first, second = CODEC_2013.read(message.payload[0]).activity_records
    assert first.mrid == "MH-40017721-0001"
    assert first.created_date_time == datetime(2019, 5, 2, 15, 40, tzinfo=UTC)
    assert (first.type, first.description) == ("Installed", "Set at new farm service")
    assert first.reason == "New service, meter base MB-0042-117-1"
    assert first.status is not None and first.status.value == "Active"
    (meter,) = first.assets
    assert meter.mrid == "5d1f3c2a-8b7e-4c11-9a0e-2f6d1b7c9e01"
    assert names_of(meter.asset_names) == {"meterID": ["40017721"], "utility": ["NWEC"]}
    carried = names_of(first.activity_record_names)
    assert carried["actionTaken"] == ["Connected"]
    assert carried["informationItem"] == ["Seal SEAL-551204 applied"]
    assert carried["customerID"] == ["CU-77810"]
    assert carried["accountID"] == ["100-4521-07"]
    assert carried["serviceLocationID"] == ["SL-0042-117"]
    assert carried["serviceID"] == ["7a2c9e1f"]
    assert carried["serviceID/@serviceType"] == ["Electric"]
    assert carried["gpsPoint/latitude"] == ["45.0712345"]
    assert (second.type, second.reason) == ("Tested", "Accuracy 99.87 % at full load")
    assert second.assets[0].mrid is None
    entries = {entry.path: entry for entry in result.gaps}
    item = f"/{RESPONSE}/GetMeterHistoryByMeterIDResult/meterHistoryEvent[1]"
    assert entries[f"{item}/customerID"].kind is GapKind.CARRIED
    assert entries[f"{item}/gpsPoint"].kind is GapKind.CHANGED
    assert result.gaps.lost == []


def test_activity_records_of_the_first_edition_become_the_history_response(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(RECORDS_2009.read_bytes()), "msp41")
    assert declared.validate(result.document) == []
    body = read_envelope(result.document).first_body
    assert ns.local_name(body.tag) == RESPONSE
    (event,) = msp_binding.read(body, GetMeterHistoryByMeterIDResponse).result
    assert event.object_id == "AR-2026-0503-17"
    assert event.event_time == datetime(2026, 5, 1, 22, 14, 9, tzinfo=UTC)
    assert event.actions_taken == [ActionTaken.OTHER]
    assert event.information_list == ["Cover opened with power on"]
    assert event.meter_id == MeterID(
        value="40017721", object_id="5d1f3c2a-8b7e-4c11-9a0e-2f6d1b7c9e01"
    )
    assert event.service_location_id == "SL-0042-117"
    assert event.meter_status_list == ["Investigate"]
    carried = {item.ext_name: item.ext_value for item in event.extensions_list}
    assert carried == {
        TYPE_EXTENSION: "sealBroken",
        "CIM.Status.dateTime": "2026-05-01T22:14:09Z",
        "CIM.ActivityRecord.severity": "high",
    }
    changed = [entry for entry in result.gaps if entry.kind is GapKind.CHANGED]
    assert [(entry.path, entry.value) for entry in changed] == [
        ("/ActivityRecords/ActivityRecord[1]/type", "sealBroken")
    ]
    again = translate_document(result.document, "cim2009")
    record = CODEC_2009.read(read_message(again.document).payload[0]).activity_records[0]
    assert (record.type, record.severity) == ("sealBroken", "high")


def test_the_history_query_is_a_get_naming_the_meter(assert_schema_valid):
    query = GetMeterHistoryByMeterID(meter=MeterID(value="40017721", service_type="Electric"))
    result = translate_document(soap(msp_binding.write(query, "GetMeterHistoryByMeterID")), "cim")
    assert_schema_valid(result.document)
    message = read_message(result.document)
    assert message.header is not None and message.header.verb is Verb.GET
    assert message.request is not None
    (meter,) = message.request.ids
    assert (meter.value, meter.id_type, meter.object_type) == ("40017721", "meterID", "Meter")
    assert [(entry.value, entry.kind) for entry in result.gaps.lost] == [("Electric", GapKind.LOST)]
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    again = msp_binding.read(read_envelope(back.document).first_body, GetMeterHistoryByMeterID)
    assert again.meter == MeterID(value="40017721")


def cim(kind: MessageKind, verb: Verb, **parts: object) -> etree._Element:
    header = Header(verb, "ActivityRecords", message_id="A-1")
    return build_message(Message(kind, header, **parts))  # type: ignore[arg-type]


def test_a_get_for_several_meters_asks_for_the_first_and_reports_the_others():
    request = Request(ids=[ObjectID("M-1", "name", "meterID"), ObjectID("M-2", "name", "meterID")])
    result = translate_document(cim(MessageKind.REQUEST, Verb.GET, request=request), "msp41")
    body = read_envelope(result.document).first_body
    assert msp_binding.read(body, GetMeterHistoryByMeterID).meter == MeterID(value="M-1")
    assert [(e.path, e.value) for e in result.gaps.lost] == [("/Request/ID", "M-2")]


def test_what_multispeak_cannot_do_with_history_is_refused_clearly():
    with pytest.raises(MessageFormatError) as caught:
        translate_document(cim(MessageKind.REQUEST, Verb.CREATE), "msp41")
    assert "no MultiSpeak 4.1 operation for create ActivityRecords" in str(caught.value)
    with pytest.raises(MessageFormatError) as caught:
        translate_document(cim(MessageKind.REQUEST, Verb.GET), "msp41")
    assert "needs the meter" in str(caught.value)
    payload = [CODEC_2013.write(ActivityRecords(activity_records=[ActivityRecord(type="x")]))]
    with pytest.raises(UnknownOperationError) as unknown:
        translate_document(cim(MessageKind.EVENT, Verb.CREATED, payload=payload), "msp41")
    assert "no translation for CIM EventMessage 'ActivityRecords'" in str(unknown.value)


def test_further_assets_and_actions_that_are_no_action_are_reported():
    record = ActivityRecord(
        type="Inspected",
        activity_record_names=[Name.typed("Painted", "actionTaken", "MultiSpeak")],
        assets=[
            activity_records.Asset(asset_names=[Name.typed("M-1", "meterID")]),
            activity_records.Asset(mrid="g-2"),
        ],
    )
    report = GapReport()
    (event,) = activity_records.to_msp(ActivityRecords(activity_records=[record]), report)
    assert event.actions_taken == [ActionTaken.INSPECTED]
    assert event.meter_id == MeterID(value="M-1")
    assert sorted(entry.value for entry in report.lost) == ["Painted", "g-2"]


def test_the_operation_is_in_the_catalogue():
    assert operation("CB_Server", "GetMeterHistoryByMeterID").cim_noun == "ActivityRecords"
    assert operation("MDM_Server", "GetMeterHistoryByMeterID").cim_verb == "get"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(meter_history_events(), min_size=1, max_size=2))
def test_multispeak_to_cim_to_multispeak_property(events: list[MeterHistoryEvent]):
    events = msp_normal(GetMeterHistoryByMeterIDResponse(result=events), RESPONSE).result
    report = GapReport()
    document = activity_records.to_cim(events, report)
    assert report.lost == []
    back = activity_records.to_msp(CODEC_2013.read(CODEC_2013.write(document)))
    assert msp_normal(GetMeterHistoryByMeterIDResponse(result=back), RESPONSE).result == events


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(cim_activity_records(), min_size=1, max_size=2), st.sampled_from(list(Edition)))
def test_cim_to_multispeak_to_cim_property(records: list[ActivityRecord], edition: Edition):
    report = GapReport()
    events = activity_records.to_msp(ActivityRecords(activity_records=records), report)
    assert report.lost == []
    events = msp_normal(GetMeterHistoryByMeterIDResponse(result=events), RESPONSE).result
    codec = CODEC_2013 if edition is Edition.CIM2013 else CODEC_2009
    back = codec.read(codec.write(activity_records.to_cim(events, GapReport())))
    assert unordered_names(back) == unordered_names(ActivityRecords(activity_records=records))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(cim_activity_records(), min_size=1, max_size=3))
def test_multispeak_output_is_schema_valid_property(schemas: SchemaSet, records):
    events = activity_records.to_msp(ActivityRecords(activity_records=records))
    body = msp_binding.write(GetMeterHistoryByMeterIDResponse(result=events), RESPONSE)
    assert schemas.validate(body) == []


@pytest.mark.parametrize(
    ("source", "to", "root"),
    [
        (HISTORY, "cim", "ResponseMessage"),
        (HISTORY, "cim2009", "ResponseMessage"),
        (RECORDS_2009, "msp41", "Envelope"),
        (RECORDS_2009, "cim", "ResponseMessage"),
    ],
)
def test_mspcim_translate_on_the_fixtures(declared: SchemaSet, source: Path, to: str, root: str):
    result = CliRunner().invoke(app, ["translate", str(source), "--to", to, "--gaps", "json"])
    assert result.exit_code == 0, result.stderr
    document = xmlsafe.parse(result.stdout_bytes)
    assert ns.local_name(document.tag) == root
    assert declared.validate(document) == []


def test_a_rotation_is_carried_exactly():
    event = MeterHistoryEvent(rotation=Decimal("12.50"), meter_id=MeterID(value="M-1"))
    (record,) = activity_records.to_cim([event]).activity_records
    assert names_of(record.activity_record_names)["rotation"] == ["12.50"]
    assert activity_records.to_msp(ActivityRecords(activity_records=[record]))[0].rotation == (
        Decimal("12.50")
    )
