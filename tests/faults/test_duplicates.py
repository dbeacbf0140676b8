"""Duplicate submissions from both sides: answered as before, processed once.

A MultiSpeak caller sends the same request many times at once and again later (same MessageID,
then new MessageIDs with the same transactionID); the CIM side posts its reply a second time.
The gateway runs as its own process; its store and the CB's records show one conversation and
one delivery per transactionID.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from _faults_support import (
    connect_disconnect_request,
    counts,
    query,
    read_request,
    settled,
    submit,
    wait_until,
)

from mspcim import xmlsafe
from mspcim.cim.envelope import read_message
from mspcim.cim.message import ReplyResult
from mspcim.soap import SoapVersion, read_envelope

pytestmark = pytest.mark.e2e

METERS = ["M1", "M2"]


def fault_reason(response: httpx.Response) -> str:
    envelope = read_envelope(xmlsafe.parse(response.content))
    assert envelope.fault is not None, response.text
    return envelope.fault.reason


def test_duplicate_submissions_are_answered_as_before_and_processed_once(bench):
    bench.start_headend()
    bench.start_cb()
    gateway = bench.gateway().start()
    read = read_request("TX-DUP", METERS, bench.cb_url)
    switch = connect_disconnect_request("TX-DUP-CD", METERS, bench.cb_url)

    with ThreadPoolExecutor(max_workers=8) as pool:
        reads = list(pool.map(lambda _: submit(bench.mr_server, read), range(8)))
        switches = list(pool.map(lambda _: submit(bench.cd_server, switch), range(4)))
    later = [
        submit(bench.mr_server, read_request("TX-DUP", METERS, bench.cb_url, f"MSG-NEW-{n}"))
        for n in range(2)
    ]
    reused = submit(bench.mr_server, read_request("TX-OTHER", ["M9"], bench.cb_url, "MSG-TX-DUP"))

    assert {r.status_code for r in reads + switches + later} == {200}
    assert len({r.content for r in reads + later}) == 1, "one answer, byte for byte"
    assert len({r.content for r in switches}) == 1
    assert reused.status_code == 500
    assert "MessageID MSG-TX-DUP was already used by this caller" in fault_reason(reused)
    wait_until(lambda: settled(gateway.db), "both conversations to end")

    found = counts(gateway.db)
    assert found["conversations"] == {
        "on-demand-read:delivered": 1,
        "connect-disconnect:delivered": 1,
        "connect-disconnect-meter:delivered": len(METERS),
    }
    assert found["outbox"] == {
        "cim_request:sent": 1,
        "msp_notification:sent": 1,
        "connect_disconnect_request:sent": 1,
        "connect_disconnect_notification:sent": len(METERS),
    }
    repeated = query(
        gateway.db, "SELECT kind, COUNT(*) FROM message_log WHERE kind LIKE '%(repeated)'"
        " GROUP BY kind ORDER BY kind",
    )  # fmt: skip
    assert repeated == [
        ("InitiateConnectDisconnect (repeated)", 3),
        ("InitiateMeterReadingsByMeterID (repeated)", 9),
    ], "every repetition is on record"
    assert len(bench.headend_app.state.requests) == 2, "the CIM side asked once per conversation"
    [notification] = bench.cb_app.state.notifications
    assert notification.transaction_id == "TX-DUP" and sorted(notification.meter_ids) == METERS
    switched = [c for c in bench.cb_app.state.calls if c.operation == "CDStateChangedNotification"]
    assert sorted(c.parsed.state_change.meter_id.value for c in switched) == METERS

    # the head-end posts its reply again: answered as before, nothing sent twice
    [(reply,)] = query(
        gateway.db,
        "SELECT body FROM message_log WHERE direction = 'in' AND kind = 'ResponseMessage'"
        " AND correlation_id IN"
        " (SELECT correlation_id FROM read_transaction WHERE flow = 'on-demand-read')",
    )
    first = httpx.post(
        f"{gateway.url}/cim/reply",
        content=reply,
        headers={"content-type": SoapVersion.SOAP11.content_type()},
        timeout=10,
    )
    second = httpx.post(
        f"{gateway.url}/cim/reply",
        content=reply,
        headers={"content-type": SoapVersion.SOAP11.content_type()},
        timeout=10,
    )
    assert first.status_code == 200 and first.content == second.content
    bench.check(first.content)
    answer = read_message(read_envelope(xmlsafe.parse(first.content)).first_body)
    assert answer.reply.result is ReplyResult.OK
    assert len(bench.cb_app.state.notifications) == 1
    assert counts(gateway.db)["outbox"]["msp_notification:sent"] == 1
