"""``mspcim mappings --pair`` and ``--msp 5.0``: tables of any pair, composed from the declarations."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mspcim.cli import app
from mspcim.harmonize.catalogue import PROFILES
from mspcim.harmonize.catalogue_v5 import PROFILES_V5
from mspcim.harmonize.pair_tables import PairRow, pair_tables


def _rows(profile: str, kind: str):
    (table,) = [item for item in pair_tables("msp41", "msp50") or [] if item.profile == profile]
    return table.of(kind)


def test_41_and_50_header_fields_meet_at_the_same_cim_field_or_property():
    correlations = {(row.left, row.right): row for row in _rows("MessageHeader", "correlation")}
    assert correlations[(("@MessageID",), ("@MessageID",))].via == "Header/MessageID"
    assert correlations[(("@AppName",), ("Caller/AppName",))].via == "Header/Source"
    carried = correlations[(("@AppVersion",), ("Caller/AppVersion",))]
    assert carried.via == "Header/Property[Name='MultiSpeakMsgHeader.AppVersion']"
    transformations = {(row.left, row.right) for row in _rows("MessageHeader", "transformation")}
    assert (("@UserID", "@Company"), ("Caller/SystemID", "Caller/Company")) in transformations


def test_fields_the_other_version_cannot_carry_are_gaps_naming_the_hop():
    gaps = _rows("MessageHeader", "gap")
    pwd = next(row for row in gaps if row.left == ("@Pwd",))
    assert pwd.how == "lost at hop 1"
    assert "credentials" in pwd.reason
    session = next(row for row in gaps if row.left == ("@SessionID",))
    assert session == PairRow(
        "gap",
        ("@SessionID",),
        (),
        "Header/Property[Name='MultiSpeakMsgHeader.SessionID']",
        "lost at hop 2",
        "no MultiSpeak 5.0 rule reads Header/Property[Name='MultiSpeakMsgHeader.SessionID']",
    )
    assert any(row.right == ("DataSetState",) for row in gaps)


def test_meter_readings_values_correlate_through_reading_value():
    correlations = {row.via: row for row in _rows("MeterReadings", "correlation")}
    assert correlations["Reading/value"].left == ("value",)
    assert correlations["Reading/value"].right == ("value",)


def test_every_shared_profile_is_composed_and_every_row_has_a_side():
    tables = pair_tables("msp41", "msp50") or []
    shared = {item.name for item in PROFILES} & {item.name for item in PROFILES_V5}
    assert {table.profile for table in tables} == shared
    for table in tables:
        for row in table.rows:
            assert row.left or row.right or row.kind == "transformation"


def test_editions_pair_lists_renames_and_msp_against_cim_is_the_profile_tables():
    tables = pair_tables("cim2009", "cim2013") or []
    meter_config = next(table for table in tables if table.profile == "MeterAssetConfig")
    assert (
        PairRow(
            "correlation",
            ("MeterAsset",),
            ("Meter",),
            "Meter",
            "renamed by the edition's payload codec",
        )
        in meter_config.rows
    )
    assert pair_tables("msp50", "cim") is None
    with pytest.raises(ValueError, match="names one dialect twice"):
        pair_tables("cim", "cim2013")
    with pytest.raises(ValueError, match="unknown dialect 'v6'"):
        pair_tables("msp41", "v6")


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    return CliRunner()


def test_cli_mappings_msp_50_and_pairs(runner):
    v5 = runner.invoke(app, ["mappings", "--msp", "5.0", "MessageHeader"])
    assert v5.exit_code == 0
    assert "V5HeaderFields ⇄ Header" in v5.stdout
    assert "MultiSpeak 5.0: MultiSpeakRequestMsgHeader" in v5.stdout
    pair = runner.invoke(app, ["mappings", "--pair", "msp41:msp50", "MessageHeader"])
    assert pair.exit_code == 0
    assert pair.stdout.startswith("MessageHeader — MultiSpeak 4.1 ⇄ MultiSpeak 5.0")
    data = json.loads(
        runner.invoke(app, ["mappings", "--pair", "msp50:msp41", "--format", "json"]).stdout
    )
    assert {item["left"] for item in data} == {"MultiSpeak 5.0"}
    cim = runner.invoke(app, ["mappings", "--pair", "cim2009:msp50", "MeterReadings"])
    assert cim.exit_code == 0
    assert "IEC 61968-9:2009" in cim.stdout
    bad = runner.invoke(app, ["mappings", "--pair", "msp41:msp41"])
    assert bad.exit_code == 2
    assert "names one dialect twice" in bad.stderr
    unknown = runner.invoke(app, ["mappings", "--msp", "5.0", "Nothing"])
    assert unknown.exit_code == 2
    assert "no MultiSpeak 5.0 profile 'Nothing'" in unknown.stderr
    still = runner.invoke(app, ["mappings", "MessageHeader"])
    assert still.exit_code == 0
    assert "MultiSpeakMsgHeader ⇄ Header" in still.stdout
