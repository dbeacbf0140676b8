"""Any-to-any translation with MultiSpeak 5.0: recognised, routed through the pivot, hop by hop."""

from __future__ import annotations

import itertools
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from mspcim import ns, xmlsafe
from mspcim.cim.envelope import read_message
from mspcim.cim.meter_readings_2013 import read_meter_readings
from mspcim.cli import app
from mspcim.exceptions import MessageFormatError, UnknownOperationError
from mspcim.harmonize.gaps import GapKind
from mspcim.harmonize.translator import PAIRS, Dialect, detect, translate_document
from mspcim.multispeak.v41.operations import read_reading_changed_notification
from mspcim.multispeak.v50.header import read_request_header
from mspcim.multispeak.v50.meter_reading import read_readings_notification
from mspcim.soap import read_envelope

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RCN = FIXTURES / "reading_changed_notification.soap11.xml"
INITIATE = FIXTURES / "initiate_meter_readings_by_meter_id.soap11.xml"
PAYLOAD = FIXTURES / "meter_readings.xml"
NOT_SERVER = ns.MSP50_WSDL.format(endpoint="NOT_Server")


def parsed(path: Path) -> etree._Element:
    return xmlsafe.parse(path.read_bytes())


def new_ids():
    counter = itertools.count(1)
    return lambda: f"GW-{next(counter)}"


def v41_values(envelope: etree._Element) -> list[tuple[str, Decimal]]:
    body = read_envelope(envelope).first_body
    notification = read_reading_changed_notification(body)
    return [
        (str(meter.meter_id), Decimal(str(value.value)))
        for meter in notification.changed_meter_reads
        for value in meter.reading_values
    ]


def test_msp41_to_msp50_through_the_pivot(assert_schema_valid):
    result = translate_document(parsed(RCN), "msp50", new_id=new_ids())
    assert result.source == "MultiSpeak 4.1 ReadingChangedNotification"
    assert result.target == "MultiSpeak 5.0.7 MeterReadingsNotification"
    assert_schema_valid(result.document)
    envelope = read_envelope(result.document)
    assert envelope.first_body.tag == f"{{{NOT_SERVER}}}MeterReadingsNotification"
    header = read_request_header(
        envelope.header(ns.qname(ns.MSP50_REQUEST, "MultiSpeakRequestMsgHeader"))
    )
    original = read_envelope(parsed(RCN)).header(ns.qname(ns.MSP41, "MultiSpeakMsgHeader"))
    assert header.message_id == original.get("MessageID")
    assert header.caller.app_name == original.get("AppName")
    assert header.caller.app_version == original.get("AppVersion")
    assert header.caller.password is None
    notification = read_readings_notification(envelope.first_body)
    values = [
        Decimal(value.value)
        for reading in notification.meter_readings
        for value in reading.reading_values
    ]
    assert values == [value for _, value in v41_values(parsed(RCN))]
    hops = {entry.profile.partition(")")[0] + ")" for entry in result.gaps}
    assert hops == {"hop 1 (MultiSpeak 4.1 → CIM 2013)", "hop 2 (CIM 2013 → MultiSpeak 5.0)"}
    passwords = [entry for entry in result.gaps if entry.path.endswith("@Pwd")]
    assert [(entry.value, entry.kind) for entry in passwords] == [("********", GapKind.LOST)]
    assert passwords[0].profile.startswith("hop 1")


def test_msp50_back_to_msp41_keeps_meters_and_values(assert_schema_valid):
    there = translate_document(parsed(RCN), "msp50", new_id=new_ids())
    back = translate_document(there.document, "msp41", new_id=new_ids())
    assert back.source == "MultiSpeak 5.0 MeterReadingsNotification (NOT_Server)"
    assert back.target == "MultiSpeak 4.1 ReadingChangedNotification"
    assert_schema_valid(back.document)
    assert v41_values(back.document) == v41_values(parsed(RCN))
    assert all(entry.profile.startswith("hop ") for entry in back.gaps)


def test_release_504_output_is_valid_504_and_reads_back(schemas):
    result = translate_document(parsed(RCN), "msp50", release="5.0.4", new_id=new_ids())
    assert result.target == "MultiSpeak 5.0.4 ReadingsChangedNotification"
    assert schemas.validate(result.document, release="5.0.4") == []
    cim = translate_document(result.document, "cim", new_id=new_ids())
    message = read_message(cim.document)
    readings = read_meter_readings(message.payload[0]).meter_readings
    assert [reading.value for meter in readings for reading in meter.readings] == [
        value for _, value in v41_values(parsed(RCN))
    ]


def test_cim_to_msp50_and_a_bare_v5_body_is_recognised(assert_schema_valid):
    result = translate_document(parsed(PAYLOAD), "msp50", new_id=new_ids())
    assert_schema_valid(result.document)
    body = read_envelope(result.document).first_body
    assert detect(body) == "MultiSpeak 5.0 MeterReadingsNotification (NOT_Server)"
    cim = translate_document(body, "cim2013", new_id=new_ids())
    assert_schema_valid(cim.document)
    assert cim.source == "MultiSpeak 5.0 MeterReadingsNotification (NOT_Server)"
    header = read_message(cim.document).header
    assert header is not None
    assert header.message_id == "GW-1", "a bare body's message gets a new MessageID"


def test_msp50_to_cim2009(assert_schema_valid):
    there = translate_document(parsed(RCN), "msp50", new_id=new_ids())
    result = translate_document(there.document, "cim2009", new_id=new_ids())
    assert result.target == "CIM 2009 (61968-100)"
    assert_schema_valid(result.document, edition="2009")


def test_from_is_checked_and_same_dialect_is_refused():
    with pytest.raises(MessageFormatError, match=r"not MultiSpeak 5\.0"):
        translate_document(parsed(RCN), "cim", from_="msp50")
    translate_document(parsed(RCN), "cim", from_="msp41")
    translate_document(parsed(PAYLOAD), "msp50", from_="cim")
    with pytest.raises(MessageFormatError, match=r"not CIM 2009"):
        translate_document(parsed(PAYLOAD), "msp50", from_="cim2009")
    there = translate_document(parsed(RCN), "msp50").document
    with pytest.raises(MessageFormatError, match=r"is MultiSpeak 5\.0 already"):
        translate_document(there, "msp50")


def test_a_v5_body_without_route_names_the_routes_that_exist():
    body = etree.Element(f"{{{ns.MSP50_WSDL.format(endpoint='MR_Server')}}}GetNoSuchThing")
    with pytest.raises(UnknownOperationError, match=r"MultiSpeak 5\.0 GetNoSuchThing.*supported"):
        translate_document(body, "cim")


def test_every_pair_is_declared():
    assert len(PAIRS) == 14
    assert (Dialect.MSP41, Dialect.MSP50) in PAIRS
    assert (Dialect.MSP50, Dialect.MSP41) in PAIRS
    assert (Dialect.MSP41, Dialect.MSP41) not in PAIRS


def test_cli_translate_from_and_to_msp50_with_hops_on_stderr(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    runner = CliRunner()
    out = tmp_path / "v5.xml"
    result = runner.invoke(
        app, ["translate", str(RCN), "--from", "msp41", "--to", "msp50", "-o", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    assert "MultiSpeak 4.1 ReadingChangedNotification → MultiSpeak 5.0.7" in result.stderr
    assert "hop 1 (MultiSpeak 4.1 → CIM 2013):" in result.stderr
    assert read_envelope(parsed(out)).first_body.tag.endswith("MeterReadingsNotification")
    bad = runner.invoke(app, ["translate", str(RCN), "--to", "msp50", "--release", "5.0.5"])
    assert bad.exit_code == 2
    assert bad.stderr.strip() == "error: --release must be 5.0.7 or 5.0.4"
    wrong = runner.invoke(app, ["translate", str(RCN), "--to", "cim", "--from", "msp50"])
    assert wrong.exit_code == 1
    assert "not MultiSpeak 5.0" in wrong.stderr
