"""Idempotent Receiver: a repeated MessageID or transactionID is answered as before, not redone.

Keys, per caller (the authenticated name, else the header's UserID and AppName, or for the CIM
side the 61968-100 ``User``/``Source``):

- MultiSpeak 4.1: the ``MultiSpeakMsgHeader/@MessageID``, and the body's ``transactionID`` for
  the endpoint and operation, of the operations that change something (asynchronous requests,
  notifications; not ``PingURL``, ``GetMethods`` and synchronous ``get`` queries);
- ``/cim/reply``: the 61968-100 ``Header/MessageID``.

The answer's bytes are stored under every key of the request, in the same unit of work as what
the request changed (``MessageStore.unit``): a crash keeps both or neither, so a caller retrying
after a lost answer gets the stored one and the work is done once. A key repeated with another
content (compared without the header) is refused; keys are kept for
``settings.idempotency_retention`` seconds. Only answers of requests that were processed are
kept: a refused request may be corrected and sent again with the same ids.

What the gateway sends carries keys for the receiver to do the same: an outbox item is sent with
the same bytes on every attempt, so its MessageID (and the transactionID or CorrelationID of the
conversation) is the same across retries and restarts.
"""

from __future__ import annotations

import copy
import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from lxml import etree
from starlette.responses import Response

from mspcim import ns
from mspcim.cim.message import Message
from mspcim.exceptions import MessageFormatError
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.store_interface import DuplicateKeyError, StoreConnection
from mspcim.multispeak.catalogue import Exchange, operation
from mspcim.multispeak.header import MultiSpeakMsgHeader

__all__ = [
    "IdempotentReceiver",
    "Receipt",
    "Recording",
    "Repetition",
    "StoredAnswer",
    "changes_state",
]

log = logging.getLogger("mspcim.gateway.idempotency")


def changes_state(endpoint: str, name: str) -> bool:
    """Whether a MultiSpeak operation changes something (queries are answered afresh each time).

    Asynchronous requests and notifications do; ``PingURL``, ``GetMethods`` and the synchronous
    ``get`` requests read only, so repeating them does no harm and should see fresh data.
    """
    found = operation(endpoint, name)
    if found.exchange in (Exchange.ASYNC_REQUEST, Exchange.NOTIFICATION):
        return True
    return found.exchange is Exchange.REQUEST_REPLY and found.cim_verb not in (None, "get")


@dataclass(frozen=True, slots=True)
class Receipt:
    """Who asked, under which keys, and a digest of what was asked."""

    caller: str
    keys: tuple[str, ...]
    digest: str


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """An answer kept for a key."""

    key: str
    digest: str
    status: int
    media_type: str
    body: bytes

    def response(self) -> Response:
        """The answer, byte for byte as first given."""
        return Response(self.body, status_code=self.status, media_type=self.media_type)


@dataclass(frozen=True, slots=True)
class Repetition:
    """How a repeated request is kept in the wire tap (it crossed the gateway, once more)."""

    side: str
    kind: str
    body: bytes
    correlation_id: str | None = None
    transaction_id: str | None = None
    peer: str | None = None


@dataclass(slots=True)
class Recording:
    """What ``IdempotentReceiver.record`` keeps: set ``answer`` before the block ends."""

    answer: Response | None = None
    replayed: bool = False
    """True when a concurrent twin committed first and ``answer`` is its answer."""
    keys: tuple[str, ...] = field(default_factory=tuple)


def _digest(element: etree._Element) -> str:
    return hashlib.sha256(etree.tostring(element, method="c14n")).hexdigest()


class IdempotentReceiver:
    """Finds repeated requests and keeps the answers of new ones, in the gateway's store."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    # --- keys

    @staticmethod
    def multispeak(
        caller: str | None,
        header: MultiSpeakMsgHeader,
        body: etree._Element,
        endpoint: str,
        operation: str,
    ) -> Receipt | None:
        """The receipt of a MultiSpeak 4.1 call (None when it has no key or changes nothing)."""
        if not changes_state(endpoint, operation):
            return None
        keys = []
        if header.message_id:
            keys.append(f"MessageID {header.message_id}")
        transaction = body.findtext(ns.qname(ns.MSP41, "transactionID"), "").strip()
        if transaction:
            keys.append(f"{endpoint}/{operation} transactionID {transaction}")
        if not keys:
            return None
        who = caller or f"{header.user_id or '-'}/{header.app_name or '-'}"
        return Receipt(f"multispeak {who}", tuple(keys), _digest(body))

    @staticmethod
    def cim(caller: str | None, message: Message, element: etree._Element) -> Receipt | None:
        """The receipt of a message on /cim/reply (None when its Header has no MessageID)."""
        header = message.header
        if header is None or not header.message_id:
            return None
        user = header.user.user_id if header.user is not None else None
        who = caller or f"{user or '-'}/{header.source or '-'}"
        content = copy.deepcopy(element)
        for stamp in content.iterfind("{*}Header/{*}Timestamp"):
            stamp.getparent().remove(stamp)  # type: ignore[union-attr]
        return Receipt(f"cim {who}", (f"MessageID {header.message_id}",), _digest(content))

    # --- repeated requests

    def stored(self, receipt: Receipt) -> StoredAnswer | None:
        """The answer kept under one of the receipt's keys, unless its retention is over."""
        marks = ",".join("?" for _ in receipt.keys)
        rows = self.runtime.store.read(
            f"SELECT * FROM receipt WHERE caller = ? AND key IN ({marks}) AND expires_at > ?",
            [receipt.caller, *receipt.keys, self.runtime.clock()],
        )
        if not rows:
            return None
        row = min(rows, key=lambda found: receipt.keys.index(found["key"]))
        return StoredAnswer(
            row["key"], row["digest"], row["status"], row["media_type"], bytes(row["answer"])
        )

    def replay(
        self,
        receipt: Receipt | None,
        ids: dict[str, str | None],
        repetition: Repetition | None = None,
    ) -> Response | None:
        """The stored answer when ``receipt`` repeats a request (None: a new request).

        The repetition is kept in the wire tap. A key repeated with another content raises
        MessageFormatError: the caller reused an id.
        """
        if receipt is None:
            return None
        stored = self.stored(receipt)
        if stored is None:
            return None
        if stored.digest != receipt.digest:
            log.warning(
                "%s reused %s for another request: refused",
                receipt.caller,
                stored.key,
                extra={**ids, "event": "id-reused"},
            )
            raise MessageFormatError(
                f"{stored.key} was already used by this caller for another request; "
                "a new request needs a new id",
                xpath="MessageID" if stored.key.startswith("MessageID") else "transactionID",
            )
        if repetition is not None:
            self.runtime.log_message(
                "in",
                repetition.side,
                repetition.kind,
                repetition.body,
                correlation_id=repetition.correlation_id,
                transaction_id=repetition.transaction_id,
                peer=repetition.peer,
            )
        log.info(
            "repeated %s from %s: answered as before, not processed again",
            stored.key,
            receipt.caller,
            extra={**ids, "event": "replayed"},
        )
        return stored.response()

    # --- new requests

    @contextmanager
    def record(self, receipt: Receipt | None) -> Iterator[Recording]:
        """Process a new request in one unit of work that also keeps its answer under its keys.

        Set ``recording.answer`` inside the block. A twin that committed first (two copies sent
        at once) wins: this one's work is discarded and ``recording.answer`` becomes the twin's.
        """
        recording = Recording(keys=receipt.keys if receipt is not None else ())
        store = self.runtime.store
        try:
            with store.unit():
                yield recording
                answer = recording.answer
                if receipt is not None and answer is not None and 200 <= answer.status_code < 300:
                    self._remember(receipt, answer)
        except DuplicateKeyError:
            stored = self.stored(receipt) if receipt is not None else None
            if receipt is None or stored is None:
                raise
            recording.replayed = True
            recording.answer = self.replay(receipt, {})
        self.runtime.wake.set()

    def _remember(self, receipt: Receipt, answer: Response) -> None:
        now = self.runtime.clock()
        expires = now + self.runtime.settings.idempotency_retention
        media_type = answer.headers.get("content-type", "application/xml")
        body = bytes(answer.body)

        def write(db: StoreConnection) -> None:
            db.execute("DELETE FROM receipt WHERE expires_at <= ?", (now,))
            for key in receipt.keys:
                db.execute(
                    "INSERT INTO receipt VALUES (?,?,?,?,?,?,?,?)",
                    (
                        receipt.caller,
                        key,
                        receipt.digest,
                        answer.status_code,
                        media_type,
                        body,
                        now,
                        expires,
                    ),
                )

        self.runtime.store.write(write)
