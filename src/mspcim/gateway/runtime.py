"""The gateway's runtime: settings, store, transport, clock and id source, shared by all parts.

Flows and endpoints receive this one object instead of reaching for globals, so tests inject a
fixed clock, predictable ids and a mock transport.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from mspcim.gateway.config import GatewaySettings
from mspcim.gateway.metrics import GatewayMetrics
from mspcim.gateway.security.masking import mask_secrets
from mspcim.gateway.security.tls import outbound_verification
from mspcim.gateway.store import MessageStore
from mspcim.gateway.transport import HttpTransport, Transport

__all__ = ["Runtime", "new_message_id"]

log = logging.getLogger("mspcim.gateway")


def new_message_id() -> str:
    """A fresh message id (UUID 4), as IEC 61968-100 recommends."""
    return str(uuid.uuid4())


@dataclass(slots=True)
class Runtime:
    """What every flow needs at hand."""

    settings: GatewaySettings
    store: MessageStore
    transport: Transport
    clock: Callable[[], float] = time.time
    new_id: Callable[[], str] = new_message_id
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    """Set when the outbox has new work, so the delivery worker need not wait for its poll."""
    metrics: GatewayMetrics = field(default_factory=GatewayMetrics)
    """Prometheus metrics of this gateway (served on /metrics)."""

    @classmethod
    def create(cls, settings: GatewaySettings, transport: Transport | None = None) -> Runtime:
        """A runtime with the settings' store and an HTTP transport (unless one is given)."""
        return cls(
            settings=settings,
            store=MessageStore.from_settings(settings),
            transport=transport
            or HttpTransport(
                timeout=settings.request_timeout, verify=outbound_verification(settings)
            ),
        )

    def log_message(
        self,
        direction: str,
        side: str,
        kind: str,
        body: bytes,
        *,
        correlation_id: str | None = None,
        transaction_id: str | None = None,
        peer: str | None = None,
    ) -> None:
        """Wire tap: keep a copy of a message that crossed the gateway, its secrets masked."""
        self.store.log_message(
            at=self.clock(),
            direction=direction,
            side=side,
            kind=kind,
            body=mask_secrets(body),
            correlation_id=correlation_id,
            transaction_id=transaction_id,
            peer=peer,
        )
