"""The cost of durability: on-demand reads with the SQLite store (WAL) against an in-memory one.

The gateways run in this process on loopback HTTP with the same simulators (head-end answering
synchronously, CB server); only the message store differs: the gateway's SQLite file in WAL mode
with ``synchronous=NORMAL`` (survives SIGKILL: every accepted read, outbox item and answer is
committed before the caller hears back), the same with ``synchronous=FULL`` (also survives a
power cut: an fsync per commit), or ``:memory:`` (same code, nothing survives). Measured in the
same run, cases interleaved:

- *ack*: InitiateMeterReadingsByMeterID answered (store-before-ack: the write is on the path);
- *end to end*: from the POST until the CB server holds the ReadingChangedNotification;
  both from reads made one at a time;
- *throughput*: reads completed per second with ``--concurrency`` callers at once.

    python benchmarks/durability.py [--reads 100] [--meters 5] [--concurrency 8] [--rounds 2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))

from _common import percentiles

from mspcim import ns, xmlsafe
from mspcim.gateway.app import create_app
from mspcim.gateway.config import GatewaySettings
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.serving import BackgroundServer, free_port
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41.meter_reading import MeterID
from mspcim.multispeak.v41.operations import (
    ExpirationTime,
    InitiateMeterReadingsByMeterID,
    build_initiate_meter_readings_by_meter_id,
)
from mspcim.sim.cb import CbSettings, create_cb_app
from mspcim.sim.headend import HeadEndSettings, create_headend_app
from mspcim.soap import SoapVersion, build_envelope

SOAP11 = SoapVersion.SOAP11
HEADERS = SOAP11.headers(ns.MSP41_ACTION_PREFIX + "InitiateMeterReadingsByMeterID")


class Arrivals:
    """The CB server app, noting when each notification arrived (by transactionID)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.state = inner.state
        self.arrived: dict[str, float] = {}
        self.changed = threading.Condition()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.inner(scope, receive, send)
        if scope["type"] == "http":
            now = time.perf_counter()
            with self.changed:
                for notification in self.state.notifications[len(self.arrived) :]:
                    self.arrived.setdefault(notification.transaction_id, now)
                self.changed.notify_all()

    def wait(self, transaction_id: str) -> float:
        with self.changed:
            if not self.changed.wait_for(lambda: transaction_id in self.arrived, 30):
                raise TimeoutError(f"no notification for {transaction_id}")
            return self.arrived[transaction_id]


@dataclass
class Case:
    """One gateway (one kind of store) with its own CB server, and what was measured."""

    name: str
    gateway: BackgroundServer
    cb: BackgroundServer
    cb_app: Arrivals
    ack: list[float] = field(default_factory=list)
    end_to_end: list[float] = field(default_factory=list)
    latency: tuple[list[float], list[float]] = field(default_factory=lambda: ([], []))
    """Ack and end-to-end seconds of the reads made one at a time."""
    throughput: list[float] = field(default_factory=list)

    @property
    def mr_server(self) -> str:
        return f"{self.gateway.url}/multispeak/v41/MR_Server"


def request(case: Case, transaction_id: str, meters: list[MeterID]) -> bytes:
    body = build_initiate_meter_readings_by_meter_id(
        InitiateMeterReadingsByMeterID(
            meters, f"{case.cb.url}/CB_Server", transaction_id, ExpirationTime(10, "Minutes")
        )
    )
    header = build_header(MultiSpeakMsgHeader(app_name="bench", message_id=transaction_id))
    return xmlsafe.serialize(build_envelope(SOAP11, [body], [header]))


def read(case: Case, client: httpx.Client, transaction_id: str, meters: list[MeterID]) -> None:
    """One on-demand read: ack latency now, end-to-end latency once the notification is in."""
    content = request(case, transaction_id, meters)
    started = time.perf_counter()
    client.post(case.mr_server, content=content, headers=HEADERS).raise_for_status()
    case.ack.append(time.perf_counter() - started)
    case.end_to_end.append(case.cb_app.wait(transaction_id) - started)


def burst(
    case: Case, label: str, reads: int, meters: list[MeterID], concurrency: int
) -> tuple[list[float], list[float], float]:
    """``reads`` reads by ``concurrency`` callers: ack and end-to-end latencies, reads/s."""
    ids = [f"{label}-{n}" for n in range(reads)]
    case.ack.clear()
    case.end_to_end.clear()
    started = time.perf_counter()
    with (
        httpx.Client(timeout=30) as client,
        ThreadPoolExecutor(max_workers=concurrency) as pool,
    ):
        list(pool.map(lambda tid: read(case, client, tid, meters), ids))
    return list(case.ack), list(case.end_to_end), reads / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=100, help="reads per case and round")
    parser.add_argument("--meters", type=int, default=5, help="meters per read")
    parser.add_argument("--concurrency", type=int, default=8, help="callers at once")
    parser.add_argument("--rounds", type=int, default=2, help="rounds (cases interleaved)")
    args = parser.parse_args()
    meters = [MeterID(f"M{index:05d}") for index in range(args.meters)]
    headend = BackgroundServer(create_headend_app(HeadEndSettings(mode="sync", seed=1))).start()
    folder = tempfile.TemporaryDirectory()
    cases: list[Case] = []
    try:
        for name, db_path, synchronous in (
            ("SQLite WAL (the gateway's)", Path(folder.name) / "bench.db", "NORMAL"),
            ("SQLite WAL, synchronous=FULL", Path(folder.name) / "full.db", "FULL"),
            ("in memory (:memory:)", Path(":memory:"), "NORMAL"),
        ):
            cb_app = Arrivals(create_cb_app(CbSettings()))
            cb = BackgroundServer(cb_app).start()
            port = free_port()
            settings = GatewaySettings(
                port=port, cim_endpoint=f"{headend.url}/", db_path=db_path, poll_interval=0.05
            )
            runtime = Runtime.create(settings)
            runtime.store.read(f"PRAGMA synchronous={synchronous}")
            gateway = BackgroundServer(create_app(settings, runtime), port=port).start()
            cases.append(Case(name, gateway, cb, cb_app))
        for case in cases:  # warm-up, not measured
            burst(case, f"warm-{id(case)}", 20, meters, args.concurrency)
        for number in range(args.rounds):
            for case in cases:
                ack, e2e, _ = burst(case, f"seq{number}-{id(case)}", args.reads, meters, 1)
                case.latency[0].extend(ack)
                case.latency[1].extend(e2e)
                label = f"par{number}-{id(case)}"
                case.throughput.append(burst(case, label, args.reads, meters, args.concurrency)[2])
        report(cases, args)
    finally:
        for case in cases:
            case.gateway.stop()
            case.cb.stop()
        headend.stop()
        folder.cleanup()


def report(cases: list[Case], args: argparse.Namespace) -> None:
    print(
        f"{args.rounds} rounds per store of {args.reads} on-demand reads one at a time (latency) "
        f"and {args.reads} by {args.concurrency} callers at once (reads/s); {args.meters} meters "
        "per read; head-end synchronous; loopback HTTP\n"
    )
    header = (
        f"{'store':28} {'ack p50':>8} {'p95':>7} {'p99':>7}   "
        f"{'e2e p50':>8} {'p95':>7} {'p99':>7}   {'reads/s':>8}"
    )
    print(header + "\n" + "-" * len(header))
    summary = {}
    for case in cases:
        ack, e2e = percentiles(case.latency[0]), percentiles(case.latency[1])
        rate = sum(case.throughput) / len(case.throughput)
        summary[case.name] = (ack, e2e, rate)
        print(
            f"{case.name:28} {1000 * ack['p50']:8.2f} {1000 * ack['p95']:7.2f} "
            f"{1000 * ack['p99']:7.2f}   {1000 * e2e['p50']:8.2f} {1000 * e2e['p95']:7.2f} "
            f"{1000 * e2e['p99']:7.2f}   {rate:8.1f}"
        )
    memory = summary["in memory (:memory:)"]
    for name, (ack, e2e, rate) in summary.items():
        if name == "in memory (:memory:)":
            continue
        print(
            f"\ncost of durability, {name} vs memory: "
            f"ack p50 {1000 * (ack['p50'] - memory[0]['p50']):+.2f} ms, "
            f"end-to-end p50 {1000 * (e2e['p50'] - memory[1]['p50']):+.2f} ms "
            f"(p99 {1000 * (e2e['p99'] - memory[1]['p99']):+.2f} ms), "
            f"throughput {100 * (rate - memory[2]) / memory[2]:+.1f} %"
        )
    print(
        "\ntimes in ms; ack = answer to InitiateMeterReadingsByMeterID, e2e = until the CB has it.\n"
        "The gateway's store (WAL, synchronous=NORMAL) keeps every commit through a crash of the\n"
        "process (SIGKILL); synchronous=FULL also through a power cut, at the cost of an fsync per\n"
        "commit."
    )


if __name__ == "__main__":
    main()
