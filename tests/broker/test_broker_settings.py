"""The [broker] settings: loading, checks, and what turning the broker on changes. No broker needed."""

from __future__ import annotations

from pathlib import Path

import pytest

from mspcim.cim.message import EnvelopeForm
from mspcim.exceptions import ConfigurationError
from mspcim.gateway.broker.settings import BrokerSettings
from mspcim.gateway.config import GatewaySettings, load_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "gateway.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_is_http_and_the_reply_address_is_http() -> None:
    settings = GatewaySettings(port=8080)
    assert settings.broker.cim_transport == "http"
    assert not settings.broker.enabled
    assert settings.reply_address == "http://127.0.0.1:8080/cim/reply"


def test_broker_section_beside_gateway(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[gateway]
port = 9000

[broker]
url = "stomp://mq.example:61613"
user = "gateway"
password = "s3cret"
prefix = "utility.ami"
group = "east"
cim_transport = "broker"
prefetch = 4
""",
    )
    settings = load_settings(path)
    broker = settings.broker
    assert broker.address == ("mq.example", 61613, False)
    assert (broker.user, broker.password, broker.prefetch) == ("gateway", "s3cret", 4)
    assert settings.reply_address == "queue://utility.ami.reply.east"
    assert "s3cret" not in repr(settings)


def test_broker_table_inside_gateway(tmp_path: Path) -> None:
    path = write(tmp_path, '[gateway.broker]\ncim_transport = "broker"\nurl = "stomp+ssl://h:1"\n')
    broker = load_settings(path).broker
    assert broker.enabled
    assert broker.address == ("h", 1, True)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('cim_transport = "jms"', "cim_transport must be 'http' or 'broker'"),
        ('url = "http://mq:61613"', "broker.url must be stomp://"),
        ('url = "stomp://mq"', "broker.url must be stomp://"),
        ('user = "only-user"', "user and broker.password go together"),
        ("prefetch = 0", "prefetch must be at least 1"),
        ('prefix = "a.>"', "dot-separated words"),
        ("colour = 1", "unknown key 'colour'"),
        ('prefetch = "8"', "broker.prefetch has the wrong type"),
    ],
)
def test_bad_broker_settings_named(tmp_path: Path, body: str, message: str) -> None:
    path = write(tmp_path, f"[gateway]\n[broker]\n{body}\n")
    with pytest.raises(ConfigurationError, match=message.replace(".", r"\.").replace("(", r"\(")):
        load_settings(path)


def test_noun_wrappers_cannot_go_over_the_broker() -> None:
    with pytest.raises(ConfigurationError, match="cim_form must be 61968-100"):
        GatewaySettings(
            cim_form=EnvelopeForm.NOUN_WRAPPER, broker=BrokerSettings(cim_transport="broker")
        ).validate()
