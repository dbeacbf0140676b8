"""On-demand read round trip through the gateway, against the same hops without it.

Gateway path: InitiateMeterReadingsByMeterID → gateway → get MeterReadings → head-end (sync) →
gateway → ReadingChangedNotification → CB server; timed from the POST until the CB holds the
notification. Baseline, measured in the same run on the same simulators: the two hops a caller
would make itself (get MeterReadings straight to the head-end, then the same-size notification
straight to the CB). Also GetLatestReadingByMeterID through the gateway vs the head-end directly.

    python benchmarks/round_trip.py [--reads 100] [--meters 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))

from _common import percentiles

from mspcim import ns, xmlsafe
from mspcim.cim.envelope import build_message, soap_action
from mspcim.gateway.app import create_app
from mspcim.gateway.config import GatewaySettings
from mspcim.gateway.serving import BackgroundServer, free_port
from mspcim.harmonize.meter_reading_messages import get_latest_to_request, initiate_to_request
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41.meter_reading import MeterID
from mspcim.multispeak.v41.operations import (
    GetLatestReadingByMeterID,
    InitiateMeterReadingsByMeterID,
    build_get_latest_reading_by_meter_id,
    build_initiate_meter_readings_by_meter_id,
)
from mspcim.sim.cb import CbSettings, create_cb_app
from mspcim.sim.headend import HeadEndSettings, create_headend_app
from mspcim.soap import SoapVersion, build_envelope

SOAP11 = SoapVersion.SOAP11


def msp_envelope(body) -> bytes:  # type: ignore[no-untyped-def]
    header = build_header(MultiSpeakMsgHeader(app_name="bench"))
    return xmlsafe.serialize(build_envelope(SOAP11, [body], [header]))


def wait_for(items: list, count: int, timeout: float = 10.0) -> None:  # type: ignore[type-arg]
    deadline = time.perf_counter() + timeout
    while len(items) < count:
        if time.perf_counter() > deadline:
            raise TimeoutError(f"only {len(items)} of {count} notifications arrived")
        time.sleep(0.0002)


def row(name: str, seconds: list[float], per: int) -> None:
    stats = percentiles(seconds)
    print(
        f"{name:46} {1000 * stats['p50']:8.2f} {1000 * stats['p95']:8.2f} {1000 * stats['p99']:8.2f}"
        f" {per / stats['mean']:10.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=100, help="on-demand reads per case")
    parser.add_argument("--meters", type=int, default=5, help="meters per read")
    args = parser.parse_args()
    meters = [MeterID(f"M{index:05d}") for index in range(args.meters)]
    cb_app = create_cb_app(CbSettings())
    headend_app = create_headend_app(HeadEndSettings(mode="sync", seed=1))
    with (
        tempfile.TemporaryDirectory() as folder,
        BackgroundServer(cb_app) as cb,
        BackgroundServer(headend_app) as headend,
    ):
        port = free_port()
        settings = GatewaySettings(
            port=port,
            cim_endpoint=f"{headend.url}/",
            db_path=Path(folder) / "bench.db",
            poll_interval=0.05,
        )
        with (
            BackgroundServer(create_app(settings), port=port) as gateway,
            httpx.Client(timeout=30) as client,
        ):
            mr_server = f"{gateway.url}/multispeak/v41/MR_Server"
            notifications = cb_app.state.notifications

            def through_gateway(number: int) -> float:
                body = build_initiate_meter_readings_by_meter_id(
                    InitiateMeterReadingsByMeterID(meters, f"{cb.url}/CB_Server", f"T{number}")
                )
                before = len(notifications)
                started = time.perf_counter()
                response = client.post(
                    mr_server,
                    content=msp_envelope(body),
                    headers=SOAP11.headers(
                        ns.MSP41_ACTION_PREFIX + "InitiateMeterReadingsByMeterID"
                    ),
                )
                response.raise_for_status()
                wait_for(notifications, before + 1)
                return time.perf_counter() - started

            sample_notification = None

            def direct(number: int) -> float:
                nonlocal sample_notification
                request = initiate_to_request(
                    InitiateMeterReadingsByMeterID(meters, None, f"D{number}"),
                    None,
                    message_id=f"d-{number}",
                    reply_address=None,
                )
                request.header.async_reply_flag = False  # type: ignore[union-attr]
                started = time.perf_counter()
                answer = client.post(
                    f"{headend.url}/",
                    content=xmlsafe.serialize(build_envelope(SOAP11, [build_message(request)])),
                    headers=SOAP11.headers(soap_action(request)),
                )
                answer.raise_for_status()
                response = client.post(
                    f"{cb.url}/CB_Server",
                    content=sample_notification,
                    headers=SOAP11.headers(ns.MSP41_ACTION_PREFIX + "ReadingChangedNotification"),
                )
                response.raise_for_status()
                return time.perf_counter() - started

            def latest_gateway(number: int) -> float:
                body = build_get_latest_reading_by_meter_id(
                    GetLatestReadingByMeterID(meters[number % len(meters)])
                )
                started = time.perf_counter()
                client.post(
                    mr_server,
                    content=msp_envelope(body),
                    headers=SOAP11.headers(ns.MSP41_ACTION_PREFIX + "GetLatestReadingByMeterID"),
                ).raise_for_status()
                return time.perf_counter() - started

            def latest_direct(number: int) -> float:
                request = get_latest_to_request(
                    GetLatestReadingByMeterID(meters[number % len(meters)]),
                    None,
                    message_id=f"l-{number}",
                )
                started = time.perf_counter()
                client.post(
                    f"{headend.url}/",
                    content=xmlsafe.serialize(build_envelope(SOAP11, [build_message(request)])),
                    headers=SOAP11.headers(soap_action(request)),
                ).raise_for_status()
                return time.perf_counter() - started

            for number in range(5):  # warm-up, and a real notification to replay in the baseline
                through_gateway(-number - 1)
            sample_notification = notifications[-1].raw
            cases = [
                ("baseline: head-end get + CB notification direct", direct, args.meters),
                ("on-demand read through the gateway", through_gateway, args.meters),
                ("baseline: head-end get, one meter, direct", latest_direct, 1),
                ("GetLatestReadingByMeterID through the gateway", latest_gateway, 1),
            ]
            print(
                f"{args.reads} sequential reads per case, {args.meters} meters per on-demand read "
                f"({3 * args.meters} reading values), head-end synchronous, loopback HTTP\n"
            )
            header = f"{'case':46} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'meters/s':>10}"
            print(header)
            print("-" * len(header))
            for name, fn, per in cases:
                row(name, [fn(number) for number in range(args.reads)], per)
            counts = gateway_counts(gateway.url, client)
            print(f"\ngateway store after the run: {counts}")


def gateway_counts(url: str, client: httpx.Client) -> object:
    return client.get(f"{url}/health").json()["store"]


if __name__ == "__main__":
    main()
