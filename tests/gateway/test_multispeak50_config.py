"""Per-destination MultiSpeak v5 release: ``multispeak50_releases`` in the TOML configuration.

A v5 server whose URL a configured prefix covers gets that release (the longest prefix wins);
every other one gets 5.0.7. Unknown releases and prefixes that are no http(s) URL are refused
with the setting named.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mspcim.exceptions import ConfigurationError
from mspcim.gateway.config import GatewaySettings, load_settings
from mspcim.gateway.flows.v50_common import action_of, release_for
from mspcim.multispeak.v50.msp_binding import Release


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "gateway.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_releases_and_event_url_load_from_toml(tmp_path: Path):
    path = write(
        tmp_path,
        """
[gateway]
multispeak50_event_url = "http://mdm.example/NOT_Server"

[gateway.multispeak50_releases]
"http://old-mdm.example:8080/" = "5.0.4"
"http://old-mdm.example:8080/new/" = "5.0.7"
""",
    )

    settings = load_settings(path)

    assert settings.multispeak50_event_url == "http://mdm.example/NOT_Server"
    assert release_for(settings, "http://old-mdm.example:8080/NOT_Server") is Release.V504
    assert release_for(settings, "http://old-mdm.example:8080/new/NOT_Server") is Release.V507
    assert release_for(settings, "http://old-mdm.example:8081/NOT_Server") is Release.V507
    assert release_for(settings, "http://old-mdm.example.evil:8080/x") is Release.V507


def test_no_configuration_means_507():
    assert release_for(GatewaySettings(), "http://anything.example/NOT_Server") is Release.V507


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('"http://a.example/" = "5.0.9"', "must be 5.0.4 or 5.0.7"),
        ('"ftp://a.example/" = "5.0.4"', "not an http(s) URL prefix"),
        ('"http://a.example/" = 504', "must be str"),
    ],
)
def test_bad_releases_are_refused(tmp_path: Path, table: str, message: str):
    path = write(tmp_path, f"[gateway.multispeak50_releases]\n{table}\n")

    with pytest.raises(ConfigurationError, match="multispeak50_releases") as raised:
        load_settings(path)

    assert message in str(raised.value)


def test_soap_actions_per_release():
    assert action_of(Release.V504, "NOT_Server", "ReadingsChangedNotification") == (
        "http://www.multispeak.org/Version_5.0_Release/ReadingsChangedNotification"
    )
    assert action_of(Release.V507, "NOT_Server", "MeterReadingsNotification") == (
        "http://www.multispeak.org/V5.0/wsdl/NOT_Server/MeterReadingsNotification"
    )
