"""Gateway settings from a TOML file and options; every mistake is a ConfigurationError saying which."""

from __future__ import annotations

from pathlib import Path

import pytest

from mspcim.cim.message import EnvelopeForm
from mspcim.exceptions import ConfigurationError
from mspcim.gateway.config import GatewaySettings, RetryPolicy, load_settings


@pytest.fixture
def toml(tmp_path: Path):
    def write(text: str) -> Path:
        path = tmp_path / "gateway.toml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


FULL = """
[gateway]
host = "0.0.0.0"
port = 9090
cim_endpoint = "https://headend.example/MeterReadings"
cim_form = "noun-wrapper"
public_url = "https://gw.example/base/"
db_path = "/var/lib/mspcim/gw.db"
request_timeout = 3.5
default_expiry = 600
poll_interval = 0.5
max_meters_per_request = 250
app_name = "Gateway-7"

[gateway.retry]
attempts = 9
initial_delay = 0.25
"""


def test_defaults_without_a_file():
    settings = load_settings()

    assert settings == GatewaySettings(db_path=settings.db_path)
    assert settings.port == 8080
    assert settings.cim_form is EnvelopeForm.IEC61968_100
    assert settings.retry == RetryPolicy()
    assert settings.db_path.name == "gateway.db"
    assert settings.reply_address == "http://127.0.0.1:8080/cim/reply"


def test_every_setting_from_a_file(toml):
    settings = load_settings(toml(FULL))

    assert settings.host == "0.0.0.0"
    assert settings.port == 9090
    assert settings.cim_endpoint == "https://headend.example/MeterReadings"
    assert settings.cim_form is EnvelopeForm.NOUN_WRAPPER
    assert settings.db_path == Path("/var/lib/mspcim/gw.db")
    assert settings.request_timeout == 3.5
    assert settings.default_expiry == 600
    assert settings.poll_interval == 0.5
    assert settings.max_meters_per_request == 250
    assert settings.app_name == "Gateway-7"
    assert settings.retry == RetryPolicy(attempts=9, initial_delay=0.25, max_delay=30.0)
    assert settings.base_url == "https://gw.example/base"
    assert settings.reply_address == "https://gw.example/base/cim/reply"


def test_top_level_keys_serve_when_there_is_no_gateway_table(toml):
    settings = load_settings(toml('port = 9191\ncim_form = "61968-100"\n'))

    assert settings.port == 9191
    assert settings.cim_form is EnvelopeForm.IEC61968_100


def test_overrides_win_and_none_is_no_override(toml, tmp_path):
    settings = load_settings(toml(FULL), port=7070, db_path=tmp_path / "x.db", host=None)

    assert settings.port == 7070
    assert settings.db_path == tmp_path / "x.db"
    assert settings.host == "0.0.0.0", "None leaves the file's value"
    assert settings.app_name == "Gateway-7"


def test_wildcard_host_is_reached_on_loopback():
    settings = GatewaySettings(host="::", port=8123)

    assert settings.base_url == "http://127.0.0.1:8123"
    assert settings.reply_address == "http://127.0.0.1:8123/cim/reply"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[gateway]\nprot = 8080\n", ["unknown setting 'prot'", "known:", "'port'"]),
        ("[gateway.retry]\ntries = 3\n", ["retry:", "tries"]),
        ("[gateway]\nretry = 5\n", ["[gateway.retry] must be a table"]),
        ('[gateway]\ncim_form = "soap"\n', ["cim_form", "'soap'"]),
        ('[gateway]\ncim_endpoint = "ftp://headend"\n', ["cim_endpoint must be an http(s) URL"]),
        ('[gateway]\ncim_endpoint = "not a url"\n', ["cim_endpoint", "'not a url'"]),
        ('[gateway]\npublic_url = "http://"\n', ["public_url must be an http(s) URL"]),
        ("[gateway]\nport = 0\n", ["port must be 1-65535, not 0"]),
        ("[gateway]\nport = 70000\n", ["port must be 1-65535, not 70000"]),
        ("[gateway]\nport = -1\n", ["port must be 1-65535"]),
        ("[gateway]\nrequest_timeout = 0\n", ["request_timeout", "must be > 0"]),
        ("[gateway]\npoll_interval = -1\n", ["poll_interval", "must be > 0"]),
        ("[gateway.retry]\nattempts = 0\n", ["retry.attempts must be at least 1"]),
        ("[gateway\nport = 1\n", ["not valid TOML"]),
        ('[gateway]\nport = "80\n', ["not valid TOML"]),
    ],
    ids=[
        "unknown-key",
        "unknown-retry-key",
        "retry-not-a-table",
        "bad-form",
        "ftp-endpoint",
        "not-a-url",
        "url-without-host",
        "port-0",
        "port-70000",
        "port-negative",
        "zero-timeout",
        "negative-poll",
        "no-attempts",
        "broken-table",
        "broken-string",
    ],
)
def test_bad_file_is_a_configuration_error(toml, text, words):
    path = toml(text)

    with pytest.raises(ConfigurationError) as raised:
        load_settings(path)

    message = str(raised.value)
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


def test_file_errors_name_the_file(toml):
    path = toml("[gateway]\nprot = 1\n")

    with pytest.raises(ConfigurationError, match=str(path)):
        load_settings(path)


def test_missing_file(tmp_path):
    path = tmp_path / "nowhere.toml"

    with pytest.raises(ConfigurationError, match=f"{path} does not exist"):
        load_settings(path)


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"port": 65536}, "port must be 1-65535"),
        ({"cim_endpoint": "headend:8081"}, "cim_endpoint must be an http(s) URL"),
        ({"colour": "blue"}, "colour"),
    ],
    ids=["port", "url", "unknown"],
)
def test_bad_override_is_a_configuration_error(overrides, words):
    with pytest.raises(ConfigurationError, match=words.replace("(", r"\(").replace(")", r"\)")):
        load_settings(None, **overrides)


def test_retry_backoff_grows_and_is_capped():
    policy = RetryPolicy(attempts=10, initial_delay=0.5, max_delay=3.0, multiplier=2.0)

    assert [policy.delay(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]


@pytest.mark.parametrize(
    "text",
    [
        '[gateway]\nport = "8080"\n',
        "[gateway]\ncim_endpoint = 8081\n",
        '[gateway]\nrequest_timeout = "10"\n',
        '[gateway.retry]\nattempts = "3"\n',
        "gateway = 5\n",
    ],
    ids=[
        "port-string",
        "endpoint-number",
        "timeout-string",
        "attempts-string",
        "gateway-not-table",
    ],
)
def test_wrongly_typed_value_is_a_configuration_error(toml, text):
    with pytest.raises(ConfigurationError):
        load_settings(toml(text))
