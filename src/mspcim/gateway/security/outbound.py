"""The gateway's own credentials, added per destination just before a message leaves.

An egress plugin around any ``Transport``: for a destination configured in
``outbound_credentials`` it writes ``UserID``/``Pwd`` into the MultiSpeakMsgHeader of a MultiSpeak
message (the way MultiSpeak servers authenticate callers) and, when asked, an HTTP basic
``Authorization`` header (CIM systems). The outbox and the wire tap keep the message as it was
before: the secret exists only on the wire.

A destination covers a URL when scheme, host and port are the same and its path is a prefix of
the URL's path at a ``/`` boundary; the longest path wins.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from mspcim import ns, xmlsafe
from mspcim.gateway.config import OutboundCredentials
from mspcim.gateway.transport import HttpResponse, Transport

__all__ = ["OutboundCredentialsTransport", "covers", "with_multispeak_credentials"]

log = logging.getLogger("mspcim.gateway.security")

_DEFAULT_PORTS = {"http": 80, "https": 443}
_HEADER = ns.qname(ns.MSP41, "MultiSpeakMsgHeader")


def _origin_and_path(url: str) -> tuple[tuple[str, str, int | None], str]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or _DEFAULT_PORTS.get(scheme)
    return (scheme, (parts.hostname or "").lower(), port), parts.path or "/"


def covers(destination: str, url: str) -> int | None:
    """How specific ``destination`` is for ``url`` (its path length); None: it does not cover it."""
    origin, prefix = _origin_and_path(destination)
    target_origin, path = _origin_and_path(url)
    if origin != target_origin:
        return None
    prefix = prefix.rstrip("/")
    if path == prefix or path.startswith(prefix + "/"):
        return len(prefix)
    return None


def with_multispeak_credentials(body: bytes, user_id: str, password: str) -> bytes:
    """``body`` with UserID and Pwd set on its MultiSpeakMsgHeader (unchanged when it has none)."""
    if _HEADER.rpartition("}")[2].encode() not in body:
        return body
    root = xmlsafe.parse(body)
    header = next((element for element in root.iter(_HEADER)), None)
    if header is None:
        return body
    header.set("UserID", user_id)
    header.set("Pwd", password)
    return xmlsafe.serialize(root)


class OutboundCredentialsTransport:
    """Adds the configured credentials of each destination to what ``inner`` sends."""

    def __init__(self, inner: Transport, credentials: Sequence[OutboundCredentials]) -> None:
        self.inner = inner
        self.credentials = tuple(credentials)
        for entry in self.credentials:
            if urlsplit(entry.url).scheme.lower() != "https":
                log.warning(
                    "outbound credentials for %s travel unencrypted (not https)",
                    entry.url,
                    extra={"event": "credentials-in-clear", "url": entry.url},
                )

    def credentials_for(self, url: str) -> OutboundCredentials | None:
        """The most specific destination entry covering ``url``."""
        best: tuple[int, OutboundCredentials] | None = None
        for entry in self.credentials:
            length = covers(entry.url, url)
            if length is not None and (best is None or length > best[0]):
                best = (length, entry)
        return best[1] if best else None

    async def send(self, url: str, body: bytes, headers: Mapping[str, str]) -> HttpResponse:
        """Send through ``inner`` with the destination's credentials added."""
        entry = self.credentials_for(url)
        if entry is None:
            return await self.inner.send(url, body, headers)
        password = entry.password.value
        body = with_multispeak_credentials(body, entry.user_id, password)
        if entry.http_basic:
            token = base64.b64encode(f"{entry.user_id}:{password}".encode()).decode("ascii")
            headers = {**headers, "Authorization": f"Basic {token}"}
        return await self.inner.send(url, body, headers)

    async def aclose(self) -> None:
        """Close ``inner``."""
        await self.inner.aclose()
