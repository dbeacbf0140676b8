"""The gateway in-process: its ASGI app behind ``httpx.ASGITransport``, peers behind a mock transport.

``gateway`` gives an ``InProcessGateway``: requests go straight into the app; what the gateway
sends out goes through a ``MockTransport`` that answers the CIM endpoint with an acknowledgement
(the request is taken, the reply comes later on ``/cim/reply``) and hands notifications to a
simulated CB app. The delivery worker runs only inside ``async with gateway.running()``; the
clock is the real one plus ``gateway.offset`` seconds, so a test can move time forward.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from lxml import etree
from starlette.applications import Starlette

from mspcim import ns, xmlsafe
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import Header, Message, MessageKind, Reply, ReplyResult, Verb
from mspcim.gateway.app import create_app
from mspcim.gateway.config import GatewaySettings, RetryPolicy
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.store import MessageStore, ReadTransaction
from mspcim.gateway.transport import HttpResponse, MockTransport
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.sim.cb import create_cb_app
from mspcim.soap import SoapVersion, build_envelope
from services import STORES, postgres, store_opener  # noqa: F401 - fixture

CIM_URL = "http://headend.test/"
CB_URL = "http://cb.test/CB_Server"
MR_SERVER = "/multispeak/v41/MR_Server"
MAX_METERS = 5


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def acknowledgement(request_body: bytes) -> HttpResponse:
    """What an asynchronous head-end answers at once: Reply OK, no payload, correlated."""
    request = read_message(xmlsafe.parse(request_body))
    assert request.header is not None
    ack = Message(
        MessageKind.RESPONSE,
        Header(
            verb=Verb.REPLY,
            noun="MeterReadings",
            message_id="ACK-1",
            correlation_id=request.header.correlation_id or request.header.message_id,
        ),
        reply=Reply(ReplyResult.OK),
    )
    body = xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [build_message(ack)]))
    return HttpResponse(200, body, {"content-type": SoapVersion.SOAP11.content_type()})


@dataclass
class Peers:
    """The other side of the gateway's mock transport, and the clock's offset."""

    cb_app: Starlette = field(default_factory=create_cb_app)
    offset: float = 0.0
    """Seconds added to the real time: the gateway's clock moves when a test says so."""

    def clock(self) -> float:
        return time.time() + self.offset

    async def route(self, url: str, body: bytes, headers: Mapping[str, str]) -> HttpResponse:
        """The CIM endpoint acknowledges; the CB URL is served by the simulated CB app."""
        if url == CIM_URL:
            return acknowledgement(body)
        if url.startswith("http://cb.test/"):
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=self.cb_app)) as cb:
                response = await cb.post(url, content=body, headers=dict(headers))
            return HttpResponse(
                response.status_code,
                response.content,
                {key.lower(): value for key, value in response.headers.items()},
            )
        return HttpResponse(404, b"", {})


@dataclass
class InProcessGateway:
    """The gateway app, a client on it, its peers, and its state."""

    app: Starlette
    client: httpx.AsyncClient
    peers: Peers
    transport: MockTransport

    @property
    def runtime(self) -> Runtime:
        runtime: Runtime = self.app.state.runtime
        return runtime

    @property
    def store(self) -> MessageStore:
        return self.runtime.store

    @property
    def cb_app(self) -> Starlette:
        return self.peers.cb_app

    def snapshot(self) -> tuple[dict[str, dict[str, int]], int]:
        """What a refused message must leave unchanged: state counts and the message log."""
        return self.store.counts(), len(self.store.messages())

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Run the app's lifespan: the delivery worker sends what waits in the outbox."""
        async with self.app.router.lifespan_context(self.app):
            yield

    async def post(
        self, path: str, content: bytes, content_type: str | None, **headers: str
    ) -> httpx.Response:
        all_headers = {key.replace("_", "-"): value for key, value in headers.items()}
        if content_type is not None:
            all_headers["content-type"] = content_type
        return await self.client.post(path, content=content, headers=all_headers)

    async def soap(
        self,
        body: etree._Element,
        version: SoapVersion = SoapVersion.SOAP11,
        header: MultiSpeakMsgHeader | None = None,
    ) -> httpx.Response:
        """A MultiSpeak call to MR_Server with the SOAPAction of ``body``."""
        content = xmlsafe.serialize(
            build_envelope(
                version, [body], [build_header(header or MultiSpeakMsgHeader(app_name="TestCIS"))]
            )
        )
        action = ns.MSP41_ACTION_PREFIX + ns.local_name(body.tag)
        return await self.client.post(MR_SERVER, content=content, headers=version.headers(action))

    def only_transaction(self) -> ReadTransaction:
        [transaction] = self.store.transactions()
        return transaction


@pytest.fixture(params=STORES)
async def gateway(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[InProcessGateway]:
    """The gateway in-process with a fresh store; the worker runs only inside ``running()``.

    Every test runs on the SQLite store and on a PostgreSQL one (as one worker of several: outbox
    items claimed with a lease), the PostgreSQL leg marked services.
    """
    peers = Peers()
    settings = GatewaySettings(
        port=8080,
        cim_endpoint=CIM_URL,
        db_path=tmp_path / "gateway.db",
        retry=RetryPolicy(attempts=3, initial_delay=0.05, max_delay=0.1),
        poll_interval=0.05,
        max_meters_per_request=MAX_METERS,
    )
    transport = MockTransport(peers.route)
    store = (
        MessageStore(settings.db_path)
        if request.param == "sqlite"
        else store_opener(request, tmp_path)(worker_id="1", lease=30.0)
    )
    runtime = Runtime(settings, store, transport, clock=peers.clock)
    app = create_app(settings, runtime)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://gateway.test"
    ) as client:
        try:
            yield InProcessGateway(app, client, peers, transport)
        finally:
            runtime.store.close()
