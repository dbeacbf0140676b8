"""The broker restarted mid-run (stop, then start on the same persistent data): every accepted
read is answered exactly once in effect — one ReadingChangedNotification per transactionID at the
CB, with the right meters — whatever was in flight, retried or delivered twice meanwhile."""

from __future__ import annotations

from collections import Counter

import pytest
from _broker_support import BrokerStack, wait_until

from mspcim.gateway.store import TransactionState
from mspcim.sim.headend import HeadEndSettings

pytestmark = pytest.mark.services

READS = 12


def meters_of(number: int) -> list[str]:
    return [f"M{number:02d}01", f"M{number:02d}02"]


def test_every_read_answered_once_across_a_broker_restart(
    own_broker, tmp_path, assert_schema_valid
):
    stack = BrokerStack(own_broker, tmp_path, assert_schema_valid)
    try:
        stack.start(HeadEndSettings(mode="async", delay_seconds=0.2, seed=5))
        for number in range(READS // 2):
            assert stack.initiate(meters_of(number), f"T-{number}") == []
        own_broker.restart()  # requests queued, replies pending, sends in flight
        for number in range(READS // 2, READS):
            assert stack.initiate(meters_of(number), f"T-{number}") == []

        def all_delivered() -> bool:
            states = [stack.transaction(f"T-{n}").state for n in range(READS)]
            return all(state is TransactionState.DELIVERED for state in states)

        wait_until(all_delivered, "every read to be delivered", timeout=90)
        notifications = stack.cb_app.state.notifications
        per_transaction = Counter(n.notification.transaction_id for n in notifications)
        assert per_transaction == Counter({f"T-{n}": 1 for n in range(READS)})
        for notification in notifications:
            number = int(notification.notification.transaction_id.split("-")[1])
            reads = notification.notification.changed_meter_reads
            assert sorted(r.meter_id.value for r in reads) == meters_of(number)
            assert all(r.error_string is None for r in reads), "no meter failed"
        assert stack.headend is not None
        assert stack.headend.client.connected and stack.gateway_app is not None
    finally:
        stack.close()
