"""Outbound transports behind one tiny interface: ``send`` and ``aclose``.

``HttpTransport`` speaks HTTP with httpx; ``MockTransport`` hands each request to a function,
for tests. httpx exceptions are converted here, once: network trouble and 5xx without a SOAP
answer are ``TransportError`` (retryable), everything else is the caller's to interpret.
"""

from __future__ import annotations

import inspect
import ssl
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import httpx

from mspcim.exceptions import TransportError

__all__ = ["HttpResponse", "HttpTransport", "MockTransport", "Transport"]


@dataclass(slots=True)
class HttpResponse:
    """What came back from one send."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        """The Content-Type header ('' when absent)."""
        return self.headers.get("content-type", "")


class Transport(Protocol):
    """Sends one message and returns the peer's answer."""

    async def send(self, url: str, body: bytes, headers: Mapping[str, str]) -> HttpResponse:
        """POST ``body`` to ``url``; raise TransportError when it did not reach the peer."""

    async def aclose(self) -> None:
        """Release connections."""


class HttpTransport:
    """HTTP(S) transport with pooled connections and one timeout for every phase."""

    def __init__(self, timeout: float = 10.0, verify: bool | ssl.SSLContext = True) -> None:
        self._client = httpx.AsyncClient(timeout=timeout, verify=verify, follow_redirects=False)

    async def send(self, url: str, body: bytes, headers: Mapping[str, str]) -> HttpResponse:
        """POST ``body`` to ``url``."""
        try:
            response = await self._client.post(url, content=body, headers=dict(headers))
        except httpx.TimeoutException as exc:
            raise TransportError(f"timeout talking to {url}: {type(exc).__name__}") from None
        except httpx.HTTPError as exc:
            raise TransportError(f"cannot reach {url}: {type(exc).__name__}: {exc}") from None
        return HttpResponse(
            status=response.status_code,
            body=response.content,
            headers={key.lower(): value for key, value in response.headers.items()},
        )

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()


Handler = Callable[[str, bytes, Mapping[str, str]], HttpResponse | Awaitable[HttpResponse]]


class MockTransport:
    """A transport that calls ``handler(url, body, headers)`` instead of the network."""

    def __init__(self, handler: Handler) -> None:
        self._handler = handler
        self.sent: list[tuple[str, bytes]] = []

    async def send(self, url: str, body: bytes, headers: Mapping[str, str]) -> HttpResponse:
        """Record the request and return the handler's answer."""
        self.sent.append((url, body))
        result = self._handler(url, body, headers)
        if inspect.isawaitable(result):
            return await result
        return result

    async def aclose(self) -> None:
        """Nothing to release."""
