"""Destinations that fail: down for a while, slow past the timeout, HTTP 500, a SOAP Fault.

The gateway runs as its own process. Each test ends with every accepted read delivered exactly
once in effect, the store's counts proving it, and the receivers' records agreeing.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from _faults_support import (
    counts,
    query,
    read_request,
    settled,
    submit,
    wait_until,
)

from mspcim.gateway.serving import free_port
from mspcim.sim.headend import HeadEndSettings

pytestmark = pytest.mark.e2e

METERS = ["M1", "M2"]


def store_cli(db, *args: str) -> subprocess.CompletedProcess[str]:
    """``mspcim store …`` on the gateway's store, as an operator runs it."""
    return subprocess.run(
        [sys.executable, "-m", "mspcim", "store", *args, "--db", str(db)],
        capture_output=True,
        text=True,
        check=False,
    )


def attempts_of(db, purpose: str) -> list[tuple[str, int, str | None]]:
    return query(
        db,
        "SELECT state, attempts, last_error FROM outbox WHERE purpose = ? ORDER BY id",
        (purpose,),
    )


@pytest.mark.parametrize("down", ["cim", "cb"])
def test_a_destination_down_for_a_while_gets_everything_once_it_is_up(bench, down):
    port = free_port()  # nothing listens there yet
    if down == "cim":
        bench.start_cb()
        gateway = bench.gateway(f"http://127.0.0.1:{port}/").start()
        purpose = "cim_request"
    else:
        bench.start_headend()
        bench.cb_url = f"http://127.0.0.1:{port}/CB_Server"
        gateway = bench.gateway().start()
        purpose = "msp_notification"
    reads = [f"TX-DOWN-{n}" for n in range(3)]
    for transaction_id in reads:
        assert submit(bench.mr_server, read_request(transaction_id, METERS, bench.cb_url))

    def failing() -> bool:
        found = attempts_of(gateway.db, purpose)
        return len(found) == len(reads) and all(attempts >= 2 for _, attempts, _ in found)

    wait_until(failing, f"the {purpose} items to fail twice each")
    assert all("cannot reach" in (error or "") for _, _, error in attempts_of(gateway.db, purpose))
    assert counts(gateway.db)["outbox"].get(f"{purpose}:pending") == len(reads)

    if down == "cim":
        bench.start_headend(port=port)
    else:
        bench.start_cb(port=port)
    wait_until(lambda: settled(gateway.db), "every read to be delivered")

    found = counts(gateway.db)
    assert found["conversations"] == {"on-demand-read:delivered": len(reads)}
    assert found["outbox"] == {"cim_request:sent": len(reads), "msp_notification:sent": len(reads)}
    assert all(
        state == "sent" and attempts > 2 for state, attempts, _ in attempts_of(gateway.db, purpose)
    )
    notifications = bench.cb_app.state.notifications
    assert sorted(n.transaction_id for n in notifications) == reads, "each delivered once"
    assert all(sorted(n.meter_ids) == METERS for n in notifications)
    assert len(bench.headend_app.state.requests) == len(reads), "sent when it could be, once"


def test_a_slow_destination_times_out_and_is_asked_again(bench):
    headend = bench.start_headend(HeadEndSettings(seed=3), faulty=True)
    headend.plan = ["slow:3", "slow:3"]  # past the 1 s request timeout, twice
    bench.start_cb()
    gateway = bench.gateway(request_timeout=1.0).start()

    assert submit(bench.mr_server, read_request("TX-SLOW", METERS, bench.cb_url))
    wait_until(lambda: settled(gateway.db), "the read to be delivered")

    [(state, attempts, _)] = attempts_of(gateway.db, "cim_request")
    assert (state, attempts) == ("sent", 3)
    assert headend.arrivals == ["slow:3", "slow:3", "pass"]
    message_ids = {r.message.header.message_id for r in headend.state.requests if r.message}
    assert len(message_ids) == 1, "the same request each time: the head-end can tell"
    [notification] = bench.cb_app.state.notifications
    assert notification.transaction_id == "TX-SLOW"
    assert all(
        len(read.reading_values) == 3 for read in notification.notification.changed_meter_reads
    )
    assert "timeout talking to" in gateway.log.read_text(encoding="utf-8")


def test_http_500_is_retried_and_a_soap_fault_is_a_dead_letter_until_replayed(bench):
    headend = bench.start_headend(HeadEndSettings(seed=4), faulty=True)
    cb = bench.start_cb(faulty=True)
    gateway = bench.gateway().start()

    # a CB answering 500 without SOAP is retried until it takes the notification
    cb.plan = ["500", "500"]
    assert submit(bench.mr_server, read_request("TX-500", METERS, bench.cb_url))
    wait_until(lambda: settled(gateway.db), "the first read to be delivered")
    assert attempts_of(gateway.db, "msp_notification") == [("sent", 3, None)]

    # a CB answering a SOAP Fault refuses: a dead letter at once, the conversation failed
    cb.plan = ["fault"]
    assert submit(bench.mr_server, read_request("TX-FAULT", METERS, bench.cb_url))
    wait_until(lambda: settled(gateway.db), "the second read to be given up")
    dead = attempts_of(gateway.db, "msp_notification")[1]
    assert dead[:2] == ("dead", 1) and "refused by policy" in dead[2]
    assert counts(gateway.db)["conversations"] == {
        "on-demand-read:delivered": 1,
        "on-demand-read:failed": 1,
    }

    # a head-end answering a SOAP Fault: the caller hears it, every meter with an errorString
    headend.plan = ["fault"]
    assert submit(bench.mr_server, read_request("TX-CIM-FAULT", METERS, bench.cb_url))
    wait_until(lambda: settled(gateway.db), "the third read to be answered")
    refused = [n for n in bench.cb_app.state.notifications if n.transaction_id == "TX-CIM-FAULT"]
    [notification] = refused
    reads = notification.notification.changed_meter_reads
    assert sorted(read.meter_id.value for read in reads) == METERS
    assert all("refused by policy" in (read.error_string or "") for read in reads)

    # the operator sees the dead letter and replays it; the CB takes it now
    listed = json.loads(store_cli(gateway.db, "dlq", "--json").stdout)
    assert [(item["purpose"], item["attempts"]) for item in listed] == [
        ("msp_notification", 1),
        ("cim_request", 1),
    ]
    notification_id = listed[0]["id"]
    replayed = store_cli(gateway.db, "replay", str(notification_id))
    assert replayed.returncode == 0 and f"replayed #{notification_id}" in replayed.stdout
    wait_until(lambda: settled(gateway.db), "the replayed notification to be delivered")

    found = counts(gateway.db)
    assert found["conversations"] == {"on-demand-read:delivered": 3}
    assert found["outbox"] == {
        "cim_request:sent": 2,
        "cim_request:dead": 1,  # refused by the head-end; its failure was delivered instead
        "msp_notification:sent": 3,
    }
    copies = sorted(n.transaction_id for n in bench.cb_app.state.notifications)
    assert copies == ["TX-500", "TX-CIM-FAULT", "TX-FAULT"], "each processed once by the CB"
    assert cb.arrivals == ["500", "500", "pass", "fault", "pass", "pass"]
