"""The gateway SIGKILLed again and again mid-flow: every accepted message has its effect once.

On-demand reads and connect/disconnects are submitted while a killer thread SIGKILLs the gateway
at random moments and starts it again on the same port and store. The MultiSpeak caller sends
the same bytes again until it gets an answer; the head-end posts its replies and events until
the gateway takes them. When the dust settles, the store's counts and the receivers' records
show each transactionID opened one conversation, each was delivered, and each notification the
CB received for a transactionID (and meter) carries one MessageID: repetitions caused by a kill
are recognisable, so an idempotent receiver processed each once.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from _faults_support import (
    Receivers,
    connect_disconnect_request,
    counts,
    query,
    read_request,
    settled,
    submit,
    wait_until,
)

from mspcim import xmlsafe
from mspcim.multispeak.v41.operations import read_array_of_error_object_response
from mspcim.soap import read_envelope

pytestmark = pytest.mark.e2e

READS = 12
SWITCHES = 6
METERS = 2
KILLS = 6


def accepted(response) -> bool:
    envelope = read_envelope(xmlsafe.parse(response.content))
    return (
        response.status_code == 200
        and envelope.fault is None
        and read_array_of_error_object_response(envelope.first_body) == []
    )


def test_sigkill_at_random_points_loses_nothing_and_does_nothing_twice(bench):
    seed = random.randrange(1 << 30)
    chance = random.Random(seed)
    bench.start_headend()
    bench.start_cb(faulty=True).default = "slow:0.25"  # notifications in flight when it dies
    gateway = bench.gateway().start()
    jobs = [
        ("read", f"TX-READ-{n}", [f"R{n}-{m}" for m in range(METERS)]) for n in range(READS)
    ] + [("switch", f"TX-CD-{n}", [f"S{n}-{m}" for m in range(METERS)]) for n in range(SWITCHES)]
    chance.shuffle(jobs)
    submitted = threading.Event()

    def killer() -> None:
        for _ in range(KILLS):
            time.sleep(chance.uniform(0.1, 0.8))
            gateway.kill()
            gateway.start()
        submitted.wait(120)

    def send(job: tuple[str, str, list[str]]) -> bool:
        kind, transaction_id, meters = job
        if kind == "read":
            content = read_request(transaction_id, meters, bench.cb_url)
            return accepted(submit(bench.mr_server, content))
        content = connect_disconnect_request(transaction_id, meters, bench.cb_url)
        return accepted(submit(bench.cd_server, content))

    kills = threading.Thread(target=killer)
    kills.start()
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = []
        for job in jobs:
            answers.append(pool.submit(send, job))
            time.sleep(chance.uniform(0.05, 0.35))
        results = [answer.result() for answer in answers]
    submitted.set()
    kills.join()

    why = f"(seed {seed}; gateway log:\n{gateway.log_tail()})"
    assert all(results), f"every submission was accepted in the end {why}"
    assert gateway.kills == KILLS
    wait_until(lambda: settled(gateway.db), f"every conversation to end {why}")

    # the store: one conversation per transactionID, all delivered, nothing pending or dead
    opened = query(
        gateway.db,
        "SELECT transaction_id, COUNT(*) FROM read_transaction"
        " WHERE flow IN ('on-demand-read', 'connect-disconnect') GROUP BY transaction_id",
    )
    assert dict(opened) == {transaction_id: 1 for _, transaction_id, _ in jobs}, why
    found = counts(gateway.db)
    assert found["conversations"] == {
        "on-demand-read:delivered": READS,
        "connect-disconnect:delivered": SWITCHES,
        "connect-disconnect-meter:delivered": SWITCHES * METERS,
    }, why
    outbox = found["outbox"]
    assert not [key for key in outbox if key.endswith((":pending", ":dead"))], why
    requests = outbox.get("cim_request:sent", 0) + outbox.get("cim_request:cancelled", 0)
    assert requests == READS, "one CIM request per read (cancelled: its reply came first)"
    assert outbox["msp_notification:sent"] == READS
    assert outbox["connect_disconnect_request:sent"] == SWITCHES
    assert outbox["connect_disconnect_notification:sent"] == SWITCHES * METERS

    # the receivers: every conversation's outcome arrived, under one MessageID each
    receivers = Receivers(bench.cb_app)
    readings = receivers.readings()
    assert readings.keys() == {t for kind, t, _ in jobs if kind == "read"}, why
    assert all(len(ids) == 1 for ids in readings.values()), f"{readings} {why}"
    switches = receivers.switches()
    assert switches.keys() == {
        (t, meter) for kind, t, meters in jobs if kind == "switch" for meter in meters
    }, why
    assert all(len(ids) == 1 for ids in switches.values()), f"{switches} {why}"
    for notification in bench.cb_app.state.notifications:
        assert sorted(notification.meter_ids) == sorted(
            next(meters for _, t, meters in jobs if t == notification.transaction_id)
        )
        assert all(
            read.error_string is None for read in notification.notification.changed_meter_reads
        )

    # the operator's view says the same
    stats = subprocess.run(
        [sys.executable, "-m", "mspcim", "store", "stats", "--json", "--db", str(gateway.db)],
        capture_output=True,
        text=True,
        check=True,
    )
    reported = json.loads(stats.stdout)
    assert reported["pending"] == 0 and reported["dead_letters"] == 0
    assert reported["conversations"]["on-demand-read"] == {"delivered": READS}
    assert reported["conversations"]["connect-disconnect"] == {"delivered": SWITCHES}
