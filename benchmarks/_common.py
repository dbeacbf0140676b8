"""Shared helpers for the benchmark scripts: sample messages, timing, percentiles, memory."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from mspcim import xmlsafe
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41.meter_reading import MeterID, MeterReading, ReadingTypeCode, ReadingValue
from mspcim.multispeak.v41.operations import (
    ReadingChangedNotification,
    build_reading_changed_notification,
)
from mspcim.soap import SoapVersion, build_envelope

START = datetime(2026, 1, 1, tzinfo=UTC)


def notification_bytes(meters: int, values_per_meter: int = 3) -> bytes:
    """A SOAP ReadingChangedNotification with ``meters`` × ``values_per_meter`` readings."""
    reads = []
    for index in range(meters):
        values = []
        for step in range(values_per_meter):
            kind = step % 3
            values.append(
                ReadingValue(
                    value=str(Decimal(10_000 + index) + Decimal(step) / 1000),
                    units=("kWh", "kW", "V")[kind],
                    reading_type="Demand" if kind == 1 else None,
                    field_name=("PosKWh", "MaxKW", "Voltage")[kind],
                    time_stamp=START + timedelta(minutes=15 * step),
                    reading_type_code=ReadingTypeCode("0.0.0.1.1.1.12.0.0.0.0.0.0.0.0.3.72.0")
                    if kind == 0
                    else None,
                )
            )
        reads.append(
            MeterReading(
                meter_id=MeterID(f"M{index:07d}", service_type="Electric"),
                reading_values=values,
                device_id=f"D{index}",
            )
        )
    body = build_reading_changed_notification(ReadingChangedNotification(reads, "BENCH-1"))
    header = build_header(MultiSpeakMsgHeader(app_name="bench", message_id="b-1", time_stamp=START))
    return xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [body], [header]))


def measure(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of ``repeat`` calls (after one warm-up call)."""
    fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def peak_memory(fn: Callable[[], object]) -> int:
    """Peak bytes allocated by Python during one call (tracemalloc)."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def percentiles(values: list[float]) -> dict[str, float]:
    """p50, p95, p99 and mean of ``values``."""
    ordered = sorted(values)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    return {
        "p50": pick(0.50),
        "p95": pick(0.95),
        "p99": pick(0.99),
        "mean": statistics.fmean(ordered),
    }
