"""The security and limits settings of the gateway's TOML file, validated at start.

Every mistake is one ConfigurationError naming the key; a password read from the file, the
environment or a file of its own never shows in a repr or a message.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from mspcim.cli import app as cli
from mspcim.exceptions import ConfigurationError
from mspcim.gateway.app import create_app
from mspcim.gateway.config import OutboundCredentials, RateLimit, Secret, load_settings
from mspcim.xmlsafe import DEFAULT_LIMITS


@pytest.fixture
def toml(tmp_path: Path):
    def write(text: str) -> Path:
        path = tmp_path / "gateway.toml"
        path.write_text("[gateway]\n" + text, encoding="utf-8")
        return path

    return write


def test_security_settings_from_a_file(toml, tmp_path, monkeypatch, credentials_file):
    monkeypatch.setenv("MSPCIM_TEST_CB_PASSWORD", "from-the-environment")
    (tmp_path / "cim.secret").write_text("from-a-file\n")
    path = toml(
        f"""
credentials_file = {str(credentials_file)!r}
max_request_bytes = 65536

[gateway.rate_limit]
per_second = 5
burst = 10

[[gateway.outbound_credentials]]
url = "https://cb.example/"
user_id = "gateway"
password_env = "MSPCIM_TEST_CB_PASSWORD"

[[gateway.outbound_credentials]]
url = "https://headend.example/"
user_id = "gw"
password_file = {str(tmp_path / "cim.secret")!r}
http_basic = true

[[gateway.outbound_credentials]]
url = "https://oms.example/OA_Server"
user_id = "gw"
password = "in-the-file"
"""
    )

    settings = load_settings(path)

    assert settings.credentials_file == credentials_file
    assert settings.max_request_bytes == 65536
    assert settings.rate_limit == RateLimit(per_second=5, burst=10)
    cb, cim, oms = settings.outbound_credentials
    assert cb == OutboundCredentials(
        "https://cb.example/", "gateway", Secret("from-the-environment")
    )
    assert (cim.password.value, cim.http_basic) == ("from-a-file", True)
    assert oms.password.value == "in-the-file"
    for secret in ("from-the-environment", "from-a-file", "in-the-file"):
        assert secret not in repr(settings) and secret not in str(cim.password)


def test_defaults_are_off_and_bounded():
    settings = load_settings()

    assert settings.credentials_file is None
    assert settings.rate_limit is None
    assert settings.outbound_credentials == ()
    assert settings.max_request_bytes == DEFAULT_LIMITS.max_bytes
    assert (settings.tls_cert, settings.tls_key, settings.ca_bundle) == (None, None, None)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("credentials_file = '/no/such/file.toml'", "credentials_file: /no/such/file.toml is not"),
        ("max_request_bytes = 10", "max_request_bytes must be at least 1024"),
        ("max_request_bytes = '1MB'", "max_request_bytes must be int"),
        ("tls_key = '/etc/hostname'", "tls_cert and tls_key go together"),
        ("rate_limit = 5", r"\[gateway.rate_limit\] must be a table"),
        ("[gateway.rate_limit]\nper_second = 0", "per_second must be > 0"),
        ("[gateway.rate_limit]\nburst = 1.5", "burst must be int"),
        ("[gateway.rate_limit]\nper_minute = 1", "unknown key 'per_minute'"),
        ("outbound_credentials = 'x'", r"outbound_credentials must be \[\[tables\]\]"),
        (
            "[[gateway.outbound_credentials]]\nurl = 'https://a/'\nuser_id = 'u'",
            "exactly one of password, password_env, password_file",
        ),
        (
            "[[gateway.outbound_credentials]]\nurl = 'https://a/'\nuser_id = 'u'\n"
            "password = 'p'\npassword_env = 'E'",
            "exactly one of",
        ),
        (
            "[[gateway.outbound_credentials]]\nurl = 'https://a/'\nuser_id = 'u'\n"
            "password_env = 'MSPCIM_TEST_NOT_SET'",
            "environment variable MSPCIM_TEST_NOT_SET is not set",
        ),
        (
            "[[gateway.outbound_credentials]]\nurl = 'https://a/'\nuser_id = 'u'\n"
            "password_file = '/no/such/secret'",
            "cannot read password_file /no/such/secret",
        ),
        (
            "[[gateway.outbound_credentials]]\nurl = 'ftp://a/'\nuser_id = 'u'\npassword = 'p'",
            "url must be an http\\(s\\) URL",
        ),
        (
            "[[gateway.outbound_credentials]]\nurl = 'https://a/'\nuser_id = 'u'\npassword = 'p'"
            "\n[[gateway.outbound_credentials]]\nurl = 'https://a/'\nuser_id = 'v'\npassword = 'q'",
            "https://a/ is given twice",
        ),
        (
            "[[gateway.outbound_credentials]]\nurl = 'https://a/'\nuser_id = 'u'\npassword = 'p'"
            "\nhttp_basic = 'yes'",
            "http_basic must be bool",
        ),
        (
            "[[gateway.outbound_credentials]]\nurl = 'https://a/'\nuser = 'u'\npassword = 'p'",
            r"unknown keys \['user'\]",
        ),
    ],
)
def test_mistakes_are_named(toml, monkeypatch, text, words):
    monkeypatch.delenv("MSPCIM_TEST_NOT_SET", raising=False)

    with pytest.raises(ConfigurationError, match=words) as refused:
        load_settings(toml(text))

    assert "'p'" not in str(refused.value) and "'q'" not in str(refused.value)


def test_a_broken_credentials_file_stops_the_start(tmp_path):
    broken = tmp_path / "credentials.toml"
    broken.write_text("[callers.x]\nside = 'multispeak'\n")
    settings = load_settings(None, credentials_file=broken, db_path=tmp_path / "g.db")

    with pytest.raises(ConfigurationError, match="caller 'x': scheme must be 'scrypt'"):
        create_app(settings)

    result = CliRunner().invoke(
        cli, ["serve", "--credentials", str(broken), "--db", str(tmp_path / "g.db")]
    )
    assert result.exit_code == 2
    assert "error:" in result.output and "scheme must be 'scrypt'" in result.output
