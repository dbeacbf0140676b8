"""Scaling out: on-demand reads with 1, 2 and 3 gateway workers on PostgreSQL, against the
single-process SQLite default, in the same run — and where the time goes.

Every process is a real one, as deployed: ``mspcim serve`` workers (``--worker-id N``, one
PostgreSQL database per case, or the SQLite default), the head-end simulator answering
synchronously and the CB simulator (``mspcim sim headend|cb``), PostgreSQL started by
``scripts/services/postgres.sh`` (or ``--store-url``). This process is the MultiSpeak caller:
``--concurrency`` callers send InitiateMeterReadingsByMeterID to the workers in turn (the load
balancer's round robin, without a proxy in the way), then the store says when each read was
delivered. Measured per case:

- *reads/s*: reads delivered (ReadingChangedNotification taken by the CB) per second of the burst;
- *ack*: latency of the answer to the caller; *e2e*: from acceptance until the CB took the
  notification (the store's ``created_at`` → ``updated_at``), p50/p95/p99;
- *CPU*: seconds of CPU per 100 reads of each process group (workers, PostgreSQL server processes,
  simulators, this caller), from /proc; the group busiest against the wall time is the bottleneck.

    python benchmarks/workers.py [--reads 300] [--meters 5] [--concurrency 24] [--store-url URL]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).parent))

from _common import percentiles

from mspcim import ns, xmlsafe
from mspcim.gateway.serving import free_port
from mspcim.gateway.store import MessageStore
from mspcim.gateway.store_postgres import PostgresEngine
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41.meter_reading import MeterID
from mspcim.multispeak.v41.operations import (
    ExpirationTime,
    InitiateMeterReadingsByMeterID,
    build_initiate_meter_readings_by_meter_id,
)
from mspcim.soap import SoapVersion, build_envelope

ROOT = Path(__file__).resolve().parents[1]
HEADERS = SoapVersion.SOAP11.headers(ns.MSP41_ACTION_PREFIX + "InitiateMeterReadingsByMeterID")
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def postgres_pids() -> list[int]:
    """The PostgreSQL server's processes (postmaster and backends) on this machine."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def started(command: list[str], log: Path, url: str) -> subprocess.Popen[bytes]:
    """A process of ``python -m mspcim …``, once ``url`` answers."""
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mspcim", *command], stdout=out, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{command[0]} exited: see {log}")
        try:
            httpx.get(url, timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"{command} did not start: see {log}")


@dataclass
class Case:
    """One deployment: its workers and what was measured."""

    name: str
    store: str
    store_url: str | None
    workers: int
    synchronous_commit: bool = True
    ports: list[int] = field(default_factory=list)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    rates: list[float] = field(default_factory=list)
    ack: list[float] = field(default_factory=list)
    end_to_end: list[float] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)
    """Process group → CPU seconds spent during the measured bursts."""
    reads: int = 0
    commits: int = 0
    """Transactions (queries included) committed during the measured bursts (PostgreSQL)."""
    syncs: int = 0
    """WAL syncs (each an fsync a committing worker may wait for) during the bursts."""

    def start(self, folder: Path, headend: str) -> None:
        for number in range(1, self.workers + 1):
            port = free_port()
            config = folder / f"{self.name}-{number}.toml".replace(" ", "_")
            lines = [
                "[gateway]",
                f'cim_endpoint = "{headend}"',
                f'db_path = "{folder / (self.name.replace(" ", "_") + ".db")}"',
                f'store = "{self.store}"',
                "poll_interval = 0.05",
            ]
            if self.store_url:
                lines.append(f'store_url = "{self.store_url}"')
            config.write_text("\n".join(lines) + "\n", encoding="utf-8")
            command = ["serve", "--config", str(config), "--port", str(port)]
            command += ["--worker-id", str(number), "--log-level", "WARNING"]
            log = folder / f"{config.stem}.log"
            self.processes.append(started(command, log, f"http://127.0.0.1:{port}/health"))
            self.ports.append(port)

    def open_store(self, folder: Path) -> MessageStore:
        if self.store_url:
            return MessageStore(engine=PostgresEngine(self.store_url))
        return MessageStore(folder / (self.name.replace(" ", "_") + ".db"))

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(30)


def request(transaction_id: str, meters: list[MeterID], cb_url: str) -> bytes:
    body = build_initiate_meter_readings_by_meter_id(
        InitiateMeterReadingsByMeterID(meters, cb_url, transaction_id, ExpirationTime(1, "Hours"))
    )
    header = build_header(MultiSpeakMsgHeader(app_name="bench", message_id=transaction_id))
    return xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [body], [header]))


def burst(
    case: Case,
    store: MessageStore,
    label: str,
    reads: int,
    meters: list[MeterID],
    args: argparse.Namespace,
) -> tuple[float, list[float], list[float]]:
    """``reads`` reads by ``args.concurrency`` callers; reads/s until all delivered, latencies."""
    ids = [f"{label}-{n}" for n in range(reads)]
    acks: list[float] = []
    lock = threading.Lock()
    local = threading.local()

    def read(number: int) -> None:
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(timeout=60)
        port = case.ports[number % len(case.ports)]
        content = request(ids[number], meters, args.cb_url)
        begun = time.perf_counter()
        url = f"http://127.0.0.1:{port}/multispeak/v41/MR_Server"
        client.post(url, content=content, headers=HEADERS).raise_for_status()
        with lock:
            acks.append(time.perf_counter() - begun)

    begun = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        list(pool.map(read, range(reads)))
    marks = ",".join("?" for _ in ids)
    while True:
        rows = store.read(
            f"SELECT created_at, updated_at FROM read_transaction WHERE state = 'delivered'"
            f" AND transaction_id IN ({marks})",
            ids,
        )
        if len(rows) == reads:
            break
        if time.perf_counter() - begun > 300:
            raise TimeoutError(f"{case.name}: {len(rows)} of {reads} delivered after 300 s")
        time.sleep(0.02)
    elapsed = time.perf_counter() - begun
    return reads / elapsed, acks, [row[1] - row[0] for row in rows]


def groups(case: Case, simulators: dict[str, int]) -> dict[str, list[int]]:
    return {
        "workers": [process.pid for process in case.processes],
        "PostgreSQL": postgres_pids() if case.store == "postgresql" else [],
        "head-end sim": [simulators["head-end sim"]],
        "CB sim": [simulators["CB sim"]],
        "caller (this)": [os.getpid()],
    }


def cpu_by_process(processes: dict[str, list[int]]) -> dict[str, dict[int, float]]:
    """Group → process id → CPU seconds so far (processes that come and go counted apart)."""
    return {name: {pid: cpu_seconds(pid) for pid in pids} for name, pids in processes.items()}


def measure(
    case: Case,
    folder: Path,
    meters: list[MeterID],
    args: argparse.Namespace,
    simulators: dict[str, int],
) -> None:
    store = case.open_store(folder)
    try:
        burst(case, store, f"warm-{case.name}", 30, meters, args)
        for number in range(args.rounds):
            commits = committed(case)
            before = cpu_by_process(groups(case, simulators))
            rate, acks, e2e = burst(case, store, f"r{number}-{case.name}", args.reads, meters, args)
            after = cpu_by_process(groups(case, simulators))
            for name, spent in after.items():
                used = sum(seconds - before[name].get(pid, 0.0) for pid, seconds in spent.items())
                case.cpu[name] = case.cpu.get(name, 0.0) + used
            case.rates.append(rate)
            case.ack.extend(acks)
            case.end_to_end.extend(e2e)
            case.reads += args.reads
            transactions, syncs = committed(case)
            case.commits += transactions - commits[0]
            case.syncs += syncs - commits[1]
    finally:
        store.close()


def committed(case: Case) -> tuple[int, int]:
    """Transactions committed in the case's database, and WAL syncs of the server, so far."""
    if not case.store_url:
        return 0, 0
    with psycopg.connect(case.store_url, autocommit=True) as connection:
        [transactions] = connection.execute(
            "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"
        ).fetchone() or (0,)
        [syncs] = connection.execute("SELECT wal_sync FROM pg_stat_wal").fetchone() or (0,)
    return int(transactions), int(syncs)


def commit_latency(url: str, synchronous_commit: bool, count: int = 200) -> float:
    """Seconds one small write transaction takes to commit on the server (median)."""
    times = []
    with psycopg.connect(url, autocommit=True) as connection:
        setting = "on" if synchronous_commit else "off"
        connection.execute(f"SET synchronous_commit = {setting}")
        connection.execute("CREATE TABLE IF NOT EXISTS commit_probe (n integer)")
        for number in range(count):
            begun = time.perf_counter()
            connection.execute("INSERT INTO commit_probe VALUES (%s)", (number,))
            times.append(time.perf_counter() - begun)
    return sorted(times)[len(times) // 2]


def fresh_database(url: str, name: str, synchronous_commit: bool = True) -> str:
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
        if not synchronous_commit:
            admin.execute(f"ALTER DATABASE {name} SET synchronous_commit = off")
    return f"{url.rsplit('/', 1)[0]}/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=300, help="reads per case and round")
    parser.add_argument("--meters", type=int, default=5, help="meters per read")
    parser.add_argument("--concurrency", type=int, default=24, help="callers at once")
    parser.add_argument("--rounds", type=int, default=2, help="rounds per case")
    parser.add_argument("--store-url", help="PostgreSQL server (default: one started here)")
    args = parser.parse_args()
    meters = [MeterID(f"M{index:05d}") for index in range(args.meters)]
    folder_handle = tempfile.TemporaryDirectory(prefix="mspcim-workers-")
    folder = Path(folder_handle.name)
    service: Path | None = None
    simulators: list[subprocess.Popen[bytes]] = []
    cases: list[Case] = []
    try:
        server_url = args.store_url
        if server_url is None:
            service = Path(tempfile.mkdtemp(prefix="mspcim-postgres-"))
            service.chmod(0o755)
            script = ROOT / "scripts" / "services" / "postgres.sh"
            started_pg = subprocess.run(
                ["bash", str(script), "start", str(service)], capture_output=True, text=True
            )
            if started_pg.returncode != 0:
                raise SystemExit(f"PostgreSQL cannot be started: {started_pg.stderr.strip()}")
            server_url = started_pg.stdout.strip().splitlines()[-1]
        headend_port, cb_port = free_port(), free_port()
        simulators.append(
            started(
                ["sim", "headend", "--port", str(headend_port), "--mode", "sync", "--seed", "1"],
                folder / "headend.log",
                f"http://127.0.0.1:{headend_port}/",
            )
        )
        simulators.append(
            started(
                ["sim", "cb", "--port", str(cb_port)],
                folder / "cb.log",
                f"http://127.0.0.1:{cb_port}/",
            )
        )
        args.cb_url = f"http://127.0.0.1:{cb_port}/CB_Server"
        pids = {"head-end sim": simulators[0].pid, "CB sim": simulators[1].pid}
        cases = [Case("SQLite, 1 process", "sqlite", None, 1)] + [
            Case(
                f"PostgreSQL, {n} workers",
                "postgresql",
                fresh_database(server_url, f"bench_{n}"),
                n,
            )
            for n in (1, 2, 3)
        ]
        lazy = fresh_database(server_url, "bench_lazy", synchronous_commit=False)
        cases.append(
            Case("PG, 3, sync_commit=off", "postgresql", lazy, 3, synchronous_commit=False)
        )
        args.commit_ms = {
            setting: 1000 * commit_latency(cases[1].store_url or "", setting)
            for setting in (True, False)
        }
        for case in cases:
            case.start(folder, f"http://127.0.0.1:{headend_port}/")
            try:
                measure(case, folder, meters, args, pids)
            finally:
                case.stop()
        report(cases, args)
    finally:
        for process in simulators:
            process.terminate()
            process.wait(30)
        if service is not None:
            subprocess.run(
                ["bash", str(ROOT / "scripts/services/postgres.sh"), "stop", str(service)]
            )
        folder_handle.cleanup()


def report(cases: list[Case], args: argparse.Namespace) -> None:
    print(
        f"{args.rounds} rounds per case of {args.reads} on-demand reads ({args.meters} meters each) "
        f"by {args.concurrency} callers at once; head-end synchronous; loopback HTTP; "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end (other work on\n"
        "the machine skews every number: run it on a quiet one)\n"
    )
    header = (
        f"{'case':24} {'reads/s':>8}   {'ack p50':>8} {'p95':>7} {'p99':>7}   "
        f"{'e2e p50':>8} {'p95':>7} {'p99':>7}"
    )
    print(header + "\n" + "-" * len(header))
    for case in cases:
        ack, e2e = percentiles(case.ack), percentiles(case.end_to_end)
        rate = sum(case.rates) / len(case.rates)
        print(
            f"{case.name:24} {rate:8.1f}   {1000 * ack['p50']:8.1f} {1000 * ack['p95']:7.1f} "
            f"{1000 * ack['p99']:7.1f}   {1000 * e2e['p50']:8.1f} {1000 * e2e['p95']:7.1f} "
            f"{1000 * e2e['p99']:7.1f}"
        )
    names = list(cases[0].cpu)
    print("\nCPU seconds per 100 reads, by process group (share of one CPU during the bursts)\n")
    header = f"{'case':24} " + " ".join(f"{name:>17}" for name in names)
    print(header + "\n" + "-" * len(header))
    for case in cases:
        wall = sum(args.reads / rate for rate in case.rates)
        cells = []
        for name in names:
            seconds = case.cpu.get(name, 0.0)
            share = seconds / wall if wall else 0.0
            cells.append(f"{100 * seconds / case.reads:9.2f} ({100 * share:4.0f}%)")
        print(f"{case.name:24} " + " ".join(f"{cell:>17}" for cell in cells))
    print(
        f"\nstore: one commit takes {args.commit_ms[True]:.2f} ms on this server "
        f"({args.commit_ms[False]:.2f} ms with synchronous_commit=off)\n"
    )
    for case in cases:
        if not case.commits:
            continue
        commit_ms = args.commit_ms[case.synchronous_commit]
        busy = case.syncs * commit_ms / 1000
        wall = sum(args.reads / rate for rate in case.rates)
        print(
            f"{case.name:24} {case.commits / case.reads:5.1f} transactions and "
            f"{case.syncs / case.reads:4.1f} WAL syncs per read: the server syncs "
            f"{100 * busy / wall:3.0f}% of the time"
        )
    print(
        "\ntimes in ms; ack = answer to InitiateMeterReadingsByMeterID, e2e = from acceptance until\n"
        "the CB took the ReadingChangedNotification (store timestamps). A share near 100 % per\n"
        "process is a process saturated: the workers' share is summed over the workers."
    )


if __name__ == "__main__":
    main()
