"""What a message store is made of, whichever database keeps it: records, states, the engine.

``MessageStore`` (``gateway/store.py``) is the one store every part of the gateway uses; it writes
portable SQL (``?`` placeholders, the same five tables) through a ``StoreEngine``, which hides the
database: SQLite in WAL mode (``store.SqliteEngine``, the single-process default) or PostgreSQL
(``store_postgres.PostgresEngine``, shared by several gateway workers). Callers that write their
own statements (``Write``: idempotency, strays, store administration) use the same portable SQL.

Errors: an engine raises ``DuplicateKeyError`` when a write breaks a unique key (two workers, or
two copies of one request, storing the same key: the first commit wins), ``StoreError`` for any
other failure of the database.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from mspcim.exceptions import StoreError

__all__ = [
    "SCHEMA",
    "DuplicateKeyError",
    "LoggedMessage",
    "OutboxItem",
    "OutboxState",
    "Purpose",
    "ReadTransaction",
    "StoreConnection",
    "StoreCursor",
    "StoreEngine",
    "StoreRow",
    "TransactionState",
    "Write",
    "outbox_from",
    "transaction_from",
]


SCHEMA = """
CREATE TABLE IF NOT EXISTS read_transaction (
    correlation_id TEXT PRIMARY KEY,
    transaction_id TEXT,
    response_url TEXT,
    caller TEXT,
    meter_ids TEXT NOT NULL,
    soap_version TEXT,
    state TEXT NOT NULL,
    created_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    detail TEXT,
    flow TEXT NOT NULL DEFAULT 'on-demand-read'
);
CREATE INDEX IF NOT EXISTS read_transaction_by_caller_id ON read_transaction (transaction_id);
CREATE INDEX IF NOT EXISTS read_transaction_by_state ON read_transaction (state, expires_at);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    correlation_id TEXT,
    purpose TEXT NOT NULL,
    url TEXT NOT NULL,
    body BLOB NOT NULL,
    headers TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    last_error TEXT,
    created_at REAL NOT NULL,
    lease_until REAL,
    claimed_by TEXT
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_attempt_at);
CREATE TABLE IF NOT EXISTS message_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    correlation_id TEXT,
    transaction_id TEXT,
    direction TEXT NOT NULL,
    side TEXT NOT NULL,
    kind TEXT NOT NULL,
    peer TEXT,
    body BLOB
);
CREATE INDEX IF NOT EXISTS message_log_by_correlation ON message_log (correlation_id);
CREATE TABLE IF NOT EXISTS receipt (
    caller TEXT NOT NULL,
    key TEXT NOT NULL,
    digest TEXT NOT NULL,
    status INTEGER NOT NULL,
    media_type TEXT NOT NULL,
    answer BLOB NOT NULL,
    received_at REAL NOT NULL,
    expires_at REAL NOT NULL,
    PRIMARY KEY (caller, key)
);
CREATE INDEX IF NOT EXISTS receipt_by_expiry ON receipt (expires_at);
CREATE TABLE IF NOT EXISTS stray (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    reason TEXT NOT NULL,
    correlation_id TEXT,
    noun TEXT,
    peer TEXT,
    detail TEXT,
    body BLOB
);
CREATE INDEX IF NOT EXISTS stray_by_reason ON stray (reason, at);
"""
"""The tables, in SQLite's words; PostgreSQL gets the same tables with its own column types
(``store_postgres`` translates this text, so the two schemas cannot drift apart)."""


class DuplicateKeyError(StoreError):
    """A write broke a unique key: another copy of the same thing was stored first."""


class StoreRow(Protocol):
    """One result row: columns by position or by name."""

    def __getitem__(self, key: int | str, /) -> Any:
        """The column at ``key`` (position or name)."""


class StoreCursor(Protocol):
    """What a statement gives back."""

    @property
    def rowcount(self) -> int:
        """Rows the statement changed."""

    def fetchone(self) -> Any:
        """The next row, or None."""

    def fetchall(self) -> list[Any]:
        """The remaining rows."""


class StoreConnection(Protocol):
    """The database inside one write transaction: portable SQL with ``?`` placeholders."""

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> StoreCursor:
        """Run one statement."""


Write = Callable[[StoreConnection], object]
"""One write to the store: statements run inside a transaction the store opens (and may run again
when the database asks for a retry, so a write only changes what it computes inside)."""


class StoreEngine(Protocol):
    """A database under the message store: transactions, queries and its dialect's differences."""

    path: Path
    """The SQLite file; ``:memory:`` when the store has no file of its own (in memory, or on a
    database server: see ``location``)."""
    location: str
    """Where the data lives, for people (a path, or a URL without its password)."""
    skip_locked: str
    """Appended to the SELECT that picks outbox items to claim: rows another worker is claiming
    at the same moment are skipped rather than waited for (empty when writers are serialized)."""

    def run(self, writes: Sequence[Write]) -> None:
        """Run ``writes`` in one transaction: all committed, or none (the error is raised)."""

    def query(self, sql: str, parameters: Sequence[object] = ()) -> list[StoreRow]:
        """Rows of one query over what is committed."""

    def insert(self, db: StoreConnection, sql: str, parameters: Sequence[object]) -> int:
        """Run one INSERT into a table with an ``id`` column and return the new row's id."""

    def size_bytes(self) -> int:
        """The space the store takes, in bytes."""

    def close(self) -> None:
        """Close the connection(s)."""


class TransactionState(StrEnum):
    """Life of an on-demand read."""

    ACCEPTED = "accepted"
    """Stored and answered; the CIM request waits in the outbox."""
    REQUESTED = "requested"
    """The CIM side acknowledged the request; the reply is awaited."""
    REPLIED = "replied"
    """The reply arrived; the notification waits in the outbox."""
    DELIVERED = "delivered"
    """The MultiSpeak caller acknowledged the notification."""
    EXPIRED = "expired"
    """expTime passed before a reply; a later reply is kept but not delivered."""
    FAILED = "failed"
    """The request or the notification could not be delivered (dead letter)."""

    @property
    def final(self) -> bool:
        """True when nothing more will happen."""
        return self in (
            TransactionState.DELIVERED,
            TransactionState.EXPIRED,
            TransactionState.FAILED,
        )


class Purpose(StrEnum):
    """What an outbox item of the on-demand read is for (other flows name their own)."""

    CIM_REQUEST = "cim_request"
    MSP_NOTIFICATION = "msp_notification"


class OutboxState(StrEnum):
    """Where an outbox item stands."""

    PENDING = "pending"
    SENT = "sent"
    DEAD = "dead"
    CANCELLED = "cancelled"


@dataclass(slots=True)
class ReadTransaction:
    """One InitiateMeterReadingsByMeterID and everything needed to answer it later."""

    correlation_id: str
    transaction_id: str | None
    response_url: str | None
    caller: str | None
    meter_ids: list[str]
    soap_version: str
    state: TransactionState
    created_at: float
    expires_at: float
    updated_at: float = 0.0
    detail: str | None = None
    flow: str = "on-demand-read"
    """Which conversation this is (on-demand-read, connect-disconnect …)."""


@dataclass(slots=True)
class OutboxItem:
    """A message to send until the peer takes it (or the retry budget is spent)."""

    purpose: str
    """What the item is for; the flow that queued it handles its answer."""
    url: str
    body: bytes
    headers: dict[str, str]
    correlation_id: str | None = None
    id: int | None = None
    state: OutboxState = OutboxState.PENDING
    attempts: int = 0
    next_attempt_at: float = 0.0
    last_error: str | None = None
    created_at: float = 0.0
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class LoggedMessage:
    """A copy of one message that crossed the gateway (Wire Tap)."""

    at: float
    direction: str
    side: str
    kind: str
    body: bytes
    correlation_id: str | None = None
    transaction_id: str | None = None
    peer: str | None = None


def transaction_from(row: StoreRow) -> ReadTransaction:
    """A read transaction from its ``read_transaction`` row."""
    return ReadTransaction(
        correlation_id=row["correlation_id"],
        transaction_id=row["transaction_id"],
        response_url=row["response_url"],
        caller=row["caller"],
        meter_ids=json.loads(row["meter_ids"]),
        soap_version=row["soap_version"],
        state=TransactionState(row["state"]),
        created_at=row["created_at"],
        expires_at=row["expires_at"],
        updated_at=row["updated_at"],
        detail=row["detail"],
        flow=row["flow"],
    )


def outbox_from(row: StoreRow) -> OutboxItem:
    """An outbox item from its ``outbox`` row."""
    return OutboxItem(
        id=row["id"],
        correlation_id=row["correlation_id"],
        purpose=row["purpose"],
        url=row["url"],
        body=bytes(row["body"]),
        headers=json.loads(row["headers"]),
        state=OutboxState(row["state"]),
        attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"],
        last_error=row["last_error"],
        created_at=row["created_at"],
    )
