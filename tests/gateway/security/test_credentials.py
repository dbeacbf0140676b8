"""The credentials file: salted scrypt hashes, roles, patterns, and ``mspcim credentials``.

No secret is ever written: the file holds a salt, the scrypt parameters and a digest per caller,
and every mistake in it is a ConfigurationError naming the entry.
"""

from __future__ import annotations

import getpass
import stat
from pathlib import Path

import pytest
from _security_support import FAST, SECRETS, credentials
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mspcim.cli import app
from mspcim.exceptions import ConfigurationError
from mspcim.gateway.security.credentials import (
    Credential,
    Credentials,
    Side,
    dump_credentials,
    load_credentials,
    save_credentials,
)
from mspcim.gateway.security.hashing import SecretHash


@given(secret=st.text(min_size=1, max_size=40), other=st.text(min_size=1, max_size=40))
@settings(max_examples=25, deadline=None)
def test_a_hash_matches_its_secret_only(secret, other):
    hashed = SecretHash.of(secret, **FAST)

    assert hashed.matches(secret)
    assert hashed.matches(other) is (other == secret)
    assert repr(hashed) == "SecretHash(scheme='scrypt', n=256, r=8, p=1)"


def test_each_hash_has_its_own_salt_and_records_its_parameters():
    first, second = SecretHash.of("same", **FAST), SecretHash.of("same", **FAST)

    assert first.salt != second.salt and first.digest != second.digest
    table = first.to_table()
    assert (table["scheme"], table["n"], table["r"], table["p"]) == ("scrypt", 2**8, 8, 1)
    assert SecretHash.from_table(table, "here") == first


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"scheme": "md5"}, "scheme must be 'scrypt'"),
        ({"n": 1000}, "n must be a power of 2"),
        ({"r": 0}, "r must be 1-32"),
        ({"n": "16384"}, "n must be an integer"),
        ({"salt": "not base64!"}, "salt is not valid base64"),
        ({"hash": "AAAA"}, "too short"),
    ],
)
def test_a_broken_hash_entry_is_named(change, words):
    table = {**SecretHash.of("x", **FAST).to_table(), **change}

    with pytest.raises(ConfigurationError, match=words):
        SecretHash.from_table(table, "caller 'cis'")


def test_the_file_round_trips_and_holds_no_secret(tmp_path):
    path = tmp_path / "deep" / "credentials.toml"
    written = credentials()

    save_credentials(path, written)

    text = path.read_text()
    for secret in SECRETS.values():
        assert secret not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    read = load_credentials(path)
    assert read == written
    assert read.callers["operator"].roles == ("meter-reading", "connect-disconnect")
    assert read.callers["headend"].side is Side.CIM
    assert read.callers["cis"].secret.matches(SECRETS["cis"])


@given(name=st.text(min_size=1, max_size=20))
@settings(max_examples=30, deadline=None)
def test_any_caller_name_survives_the_toml_round_trip(name):
    written = Credentials().with_caller(Credential(name, Side.CIM, SecretHash.of("s", **FAST)))

    import tomllib

    document = tomllib.loads(dump_credentials(written))
    assert list(document["callers"]) == [name]


def test_grants_follow_roles_operations_and_wildcards():
    found = credentials()
    cis, operator, events = (found.callers[n] for n in ("cis", "operator", "eventsource"))

    assert found.allows(cis, "MR_Server:InitiateMeterReadingsByMeterID")
    assert not found.allows(cis, "CD_Server:InitiateConnectDisconnect")
    assert found.allows(operator, "CD_Server:InitiateConnectDisconnect")
    assert found.allows(cis, "CD_Server:PingURL")  # open to every authenticated caller
    assert found.allows(events, "cim:EndDeviceEvents")
    assert not found.allows(events, "cim:MeterReadings")
    direct = Credential("x", Side.MULTISPEAK, cis.secret, operations=("*:MeterEventNotification",))
    assert found.allows(direct, "CB_Server:MeterEventNotification")
    assert not found.allows(direct, "MR_Server:InitiateMeterReadingsByMeterID")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[roles]\nr = ['CD_Server']\n", "must read Endpoint:Operation"),
        ("[roles]\nr = ['CD_Server:InitiateConnectDisconect']\n", "names no MultiSpeak operation"),
        ("[roles]\nr = 'MR_Server:*'\n", "must be a list of strings"),
        ("[users]\n", "unknown tables"),
        ("[callers.x]\nside = 'ftp'\n", "side must be 'multispeak' or 'cim'"),
        ("[callers.x]\nside = 'cim'\nroles = ['nobody']\n" + "HASH", "role 'nobody' is not"),
        ("[callers.x]\nside = 'cim'\npassword = 'clear'\n", "unknown keys \\['password'\\]"),
        ("roles = [", "not valid TOML"),
    ],
)
def test_mistakes_in_the_file_are_named(tmp_path, text, words):
    hashed = "\n".join(
        f"{key} = {value!r}" if isinstance(value, str) else f"{key} = {value}"
        for key, value in SecretHash.of("s", **FAST).to_table().items()
    )
    path = tmp_path / "credentials.toml"
    path.write_text(text.replace("HASH", hashed))

    with pytest.raises(ConfigurationError, match=words):
        load_credentials(path)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ConfigurationError, match="does not exist"):
        load_credentials(tmp_path / "nope.toml")


# --- mspcim credentials


@pytest.fixture
def prompts(monkeypatch):
    """Answers getpass gives, in order (getpass itself never runs: no terminal in tests)."""
    answers: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": answers.pop(0))
    return answers


def run(*arguments: str, stdin: str | None = None):
    return CliRunner().invoke(app, ["credentials", *arguments], input=stdin)


def test_add_prompts_for_the_secret_and_writes_a_hash(tmp_path, prompts):
    path = tmp_path / "credentials.toml"
    assert run("role", "switch", "--operation", "CD_Server:*", "--file", str(path)).exit_code == 0
    prompts += ["a-long-Secret-value", "a-long-Secret-value"]

    result = run("add", "oms", "--role", "switch", "--file", str(path))

    assert result.exit_code == 0, result.output
    assert "oms (multispeak) written" in result.output
    assert "a-long-Secret-value" not in path.read_text() + result.output
    caller = load_credentials(path).callers["oms"]
    assert caller.roles == ("switch",) and caller.secret.matches("a-long-Secret-value")
    assert (caller.secret.n, caller.secret.r, caller.secret.p) == (2**14, 8, 1)
    listing = run("list", "--file", str(path)).output
    assert "caller oms (multispeak): switch" in listing and "role   switch: CD_Server:*" in listing


def test_add_refuses_differing_entries_unknown_roles_and_duplicates(tmp_path, prompts):
    path = tmp_path / "credentials.toml"
    prompts += ["one-Secret-value", "another-value"]
    assert "differ" in run("add", "oms", "--file", str(path)).output
    assert not path.exists()

    prompts += ["one-Secret-value", "one-Secret-value"]
    refused = run("add", "oms", "--role", "ghost", "--file", str(path))
    assert refused.exit_code == 2 and "role 'ghost' is not declared" in refused.output

    assert run("add", "oms", "--stdin", "--file", str(path), stdin="s3cret-Secret\n").exit_code == 0
    again = run("add", "oms", "--stdin", "--file", str(path), stdin="x\n")
    assert again.exit_code == 2 and "--replace" in again.output
    replaced = run("add", "oms", "--stdin", "--replace", "--file", str(path), stdin="short\n")
    assert replaced.exit_code == 0 and "weak" in replaced.output
    assert load_credentials(path).callers["oms"].secret.matches("short")
    assert run("remove", "oms", "--file", str(path)).exit_code == 0
    assert load_credentials(path).callers == {}


def test_the_file_may_be_named_by_the_gateway_configuration(tmp_path):
    path = tmp_path / "credentials.toml"
    save_credentials(path, Credentials())
    config = tmp_path / "gateway.toml"
    config.write_text(f"[gateway]\ncredentials_file = {str(path)!r}\n")

    result = run(
        "add", "headend", "--side", "cim", "--stdin", "--config", str(config), stdin="pw\n"
    )

    assert result.exit_code == 0, result.output
    assert load_credentials(Path(path)).callers["headend"].side is Side.CIM
    assert "give --file" in run("list").output
