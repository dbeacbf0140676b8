"""Fixtures of the broker tests: the session's ActiveMQ, a broker of a test's own, a stack."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from _broker_support import BrokerStack

from services import ActiveMQ, activemq, start_activemq  # noqa: F401 - fixture


@pytest.fixture
def broker_stack(
    activemq: ActiveMQ,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
    assert_schema_valid: Callable[..., None],
) -> Iterator[BrokerStack]:
    """A ``BrokerStack`` on the session's broker, with destination names of its own."""
    stack = BrokerStack(activemq, tmp_path, assert_schema_valid)
    try:
        yield stack
    finally:
        stack.close()


@pytest.fixture
def own_broker() -> Iterator[ActiveMQ]:
    """A broker of the test's own, for tests that stop and restart it."""
    broker = start_activemq()
    try:
        yield broker
    finally:
        broker.remove()
