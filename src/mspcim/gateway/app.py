"""The gateway as one ASGI application: endpoints, flows and the delivery worker.

``create_app(settings)`` wires everything; the lifespan starts the delivery worker (which also
resumes whatever the store holds from before a restart) and drains it on shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from mspcim.gateway.broker.link import BrokerLink
from mspcim.gateway.config import GatewaySettings
from mspcim.gateway.delivery import AnswerHandler, DeliveryWorker
from mspcim.gateway.endpoints.cim_reply import CimReplyEndpoint
from mspcim.gateway.endpoints.multispeak41 import MultiSpeak41Server
from mspcim.gateway.endpoints.multispeak50 import MultiSpeak50Server
from mspcim.gateway.endpoints.operations import OperationsEndpoints
from mspcim.gateway.flow import CimReceiver, Flow, OperationHandler
from mspcim.gateway.flow50 import Flow50, Operation50
from mspcim.gateway.flows.connect_disconnect import ConnectDisconnect
from mspcim.gateway.flows.connect_disconnect50 import ConnectDisconnect50
from mspcim.gateway.flows.latest_reading import LatestReading
from mspcim.gateway.flows.latest_reading50 import LatestReading50
from mspcim.gateway.flows.meter_events import MeterEvents
from mspcim.gateway.flows.meter_events50 import MeterEvents50
from mspcim.gateway.flows.notification_relay import NotificationRelay
from mspcim.gateway.flows.notification_relay50 import NotificationRelay50
from mspcim.gateway.flows.on_demand_read import OnDemandRead
from mspcim.gateway.flows.on_demand_read50 import OnDemandRead50
from mspcim.gateway.metrics import MeteredTransport
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.security.gatekeeper import Gatekeeper
from mspcim.gateway.security.outbound import OutboundCredentialsTransport

__all__ = ["create_app"]

log = logging.getLogger("mspcim.gateway")


def create_app(settings: GatewaySettings, runtime: Runtime | None = None) -> Starlette:
    """The gateway application; ``runtime`` lets tests inject a store, transport and clock."""
    runtime = runtime or Runtime.create(settings)
    gatekeeper = Gatekeeper.from_settings(settings)
    broker = BrokerLink.attach(runtime)  # None unless [broker] cim_transport = "broker"
    _egress(runtime)
    flows: list[Flow] = [
        OnDemandRead50(runtime),  # before OnDemandRead: takes the replies to v5 callers' reads
        OnDemandRead(runtime),
        LatestReading(runtime),
        LatestReading50(runtime),
        ConnectDisconnect(runtime),
        ConnectDisconnect50(runtime),  # before MeterEvents: takes its callers' switch outcomes
        MeterEvents50(runtime),  # before MeterEvents: the v5 NOT_Server hears of events too
        MeterEvents(runtime),
    ]
    flows.append(NotificationRelay50(runtime))  # v5 notifications no flow above serves
    flows.append(NotificationRelay(runtime, earlier=flows))  # last: serves what no flow above does
    operations: dict[str, dict[str, OperationHandler]] = {}
    operations50: dict[str, dict[str, Operation50]] = {}
    answer_handlers: dict[str, AnswerHandler] = {}
    receivers: dict[str, list[CimReceiver]] = {}
    for flow in flows:
        for (endpoint, name), handler in flow.operations().items():
            operations.setdefault(endpoint, {})[name] = handler
        if isinstance(flow, Flow50):
            for (endpoint, name), served in flow.operations50().items():
                operations50.setdefault(endpoint, {})[name] = served
        answer_handlers.update(flow.answer_handlers())
        for noun, receiver in flow.cim_receivers().items():
            receivers.setdefault(noun, []).append(receiver)
    cim_reply = CimReplyEndpoint(runtime, receivers, gatekeeper)
    if broker is not None:  # the broker authenticates its peers; same core as /cim/reply
        broker.consume(CimReplyEndpoint(runtime, receivers), receivers)
    operations_endpoints = OperationsEndpoints(runtime)

    async def health(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "store": runtime.store.counts()})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        runtime.wake = asyncio.Event()
        worker = DeliveryWorker(runtime, answer_handlers)
        task = asyncio.create_task(worker.run())
        if broker is not None:
            await broker.start()
        operations_endpoints.worker = task
        log.info(
            "gateway listening: MultiSpeak 4.1 %s under %s/multispeak/v41/, MultiSpeak v5 %s "
            "under /multispeak/v50/, CIM replies at %s, CIM endpoint %s, store %s (worker %s)",
            ", ".join(sorted(operations)),
            settings.base_url,
            ", ".join(sorted(operations50)),
            settings.reply_address,
            settings.cim_endpoint,
            runtime.store.location,
            runtime.store.worker_id,
            extra={"event": "started"},
        )
        try:
            yield
        finally:
            await worker.stop(settings.drain_timeout)
            if broker is not None:
                await broker.stop(settings.drain_timeout)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await runtime.transport.aclose()
            runtime.store.close()

    routes = [
        Route(
            f"/multispeak/v41/{endpoint}",
            MultiSpeak41Server(runtime, endpoint, handlers, gatekeeper).handle,
            methods=["GET", "POST"],
        )
        for endpoint, handlers in sorted(operations.items())
    ]
    routes += [
        Route(
            f"/multispeak/v50/{endpoint}",
            MultiSpeak50Server(runtime, endpoint, served50, gatekeeper).handle,
            methods=["GET", "POST"],
        )
        for endpoint, served50 in sorted(operations50.items())
    ]
    routes += [
        Route("/cim/reply", cim_reply.handle, methods=["POST"]),
        Route("/health", health, methods=["GET"]),
        Route("/ready", operations_endpoints.ready, methods=["GET"]),
        Route("/metrics", operations_endpoints.metrics, methods=["GET"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.runtime = runtime
    app.state.broker = broker
    app.state.operations = {endpoint: sorted(handlers) for endpoint, handlers in operations.items()}
    app.state.operations50 = {endpoint: sorted(served) for endpoint, served in operations50.items()}
    return app


def _egress(runtime: Runtime) -> None:
    """Outbound calls carry the gateway's credentials per destination and are metered (once)."""
    if isinstance(runtime.transport, MeteredTransport):
        return
    credentials = runtime.settings.outbound_credentials
    if credentials:
        runtime.transport = OutboundCredentialsTransport(runtime.transport, credentials)
    runtime.transport = MeteredTransport(runtime.transport, runtime.metrics)
    runtime.metrics.watch(runtime.store)
