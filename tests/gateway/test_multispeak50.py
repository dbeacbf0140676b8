"""``/multispeak/v50/<Endpoint>``: the v5 SOAP endpoint, its headers, refusals, security, repeats.

The endpoint is served in-process on a stub flow (one stored conversation per call), so these
tests see exactly what the endpoint does: every answer carries a MultiSpeakResponseMsgHeader
valid against the 5.0.7 schemas with the call's errors in ``Result``; malformed requests,
unknown operations, a missing request header and wrong credentials get a SOAP Fault and store
nothing; a repeated MessageID or transactionID is answered as before without a second
conversation; passwords never reach the wire tap.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from _endpoint50_support import GUIDS, MR_NAMESPACE, StubFlow, action, header, initiate, request
from lxml import etree
from starlette.applications import Starlette
from starlette.routing import Route

from mspcim import ns, xmlsafe
from mspcim.gateway.config import GatewaySettings
from mspcim.gateway.endpoints.multispeak50 import MultiSpeak50Server, release_of
from mspcim.gateway.flow50 import Operation50
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.security.credentials import (
    Credential,
    Credentials,
    Side,
    save_credentials,
)
from mspcim.gateway.security.gatekeeper import Gatekeeper
from mspcim.gateway.security.hashing import SecretHash
from mspcim.gateway.store import MessageStore
from mspcim.gateway.transport import HttpResponse, MockTransport
from mspcim.multispeak.v50.header import read_response_header
from mspcim.multispeak.v50.msp_binding import Release
from mspcim.soap import SoapVersion, read_envelope

PATH = "/multispeak/v50/MR_Server"
SECRET = "mdm-Secret-0451"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@dataclass
class Served:
    """The v5 endpoint on a stub flow, a client on it, and its store."""

    client: httpx.AsyncClient
    runtime: Runtime
    flow: StubFlow

    @property
    def store(self) -> MessageStore:
        return self.runtime.store

    def snapshot(self) -> tuple[dict[str, dict[str, int]], int]:
        return self.store.counts(), len(self.store.transactions())

    async def post(
        self,
        content: bytes,
        version: SoapVersion = SoapVersion.SOAP11,
        soap_action: str | None = None,
    ) -> httpx.Response:
        return await self.client.post(PATH, content=content, headers=version.headers(soap_action))


async def _no_peer(url: str, body: bytes, headers: object) -> HttpResponse:
    return HttpResponse(404, b"", {})


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    async with _serve(tmp_path, None) as found:
        yield found


@pytest.fixture
async def secured(tmp_path: Path) -> AsyncIterator[Served]:
    credentials = (
        Credentials()
        .with_role("meter-reading", ("MR_Server:*",))
        .with_caller(
            Credential(
                "mdm",
                Side.MULTISPEAK,
                SecretHash.of(SECRET, n=2**8, r=8, p=1),
                ("meter-reading",),
            )
        )
    )
    path = tmp_path / "credentials.toml"
    save_credentials(path, credentials)
    async with _serve(tmp_path, path) as found:
        yield found


class _Serving:
    def __init__(self, tmp_path: Path, credentials_file: Path | None) -> None:
        settings = GatewaySettings(
            db_path=tmp_path / "gateway.db", credentials_file=credentials_file
        )
        self.runtime = Runtime(
            settings, MessageStore(settings.db_path), MockTransport(_no_peer), clock=time.time
        )
        self.flow = StubFlow(self.runtime)
        server = MultiSpeak50Server(
            self.runtime,
            "MR_Server",
            {"InitiateMeterReadingsByMeterIDs": Operation50(self.flow.initiate)},
            Gatekeeper.from_settings(settings),
        )
        self.app = Starlette(routes=[Route(PATH, server.handle, methods=["GET", "POST"])])

    async def __aenter__(self) -> Served:
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url="http://gateway.test"
        )
        return Served(self.client, self.runtime, self.flow)

    async def __aexit__(self, *exc: object) -> None:
        await self.client.aclose()
        self.runtime.store.close()


def _serve(tmp_path: Path, credentials_file: Path | None) -> _Serving:
    return _Serving(tmp_path, credentials_file)


def _answer(response: httpx.Response) -> tuple[etree._Element, etree._Element]:
    """The response header and the body element of a v5 answer."""
    envelope = read_envelope(xmlsafe.parse(response.content))
    header = envelope.header(ns.qname(ns.MSP50_RESPONSE, "MultiSpeakResponseMsgHeader"))
    assert header is not None
    return header, envelope.first_body


def _fault_reason(response: httpx.Response) -> str:
    envelope = read_envelope(xmlsafe.parse(response.content))
    assert envelope.fault is not None
    return envelope.fault.reason


def _ping() -> etree._Element:
    return etree.Element(ns.qname(MR_NAMESPACE, "PingURL"))


# --- answers


@pytest.mark.anyio
@pytest.mark.parametrize("version", [SoapVersion.SOAP11, SoapVersion.SOAP12])
async def test_ping_is_answered_with_a_valid_response_header(
    served: Served, version: SoapVersion, assert_schema_valid
):
    response = await served.post(request(_ping(), version=version), version, action("PingURL"))

    assert response.status_code == 200
    assert response.headers["content-type"].startswith(version.content_type().split(";")[0])
    assert_schema_valid(response.content)
    header_element, body = _answer(response)
    assert body.tag == ns.qname(MR_NAMESPACE, "PingURLResponse")
    answer = read_response_header(header_element)
    assert answer.result.result_identifier.code == "0.0"
    assert answer.result.error_objects == []
    assert answer.caller.app_name == "mspcim"
    assert answer.multi_speak_version.build == 7


@pytest.mark.anyio
async def test_get_methods_lists_what_the_endpoint_serves(served: Served, assert_schema_valid):
    body = etree.Element(ns.qname(MR_NAMESPACE, "GetMethods"))
    response = await served.post(request(body))

    assert_schema_valid(response.content)
    _, answer = _answer(response)
    names = [item.text for item in answer.iter(ns.qname(ns.MSP50_ARRAYS, "theString"))]
    assert names == ["GetMethods", "InitiateMeterReadingsByMeterIDs", "PingURL"]


@pytest.mark.anyio
async def test_refused_meters_are_errors_in_the_result(served: Served, assert_schema_valid):
    body = initiate((GUIDS[0], ""), transaction_id="TX-ERR")
    response = await served.post(request(body), soap_action=action(ns.local_name(body.tag)))

    assert response.status_code == 200
    assert_schema_valid(response.content)
    header_element, answer = _answer(response)
    assert answer.tag == ns.qname(MR_NAMESPACE, "InitiateMeterReadingsByMeterIDsResponse")
    result = read_response_header(header_element).result
    assert result.result_identifier.code == "2.4"
    assert result.level is not None and result.level.value == "Warning"
    [error] = result.error_objects
    assert (error.display_string, error.noun_type, error.reference_id) == (
        "empty meterID",
        "meterID",
        "",
    )
    [transaction] = served.store.transactions()
    assert transaction.transaction_id == "TX-ERR"
    assert transaction.meter_ids == [GUIDS[0]]
    assert transaction.caller == "TestMDM"


# --- releases


@pytest.mark.anyio
async def test_a_504_caller_is_recognised_by_its_soap_action_and_meter_ids(served: Served):
    body = initiate(release=Release.V504)
    response = await served.post(
        request(body, release=Release.V504),
        soap_action=action("InitiateMeterReadingsByMeterIDs", Release.V504),
    )

    assert response.status_code == 200, response.text
    [call] = served.flow.calls
    assert call.release is Release.V504
    [transaction] = served.store.transactions()
    assert transaction.meter_ids == list(GUIDS[:2])


def test_release_of_a_call():
    assert release_of(None, initiate(), "MR_Server") is Release.V507
    assert release_of(None, initiate(release=Release.V504), "MR_Server") is Release.V504
    assert release_of(action("PingURL", Release.V504), _ping(), "MR_Server") is Release.V504
    assert release_of(action("PingURL"), _ping(), "MR_Server") is Release.V507


# --- refusals: a SOAP Fault, nothing stored


@pytest.mark.anyio
@pytest.mark.parametrize("version", [SoapVersion.SOAP11, SoapVersion.SOAP12])
async def test_a_call_without_request_header_is_a_fault(served: Served, version: SoapVersion):
    before = served.snapshot()
    response = await served.post(request(initiate(), version=version, with_header=False), version)

    assert response.status_code in (400, 500)
    assert "MultiSpeakRequestMsgHeader is required" in _fault_reason(response)
    assert served.snapshot() == before
    assert served.flow.calls == []


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'>", "XML"),
        (b"<!DOCTYPE x [<!ENTITY e 'boom'>]><x>&e;</x>", ""),
    ],
    ids=["truncated", "entity"],
)
async def test_malformed_requests_are_faults(served: Served, content: bytes, reason: str):
    before = served.snapshot()
    response = await served.post(content)

    assert response.status_code == 500
    assert reason in _fault_reason(response)
    assert served.snapshot() == before


@pytest.mark.anyio
async def test_an_unknown_operation_is_a_fault_naming_what_is_offered(served: Served):
    body = etree.Element(ns.qname(MR_NAMESPACE, "InitiateDemandReset"))
    response = await served.post(request(body))

    reason = _fault_reason(response)
    assert "does not offer MultiSpeak v5 operation 'InitiateDemandReset'" in reason
    assert "InitiateMeterReadingsByMeterIDs" in reason
    assert served.store.transactions() == []


@pytest.mark.anyio
async def test_a_41_body_on_the_v5_endpoint_is_a_fault(served: Served):
    body = etree.Element(ns.qname(ns.MSP41, "PingURL"))
    response = await served.post(request(body))

    assert "is not in the MR_Server namespace" in _fault_reason(response)


@pytest.mark.anyio
async def test_a_soap_action_naming_another_operation_is_a_fault(served: Served):
    response = await served.post(request(initiate()), soap_action=action("PingURL", Release.V504))

    assert "SOAPAction names 'PingURL'" in _fault_reason(response)
    assert served.store.transactions() == []


@pytest.mark.anyio
async def test_a_header_with_a_bad_timestamp_is_a_fault(served: Served):
    content = request(initiate()).replace(b'TimeStamp="', b'TimeStamp="yesterday', 1)
    response = await served.post(content)

    assert "TimeStamp" in _fault_reason(response)
    assert served.store.transactions() == []


# --- security


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("system_id", "password"),
    [(None, None), ("mdm", "wrong"), ("nobody", SECRET)],
    ids=["none", "wrong-password", "unknown-user"],
)
async def test_wrong_credentials_are_refused_and_store_nothing(
    secured: Served, system_id: str | None, password: str | None
):
    before = secured.snapshot()
    content = request(initiate(), header(system_id=system_id, password=password))
    response = await secured.post(content)

    assert response.status_code in (401, 403, 500)
    assert "authentication" in _fault_reason(response)
    assert secured.snapshot() == before
    assert secured.flow.calls == []


@pytest.mark.anyio
async def test_caller_system_id_and_password_authenticate_and_are_masked(
    secured: Served, assert_schema_valid
):
    content = request(initiate(), header(system_id="mdm", password=SECRET))
    response = await secured.post(content)

    assert response.status_code == 200, response.text
    assert_schema_valid(response.content)
    [call] = secured.flow.calls
    assert SECRET.encode() not in call.raw
    assert b"<com:Password>***</com:Password>" in call.raw or b">***</" in call.raw
    assert call.header.caller.system_id == "mdm"


# --- idempotency


@pytest.mark.anyio
async def test_a_repeated_message_id_is_answered_as_before(served: Served):
    content = request(initiate(transaction_id="TX-R1"), header(message_id="MSG-1"))
    first = await served.post(content)
    second = await served.post(content)

    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert len(served.flow.calls) == 1
    assert len(served.store.transactions()) == 1


@pytest.mark.anyio
async def test_a_repeated_transaction_id_under_a_new_message_id_is_answered_as_before(
    served: Served,
):
    body = initiate(transaction_id="TX-R2")
    first = await served.post(request(body, header(message_id="MSG-A")))
    second = await served.post(request(body, header(message_id="MSG-B")))

    assert second.content == first.content
    assert len(served.store.transactions()) == 1


@pytest.mark.anyio
async def test_a_reused_message_id_for_another_request_is_refused(served: Served):
    await served.post(request(initiate(transaction_id="TX-R3"), header(message_id="MSG-X")))
    response = await served.post(
        request(initiate(transaction_id="TX-R4"), header(message_id="MSG-X"))
    )

    assert "already used" in _fault_reason(response)
    assert len(served.store.transactions()) == 1


@pytest.mark.anyio
async def test_ping_is_never_answered_from_the_idempotency_store(served: Served):
    content = request(_ping(), header(message_id="PING-1"))
    first, second = await served.post(content), await served.post(content)

    assert _answer(first)[0].get("MessageID") != _answer(second)[0].get("MessageID")


@pytest.mark.anyio
async def test_get_describes_the_endpoint(served: Served):
    response = await served.client.get(PATH)

    root = xmlsafe.parse(response.content)
    names = [op.get("name") for op in root.iter(ns.qname(ns.WSDL, "operation"))]
    assert names == ["GetMethods", "InitiateMeterReadingsByMeterIDs", "PingURL"]
    assert root.get("targetNamespace") == MR_NAMESPACE
