"""Properties of the v5 endpoint, over generated input (hypothesis).

- Any transactionID and MessageID: a repeated request is answered byte for byte as before and
  stored once; the answer is schema-valid with an OK Result.
- Any bytes: the answer is a client SOAP Fault (never an internal error) and nothing is stored.
"""

from __future__ import annotations

import asyncio
import string

import httpx
from _endpoint50_support import MR_NAMESPACE, StubFlow, header, initiate, request
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette
from starlette.routing import Route

from mspcim import ns, xmlsafe
from mspcim.gateway.config import GatewaySettings
from mspcim.gateway.endpoints.multispeak50 import MultiSpeak50Server
from mspcim.gateway.flow50 import Operation50
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.store import MessageStore
from mspcim.gateway.transport import HttpResponse, MockTransport
from mspcim.multispeak.v50.header import read_response_header
from mspcim.soap import SoapVersion, read_envelope

PATH = "/multispeak/v50/MR_Server"
ids = st.text(
    alphabet=string.ascii_letters + string.digits + "-_.:/ äöü€",
    min_size=1,
    max_size=40,
).filter(lambda text: text.strip() == text and text.strip())


async def _no_peer(url: str, body: bytes, headers: object) -> HttpResponse:
    return HttpResponse(404, b"", {})


def served() -> tuple[Starlette, Runtime, StubFlow]:
    """A fresh endpoint on an in-memory store."""
    runtime = Runtime(GatewaySettings(), MessageStore(":memory:"), MockTransport(_no_peer))
    flow = StubFlow(runtime)
    server = MultiSpeak50Server(
        runtime, "MR_Server", {"InitiateMeterReadingsByMeterIDs": Operation50(flow.initiate)}
    )
    return Starlette(routes=[Route(PATH, server.handle, methods=["POST"])]), runtime, flow


async def post_twice(app: Starlette, content: bytes) -> tuple[httpx.Response, httpx.Response]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://gateway.test"
    ) as client:
        headers = SoapVersion.SOAP11.headers(None)
        first = await client.post(PATH, content=content, headers=headers)
        second = await client.post(PATH, content=content, headers=headers)
    return first, second


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(transaction_id=ids, message_id=ids)
def test_a_repeated_request_is_answered_as_before_for_any_ids(
    transaction_id: str, message_id: str, assert_schema_valid
):
    app, runtime, flow = served()
    try:
        content = request(initiate(transaction_id=transaction_id), header(message_id=message_id))
        first, second = asyncio.run(post_twice(app, content))

        assert first.status_code == 200, first.text
        assert second.content == first.content
        assert len(flow.calls) == 1
        [transaction] = runtime.store.transactions()
        assert transaction.transaction_id == transaction_id
        assert_schema_valid(first.content)
        envelope = read_envelope(xmlsafe.parse(first.content))
        found = envelope.header(ns.qname(ns.MSP50_RESPONSE, "MultiSpeakResponseMsgHeader"))
        assert found is not None
        assert read_response_header(found).result.result_identifier.code == "0.0"
        assert envelope.first_body.tag == ns.qname(
            MR_NAMESPACE, "InitiateMeterReadingsByMeterIDsResponse"
        )
    finally:
        runtime.store.close()


@settings(max_examples=40, deadline=None)
@given(content=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
def test_any_bytes_get_a_client_fault_and_store_nothing(content: bytes):
    app, runtime, flow = served()
    try:
        first, _ = asyncio.run(post_twice(app, content))

        assert first.status_code == 500
        envelope = read_envelope(xmlsafe.parse(first.content))
        assert envelope.fault is not None and envelope.fault.sender
        assert "internal error" not in envelope.fault.reason
        assert runtime.store.transactions() == []
        assert flow.calls == []
    finally:
        runtime.store.close()
