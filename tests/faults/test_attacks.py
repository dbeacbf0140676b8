"""The attack corpus: each hostile request gets its proper error quickly, memory stays bounded.

One gateway process (authentication on) serves the whole module, with a head-end and a CB
simulator. Each attack is sent, its answer checked (status, SOAP Fault or FaultMessage, the
reason, schema-valid), the gateway's resident memory compared before and after, and then the
gateway must still serve: a PingURL per attack, and at the end a full on-demand read.
"""

from __future__ import annotations

import base64
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from _faults_support import (
    GatewayProcess,
    Receivers,
    read_request,
    settled,
    wait_until,
)

from mspcim import ns, xmlsafe
from mspcim.cim.envelope import read_message
from mspcim.cim.message import MessageKind, ReplyResult
from mspcim.gateway.security.credentials import Credential, Credentials, Side, save_credentials
from mspcim.gateway.security.hashing import SecretHash
from mspcim.gateway.serving import BackgroundServer
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.sim.cb import CbSettings, create_cb_app
from mspcim.sim.headend import HeadEndSettings, create_headend_app
from mspcim.soap import SoapVersion, build_envelope, read_envelope

pytestmark = pytest.mark.e2e

SECRET = "cis-Secret-61968"
CIM_SECRET = "headend-Secret-61968"
TIMEOUT = 30.0
"""An attack not answered within this many seconds fails its test (answers take milliseconds)."""
MEMORY_BOUND_KIB = 64 * 1024
"""Most the gateway's resident memory may grow during one attack (the body limit is 16 MiB)."""
CT11 = SoapVersion.SOAP11.content_type()
CT12 = SoapVersion.SOAP12.content_type()


@dataclass
class Target:
    """The gateway under attack, its peers, and a way to call it."""

    gateway: GatewayProcess
    cb_app: object
    cb_url: str

    @property
    def mr_server(self) -> str:
        return f"{self.gateway.url}/multispeak/v41/MR_Server"

    @property
    def reply(self) -> str:
        return f"{self.gateway.url}/cim/reply"

    def post(self, url: str, content: object, content_type: str | None = CT11, **headers: str):
        sent = {"content-type": content_type} if content_type else {}
        return httpx.post(url, content=content, headers={**sent, **headers}, timeout=TIMEOUT)

    def serves(self) -> None:
        """The gateway still answers a PingURL."""
        response = self.post(self.mr_server, envelope(ping(), caller()), CT11)
        assert response.status_code == 200, response.text
        assert ns.local_name(read_envelope(xmlsafe.parse(response.content)).first_body.tag) == (
            "PingURLResponse"
        )


def caller(secret: str = SECRET, message_id: str | None = None) -> MultiSpeakMsgHeader:
    return MultiSpeakMsgHeader(app_name="CIS", user_id="cis", pwd=secret, message_id=message_id)


def ping():
    from lxml import etree

    return etree.Element(ns.qname(ns.MSP41, "PingURL"))


def envelope(body, header: MultiSpeakMsgHeader, version: SoapVersion = SoapVersion.SOAP11):
    return xmlsafe.serialize(build_envelope(version, [body], [build_header(header)]))


def cim_auth() -> dict[str, str]:
    token = base64.b64encode(f"headend:{CIM_SECRET}".encode()).decode()
    return {"authorization": f"Basic {token}"}


def credentials_file(path: Path) -> Path:
    cheap = {"n": 2**8, "r": 8, "p": 1}
    found = (
        Credentials()
        .with_role("meter-reading", ("MR_Server:*",))
        .with_role("head-end", ("cim:*",))
        .with_caller(
            Credential("cis", Side.MULTISPEAK, SecretHash.of(SECRET, **cheap), ("meter-reading",))
        )
        .with_caller(
            Credential("headend", Side.CIM, SecretHash.of(CIM_SECRET, **cheap), ("head-end",))
        )
    )
    save_credentials(path, found)
    return path


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    directory = tmp_path_factory.mktemp("attacks")
    headend = BackgroundServer(create_headend_app(HeadEndSettings(seed=8))).start()
    cb_app = create_cb_app(CbSettings())
    cb = BackgroundServer(cb_app).start()
    gateway = GatewayProcess(
        directory,
        f"{headend.url}/",
        {"credentials_file": str(credentials_file(directory / "credentials.toml"))},
    )
    try:
        gateway.start()
        yield Target(gateway, cb_app, f"{cb.url}/CB_Server")
    finally:
        gateway.stop()
        headend.stop()
        cb.stop()


@pytest.fixture
def bounded(target: Target) -> Iterator[None]:
    """The attack leaves the gateway's memory bounded and the gateway serving."""
    target.serves()
    before = target.gateway.rss_kib()
    yield
    grown = target.gateway.rss_kib() - before
    assert grown < MEMORY_BOUND_KIB, f"resident memory grew by {grown} KiB"
    target.serves()


def soap_fault(response: httpx.Response, check: Callable[..., None], status: int = 500) -> str:
    """The reason of the SOAP Fault answered (schema-valid, with the status of the binding)."""
    assert response.status_code == status, response.text
    check(response.content)
    envelope = read_envelope(xmlsafe.parse(response.content))
    assert envelope.fault is not None
    return envelope.fault.reason


def fault_message(response: httpx.Response, check: Callable[..., None]) -> str:
    """The Error reason of the 61968-100 FaultMessage (or failed Response) answered."""
    assert response.status_code in (400, 200), response.text
    check(response.content)
    root = xmlsafe.parse(response.content)
    if ns.local_name(root.tag) == "Envelope":
        root = read_envelope(root).first_body
    message = read_message(root)
    assert message.kind in (MessageKind.FAULT, MessageKind.RESPONSE)
    assert message.reply is not None and message.reply.result is ReplyResult.FAILED
    return message.reply.errors[0].reason or ""


# --- XML bombs, on the MultiSpeak server and on /cim/reply

ENVELOPE = (
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
    '<InitiateMeterReadingsByMeterID xmlns="http://www.multispeak.org/Version_4.1_Release">'
    "<transactionID>{payload}</transactionID>"
    "</InitiateMeterReadingsByMeterID></soap:Body></soap:Envelope>"
)


def with_doctype(doctype: str, payload: str) -> bytes:
    return f'<?xml version="1.0"?>\n<!DOCTYPE soap:Envelope [{doctype}]>\n'.encode() + (
        ENVELOPE.format(payload=payload).encode()
    )


def billion_laughs() -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    return with_doctype("".join(entities), "&lol9;")


def quadratic_blowup() -> bytes:
    return with_doctype(f'<!ENTITY a "{"x" * 100_000}">', "&a;" * 50_000)


def deep_nesting(depth: int = 10_000) -> bytes:
    return ENVELOPE.format(payload="<a>" * depth + "</a>" * depth).encode()


@pytest.fixture(scope="module")
def listener() -> Iterator[list[bytes]]:
    """A TCP listener recording whatever connects (a network entity must never reach it)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            with connection:
                seen.append(connection.recv(1024))

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    seen.append(str(server.getsockname()[1]).encode())  # seen[0]: the port
    yield seen
    stop.set()
    thread.join()
    server.close()


BOMBS = {
    "xxe-file": lambda port: with_doctype('<!ENTITY xxe SYSTEM "file:///etc/passwd">', "&xxe;"),
    "xxe-network": lambda port: with_doctype(
        f'<!ENTITY xxe SYSTEM "http://127.0.0.1:{port}/xxe">', "&xxe;"
    ),
    "xxe-parameter": lambda port: with_doctype(
        f'<!ENTITY % remote SYSTEM "http://127.0.0.1:{port}/dtd"> %remote;', "x"
    ),
    "billion-laughs": lambda port: billion_laughs(),
    "quadratic-blowup": lambda port: quadratic_blowup(),
    "deep-nesting": lambda port: deep_nesting(),
}


@pytest.mark.parametrize("bomb", BOMBS)
@pytest.mark.usefixtures("bounded")
def test_xml_bombs_are_refused_by_the_parser(target, listener, assert_schema_valid, bomb):
    content = BOMBS[bomb](int(listener[0]))
    msp = target.post(target.mr_server, content, CT11)
    cim = target.post(target.reply, content, "application/xml", **cim_auth())

    reason = soap_fault(msp, assert_schema_valid)
    assert "DTD" in reason or "depth" in reason or "deep" in reason, reason
    cim_reason = fault_message(cim, assert_schema_valid)
    assert "DTD" in cim_reason or "depth" in cim_reason or "deep" in cim_reason, cim_reason
    for response in (msp, cim):
        assert b"root:" not in response.content, "no file content leaks"
        assert b"Traceback" not in response.content
    assert listener[1:] == [], "no network entity was fetched"


# --- size, type, version, operation, credentials, replay


HEAD = b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
TAIL = b"</soap:Body></soap:Envelope>"
CHUNK = b"<x>" + b"A" * (1024 * 1024 - 7) + b"</x>"
HUNDRED_MB = len(HEAD) + 100 * len(CHUNK) + len(TAIL)


def hundred_megabytes() -> Iterator[bytes]:
    """100 MiB of SOAP, made as it is sent (never held in memory here either)."""
    yield HEAD
    for _ in range(100):
        yield CHUNK
    yield TAIL


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
@pytest.mark.usefixtures("bounded")
def test_a_100_mb_body_is_refused_without_being_read_whole(target, assert_schema_valid, declared):
    headers = {"content-length": str(HUNDRED_MB)} if declared else {}
    try:
        response = target.post(target.mr_server, hundred_megabytes(), CT11, **headers)
    except (httpx.WriteError, httpx.RemoteProtocolError, httpx.ReadError):
        pytest.fail("the gateway must answer, not just drop the connection")
    reason = soap_fault(response, assert_schema_valid)
    assert "exceeds the limit of 16777216 bytes" in reason


@pytest.mark.usefixtures("bounded")
def test_a_wrong_content_type_is_refused(target, assert_schema_valid):
    content = envelope(ping(), caller())
    response = target.post(target.mr_server, content, "application/json")
    assert "Content-Type 'application/json' is not SOAP" in soap_fault(
        response, assert_schema_valid
    )


@pytest.mark.usefixtures("bounded")
def test_soap_versions_that_disagree_are_refused(target, assert_schema_valid):
    soap11_as_12 = target.post(target.mr_server, envelope(ping(), caller()), CT12)
    soap12_as_11 = target.post(
        target.mr_server, envelope(ping(), caller(), SoapVersion.SOAP12), CT11
    )

    reason = soap_fault(soap11_as_12, assert_schema_valid, status=400)
    assert "SOAP version mismatch: Content-Type says SOAP12, the envelope is SOAP11" in reason
    assert read_envelope(xmlsafe.parse(soap11_as_12.content)).version is SoapVersion.SOAP12
    reason = soap_fault(soap12_as_11, assert_schema_valid)
    assert "SOAP version mismatch: Content-Type says SOAP11, the envelope is SOAP12" in reason


@pytest.mark.usefixtures("bounded")
def test_an_unknown_operation_is_refused(target, assert_schema_valid):
    from lxml import etree

    body = etree.Element(ns.qname(ns.MSP41, "DeleteAllMeters"))
    response = target.post(target.mr_server, envelope(body, caller()), CT11)
    assert "DeleteAllMeters" in soap_fault(response, assert_schema_valid)


@pytest.mark.usefixtures("bounded")
def test_wrong_credentials_are_refused(target, assert_schema_valid):
    content = read_request("TX-INTRUDER", ["M1"], target.cb_url)
    wrong = envelope(
        xmlsafe.parse(content).find(f".//{{{ns.MSP41}}}InitiateMeterReadingsByMeterID"),
        caller(secret="guess-0000"),
    )
    response = target.post(target.mr_server, wrong, CT11)
    assert response.status_code in (401, 403, 500)
    reason = soap_fault(response, assert_schema_valid, status=response.status_code)
    assert "guess-0000" not in response.text and SECRET not in response.text
    assert "authentic" in reason.lower() or "credential" in reason.lower(), reason
    cim = target.post(target.reply, b"<x/>", "application/xml")
    assert cim.status_code == 401 and cim.headers["www-authenticate"].startswith("Basic")


@pytest.mark.usefixtures("bounded")
def test_a_replayed_message_id_is_answered_as_before_and_not_processed_twice(
    target, assert_schema_valid
):
    body = xmlsafe.parse(read_request("TX-REPLAY", ["M1"], target.cb_url)).find(
        f".//{{{ns.MSP41}}}InitiateMeterReadingsByMeterID"
    )
    content = envelope(body, caller(message_id="MSG-REPLAY"))
    first = target.post(target.mr_server, content, CT11)
    replayed = target.post(target.mr_server, content, CT11)
    body.find(f"{{{ns.MSP41}}}transactionID").text = "TX-REPLAY-ALTERED"
    altered = target.post(target.mr_server, envelope(body, caller(message_id="MSG-REPLAY")), CT11)

    assert first.status_code == 200 and replayed.content == first.content
    assert_schema_valid(first.content)
    assert "MessageID MSG-REPLAY was already used" in soap_fault(altered, assert_schema_valid)
    wait_until(lambda: settled(target.gateway.db), "the read to be delivered")
    assert Receivers(target.cb_app).reading_copies().get("TX-REPLAY") == 1
    assert "TX-REPLAY-ALTERED" not in Receivers(target.cb_app).reading_copies()
