"""TLS on loopback: the gateway serves HTTPS, and verifies every peer it calls.

A self-signed certificate for 127.0.0.1 is made for each test with ``openssl`` (skipped when
the command is absent). Trusted through ``ca_bundle``, it carries a whole on-demand read over
HTTPS both ways; not trusted, the gateway's calls fail and nothing is sent in clear instead.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from _security_support import ping
from typer.testing import CliRunner

from mspcim import ns, xmlsafe
from mspcim.cli import app as cli
from mspcim.exceptions import ConfigurationError
from mspcim.gateway.app import create_app
from mspcim.gateway.config import GatewaySettings, RetryPolicy
from mspcim.gateway.security.tls import outbound_verification, server_tls_options
from mspcim.gateway.serving import BackgroundServer, free_port
from mspcim.gateway.store import OutboxState, TransactionState
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41.meter_reading import MeterID
from mspcim.multispeak.v41.operations import (
    ExpirationTime,
    InitiateMeterReadingsByMeterID,
    build_initiate_meter_readings_by_meter_id,
)
from mspcim.sim.cb import create_cb_app
from mspcim.sim.headend import HeadEndSettings, create_headend_app
from mspcim.soap import SoapVersion, build_envelope, read_envelope

pytestmark = pytest.mark.e2e


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """(certificate, key) of a self-signed certificate for 127.0.0.1 and localhost."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed: no certificate to test TLS with")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def soap(body) -> tuple[bytes, dict[str, str]]:
    content = xmlsafe.serialize(
        build_envelope(SoapVersion.SOAP11, [body], [build_header(MultiSpeakMsgHeader())])
    )
    action = ns.MSP41_ACTION_PREFIX + ns.local_name(body.tag)
    return content, SoapVersion.SOAP11.headers(action)


def test_the_gateway_serves_https_with_its_certificate(tmp_path, certificate, assert_schema_valid):
    cert, key = certificate
    settings = GatewaySettings(
        port=free_port(), db_path=tmp_path / "gateway.db", tls_cert=cert, tls_key=key
    ).validate()
    tls = server_tls_options(settings)
    assert tls == {"ssl_certfile": str(cert), "ssl_keyfile": str(key)}
    content, headers = soap(ping())

    with BackgroundServer(create_app(settings), port=settings.port, **tls) as server:
        assert server.url.startswith("https://")
        trusted = ssl.create_default_context(cafile=str(cert))
        answer = httpx.post(
            f"{server.url}/multispeak/v41/MR_Server",
            content=content,
            headers=headers,
            verify=trusted,
        )
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            httpx.post(f"{server.url}/multispeak/v41/MR_Server", content=content, headers=headers)
        with pytest.raises(httpx.HTTPError):
            httpx.post(f"http://127.0.0.1:{settings.port}/health")

    assert answer.status_code == 200
    assert_schema_valid(answer.content)
    assert ns.local_name(read_envelope(xmlsafe.parse(answer.content)).first_body.tag) == (
        "PingURLResponse"
    )


def read_over_https(tmp_path: Path, certificate, ca_bundle: Path | None):
    """An on-demand read through a gateway whose head-end and CB speak HTTPS only."""
    cert, key = certificate
    tls = {"ssl_certfile": str(cert), "ssl_keyfile": str(key)}
    headend_app = create_headend_app(HeadEndSettings(seed=7))
    headend = BackgroundServer(headend_app, **tls)
    cb_app = create_cb_app()
    cb = BackgroundServer(cb_app, **tls)
    with headend, cb:
        settings = GatewaySettings(
            port=free_port(),
            cim_endpoint=f"{headend.url}/",
            db_path=tmp_path / f"gateway-{ca_bundle is not None}.db",
            ca_bundle=ca_bundle,
            retry=RetryPolicy(attempts=2, initial_delay=0.05, max_delay=0.05),
            poll_interval=0.05,
        ).validate()
        gateway_app = create_app(settings)
        with BackgroundServer(gateway_app, port=settings.port) as gateway:
            call = InitiateMeterReadingsByMeterID(
                [MeterID("M1"), MeterID("M2")],
                f"{cb.url}/CB_Server",
                "TX-TLS",
                ExpirationTime(5, "Minutes"),
            )
            content, headers = soap(build_initiate_meter_readings_by_meter_id(call))
            answer = httpx.post(
                f"{gateway.url}/multispeak/v41/MR_Server", content=content, headers=headers
            )
            assert answer.status_code == 200, answer.text
            store = gateway_app.state.runtime.store
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                [transaction] = store.transactions()
                if transaction.state.final:
                    break
                time.sleep(0.05)
            outbox = store.outbox()
    return transaction, outbox, list(cb_app.state.notifications), headend_app.state.requests


def test_outbound_https_is_verified_against_the_ca_bundle(
    tmp_path, certificate, assert_schema_valid
):
    transaction, outbox, notifications, requests = read_over_https(
        tmp_path, certificate, ca_bundle=certificate[0]
    )

    assert transaction.state is TransactionState.DELIVERED
    assert [item.state for item in outbox] == [OutboxState.SENT, OutboxState.SENT]
    [notification] = notifications
    assert notification.transaction_id == "TX-TLS"
    assert sorted(notification.meter_ids) == ["M1", "M2"]
    assert_schema_valid(notification.raw)
    assert len(requests) == 1
    for request in requests:
        assert_schema_valid(request.body)


def test_an_untrusted_peer_is_never_called_in_clear(tmp_path, certificate):
    transaction, outbox, notifications, _ = read_over_https(tmp_path, certificate, ca_bundle=None)

    assert transaction.state is TransactionState.FAILED
    assert notifications == []  # the failure notification cannot reach the HTTPS-only CB either
    assert all(item.state is OutboxState.DEAD for item in outbox)
    assert all("CERTIFICATE_VERIFY_FAILED" in (item.last_error or "") for item in outbox)


def test_tls_settings_are_checked_at_start(tmp_path, certificate):
    cert, _ = certificate
    with pytest.raises(ConfigurationError, match="tls_cert and tls_key go together"):
        GatewaySettings(tls_cert=cert).validate()
    with pytest.raises(ConfigurationError, match=r"ca_bundle: .* is not a readable file"):
        GatewaySettings(ca_bundle=tmp_path / "nope.pem").validate()
    with pytest.raises(ConfigurationError, match="cannot be loaded"):
        server_tls_options(GatewaySettings(tls_cert=cert, tls_key=cert))
    (tmp_path / "garbage.pem").write_text("not a certificate")
    with pytest.raises(ConfigurationError, match=r"ca_bundle .* cannot be loaded"):
        outbound_verification(GatewaySettings(ca_bundle=tmp_path / "garbage.pem"))
    assert outbound_verification(GatewaySettings()) is True
    assert isinstance(outbound_verification(GatewaySettings(ca_bundle=cert)), ssl.SSLContext)

    result = CliRunner().invoke(
        cli, ["serve", "--tls-cert", str(cert), "--db", str(tmp_path / "d")]
    )
    assert result.exit_code == 2
    assert "error: tls_cert and tls_key go together" in result.output
