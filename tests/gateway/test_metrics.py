"""``GET /metrics`` and ``GET /ready`` after real traffic: the counts are the traffic's.

Reads, a refused request, a ping and the CIM side's replies go through the in-process gateway;
a notification for a destination answering 503 is retried and given up. The Prometheus
exposition then says exactly that, and the store gauges agree with the store.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime

import httpx
import pytest
from lxml import etree
from prometheus_client.parser import text_string_to_metric_families

from mspcim import ns, xmlsafe
from mspcim.cim.envelope import build_message
from mspcim.cim.message import Header, Message, MessageKind, Reply, ReplyResult, Verb
from mspcim.cim.meter_readings_2013 import build_meter_readings
from mspcim.gateway.app import create_app
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.store import TransactionState
from mspcim.gateway.transport import HttpResponse, MockTransport
from mspcim.multispeak.v41.meter_reading import MeterID
from mspcim.multispeak.v41.operations import (
    ExpirationTime,
    InitiateMeterReadingsByMeterID,
    build_initiate_meter_readings_by_meter_id,
)
from mspcim.sim.readings import simulate_meter_readings
from mspcim.soap import SoapVersion, build_envelope

pytestmark = pytest.mark.anyio

CB_URL = "http://cb.test/CB_Server"
DOWN_URL = "http://down.test/CB_Server"


def initiate(transaction_id: str, response_url: str = CB_URL) -> etree._Element:
    return build_initiate_meter_readings_by_meter_id(
        InitiateMeterReadingsByMeterID(
            [MeterID("M1"), MeterID("M2")], response_url, transaction_id, ExpirationTime(1, "Hours")
        )
    )


def reply(correlation_id: str) -> bytes:
    document = build_meter_readings(
        simulate_meter_readings(["M1", "M2"], datetime(2026, 5, 1, tzinfo=UTC), random.Random(1))
    )
    message = Message(
        MessageKind.RESPONSE,
        Header(
            verb=Verb.REPLY,
            noun="MeterReadings",
            message_id=f"REPLY-{correlation_id}",
            correlation_id=correlation_id,
        ),
        reply=Reply(ReplyResult.OK),
        payload=[document],
    )
    return xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [build_message(message)]))


async def settle(gateway, transaction_ids: set[str], states: set[TransactionState]) -> None:
    for _ in range(500):
        found = {t.transaction_id: t.state for t in gateway.store.transactions()}
        if all(found.get(tid) in states for tid in transaction_ids):
            outbox = gateway.store.counts()["outbox"]
            if not outbox.get("pending"):
                return
        await asyncio.sleep(0.02)
    pytest.fail(f"transactions never settled: {gateway.store.transactions()}")


def scrape(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of the exposition, keyed by name and sorted labels."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


@pytest.fixture
async def metered(gateway):
    """The fixture's gateway, with a destination that answers 503 (``DOWN_URL``)."""

    async def route(url: str, body: bytes, headers: Mapping[str, str]) -> HttpResponse:
        if url == DOWN_URL:
            return HttpResponse(503, b"", {})
        return await gateway.peers.route(url, body, headers)

    settings = replace(gateway.runtime.settings)
    runtime = Runtime(settings, gateway.store, MockTransport(route), clock=gateway.peers.clock)
    app = create_app(settings, runtime)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://gateway.test"
    ) as client:
        yield type(gateway)(app, client, gateway.peers, runtime.transport)


async def test_metrics_count_the_traffic(metered):
    gateway = metered
    async with gateway.running():
        for number in range(3):
            assert (await gateway.soap(initiate(f"TX-{number}"))).status_code == 200
        assert (await gateway.soap(initiate("TX-DOWN", DOWN_URL))).status_code == 200
        refused = await gateway.client.post(
            "/multispeak/v41/MR_Server", content=b"<oops", headers={"content-type": "text/xml"}
        )
        assert refused.status_code == 500
        assert (await gateway.soap(etree.Element(ns.qname(ns.MSP41, "PingURL")))).status_code == 200
        await settle(gateway, {"TX-0", "TX-1", "TX-2", "TX-DOWN"}, {TransactionState.REQUESTED})
        for transaction in gateway.store.transactions():
            posted = await gateway.post(
                "/cim/reply", reply(transaction.correlation_id), SoapVersion.SOAP11.content_type()
            )
            assert posted.status_code == 200
        unknown = await gateway.post("/cim/reply", reply("NO-SUCH"), "text/xml")
        assert unknown.status_code == 200
        await settle(gateway, {"TX-0", "TX-1", "TX-2"}, {TransactionState.DELIVERED})
        await settle(gateway, {"TX-DOWN"}, {TransactionState.FAILED})
        response = await gateway.client.get("/metrics")
        counts = gateway.store.counts()

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    samples = scrape(response.text)

    def value(name: str, **labels: str) -> float:
        return samples.get((name, tuple(sorted(labels.items()))), 0.0)

    initiate_ok = {"side": "multispeak", "operation": "MR_Server:InitiateMeterReadingsByMeterID"}
    assert value("mspcim_messages_in_total", **initiate_ok, outcome="ok") == 4
    assert (
        value("mspcim_messages_in_total", side="multispeak", operation="unknown", outcome="refused")
        == 1
    )
    assert (
        value(
            "mspcim_messages_in_total",
            side="multispeak",
            operation="MR_Server:PingURL",
            outcome="ok",
        )
        == 1
    )
    assert (
        value("mspcim_messages_in_total", side="cim", operation="cim:MeterReadings", outcome="ok")
        == 4
    )
    assert (
        value(
            "mspcim_messages_in_total", side="cim", operation="cim:MeterReadings", outcome="failed"
        )
        == 1
    )
    assert value("mspcim_request_duration_seconds_count", endpoint="MR_Server") == 6
    assert value("mspcim_request_duration_seconds_count", endpoint="cim/reply") == 5
    assert value("mspcim_request_duration_seconds_sum", endpoint="MR_Server") > 0
    assert value("mspcim_messages_out_total", operation="GetMeterReadings", outcome="answered") == 4
    assert (
        value(
            "mspcim_messages_out_total", operation="ReadingChangedNotification", outcome="answered"
        )
        == 3
    )
    assert (
        value(
            "mspcim_messages_out_total", operation="ReadingChangedNotification", outcome="http-5xx"
        )
        == 3
    )
    assert value("mspcim_send_duration_seconds_count", operation="GetMeterReadings") == 4
    assert value("mspcim_delivery_retries_total", purpose="msp_notification") == 2  # 3 attempts
    assert value("mspcim_dead_letters_total", purpose="msp_notification") == 1
    assert value("mspcim_transactions", state="delivered") == 3
    assert value("mspcim_transactions", state="failed") == 1
    assert value("mspcim_outbox_items", state="sent") == 7
    assert value("mspcim_outbox_items", state="dead") == 1
    assert value("mspcim_outbox_depth") == 0
    assert counts["outbox"] == {"sent": 7, "dead": 1}


async def test_ready_needs_the_worker_and_a_writable_store(gateway):
    before = await gateway.client.get("/ready")
    async with gateway.running():
        ready = await gateway.client.get("/ready")
        health = await gateway.client.get("/health")
    after = await gateway.client.get("/ready")

    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "store": "writable", "worker": "running"}
    assert health.status_code == 200
    assert before.status_code == 503
    assert before.json()["problems"] == {"worker": "the delivery worker is not running"}
    assert after.status_code == 503  # the lifespan closed the store and stopped the worker
    assert set(after.json()["problems"]) == {"store", "worker"}
    assert "does not answer" in after.json()["problems"]["store"]
