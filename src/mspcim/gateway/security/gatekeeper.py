"""Who may call the gateway, and what: authentication, authorisation and rate limits.

- MultiSpeak callers present credentials in the SOAP header: 4.1 ``MultiSpeakMsgHeader``
  ``UserID``/``Pwd`` (``presented_v41``); v5 ``Caller/SystemID``/``Caller/Password``
  (``presented_v5``, the hook for a v5 endpoint).
- CIM peers authenticate on ``/cim/reply`` by HTTP basic authentication (the 61968-100 header
  carries no secret); a ``Header/User/UserID``, when sent, must name the same peer.
- Authorisation: each caller's roles and operations from the credentials file.
- Rate limits, a token bucket per key: with authentication on, each authenticated caller
  spends its own bucket (callers behind one proxy do not throttle each other), and failed
  attempts spend their client address's (an address out of tokens gets no more secrets
  checked); with authentication off, every request spends its client address's bucket before
  its body is read.

Authentication is on when a credentials file is configured; without one every call is served
and a warning says so at start. A refused attempt is logged with the name it gave, its address
and the operation, never the secret; nothing of it is stored. Secrets are checked with scrypt
in a worker thread; a secret once verified is remembered (as a keyed hash, in memory) so a
caller's every call does not pay for scrypt again.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from lxml import etree

from mspcim import ns
from mspcim.exceptions import AuthenticationError, AuthorisationError, RateLimitError
from mspcim.gateway.config import GatewaySettings, RateLimit
from mspcim.gateway.security.credentials import (
    Credential,
    Credentials,
    Side,
    load_credentials,
)
from mspcim.gateway.security.hashing import SecretHash
from mspcim.gateway.security.masking import mask_text
from mspcim.gateway.security.rate_limit import RateLimiter
from mspcim.multispeak.header import MultiSpeakMsgHeader

__all__ = [
    "Gatekeeper",
    "Presented",
    "presented_basic",
    "presented_v5",
    "presented_v41",
]

log = logging.getLogger("mspcim.gateway.security")

Ids = Mapping[str, str | None]
"""Correlation ids of the call, for log lines (transaction_id, correlation_id, message_id)."""

_REMEMBERED = 1024
"""Verified secrets remembered (keyed hashes), most recently used first."""


@dataclass(frozen=True, slots=True)
class Presented:
    """The credentials a caller presented: a name and a secret (None when absent)."""

    user_id: str | None
    secret: str | None = field(repr=False)
    where: str = "credentials"
    """Where they were expected, for the refusal (``MultiSpeakMsgHeader UserID/Pwd`` …)."""


def presented_v41(header: MultiSpeakMsgHeader) -> Presented:
    """MultiSpeak 4.1: the ``UserID`` and ``Pwd`` attributes of the MultiSpeakMsgHeader."""
    return Presented(header.user_id or None, header.pwd, "MultiSpeakMsgHeader UserID/Pwd")


def presented_v5(header: etree._Element) -> Presented:
    """MultiSpeak v5: ``Caller/SystemID`` and ``Caller/Password`` of the request header."""
    caller = next((child for child in header if _local(child) == "Caller"), None)
    values = {_local(child): (child.text or "") for child in (caller if caller is not None else ())}
    return Presented(
        values.get("SystemID") or None,
        values.get("Password"),
        "MultiSpeakRequestMsgHeader Caller/SystemID and Caller/Password",
    )


def presented_basic(authorization: str | None) -> Presented:
    """HTTP basic authentication (``Authorization: Basic base64(user:password)``)."""
    where = "HTTP basic authentication"
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "basic" or not token.strip():
        return Presented(None, None, where)
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return Presented(None, None, where)
    user, colon, secret = decoded.partition(":")
    return Presented(user or None, secret if colon else None, where)


def _address_key(address: str | None) -> str:
    return f"address {address or '?'}"


def _local(element: etree._Element) -> str:
    return ns.local_name(element.tag) if isinstance(element.tag, str) else ""


class Gatekeeper:
    """Checks every inbound call against the credentials file and the rate limits."""

    def __init__(
        self,
        credentials: Credentials | None,
        rate_limit: RateLimit | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.credentials = credentials
        self._limiter = (
            RateLimiter(rate_limit.per_second, rate_limit.burst, clock=clock)
            if rate_limit is not None
            else None
        )
        self._key = os.urandom(32)
        self._remembered: OrderedDict[bytes, None] = OrderedDict()
        self._lock = threading.Lock()
        self._decoy = SecretHash(os.urandom(16), os.urandom(32))
        """Checked for unknown users, so they cost as much time as known ones."""

    @classmethod
    def from_settings(cls, settings: GatewaySettings) -> Gatekeeper:
        """The gatekeeper the settings describe; warns when authentication is off."""
        if settings.credentials_file is None:
            log.warning(
                "authentication is OFF: no credentials_file is configured, so every caller "
                "is served; configure one (mspcim credentials add) before exposing the gateway",
                extra={"event": "authentication-off"},
            )
            return cls(None, settings.rate_limit)
        credentials = load_credentials(settings.credentials_file)
        log.info(
            "authentication on: %d callers, %d roles from %s",
            len(credentials.callers),
            len(credentials.roles),
            settings.credentials_file,
            extra={"event": "authentication-on"},
        )
        return cls(credentials, settings.rate_limit)

    @property
    def authenticating(self) -> bool:
        """Whether callers must authenticate."""
        return self.credentials is not None

    # --- rate limits

    def admit(self, address: str | None, ids: Ids | None = None) -> None:
        """Before a request is read: anonymous requests (authentication off) spend a token."""
        if self.credentials is None:
            self._take(_address_key(address), ids, address)

    def _take(self, key: str, ids: Ids | None, address: str | None, *, peek: bool = False) -> None:
        """Spend (or with ``peek`` only check) a token of ``key``; RateLimitError when none."""
        if self._limiter is None:
            return
        wait = self._limiter.wait(key) if peek else self._limiter.take(key)
        if wait is None:
            return
        log.warning(
            "rate limit reached by %s",
            key,
            extra={**(ids or {}), "event": "rate-limited", "peer": address},
        )
        raise RateLimitError(
            f"too many requests: at most {self._limiter.per_second:g} per second "
            f"(bursts of {self._limiter.burst}); retry in {wait:.1f} s",
            retry_after=wait,
        )

    # --- MultiSpeak callers

    async def multispeak(
        self, presented: Presented, operation: str, *, address: str | None, ids: Ids
    ) -> str | None:
        """The caller's name once authenticated and allowed ``operation`` (None: auth off)."""
        caller = await self._authenticate(presented, Side.MULTISPEAK, operation, address, ids)
        if caller is None:
            return None
        self.authorise(caller, operation, address=address, ids=ids)
        return caller.name

    # --- CIM peers

    async def cim_peer(
        self, authorization: str | None, *, address: str | None, ids: Ids
    ) -> Credential | None:
        """The CIM peer authenticated by HTTP basic authentication (None: auth off)."""
        presented = presented_basic(authorization)
        try:
            return await self._authenticate(presented, Side.CIM, "cim", address, ids)
        except AuthenticationError as exc:
            exc.status = 401
            raise

    def authorise_cim(
        self,
        peer: Credential | None,
        user_id: str | None,
        operation: str,
        *,
        address: str | None,
        ids: Ids,
    ) -> None:
        """Check the message's Header/User/UserID and the operation for an authenticated peer."""
        if peer is None:
            return
        if user_id is not None and user_id != peer.name:
            self._refused(
                "authentication-failed",
                "Header/User/UserID names another user than the authenticated peer",
                user_id,
                operation,
                address,
                ids,
            )
            raise AuthenticationError(
                "Header/User/UserID must name the peer authenticated by HTTP basic authentication",
                xpath="/Header/User/UserID",
            )
        self.authorise(peer, operation, address=address, ids=ids)

    # --- both sides

    def authorise(
        self, caller: Credential, operation: str, *, address: str | None, ids: Ids
    ) -> None:
        """Refuse ``operation`` unless ``caller``'s roles or operations grant it."""
        assert self.credentials is not None
        if self.credentials.allows(caller, operation):
            self._take(f"caller {caller.name}", ids, address)
            return
        self._refused("not-authorised", "not permitted", caller.name, operation, address, ids)
        raise AuthorisationError(f"operation {operation} is not permitted for this caller")

    async def _authenticate(
        self, presented: Presented, side: Side, operation: str, address: str | None, ids: Ids
    ) -> Credential | None:
        if self.credentials is None:
            return None
        if not presented.user_id or presented.secret is None:
            self._take(_address_key(address), ids, address)
            self._refused(
                "authentication-failed",
                "no credentials",
                presented.user_id,
                operation,
                address,
                ids,
            )
            raise AuthenticationError(f"authentication required: send {presented.where}")
        caller = self.credentials.find(presented.user_id, side)
        if caller is not None and self._remembers(caller, presented.secret):
            return caller
        self._take(_address_key(address), ids, address, peek=True)
        secret_hash = caller.secret if caller is not None else self._decoy
        matches = await asyncio.to_thread(secret_hash.matches, presented.secret)
        if caller is None or not matches:
            self._take(_address_key(address), ids, address)
            why = "unknown user" if caller is None else "wrong secret"
            self._refused("authentication-failed", why, presented.user_id, operation, address, ids)
            raise AuthenticationError(
                f"authentication failed: unknown user or wrong secret ({presented.where})"
            )
        self._remember(caller, presented.secret)
        return caller

    def _fingerprint(self, caller: Credential, secret: str) -> bytes:
        material = b"\0".join(
            (caller.name.encode(), caller.secret.digest, secret.encode("utf-8", "surrogatepass"))
        )
        return hmac.new(self._key, material, hashlib.sha256).digest()

    def _remembers(self, caller: Credential, secret: str) -> bool:
        fingerprint = self._fingerprint(caller, secret)
        with self._lock:
            if fingerprint in self._remembered:
                self._remembered.move_to_end(fingerprint)
                return True
        return False

    def _remember(self, caller: Credential, secret: str) -> None:
        fingerprint = self._fingerprint(caller, secret)
        with self._lock:
            self._remembered[fingerprint] = None
            while len(self._remembered) > _REMEMBERED:
                self._remembered.popitem(last=False)

    @staticmethod
    def _refused(
        event: str,
        why: str,
        user_id: str | None,
        operation: str,
        address: str | None,
        ids: Ids,
    ) -> None:
        """Log a refused attempt: the name given (shortened, masked), never the secret."""
        shown = mask_text(user_id[:64]) if user_id else None
        log.warning(
            "%s: %s for user %r calling %s from %s",
            "authentication failed" if event == "authentication-failed" else "refused",
            why,
            shown,
            operation,
            address or "?",
            extra={**ids, "event": event, "caller": shown, "peer": address},
        )
