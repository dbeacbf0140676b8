"""A v5 caller's read survives a gateway restart: the edition is stored with the conversation.

Gateway A accepts ``InitiateMeterReadingsByMeterIDs`` and stops before the head-end answers;
gateway B, on the same port and store, takes the reply and sends the caller the v5
``MeterReadingsNotification`` (not a 4.1 ReadingChangedNotification), once.
"""

from __future__ import annotations

import threading

import pytest
from _v50_support import V5Caller, guid, initiate_body, readings_of
from test_restart import gated_client

from mspcim.gateway.flows.on_demand_read50 import FLOW
from mspcim.gateway.store import TransactionState
from mspcim.sim.headend import HeadEndSettings

pytestmark = pytest.mark.e2e

METERS = [guid("RESTART-1"), guid("RESTART-2")]


def test_a_v5_read_is_answered_in_v5_by_the_restarted_gateway(stack):
    opened = threading.Event()
    stack.start_headend(
        HeadEndSettings(mode="async", seed=41, http_client_factory=gated_client(opened))
    )
    caller = V5Caller(stack).start()
    try:
        port = stack.start_gateway().port
        answer = caller.post(initiate_body(METERS, "TX-V5-RESTART", caller.not_server))
        assert answer.response.status_code == 200, answer.response.text
        waiting = stack.wait_state("TX-V5-RESTART", TransactionState.REQUESTED)
        stack.stop_gateway()

        stack.start_gateway(port=port)
        assert stack.transaction("TX-V5-RESTART").flow == FLOW
    finally:
        opened.set()

    [notification] = caller.notifications(1)
    assert notification.operation == "MeterReadingsNotification"
    assert notification.transaction_id == "TX-V5-RESTART"
    assert sorted(readings_of(notification)) == sorted(METERS)
    done = stack.wait_state("TX-V5-RESTART", TransactionState.DELIVERED)
    assert done.correlation_id == waiting.correlation_id
    kinds = [(m.direction, m.kind) for m in stack.store.messages(done.correlation_id)]
    assert kinds[0] == ("in", "InitiateMeterReadingsByMeterIDs")
    assert kinds[-1] == ("out", "MeterReadingsNotification")
