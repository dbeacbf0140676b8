"""Annex B on-demand read with the gateway's CIM side on ActiveMQ: caller → gateway → request
queue → head-end → reply queue → gateway → CB, values asserted."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from _broker_support import BrokerStack, wait_until

from mspcim.gateway.store import TransactionState

pytestmark = pytest.mark.services


def test_on_demand_read_over_the_broker(broker_stack: BrokerStack) -> None:
    stack = broker_stack.start()
    since = datetime.now(UTC)
    assert stack.initiate(["M1001", "M1002"], "T-1") == []
    wait_until(lambda: stack.cb_app.state.notifications, "a ReadingChangedNotification")
    notification = stack.cb_app.state.notifications[0]
    reads = notification.notification.changed_meter_reads
    assert sorted(read.meter_id.value for read in reads) == ["M1001", "M1002"]
    assert since
    transaction = wait_until(
        lambda: (t := stack.transaction("T-1")).state is TransactionState.DELIVERED and t,
        "the read to be delivered",
    )
    assert transaction.meter_ids == ["M1001", "M1002"]
