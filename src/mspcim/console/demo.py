"""``mspcim demo``: the IEC TS 61968-14 Annex B on-demand read, played out on loopback.

Starts the CIM head-end simulator, the MultiSpeak CB simulator and the gateway on free ports,
asks for on-demand reads of a handful of meters (one of them unknown to the head-end), waits for
the ReadingChangedNotification, asks one GetLatestReadingByMeterID, and prints the conversation
with timings. Every message is written, pretty-printed, to a trace directory.
"""

from __future__ import annotations

import json
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from lxml import etree

from mspcim import ns, xmlsafe
from mspcim.cim.message import EnvelopeForm
from mspcim.gateway.app import create_app
from mspcim.gateway.config import GatewaySettings
from mspcim.gateway.serving import BackgroundServer, free_port
from mspcim.gateway.store import MessageStore
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41.meter_reading import MeterID
from mspcim.multispeak.v41.operations import (
    ExpirationTime,
    GetLatestReadingByMeterID,
    InitiateMeterReadingsByMeterID,
    build_get_latest_reading_by_meter_id,
    build_initiate_meter_readings_by_meter_id,
    read_get_latest_reading_response,
)
from mspcim.sim.cb import CbSettings, ReceivedNotification, create_cb_app
from mspcim.sim.headend import HeadEndSettings, create_headend_app
from mspcim.soap import SoapVersion, build_envelope, read_envelope

__all__ = ["DemoOptions", "DemoResult", "run_demo"]

UNKNOWN_METER = "M9999"


@dataclass(slots=True)
class DemoOptions:
    """What the demo does."""

    meters: int = 4
    """Known meters to read (an unknown one is added to show a failure)."""
    mode: str = "async"
    """Head-end reply mode: "async" (reply later to /cim/reply) or "sync"."""
    form: EnvelopeForm = EnvelopeForm.IEC61968_100
    """Envelope form the gateway and head-end speak."""
    delay: float = 0.3
    """Seconds the head-end takes before its asynchronous reply."""
    trace_dir: Path | None = None
    """Where to write the trace (a new temporary directory when None)."""
    timeout: float = 20.0
    """Seconds to wait for the notification."""


@dataclass(slots=True)
class DemoResult:
    """What happened, for the printer and for tests."""

    trace_dir: Path
    transaction_id: str
    notification: ReceivedNotification | None
    latest: object | None
    steps: list[dict[str, object]] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        """True when the notification arrived with readings."""
        return self.notification is not None and bool(
            self.notification.notification.changed_meter_reads
        )


def _pretty(body: bytes) -> bytes:
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
    try:
        return etree.tostring(etree.fromstring(body, parser), pretty_print=True, encoding="UTF-8")
    except etree.XMLSyntaxError:
        return body


def _call(url: str, body: etree._Element, operation: str) -> etree._Element:
    header = build_header(
        MultiSpeakMsgHeader(app_name="DemoCIS", user_id="demo", company="Demo Co-op").stamped()
    )
    envelope = build_envelope(SoapVersion.SOAP11, [body], [header])
    response = httpx.post(
        url,
        content=xmlsafe.serialize(envelope),
        headers=SoapVersion.SOAP11.headers(ns.MSP41_ACTION_PREFIX + operation),
        timeout=30,
    )
    return read_envelope(xmlsafe.parse(response.content)).first_body


def run_demo(options: DemoOptions, say: Callable[[str], None] = print) -> DemoResult:
    """Play the conversation and write the trace; ``say`` receives progress lines."""
    trace_dir = options.trace_dir or Path(tempfile.mkdtemp(prefix="mspcim-demo-"))
    trace_dir.mkdir(parents=True, exist_ok=True)
    cb_app = create_cb_app(CbSettings(record_path=trace_dir / "notifications.jsonl"))
    headend_app = create_headend_app(
        HeadEndSettings(
            mode="async" if options.mode == "async" else "sync",
            delay_seconds=options.delay,
            unknown_meters=frozenset({UNKNOWN_METER}),
            form=options.form,
            seed=61968,
        )
    )
    meters = [f"M{1001 + index}" for index in range(options.meters)] + [UNKNOWN_METER]
    transaction_id = f"DEMO-{uuid.uuid4().hex[:8]}"
    with BackgroundServer(cb_app) as cb, BackgroundServer(headend_app) as headend:
        settings = GatewaySettings(
            port=free_port(),
            cim_endpoint=f"{headend.url}/",
            cim_form=options.form,
            db_path=trace_dir / "gateway.db",
        )
        gateway_app = create_app(settings)
        with BackgroundServer(gateway_app, port=settings.port) as gateway:
            mr_server = f"{gateway.url}/multispeak/v41/MR_Server"
            say(f"gateway      {mr_server}")
            say(f"CIM head-end {headend.url}/ ({options.mode}, {options.form.value})")
            say(f"CB server    {cb.url}/CB_Server")
            say("")
            say(
                f"→ InitiateMeterReadingsByMeterID {', '.join(meters)} "
                f"transactionID={transaction_id}"
            )
            started = time.monotonic()
            answer = _call(
                mr_server,
                build_initiate_meter_readings_by_meter_id(
                    InitiateMeterReadingsByMeterID(
                        [MeterID(meter, service_type="Electric") for meter in meters],
                        f"{cb.url}/CB_Server",
                        transaction_id,
                        ExpirationTime(5, "Minutes"),
                    )
                ),
                "InitiateMeterReadingsByMeterID",
            )
            refused = len(answer.findall(f".//{{{ns.MSP41}}}errorObject"))
            took = 1000 * (time.monotonic() - started)
            say(f"← accepted at once ({refused} meters refused) in {took:.0f} ms")
            notification = _wait_for_notification(cb_app.state.notifications, options.timeout)
            elapsed = time.monotonic() - started
            latest = read_get_latest_reading_response(
                _call(
                    mr_server,
                    build_get_latest_reading_by_meter_id(
                        GetLatestReadingByMeterID(MeterID(meters[0]))
                    ),
                    "GetLatestReadingByMeterID",
                )
            )
            store: MessageStore = gateway_app.state.runtime.store
            steps = _write_trace(store, trace_dir)
    return DemoResult(trace_dir, transaction_id, notification, latest, steps, elapsed)


def _wait_for_notification(
    items: list[ReceivedNotification], timeout: float
) -> ReceivedNotification | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if items:
            return items[0]
        time.sleep(0.05)
    return None


def _write_trace(store: MessageStore, trace_dir: Path) -> list[dict[str, object]]:
    """Each logged message as a pretty-printed file, plus an index (trace.json)."""
    messages = store.messages()
    if not messages:
        return []
    start = messages[0].at
    steps: list[dict[str, object]] = []
    for number, message in enumerate(messages, start=1):
        kind = message.kind.split(" (")[0].replace(" ", "-")
        name = f"{number:02d}-{message.direction}-{message.side}-{kind}.xml"
        (trace_dir / name).write_bytes(_pretty(message.body))
        steps.append(
            {
                "file": name,
                "at_ms": round(1000 * (message.at - start), 1),
                "direction": message.direction,
                "side": message.side,
                "kind": message.kind,
                "peer": message.peer,
                "bytes": len(message.body),
                "correlation_id": message.correlation_id,
                "transaction_id": message.transaction_id,
            }
        )
    (trace_dir / "trace.json").write_text(json.dumps(steps, indent=2), encoding="utf-8")
    return steps
