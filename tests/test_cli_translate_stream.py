"""``mspcim translate`` at volume: streaming by threshold or ``--stream``, same result, progress bar."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from mspcim import cli, ns, xmlsafe
from mspcim.cim.envelope import read_message
from mspcim.cli import app
from mspcim.multispeak.v41.operations import read_reading_changed_notification
from mspcim.soap import read_envelope

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RCN = FIXTURES / "reading_changed_notification.soap11.xml"
INITIATE = FIXTURES / "initiate_meter_readings_by_meter_id.soap11.xml"
PAYLOAD = FIXTURES / "meter_readings.xml"
PARTIAL = FIXTURES / "meter_readings_response_partial.xml"


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("COLUMNS", "80")
    return CliRunner()


def translate(runner: CliRunner, *args: str, data: bytes | None = None):
    return runner.invoke(app, ["translate", *args], input=data, catch_exceptions=False)


def canonical(data: bytes) -> str:
    return etree.canonicalize(data.decode(), strip_text=True)


@pytest.mark.parametrize(
    ("source", "to", "extra"),
    [
        (RCN, "cim", []),
        (RCN, "cim2013", ["--form", "noun-wrapper", "--soap"]),
        (RCN, "cim2009", []),
        (PAYLOAD, "msp41", []),
        (PARTIAL, "msp41", []),
        (PARTIAL, "cim2009", ["--soap"]),
    ],
)
def test_stream_gives_the_same_document(
    runner: CliRunner, assert_schema_valid, source: Path, to: str, extra: list[str]
) -> None:
    streamed = translate(runner, str(source), "--to", to, "--stream", "--gaps", "none", *extra)
    memory = translate(runner, str(source), "--to", to, "--gaps", "none", *extra)
    assert streamed.exit_code == 0, streamed.stderr
    assert streamed.stdout_bytes.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert b"\n  <" not in streamed.stdout_bytes  # streamed output is not indented
    document = xmlsafe.parse(streamed.stdout_bytes)
    assert_schema_valid(document)
    assert canonical(streamed.stdout_bytes) == canonical(memory.stdout_bytes)
    assert streamed.stderr == ""


def test_stream_keeps_the_correlation(runner: CliRunner) -> None:
    result = translate(runner, str(RCN), "--to", "cim", "--stream", "--gaps", "none")
    header = read_message(xmlsafe.parse(result.stdout_bytes)).header
    assert header is not None and header.correlation_id == "TX-2026-0501-0007"
    back = translate(
        runner, "-", "--to", "msp41", "--stream", "--gaps", "none", data=result.stdout_bytes
    )
    call = read_reading_changed_notification(
        read_envelope(xmlsafe.parse(back.stdout_bytes)).first_body
    )
    assert call.transaction_id == "TX-2026-0501-0007"
    assert [r.meter_id.value for r in call.changed_meter_reads if r.meter_id] == [
        "10001",
        "10002",
        "10003",
    ]


def test_text_gaps_are_aggregated_with_counts(runner: CliRunner) -> None:
    result = translate(runner, str(RCN), "--to", "cim", "--stream")
    assert result.exit_code == 0
    first, *lines = result.stderr.splitlines()
    assert (
        first
        == "MultiSpeak 4.1 ReadingChangedNotification → CIM 2013 (61968-100); gaps: 8 carried, 5 lost, 0 changed"
    )
    assert any(
        line.startswith("lost     /MultiSpeakMsgHeader/@Pwd = '********'") and line.endswith("(×1)")
        for line in lines
    )
    assert b"s3cret-Pwd" not in result.stdout_bytes


def test_json_gaps_carry_counts(runner: CliRunner) -> None:
    result = translate(runner, str(RCN), "--to", "cim", "--stream", "--gaps", "json")
    entries = json.loads(result.stderr)
    assert sum(entry["count"] for entry in entries) == 13
    by_path = {entry["path"]: entry for entry in entries}
    assert by_path["/MultiSpeakMsgHeader/@SessionID"]["kind"] == "carried"


def test_large_input_streams_without_asking(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "STREAM_THRESHOLD", 1000)
    assert RCN.stat().st_size > 1000
    result = translate(runner, str(RCN), "--to", "cim")
    assert result.exit_code == 0
    assert b"\n  <" not in result.stdout_bytes
    assert "(×1)" in result.stderr


def test_stdin_and_output_file(runner: CliRunner, tmp_path: Path, assert_schema_valid) -> None:
    target = tmp_path / "out.xml"
    result = translate(
        runner,
        "-",
        "--to",
        "msp41",
        "--stream",
        "-o",
        str(target),
        "--gaps",
        "none",
        data=PAYLOAD.read_bytes(),
    )
    assert result.exit_code == 0 and result.stdout == ""
    document = xmlsafe.parse(target.read_bytes())
    assert_schema_valid(document)
    assert ns.local_name(read_envelope(document).first_body.tag) == "ReadingChangedNotification"


def test_what_is_not_streamed_is_translated_in_memory(runner: CliRunner) -> None:
    streamed = translate(runner, str(INITIATE), "--to", "cim", "--stream", "--gaps", "none")
    memory = translate(runner, str(INITIATE), "--to", "cim", "--gaps", "none")
    assert streamed.exit_code == 0
    assert ns.local_name(xmlsafe.parse(streamed.stdout_bytes).tag) == "RequestMessage"
    assert streamed.stdout_bytes.count(b"\n  <") == memory.stdout_bytes.count(b"\n  <") > 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<a><b></a>", "error: malformed XML"),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY e "boom">]><r>&e;</r>',
            "error: DTDs and entity declarations are not accepted",
        ),
        (
            RCN.read_bytes(),
            "error: MultiSpeak 4.1 ReadingChangedNotification is MultiSpeak 4.1 already",
        ),
    ],
)
def test_bad_input_fails_with_one_line_and_no_output(
    runner: CliRunner, data: bytes, message: str
) -> None:
    to = "msp41" if data.startswith(RCN.read_bytes()[:20]) else "cim"
    result = translate(runner, "-", "--to", to, "--stream", data=data)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert result.stderr.count("\n") == 1


def test_a_value_error_in_a_streamed_item_names_it(runner: CliRunner) -> None:
    data = RCN.read_bytes().replace(b"<value>", b"<value>x", 1)
    result = translate(runner, "-", "--to", "cim", "--stream", data=data)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        "(at /ReadingChangedNotification/changedMeterReads/meterReading[1]/readingValues/readingValue[1]/value)"
        in result.stderr
    )


def test_noun_wrapper_with_the_first_edition_is_refused(runner: CliRunner) -> None:
    result = translate(runner, str(RCN), "--to", "cim2009", "--form", "noun-wrapper")
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == "error: --form noun-wrapper carries 61968-9:2013 payloads: use --form 61968-100"
    )


def _notification(path: Path, meters: int) -> None:
    """A SOAP ReadingChangedNotification of ``meters`` meters × 3 values, written incrementally."""
    body = (FIXTURES / "reading_changed_notification.soap11.xml").read_bytes()
    head, _, rest = body.partition(b"<changedMeterReads>")
    items, _, tail = rest.partition(b"</changedMeterReads>")
    first = items.split(b"</meterReading>")[0] + b"</meterReading>"
    with path.open("wb") as sink:
        sink.write(head + b"<changedMeterReads>")
        for index in range(meters):
            sink.write(first.replace(b">10001<", b">M%07d<" % index))
        sink.write(b"</changedMeterReads>" + tail)


def test_console_script_streams_a_large_file_and_shows_progress_on_a_terminal(
    tmp_path: Path,
) -> None:
    source = tmp_path / "large.xml"
    _notification(source, 12_000)
    assert source.stat().st_size > cli.STREAM_THRESHOLD
    target = tmp_path / "out.xml"
    master, slave = pty.openpty()
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from mspcim.cli import main; main()",
            "translate",
            str(source),
            "--to",
            "cim",
            "-o",
            str(target),
        ],
        stderr=slave,
        stdout=subprocess.DEVNULL,
        timeout=300,
        check=False,
        env={**os.environ, "COLUMNS": "100", "TERM": "xterm"},
    )
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert done.returncode == 0, seen.decode(errors="replace")
    assert b"translating" in seen
    assert b"gaps:" in seen
    count = 0
    for _, element in etree.iterparse(str(target), tag=f"{{{ns.METER_READINGS_2011}}}MeterReading"):
        count += 1
        element.clear()
    assert count == 12_000
