"""Translation throughput: a ReadingChangedNotification of thousands of reads, both ways.

Baseline measured in the same run: lxml parse + serialize of the very same bytes (the floor any
XML-to-XML translator pays). Prints meter reads per second, latency percentiles per message,
the ratio to the baseline, and peak Python memory.

    python benchmarks/translation.py [--meters 2000] [--repeat 10]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).parent))

from _common import measure, notification_bytes, peak_memory, percentiles

from mspcim import xmlsafe
from mspcim.harmonize.translator import translate_document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meters", type=int, default=2000)
    parser.add_argument("--values", type=int, default=3, help="readingValues per meter")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    msp = notification_bytes(args.meters, args.values)
    reads = args.meters * args.values
    cim = xmlsafe.serialize(translate_document(xmlsafe.parse(msp), "cim").document)

    def baseline(data: bytes) -> bytes:
        return etree.tostring(etree.fromstring(data))

    def to_cim() -> bytes:
        return xmlsafe.serialize(translate_document(xmlsafe.parse(msp), "cim").document)

    def to_msp() -> bytes:
        return xmlsafe.serialize(translate_document(xmlsafe.parse(cim), "msp41").document)

    print(
        f"input: {reads} meter reads ({args.meters} meters × {args.values}); "
        f"MultiSpeak {len(msp) / 1e6:.2f} MB, CIM {len(cim) / 1e6:.2f} MB; {args.repeat} runs each\n"
    )
    header = (
        f"{'case':34} {'reads/s':>12} {'p50 ms':>9} {'p95 ms':>9} {'× baseline':>11} {'peak MB':>9}"
    )
    print(header)
    print("-" * len(header))
    rows = [
        ("baseline: lxml parse+serialize (MSP)", lambda: baseline(msp), None),
        ("MultiSpeak 4.1 → CIM 2013", to_cim, "base_msp"),
        ("baseline: lxml parse+serialize (CIM)", lambda: baseline(cim), None),
        ("CIM 2013 → MultiSpeak 4.1", to_msp, "base_cim"),
    ]
    base: dict[str, float] = {}
    for name, fn, against in rows:
        stats = percentiles(measure(fn, args.repeat))
        memory = peak_memory(fn) / 1e6
        if against is None:
            base["base_msp" if "MSP" in name else "base_cim"] = stats["p50"]
            ratio = "1.0"
        else:
            ratio = f"{stats['p50'] / base[against]:.1f}"
        print(
            f"{name:34} {reads / stats['p50']:12,.0f} {1000 * stats['p50']:9.1f} {1000 * stats['p95']:9.1f} {ratio:>11} {memory:9.1f}"
        )


if __name__ == "__main__":
    main()
