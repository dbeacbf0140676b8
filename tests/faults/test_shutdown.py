"""Graceful shutdown: SIGTERM lets sends in flight finish, within the drain timeout.

uvicorn stops taking requests, the lifespan stops the delivery worker, which waits for the sends
in progress (``drain_timeout``). What the timeout cuts short stays pending, with the same bytes,
and goes out after the next start: the receiver sees one MessageID.

uvicorn re-raises the signal once its graceful shutdown is done, so the process ends "killed by
SIGTERM" after the drain; the log's last line proves the lifespan ran to its end.
"""

from __future__ import annotations

import signal

import pytest
from _faults_support import (
    Receivers,
    counts,
    query,
    read_request,
    settled,
    submit,
    wait_until,
)

pytestmark = pytest.mark.e2e

METERS = ["M1", "M2"]
STOPPED = (0, -signal.SIGTERM)
"""Exit statuses of a gateway that stopped on SIGTERM (uvicorn re-raises it after the drain)."""


def test_sigterm_drains_the_send_in_flight(bench):
    bench.start_headend()
    cb = bench.start_cb(faulty=True)
    cb.default = "slow:1.5"
    gateway = bench.gateway(drain_timeout=20).start()
    assert submit(bench.mr_server, read_request("TX-TERM", METERS, bench.cb_url))
    wait_until(lambda: cb.arrivals, "the notification to be on its way")

    assert gateway.terminate() in STOPPED

    found = counts(gateway.db)
    assert found["conversations"] == {"on-demand-read:delivered": 1}
    assert found["outbox"] == {"cim_request:sent": 1, "msp_notification:sent": 1}
    assert Receivers(bench.cb_app).reading_copies() == {"TX-TERM": 1}
    log = gateway.log.read_text(encoding="utf-8")
    assert "draining 1 sends in flight" in log
    assert "delivery stopped; 0 items wait in the outbox" in log


def test_what_the_drain_timeout_cuts_short_is_sent_after_the_restart(bench):
    bench.start_headend()
    cb = bench.start_cb(faulty=True)
    cb.plan = ["slow:3"]
    gateway = bench.gateway(drain_timeout=0.3).start()
    assert submit(bench.mr_server, read_request("TX-CUT", METERS, bench.cb_url))
    wait_until(lambda: cb.arrivals, "the notification to be on its way")

    assert gateway.terminate() in STOPPED

    assert query(
        gateway.db, "SELECT state, attempts FROM outbox WHERE purpose = ?", ("msp_notification",)
    ) == [("pending", 0)]
    assert counts(gateway.db)["conversations"] == {"on-demand-read:replied": 1}
    log = gateway.log.read_text(encoding="utf-8")
    assert "1 sends cut short by the drain timeout" in log
    assert "delivery stopped; 1 items wait in the outbox" in log

    gateway.start()
    wait_until(lambda: settled(gateway.db), "the notification to be delivered after the restart")
    assert counts(gateway.db)["conversations"] == {"on-demand-read:delivered": 1}
    wait_until(lambda: len(cb.arrivals) == 2, "the cut-short copy to reach the CB too")
    receivers = Receivers(bench.cb_app)
    wait_until(lambda: receivers.reading_copies().get("TX-CUT") == 2, "both copies recorded")
    assert len(receivers.readings()["TX-CUT"]) == 1, "two copies, one MessageID"
    assert cb.bodies[0] == cb.bodies[1], "the same bytes both times"
