"""What every end-to-end helper shares: how long to wait, how to wait, a gateway's SOAP answer.

Imported by ``conftest`` (the ``Stack``) and the per-conversation helpers (``_cd_support``,
``_events_support``), so a wait lasts as long everywhere and an answer looks the same.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import httpx
import pytest
from lxml import etree

from mspcim.soap import SoapEnvelope

T = TypeVar("T")

WAIT = 10.0
"""Seconds any test waits for an event before failing (generous: never a timing assertion)."""


def wait_until(predicate: Callable[[], T | None], what: str, timeout: float = WAIT) -> T:
    """Poll ``predicate`` until it returns something true; fail the test after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout}s for {what}", pytrace=False)
        time.sleep(0.02)


@dataclass
class Answer:
    """A SOAP answer of the gateway: the HTTP response and its parsed envelope."""

    response: httpx.Response
    envelope: SoapEnvelope

    @property
    def body(self) -> etree._Element:
        return self.envelope.first_body
