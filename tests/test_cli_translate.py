"""``mspcim translate``: documents in, schema-valid XML out, gaps on stderr, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mspcim import ns, xmlsafe
from mspcim.cim.envelope import read_message
from mspcim.cim.message import EnvelopeForm, MessageKind
from mspcim.cli import app
from mspcim.multispeak.v41.operations import read_reading_changed_notification
from mspcim.soap import read_envelope

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RCN = FIXTURES / "reading_changed_notification.soap11.xml"
INITIATE = FIXTURES / "initiate_meter_readings_by_meter_id.soap11.xml"
PARTIAL = FIXTURES / "meter_readings_response_partial.xml"
PARTIAL_WRAPPED = FIXTURES / "meter_readings_response_partial.noun_wrapper.soap12.xml"
PAYLOAD = FIXTURES / "meter_readings.xml"


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("COLUMNS", "80")
    return CliRunner()


def unwrapped(text: str) -> str:
    """``text`` with rich's line wrapping undone (runs of whitespace become one space)."""
    return " ".join(text.split())


def translate(runner: CliRunner, *args: str, data: bytes | None = None):
    return runner.invoke(app, ["translate", *args], input=data, catch_exceptions=False)


@pytest.mark.parametrize(
    ("source", "to", "root"),
    [
        (RCN, "cim", "EventMessage"),
        (RCN, "cim2013", "EventMessage"),
        (INITIATE, "cim", "RequestMessage"),
        (PARTIAL, "cim", "ResponseMessage"),
        (PARTIAL_WRAPPED, "cim", "ResponseMessage"),
        (PAYLOAD, "cim", "EventMessage"),
        (PARTIAL, "msp41", "Envelope"),
        (PARTIAL_WRAPPED, "msp41", "Envelope"),
        (PAYLOAD, "msp41", "Envelope"),
    ],
)
def test_translate_writes_valid_xml_to_stdout(
    runner: CliRunner, assert_schema_valid, source: Path, to: str, root: str
) -> None:
    result = translate(runner, str(source), "--to", to, "--gaps", "none")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    document = xmlsafe.parse(result.stdout_bytes)
    assert ns.local_name(document.tag) == root
    assert_schema_valid(document)
    assert result.stderr == ""


def test_text_gaps_summarise_on_stderr(runner: CliRunner) -> None:
    result = translate(runner, str(RCN), "--to", "cim")
    assert result.exit_code == 0
    assert result.stderr.startswith(
        "MultiSpeak 4.1 ReadingChangedNotification → CIM 2013 (61968-100); gaps:"
    )
    text = unwrapped(result.stderr)
    assert "gaps: 8 carried, 5 lost, 0 changed" in text
    assert "lost /MultiSpeakMsgHeader/@Pwd = " in text
    assert "credentials are never forwarded" in text


def test_json_gaps_are_a_json_array_on_stderr(runner: CliRunner) -> None:
    result = translate(runner, str(RCN), "--to", "cim", "--gaps", "json")
    assert result.exit_code == 0
    entries = json.loads(result.stderr)
    assert isinstance(entries, list) and len(entries) == 13
    for entry in entries:
        assert {"path", "value", "kind", "reason"} <= set(entry)
        assert entry["kind"] in ("carried", "lost", "changed")
    by_path = {entry["path"]: entry for entry in entries}
    pwd = by_path["/MultiSpeakMsgHeader/@Pwd"]
    assert (pwd["kind"], pwd["carried_in"]) == ("lost", None)
    assert pwd["reason"].startswith("credentials are never forwarded")
    session = by_path["/MultiSpeakMsgHeader/@SessionID"]
    assert session["kind"] == "carried"
    assert session["carried_in"] == "Header/Property[Name='MultiSpeakMsgHeader.SessionID']"
    assert b"s3cret-Pwd" not in result.stdout_bytes


def test_json_gaps_of_a_clean_translation_are_an_empty_array(runner: CliRunner) -> None:
    result = translate(runner, str(PARTIAL), "--to", "cim", "--gaps", "json")
    assert result.exit_code == 0
    assert json.loads(result.stderr) == []


def test_transaction_id_becomes_correlation_id(runner: CliRunner) -> None:
    result = translate(runner, str(RCN), "--to", "cim", "--gaps", "none")
    header = read_message(xmlsafe.parse(result.stdout_bytes)).header
    assert header is not None
    assert header.correlation_id == "TX-2026-0501-0007"


def test_correlation_id_becomes_transaction_id(runner: CliRunner) -> None:
    result = translate(runner, str(PARTIAL), "--to", "msp41", "--gaps", "none")
    envelope = read_envelope(xmlsafe.parse(result.stdout_bytes))
    call = read_reading_changed_notification(envelope.first_body)
    assert call.transaction_id == "TX-2026-0501-0007"
    assert call.changed_meter_reads[-1].error_string == "meter did not answer"


def test_form_noun_wrapper(runner: CliRunner, assert_schema_valid) -> None:
    result = translate(runner, str(RCN), "--to", "cim", "--form", "noun-wrapper", "--gaps", "none")
    assert result.exit_code == 0
    document = xmlsafe.parse(result.stdout_bytes)
    assert document.tag == "{http://www.iec.ch/TC57/2011/MeterReadingsMessage}CreatedMeterReadings"
    assert_schema_valid(document)
    message = read_message(document)
    assert (message.form, message.kind) == (EnvelopeForm.NOUN_WRAPPER, MessageKind.EVENT)


def test_soap_wraps_cim_output(runner: CliRunner, assert_schema_valid) -> None:
    result = translate(runner, str(INITIATE), "--to", "cim", "--soap", "--gaps", "none")
    assert result.exit_code == 0
    document = xmlsafe.parse(result.stdout_bytes)
    assert document.tag == ns.qname(ns.SOAP11, "Envelope")
    assert_schema_valid(document)
    message = read_message(document)
    assert message.kind is MessageKind.REQUEST
    assert message.header.correlation_id == "TX-2026-0501-0007"  # type: ignore[union-attr]


def test_output_file(runner: CliRunner, tmp_path: Path, assert_schema_valid) -> None:
    target = tmp_path / "event.xml"
    result = translate(runner, str(RCN), "--to", "cim", "-o", str(target), "--gaps", "none")
    assert result.exit_code == 0
    assert result.stdout == ""
    document = xmlsafe.parse(target.read_bytes())
    assert ns.local_name(document.tag) == "EventMessage"
    assert_schema_valid(document)


def test_stdin(runner: CliRunner) -> None:
    result = translate(runner, "-", "--to", "msp41", "--gaps", "none", data=PAYLOAD.read_bytes())
    assert result.exit_code == 0
    envelope = read_envelope(xmlsafe.parse(result.stdout_bytes))
    assert ns.local_name(envelope.first_body.tag) == "ReadingChangedNotification"


@pytest.mark.parametrize(
    ("data", "to", "message"),
    [
        (b"<a><b></a>", "cim", "error: malformed XML"),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY e "boom">]><r>&e;</r>',
            "cim",
            "error: DTDs and entity declarations are not accepted",
        ),
        (
            b"<x:Foo xmlns:x='urn:example'/>",
            "msp41",
            "error: not an IEC 61968-100 message: root 'Foo' in namespace 'urn:example' (at /Foo)",
        ),
        (
            RCN.read_bytes(),
            "msp41",
            "error: MultiSpeak 4.1 ReadingChangedNotification is MultiSpeak 4.1 already",
        ),
        (b"", "cim", "error: empty document"),
    ],
)
def test_bad_input_exits_non_zero_with_an_error_line(
    runner: CliRunner, data: bytes, to: str, message: str
) -> None:
    result = translate(runner, "-", "--to", to, data=data)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert unwrapped(result.stderr).startswith(message)
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "msp99"], "error: --to must be one of cim, cim2009, cim2013, msp41, msp50"),
        (["--to", "cim", "--gaps", "xml"], "error: --gaps must be text, json or none"),
    ],
)
def test_bad_options_exit_2(runner: CliRunner, args: list[str], message: str) -> None:
    result = translate(runner, str(PAYLOAD), *args)
    assert result.exit_code == 2
    assert result.stderr.strip() == message


def test_missing_file_is_one_error_line(runner: CliRunner, tmp_path: Path) -> None:
    result = translate(runner, str(tmp_path / "none.xml"), "--to", "cim")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot read ")
    assert unwrapped(result.stderr).endswith("none.xml: No such file or directory")
    assert "Traceback" not in result.stderr


def test_long_error_message_stays_on_one_line(runner: CliRunner) -> None:
    data = b"<x:Foo xmlns:x='urn:example:" + b"a" * 400 + b"'/>"
    result = translate(runner, "-", "--to", "cim", data=data)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: not an IEC 61968-100 message")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b"<x:Foo xmlns:x='urn:x[/]'/>",
            "error: malformed XML: xmlns:x: 'urn:x[/]'",
        ),
        (b"<x:Foo xmlns:x='urn:x[bold]y'/>", "error: malformed XML: xmlns:x: 'urn:x[bold]y'"),
    ],
)
def test_error_text_from_the_input_is_printed_verbatim(
    runner: CliRunner, data: bytes, expected: str
) -> None:
    result = runner.invoke(app, ["translate", "-", "--to", "cim"], input=data)
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert unwrapped(result.stderr).startswith(expected)
    assert "Traceback" not in result.stderr


def test_console_script_end_to_end(tmp_path: Path) -> None:
    command = [sys.executable, "-c", "from mspcim.cli import main; main()", "translate"]
    done = subprocess.run(
        [*command, str(PARTIAL), "--to", "msp41", "--gaps", "json"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stderr)[0]["path"] == "/Header/CorrelationID"
    assert ns.local_name(xmlsafe.parse(done.stdout).tag) == "Envelope"
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<not-closed>")
    failed = subprocess.run(
        [*command, str(bad), "--to", "cim"], capture_output=True, timeout=60, check=False
    )
    assert failed.returncode == 1
    assert failed.stdout == b""
    assert failed.stderr.startswith(b"error: malformed XML")
    assert b"Traceback" not in failed.stderr
