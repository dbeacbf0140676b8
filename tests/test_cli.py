"""The command line: every command has help, errors are one plain line, validate judges files."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from mspcim import __version__
from mspcim.cli import app

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ([], ["demo", "serve", "sim", "translate", "validate"]),
        (["demo"], ["--meters", "--mode", "--form", "--trace-dir"]),
        (["serve"], ["--host", "--port", "--cim-endpoint", "--db", "--config", "--log-format"]),
        (["sim"], ["headend", "cb"]),
        (["sim", "headend"], ["--mode", "--delay", "--failure-rate", "--form", "--seed"]),
        (["sim", "cb"], ["--record", "--quiet"]),
        (["translate"], ["--to", "--gaps", "--form", "--soap", "--output"]),
        (["validate"], ["--schemas"]),
    ],
)
def test_every_command_explains_itself(runner, command, words):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    for word in words:
        assert word in result.stdout


def test_version(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"mspcim {__version__}"


def test_validate_accepts_valid_documents_and_names_the_invalid(runner, schemas, tmp_path):
    good = FIXTURES / "reading_changed_notification.soap11.xml"
    bad = tmp_path / "bad.xml"
    bad.write_bytes(
        good.read_bytes().replace(b"<units>kWh</units>", b"<units>kilowatt-hours</units>")
    )
    result = runner.invoke(app, ["validate", "--schemas", str(schemas.root), str(good), str(bad)])
    assert result.exit_code == 1
    assert f"valid   {good}" in result.stdout
    assert f"INVALID {bad}" in result.stderr
    assert "kilowatt-hours" in result.stderr


def test_validate_without_schemas_says_how_to_give_them(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("MSPCIM_SCHEMAS", str(tmp_path / "nowhere"))
    result = runner.invoke(
        app, ["validate", str(FIXTURES / "reading_changed_notification.soap11.xml")]
    )
    assert result.exit_code == 2
    assert result.stderr == "error: no schema folder: give --schemas DIR or set MSPCIM_SCHEMAS\n"


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        ('[gateway]\nport = "eighty"\n', "port must be int"),
        ("[gateway]\ncolour = 'blue'\n", "unknown setting 'colour'"),
        ("[gateway]\ncim_endpoint = 'ftp://x'\n", "cim_endpoint must be an http(s) URL"),
    ],
)
def test_serve_refuses_a_bad_configuration_in_one_line(runner, tmp_path, toml, words):
    config = tmp_path / "gateway.toml"
    config.write_text(toml)
    result = runner.invoke(app, ["serve", "--config", str(config)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and words in result.stderr
    assert result.stderr.count("\n") == 1


def test_demo_command_prints_the_conversation_and_the_trace_folder(runner, tmp_path):
    result = runner.invoke(app, ["demo", "--meters", "1", "--trace-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for words in (
        "InitiateMeterReadingsByMeterID",
        "get MeterReadings",
        "ReadingChangedNotification",
        "M1001",
        "unknown meter",
        str(tmp_path),
    ):
        assert words in out
    assert (tmp_path / "trace.json").exists()


def test_demo_refuses_an_unknown_mode(runner):
    result = runner.invoke(app, ["demo", "--mode", "sometimes"])
    assert result.exit_code == 2 and result.stderr == "error: --mode must be async or sync\n"
