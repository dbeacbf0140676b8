"""The ``[broker]`` settings: where the broker is, who the gateway is on it, and whether it is used.

``cim_transport = "broker"`` sends the CIM side of every flow over the broker (requests to
request queues, events to event topics) and consumes replies and events from the group's queues;
``"http"`` (the default) keeps 61968-100 over SOAP/HTTP and leaves the broker unused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from mspcim.exceptions import ConfigurationError
from mspcim.gateway.broker.destinations import DestinationNaming

__all__ = ["BrokerSettings", "broker_settings"]

CimTransport = Literal["http", "broker"]


@dataclass(frozen=True, slots=True)
class BrokerSettings:
    """How the gateway reaches the message broker (STOMP)."""

    url: str = "stomp://127.0.0.1:61613"
    """The broker's STOMP address: ``stomp://host:port`` (``stomp+ssl://`` for TLS)."""
    user: str | None = None
    """Login of the gateway on the broker (None: anonymous)."""
    password: str | None = field(default=None, repr=False)
    """Passcode of ``user``; never shown."""
    prefix: str = "mspcim"
    """First segment of every destination name."""
    group: str = "gateway"
    """Gateway group: its workers share the reply queue and consume events as one."""
    cim_transport: CimTransport = "http"
    """``broker``: the CIM side of every flow runs over the broker; ``http``: over SOAP/HTTP."""
    prefetch: int = 16
    """Messages the broker hands one worker before it acknowledges any (client-individual ack)."""
    send_timeout: float = 10.0
    """Seconds to wait for the broker's receipt of a sent message (then: retried later)."""
    reconnect_max_delay: float = 5.0
    """Ceiling of the reconnection backoff, in seconds, after the broker went away."""

    @property
    def enabled(self) -> bool:
        """Whether the CIM side runs over the broker."""
        return self.cim_transport == "broker"

    @property
    def naming(self) -> DestinationNaming:
        """The destination names of this deployment."""
        return DestinationNaming(self.prefix, self.group)

    @property
    def address(self) -> tuple[str, int, bool]:
        """Host, port and whether TLS is used, from ``url``."""
        parts = urlsplit(self.url)
        return parts.hostname or "127.0.0.1", parts.port or 61613, parts.scheme == "stomp+ssl"

    def validate(self) -> BrokerSettings:
        """Return self, or raise ConfigurationError naming the wrong key."""
        if self.cim_transport not in ("http", "broker"):
            raise ConfigurationError(
                f"broker.cim_transport must be 'http' or 'broker', not {self.cim_transport!r}"
            )
        parts = urlsplit(self.url)
        try:
            port = parts.port
        except ValueError:
            port = None
        if parts.scheme not in ("stomp", "stomp+ssl") or not parts.hostname or port is None:
            raise ConfigurationError(
                f"broker.url must be stomp://host:port or stomp+ssl://host:port, not {self.url!r}"
            )
        if (self.user is None) != (self.password is None):
            raise ConfigurationError("broker.user and broker.password go together")
        if self.prefetch < 1 or self.send_timeout <= 0 or self.reconnect_max_delay <= 0:
            raise ConfigurationError(
                "broker.prefetch must be at least 1, send_timeout and reconnect_max_delay > 0"
            )
        self.naming  # noqa: B018 - checks prefix and group
        return self


_TYPES: dict[str, type | tuple[type, ...]] = {
    "url": str,
    "user": str,
    "password": str,
    "prefix": str,
    "group": str,
    "cim_transport": str,
    "prefetch": int,
    "send_timeout": (int, float),
    "reconnect_max_delay": (int, float),
}


def broker_settings(table: Any, where: str) -> BrokerSettings:
    """``[broker]`` from a TOML table, every key checked (``where`` names the file)."""
    if not isinstance(table, dict):
        raise ConfigurationError(f"{where}: [broker] must be a table")
    for key, value in table.items():
        if key not in _TYPES:
            known = ", ".join(sorted(_TYPES))
            raise ConfigurationError(f"{where}: broker: unknown key {key!r} (known: {known})")
        expected = _TYPES[key]
        if isinstance(value, bool) or not isinstance(value, expected):
            raise ConfigurationError(f"{where}: broker.{key} has the wrong type: {value!r}")
    try:
        return BrokerSettings(**table).validate()
    except ConfigurationError as exc:
        raise ConfigurationError(f"{where}: {exc}") from None
