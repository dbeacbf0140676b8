"""expTime is honoured: a reply later than the caller's expTime is kept, never delivered."""

from __future__ import annotations

import pytest

from mspcim import xmlsafe
from mspcim.cim.envelope import read_message
from mspcim.gateway.store import OutboxState, Purpose, TransactionState
from mspcim.multispeak.v41.operations import ExpirationTime
from mspcim.sim.headend import HeadEndSettings

pytestmark = pytest.mark.e2e


def test_reply_after_exptime_is_recorded_and_not_delivered(stack):
    stack.start(HeadEndSettings(mode="async", delay_seconds=2.5, seed=9))
    meters = ["M5001", "M5002"]

    errors = stack.initiate(meters, "TX-LATE", exp_time=ExpirationTime(1, "Seconds"))

    assert errors == []
    expired = stack.wait_state("TX-LATE", TransactionState.EXPIRED)
    assert expired.detail == "no reply before expTime"
    assert expired.expires_at - expired.created_at == pytest.approx(1.0)

    # the head-end still answers, 2.5 s after the request: the gateway takes the reply...
    [delivery] = stack.wait_until(
        lambda: list(stack.headend_app.state.deliveries), "the late reply"
    )
    assert delivery.delivered, delivery.error
    assert delivery.status_code == 200
    assert delivery.correlation_id == expired.correlation_id

    # ...keeps it in the message log...
    late = [
        message
        for message in stack.store.messages(expired.correlation_id)
        if (message.direction, message.side, message.kind) == ("in", "cim", "ResponseMessage")
    ]
    assert len(late) == 1
    reply = read_message(xmlsafe.parse(late[0].body))
    assert reply.header.correlation_id == expired.correlation_id
    assert len(reply.payload) == 1, "the late reply carries the readings"

    # ...and delivers nothing: the transaction stays EXPIRED, no notification is queued or sent
    assert stack.transaction("TX-LATE").state is TransactionState.EXPIRED
    stack.wait_outbox(Purpose.CIM_REQUEST, OutboxState.SENT)
    assert [item.purpose for item in stack.store.outbox()] == [Purpose.CIM_REQUEST]
    assert stack.cb_app.state.notifications == []
