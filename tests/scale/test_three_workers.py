"""Three gateway workers on one PostgreSQL store, one SIGKILLed mid-run: every request answered once.

Three ``mspcim serve`` processes (worker ids 1, 2, 3) share a PostgreSQL database and sit behind a
round-robin TCP load balancer, which is the gateway's public URL: MultiSpeak callers and the CIM
side's replies reach whichever worker the balancer picks. On-demand reads and connect/disconnects
stream in through the balancer while worker 2 is SIGKILLed (and not restarted: the others take
over what it held once its claims' lease ends). The CIM side runs over HTTP, or over ActiveMQ
(competing consumers on the reply queue), with the broker restarted once mid-run.

Proof, when the dust settles: the store holds one conversation per transactionID, every read and
every meter's outcome delivered, nothing pending or dead; the CB simulator received, for each
transactionID (and meter), notifications under one MessageID only — an idempotent receiver
processed each once; and the workers' logs show conversations completed by another worker than
the one that accepted them. Everything the CB and the head-end received is schema-valid.
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from _balancer import Balancer
from _faults_support import (
    Faulty,
    GatewayProcess,
    Receivers,
    _toml,
    connect_disconnect_request,
    persistent_client,
    read_request,
    submit,
    wait_until,
)

from mspcim import xmlsafe
from mspcim.gateway.broker.settings import BrokerSettings
from mspcim.gateway.serving import BackgroundServer, free_port
from mspcim.multispeak.v41.operations import read_array_of_error_object_response
from mspcim.sim.cb import CbSettings, create_cb_app
from mspcim.sim.headend import HeadEndSettings, create_headend_app
from mspcim.soap import read_envelope
from services import ActiveMQ, postgres, start_activemq  # noqa: F401 - fixture

pytestmark = [pytest.mark.services, pytest.mark.e2e]

READS = 24
SWITCHES = 8
METERS = 2
WORKERS = 3
VICTIM = 2
FINAL = ("delivered", "expired", "failed")
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


@dataclass
class Worker(GatewayProcess):
    """One ``mspcim serve --worker-id N`` sharing the PostgreSQL store (and maybe the broker)."""

    broker: dict[str, Any] = field(default_factory=dict)

    @property
    def worker_id(self) -> str:
        return str(self.settings["worker_id"])

    def _config(self) -> Path:
        path = super()._config()
        if self.broker:
            lines = ["", "[broker]", *(f"{k} = {_toml(v)}" for k, v in self.broker.items())]
            with path.open("a", encoding="utf-8") as config:
                config.write("\n".join(lines) + "\n")
        return path


@dataclass
class Cluster:
    """PostgreSQL, the simulators, three workers behind a balancer; torn down by ``close``."""

    tmp_path: Path
    store_url: str
    transport: str
    broker: ActiveMQ | None = None
    headend: Any = None
    cb_app: Any = None
    workers: list[Worker] = field(default_factory=list)
    balancer: Balancer | None = None
    servers: list[BackgroundServer] = field(default_factory=list)

    def start(self) -> Cluster:
        cb = Faulty(create_cb_app(CbSettings()))
        cb.default = "slow:0.2"  # notifications in flight when the victim dies
        self.cb_app = cb
        self.servers.append(BackgroundServer(cb, port=0).start())
        headend = HeadEndSettings(
            mode="async", delay_seconds=0.2, seed=None, http_client_factory=persistent_client
        )
        cim_endpoint = "http://127.0.0.1:9/"
        broker: dict[str, Any] = {}
        if self.transport == "broker":
            from mspcim.sim.headend_broker import HeadEndOnBroker

            self.broker = start_activemq()
            broker = {
                "url": self.broker.url,
                "prefix": "scale",
                "cim_transport": "broker",
                "reconnect_max_delay": 0.5,
                "send_timeout": 3.0,
            }
            on_broker = BrokerSettings(**broker).validate()
            self.headend = HeadEndOnBroker(headend, on_broker).run_in_thread()
        else:
            self.headend = create_headend_app(headend)
            server = BackgroundServer(self.headend, port=0).start()
            self.servers.append(server)
            cim_endpoint = f"{server.url}/"
        ports = [free_port() for _ in range(WORKERS)]
        self.balancer = Balancer(ports).start()
        for number, port in enumerate(ports, start=1):
            folder = self.tmp_path / f"worker-{number}"
            folder.mkdir()
            settings = {
                "store": "postgresql",
                "store_url": self.store_url,
                "worker_id": str(number),
                "public_url": self.balancer.url,
                "request_timeout": 2.0,
                "outbox_lease": 6.0,
            }
            worker = Worker(folder, cim_endpoint, settings, port=port, broker=broker)
            self.workers.append(worker)
        with ThreadPoolExecutor(WORKERS) as pool:
            list(pool.map(Worker.start, self.workers))
        return self

    @property
    def cb_url(self) -> str:
        return f"{self.servers[0].url}/CB_Server"

    def endpoint(self, name: str) -> str:
        assert self.balancer is not None
        return f"{self.balancer.url}/multispeak/v41/{name}"

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        if self.balancer is not None:
            self.balancer.stop()
        if self.transport == "broker" and self.headend is not None:
            self.headend.close()
        for server in self.servers:
            server.stop()
        if self.broker is not None:
            self.broker.remove()


def accepted(response: Any) -> bool:
    envelope = read_envelope(xmlsafe.parse(response.content))
    return (
        response.status_code == 200
        and envelope.fault is None
        and read_array_of_error_object_response(envelope.first_body) == []
    )


def rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url) as connection:
        return list(connection.execute(sql).fetchall())


def settled(url: str, expected: int) -> bool:
    """Every conversation opened and answered (reads and meter outcomes final), nothing pending."""
    [(opened, unfinished, pending)] = rows(
        url,
        "SELECT (SELECT COUNT(*) FROM read_transaction WHERE flow IN"
        " ('on-demand-read', 'connect-disconnect')),"
        " (SELECT COUNT(*) FROM read_transaction WHERE (flow <> 'connect-disconnect'"
        f" AND state NOT IN {FINAL}) OR state IN ('accepted', 'requested')),"
        " (SELECT COUNT(*) FROM outbox WHERE state = 'pending')",
    )
    return opened == expected and unfinished == 0 and pending == 0


def logged(worker: Worker, message: str) -> set[str]:
    """Correlation ids of the log lines of ``worker`` starting with ``message``."""
    text = worker.log.read_text(encoding="utf-8", errors="replace")
    pattern = re.compile(rf"{re.escape(message)}.*correlation_id=({UUID})")
    return {found.group(1) for found in pattern.finditer(text)}


@pytest.fixture(params=["http", "broker"])
def cluster(request, postgres, tmp_path, assert_schema_valid):  # noqa: F811 - fixture
    created = Cluster(tmp_path, postgres.fresh_database(), request.param)
    try:
        yield created.start()
    finally:
        created.close()
        cb = created.cb_app
        for call in cb.state.calls if cb is not None else ():
            assert_schema_valid(call.raw, endpoint="CB_Server")
        if request.param == "http" and created.headend is not None:
            for received in created.headend.state.requests:
                assert_schema_valid(received.body)
        elif created.headend is not None:
            for delivery in created.headend.answered:
                assert_schema_valid(delivery.body)


def test_three_workers_answer_every_request_once_though_one_dies(cluster):
    seed = random.randrange(1 << 30)
    chance = random.Random(seed)
    jobs = [("read", f"TX-READ-{n}", [f"R{n}-{m}" for m in range(METERS)]) for n in range(READS)]
    jobs += [
        ("switch", f"TX-CD-{n}", [f"S{n}-{m}" for m in range(METERS)]) for n in range(SWITCHES)
    ]
    chance.shuffle(jobs)
    victim = cluster.workers[VICTIM - 1]

    def send(job: tuple[str, str, list[str]]) -> bool:
        kind, transaction_id, meters = job
        if kind == "read":
            content = read_request(transaction_id, meters, cluster.cb_url)
            return accepted(submit(cluster.endpoint("MR_Server"), content))
        content = connect_disconnect_request(transaction_id, meters, cluster.cb_url)
        return accepted(submit(cluster.endpoint("CD_Server"), content))

    with ThreadPoolExecutor(max_workers=6) as pool:
        answers = []
        for number, job in enumerate(jobs):
            if number == len(jobs) // 3:
                threading.Thread(target=victim.kill).start()  # mid-run, sends in flight
            if number == 2 * len(jobs) // 3 and cluster.broker is not None:
                cluster.broker.restart()  # queued requests, pending replies, sends in flight
            answers.append(pool.submit(send, job))
            time.sleep(chance.uniform(0.02, 0.15))
        results = [answer.result() for answer in answers]

    url = cluster.store_url
    headend = getattr(cluster.headend, "app", cluster.headend)
    failed = [d for d in headend.state.deliveries if d.error]
    why = f"(seed {seed}; head-end posts failed: {failed}; victim's log:\n{victim.log_tail()})"
    assert all(results), f"every submission was accepted in the end {why}"
    assert victim.kills == 1 and not victim.running()
    wait_until(lambda: settled(url, len(jobs)), f"every conversation to end {why}", timeout=120)

    # the store: one conversation per transactionID, every outcome delivered, nothing left over
    opened = rows(
        url,
        "SELECT transaction_id, COUNT(*) FROM read_transaction"
        " WHERE flow IN ('on-demand-read', 'connect-disconnect') GROUP BY transaction_id",
    )
    assert dict(opened) == {transaction_id: 1 for _, transaction_id, _ in jobs}, why
    states = Counter(
        {
            f"{flow}:{state}": count
            for flow, state, count in rows(
                url, "SELECT flow, state, COUNT(*) FROM read_transaction GROUP BY flow, state"
            )
        }
    )
    assert states["on-demand-read:delivered"] == READS, f"{states} {why}"
    assert states["connect-disconnect-meter:delivered"] == SWITCHES * METERS, f"{states} {why}"
    # every connect/disconnect is delivered, or (the flow's per-process progress, see
    # test_flows_across_workers.py) left REPLIED with each of its meters delivered
    assert (
        states["connect-disconnect:delivered"] + states["connect-disconnect:replied"] == SWITCHES
    ), f"{states} {why}"
    outbox = dict(
        ((purpose, state), count)
        for purpose, state, count in rows(
            url, "SELECT purpose, state, COUNT(*) FROM outbox GROUP BY purpose, state"
        )
    )
    assert not [key for key in outbox if key[1] in ("pending", "dead")], f"{outbox} {why}"
    assert outbox[("msp_notification", "sent")] == READS
    assert outbox[("connect_disconnect_notification", "sent")] == SWITCHES * METERS
    requests = outbox.get(("cim_request", "sent"), 0) + outbox.get(("cim_request", "cancelled"), 0)
    assert requests == READS, "one CIM request per read (cancelled: its reply came first)"

    # the CB: each read's and each meter's outcome under one MessageID, with the right meters
    receivers = Receivers(cluster.cb_app)
    readings = receivers.readings()
    assert readings.keys() == {t for kind, t, _ in jobs if kind == "read"}, why
    assert all(len(ids) == 1 for ids in readings.values()), f"{readings} {why}"
    switches = receivers.switches()
    assert switches.keys() == {
        (t, meter) for kind, t, meters in jobs if kind == "switch" for meter in meters
    }, why
    assert all(len(ids) == 1 for ids in switches.values()), f"{switches} {why}"
    for notification in cluster.cb_app.state.notifications:
        expected = next(meters for _, t, meters in jobs if t == notification.transaction_id)
        assert sorted(notification.meter_ids) == sorted(expected)
        reads = notification.notification.changed_meter_reads
        assert all(read.error_string is None for read in reads), "no meter failed"

    # the workers shared the work: a reply completed reads another worker had accepted
    assert cluster.balancer is not None
    assert all(cluster.balancer.connections[w.port] > 0 for w in cluster.workers)
    # (a worker logs before it commits: ids of work the victim did not commit are left out)
    stored = {row[0] for row in rows(url, "SELECT correlation_id FROM read_transaction")}
    accepted_by = {
        w.worker_id: logged(w, "on-demand read accepted") & stored for w in cluster.workers
    }
    replied_by = {w.worker_id: logged(w, "reply translated") & stored for w in cluster.workers}
    reads = {
        row[0]
        for row in rows(
            url, "SELECT correlation_id FROM read_transaction WHERE flow = 'on-demand-read'"
        )
    }
    assert set().union(*accepted_by.values()) == reads
    assert set().union(*replied_by.values()) == reads
    across = {
        correlation
        for worker, ids in replied_by.items()
        if worker != str(VICTIM)
        for correlation in ids
        if correlation not in accepted_by[worker]
    }
    assert across, f"some reads completed on another worker than the one that accepted them {why}"
    assert logged(victim, "on-demand read accepted") | logged(
        victim, "connect/disconnect accepted"
    ), "the victim had accepted work before it died"
