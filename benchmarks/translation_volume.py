"""Translation at volume: streaming throughput and memory for 1×, 10× and 100× the input.

For each size (meter reads; three readingValues per meter) a ReadingChangedNotification is written
to a temporary file, then each case runs in a fresh Python process so one case's memory cannot
pollute another's: the streaming translator MultiSpeak → CIM 2013, the streaming translator
CIM 2013 → MultiSpeak (its input made by the first), and the baseline, lxml parse + serialize of
the very same MultiSpeak file. Reported: meter reads per second, the resident-set high-water mark
(``resource.getrusage``) and, with ``--tracemalloc``, the peak of Python allocations. The last
lines say whether memory grows with the input, as measured ratios.

    python benchmarks/translation_volume.py [--reads 2000] [--scales 1 10 100] [--tracemalloc]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from lxml import etree

from mspcim import ns
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41.meter_reading import (
    MeterID,
    MeterReading,
    ReadingTypeCode,
    ReadingValue,
    build_meter_reading,
)

START = datetime(2026, 1, 1, tzinfo=UTC)
VALUES_PER_METER = 3
BASELINE = "baseline: lxml parse+serialize (MSP)"
TO_CIM = "streaming MultiSpeak 4.1 → CIM 2013"
TO_MSP = "streaming CIM 2013 → MultiSpeak 4.1"


def write_notification(path: Path, meters: int) -> None:
    """The notification of ``benchmarks/translation.py``, written incrementally (any size)."""
    header = MultiSpeakMsgHeader(app_name="bench", message_id="b-1", time_stamp=START)
    with path.open("wb") as sink, etree.xmlfile(sink, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element(ns.qname(ns.SOAP11, "Envelope"), nsmap={"soap": ns.SOAP11}):
            with xf.element(ns.qname(ns.SOAP11, "Header")):
                xf.write(build_header(header))
            body = ns.qname(ns.SOAP11, "Body")
            notification = ns.qname(ns.MSP41, "ReadingChangedNotification")
            with xf.element(body), xf.element(notification, nsmap={None: ns.MSP41}):
                with xf.element(ns.qname(ns.MSP41, "changedMeterReads")):
                    holder = etree.Element(ns.qname(ns.MSP41, "holder"), nsmap={None: ns.MSP41})
                    for index in range(meters):
                        xf.write(build_meter_reading(holder, _meter_reading(index)))
                        holder.clear()
                with xf.element(ns.qname(ns.MSP41, "transactionID")):
                    xf.write("BENCH-1")


def _meter_reading(index: int) -> MeterReading:
    values = []
    for step in range(VALUES_PER_METER):
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
    return MeterReading(
        meter_id=MeterID(f"M{index:07d}", service_type="Electric"),
        reading_values=values,
        device_id=f"D{index}",
    )


# --- one case, in a fresh process


def child(mode: str, path: str, trace: bool) -> None:
    """Run one case and print seconds, RSS high-water (bytes) and tracemalloc peak as JSON."""
    from mspcim.harmonize.streaming import translate_stream

    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    values = 0
    with open(path, "rb") as source, open(os.devnull, "wb") as sink:
        if mode == "baseline":
            sink.write(etree.tostring(etree.parse(source)))
        else:
            values = translate_stream(source, sink, "cim" if mode == "to-cim" else "msp41").values
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"seconds": seconds, "rss": rss, "peak": peak, "values": values}))


def run(mode: str, path: Path, trace: bool = False) -> dict[str, float]:
    done = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            mode,
            str(path),
            *(["--tracemalloc"] if trace else []),
        ],
        capture_output=True,
        check=True,
        text=True,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=2000, help="meter reads at 1×")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.tracemalloc)
        return

    from mspcim.harmonize.streaming import translate_stream

    rows = []
    with tempfile.TemporaryDirectory(prefix="mspcim-volume-") as folder:
        for scale in args.scales:
            reads = args.reads * scale
            msp = Path(folder, f"msp-{reads}.xml")
            write_notification(msp, reads // VALUES_PER_METER)
            cim = Path(folder, f"cim-{reads}.xml")
            with msp.open("rb") as source, cim.open("wb") as sink:
                translate_stream(source, sink, "cim")
            for name, mode, path in (
                (BASELINE, "baseline", msp),
                (TO_CIM, "to-cim", msp),
                (TO_MSP, "to-msp", cim),
            ):
                measured = run(mode, path, args.tracemalloc and mode != "baseline")
                rows.append((scale, reads, path.stat().st_size, name, measured))
            cim.unlink()
            msp.unlink()

    header = f"{'scale':>5} {'reads':>8} {'input MB':>9}  {'case':38} {'reads/s':>10} {'× base':>7} {'RSS MB':>8} {'peak MB':>8}"
    print(f"{VALUES_PER_METER} readingValues per meter; each case in a fresh process\n")
    print(header)
    print("-" * len(header))
    base: dict[int, float] = {}
    for scale, reads, size, name, measured in rows:
        if name == BASELINE:
            base[scale] = measured["seconds"]
        ratio = measured["seconds"] / base[scale]
        peak = f"{measured['peak'] / 1e6:8.1f}" if measured["peak"] else f"{'-':>8}"
        print(
            f"{scale:>4}× {reads:>8,} {size / 1e6:9.1f}  {name:38} {reads / measured['seconds']:10,.0f} "
            f"{ratio:7.1f} {measured['rss'] / 1e6:8.1f} {peak}"
        )
    small, large = min(args.scales), max(args.scales)
    print()
    for name in (BASELINE, TO_CIM, TO_MSP):
        measured = {scale: m for scale, _, _, n, m in rows if n == name}
        growth = measured[large]["rss"] / measured[small]["rss"]
        verdict = (
            "flat: memory does not grow with the input" if growth < 1.5 else "grows with the input"
        )
        line = f"RSS {large}× / {small}×, {name}: {growth:.2f} ({verdict})"
        if measured[large]["peak"]:
            line += (
                f"; tracemalloc peak ratio {measured[large]['peak'] / measured[small]['peak']:.2f}"
            )
        print(line)


if __name__ == "__main__":
    main()
