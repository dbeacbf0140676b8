"""The message store: correlation state, the outbox and the wire tap, in SQLite (WAL).

Everything the gateway promises survives a restart because it is written here *before* it is
acknowledged: a read transaction and its CIM request are stored in one SQLite transaction, a
reply and the notification it becomes likewise. Enterprise Integration Patterns: Message Store,
Correlation Identifier, Guaranteed Delivery (outbox), Dead Letter Channel, Wire Tap, Idempotent
Receiver (the ``receipt`` table), and the replies that came too late or for no one (``stray``).

``unit()`` is the unit of work: the writes a task makes inside it are held back and committed in
one SQLite transaction when it ends (none when it fails, except wire-tap copies), so a flow's
state change, the outbox item it queues and the answer that acknowledges it are stored together
or not at all, whichever SIGKILL comes.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from mspcim.exceptions import StoreError
from mspcim.gateway.unit_of_work import Write, hold_back, unit_of_work

__all__ = [
    "LoggedMessage",
    "MessageStore",
    "OutboxItem",
    "OutboxState",
    "Purpose",
    "ReadTransaction",
    "TransactionState",
    "Write",
]

_SCHEMA = """
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
    created_at REAL NOT NULL
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


class MessageStore:
    """SQLite-backed store; thread-safe (one connection, one lock), WAL journal."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            if str(path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open the message store at {path}: {exc}") from None
        self._db.row_factory = sqlite3.Row
        self._lock = threading.RLock()

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    # --- unit of work

    def unit(self) -> AbstractContextManager[None]:
        """Commit every write this task makes inside in one SQLite transaction at the end.

        Nothing is written when the block raises, except wire-tap copies (a message that came in
        stays on record); reads inside see what is committed, not the writes held back. A unit
        inside a unit joins it. Writes of other tasks and threads are not held back.
        """
        return unit_of_work(self, self._commit)

    def _commit(self, writes: Sequence[Write]) -> None:
        if writes:
            with self._transaction() as db:
                for write in writes:
                    write(db)

    def write(self, write: Write, *, tap: bool = False) -> None:
        """Run ``write`` in a transaction now, or at the end of the task's ``unit`` if one is open.

        ``tap``: a wire-tap copy, kept even when the unit fails.
        """
        if not hold_back(self, write, tap):
            self._commit([write])

    def read(self, sql: str, parameters: Sequence[object] = ()) -> list[sqlite3.Row]:
        """Rows of one query over what is committed."""
        with self._lock:
            return list(self._db.execute(sql, parameters).fetchall())

    # --- read transactions

    def accept(self, transaction: ReadTransaction, request: OutboxItem) -> None:
        """Store a new read transaction and its CIM request atomically."""

        def write(db: sqlite3.Connection) -> None:
            db.execute(
                "INSERT INTO read_transaction VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    transaction.correlation_id,
                    transaction.transaction_id,
                    transaction.response_url,
                    transaction.caller,
                    json.dumps(transaction.meter_ids),
                    transaction.soap_version,
                    transaction.state.value,
                    transaction.created_at,
                    transaction.expires_at,
                    transaction.created_at,
                    transaction.detail,
                    transaction.flow,
                ),
            )
            self._insert_outbox(db, request)

        self.write(write)

    def transaction(self, correlation_id: str) -> ReadTransaction | None:
        """The read transaction with ``correlation_id``, if any."""
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM read_transaction WHERE correlation_id = ?", (correlation_id,)
            ).fetchone()
        return _transaction_from(row) if row else None

    def transactions(self, state: TransactionState | None = None) -> list[ReadTransaction]:
        """All read transactions (of one state), oldest first."""
        with self._lock:
            if state is None:
                rows = self._db.execute(
                    "SELECT * FROM read_transaction ORDER BY created_at"
                ).fetchall()
            else:
                rows = self._db.execute(
                    "SELECT * FROM read_transaction WHERE state = ? ORDER BY created_at",
                    (state.value,),
                ).fetchall()
        return [_transaction_from(row) for row in rows]

    def set_state(
        self, correlation_id: str, state: TransactionState, now: float, detail: str | None = None
    ) -> None:
        """Move a transaction to ``state``."""
        self.write(
            lambda db: db.execute(
                "UPDATE read_transaction SET state = ?, updated_at = ?,"
                " detail = COALESCE(?, detail) WHERE correlation_id = ?",
                (state.value, now, detail, correlation_id),
            )
        )

    def reply_received(
        self,
        correlation_id: str,
        now: float,
        notification: OutboxItem | None,
        detail: str | None = None,
    ) -> None:
        """Record a reply: REPLIED plus its notification, atomically (no notification: EXPIRED)."""
        state = TransactionState.REPLIED if notification is not None else TransactionState.EXPIRED

        def write(db: sqlite3.Connection) -> None:
            db.execute(
                "UPDATE read_transaction SET state = ?, updated_at = ?,"
                " detail = COALESCE(?, detail) WHERE correlation_id = ?",
                (state.value, now, detail, correlation_id),
            )
            db.execute(  # requests still waiting to be sent are moot once the reply is in
                "UPDATE outbox SET state = ? WHERE correlation_id = ? AND state = ?",
                (OutboxState.CANCELLED.value, correlation_id, OutboxState.PENDING.value),
            )
            if notification is not None:
                self._insert_outbox(db, notification)

        self.write(write)

    def expire_due(self, now: float) -> list[str]:
        """Mark waiting transactions past their expiry as EXPIRED; return their correlation ids."""
        waiting = (TransactionState.ACCEPTED.value, TransactionState.REQUESTED.value)
        with self._transaction() as db:
            rows = db.execute(
                "SELECT correlation_id FROM read_transaction"
                " WHERE state IN (?,?) AND expires_at <= ?",
                (*waiting, now),
            ).fetchall()
            ids = [row[0] for row in rows]
            for correlation_id in ids:
                db.execute(
                    "UPDATE read_transaction SET state = ?, updated_at = ?, detail = ?"
                    " WHERE correlation_id = ?",
                    (
                        TransactionState.EXPIRED.value,
                        now,
                        "no reply before expTime",
                        correlation_id,
                    ),
                )
                db.execute(
                    "UPDATE outbox SET state = ? WHERE correlation_id = ? AND state = ?",
                    (OutboxState.CANCELLED.value, correlation_id, OutboxState.PENDING.value),
                )
        return ids

    # --- outbox

    @staticmethod
    def _insert_outbox(db: sqlite3.Connection, item: OutboxItem) -> None:
        cursor = db.execute(
            "INSERT INTO outbox (correlation_id, purpose, url, body, headers, state, attempts,"
            " next_attempt_at, last_error, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                item.correlation_id,
                str(item.purpose),
                item.url,
                item.body,
                json.dumps(item.headers),
                item.state.value,
                item.attempts,
                item.next_attempt_at,
                item.last_error,
                item.created_at,
            ),
        )
        item.id = cursor.lastrowid

    def enqueue(self, item: OutboxItem) -> None:
        """Add one item to the outbox."""
        self.write(lambda db: self._insert_outbox(db, item))

    def due(self, now: float, limit: int = 50) -> list[OutboxItem]:
        """Pending items whose next attempt is due, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM outbox WHERE state = ? AND next_attempt_at <= ? ORDER BY id LIMIT ?",
                (OutboxState.PENDING.value, now, limit),
            ).fetchall()
        return [_outbox_from(row) for row in rows]

    def next_due_at(self) -> float | None:
        """When the earliest pending item is due (None when the outbox is empty)."""
        with self._lock:
            row = self._db.execute(
                "SELECT MIN(next_attempt_at) FROM outbox WHERE state = ?",
                (OutboxState.PENDING.value,),
            ).fetchone()
        return float(row[0]) if row and row[0] is not None else None

    def outbox_item(self, item_id: int) -> OutboxItem | None:
        """One outbox item by id."""
        with self._lock:
            row = self._db.execute("SELECT * FROM outbox WHERE id = ?", (item_id,)).fetchone()
        return _outbox_from(row) if row else None

    def outbox(self, states: Sequence[OutboxState] = ()) -> list[OutboxItem]:
        """Outbox items (of the given states), oldest first."""
        with self._lock:
            if states:
                marks = ",".join("?" for _ in states)
                rows = self._db.execute(
                    f"SELECT * FROM outbox WHERE state IN ({marks}) ORDER BY id",
                    [state.value for state in states],
                ).fetchall()
            else:
                rows = self._db.execute("SELECT * FROM outbox ORDER BY id").fetchall()
        return [_outbox_from(row) for row in rows]

    def mark_sent(self, item_id: int, attempts: int) -> None:
        """The peer took the item."""
        self.write(
            lambda db: db.execute(
                "UPDATE outbox SET state = ?, attempts = ?, last_error = NULL WHERE id = ?",
                (OutboxState.SENT.value, attempts, item_id),
            )
        )

    def mark_retry(self, item_id: int, attempts: int, next_attempt_at: float, error: str) -> None:
        """The attempt failed; try again at ``next_attempt_at``."""
        self.write(
            lambda db: db.execute(
                "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
                (attempts, next_attempt_at, error, item_id),
            )
        )

    def mark_dead(self, item_id: int, attempts: int, error: str) -> None:
        """The retry budget is spent: keep the item as a dead letter."""
        self.write(
            lambda db: db.execute(
                "UPDATE outbox SET state = ?, attempts = ?, last_error = ? WHERE id = ?",
                (OutboxState.DEAD.value, attempts, error, item_id),
            )
        )

    # --- wire tap

    def log_message(
        self,
        *,
        at: float,
        direction: str,
        side: str,
        kind: str,
        body: bytes,
        correlation_id: str | None = None,
        transaction_id: str | None = None,
        peer: str | None = None,
    ) -> None:
        """Keep a copy of one message that crossed the gateway (Wire Tap)."""
        self.write(
            lambda db: db.execute(
                "INSERT INTO message_log (at, correlation_id, transaction_id, direction, side,"
                " kind, peer, body) VALUES (?,?,?,?,?,?,?,?)",
                (at, correlation_id, transaction_id, direction, side, kind, peer, body),
            ),
            tap=True,
        )

    def messages(self, correlation_id: str | None = None) -> list[LoggedMessage]:
        """Logged messages (of one correlation), in order."""
        with self._lock:
            if correlation_id is None:
                rows = self._db.execute("SELECT * FROM message_log ORDER BY id").fetchall()
            else:
                rows = self._db.execute(
                    "SELECT * FROM message_log WHERE correlation_id = ? ORDER BY id",
                    (correlation_id,),
                ).fetchall()
        return [
            LoggedMessage(
                at=row["at"],
                direction=row["direction"],
                side=row["side"],
                kind=row["kind"],
                body=bytes(row["body"] or b""),
                correlation_id=row["correlation_id"],
                transaction_id=row["transaction_id"],
                peer=row["peer"],
            )
            for row in rows
        ]

    def counts(self) -> dict[str, dict[str, int]]:
        """How many transactions and outbox items are in each state."""
        with self._lock:
            transactions = self._db.execute(
                "SELECT state, COUNT(*) FROM read_transaction GROUP BY state"
            ).fetchall()
            outbox = self._db.execute(
                "SELECT state, COUNT(*) FROM outbox GROUP BY state"
            ).fetchall()
        return {
            "transactions": {row[0]: row[1] for row in transactions},
            "outbox": {row[0]: row[1] for row in outbox},
        }


def _transaction_from(row: sqlite3.Row) -> ReadTransaction:
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


def _outbox_from(row: sqlite3.Row) -> OutboxItem:
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
