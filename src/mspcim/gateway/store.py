"""The message store: correlation state, the outbox and the wire tap, on SQLite or PostgreSQL.

Everything the gateway promises survives a restart because it is written here *before* it is
acknowledged: a read transaction and its CIM request are stored in one database transaction, a
reply and the notification it becomes likewise. Enterprise Integration Patterns: Message Store,
Correlation Identifier, Guaranteed Delivery (outbox), Dead Letter Channel, Wire Tap, Idempotent
Receiver (the ``receipt`` table), and the replies that came too late or for no one (``stray``).

``unit()`` is the unit of work: the writes a task makes inside it are held back and committed in
one transaction when it ends (none when it fails, except wire-tap copies), so a flow's state
change, the outbox item it queues and the answer that acknowledges it are stored together or not
at all, whichever SIGKILL comes.

One ``MessageStore``, two engines (``store_interface.StoreEngine``): SQLite in WAL mode
(``SqliteEngine``, the single-process default) and PostgreSQL (``store_postgres``), which several
gateway workers share. What makes sharing safe is written here, once, for both:

- conversations move only forward, by the declared ``ENTERED_FROM`` table, in guarded UPDATEs:
  the row lock the UPDATE takes orders two workers, and the second one sees the first's state (a
  second reply for one conversation queues no second notification: it is kept as a stray);
- outbox items are *claimed* (``claim``) for ``lease`` seconds by one worker before it sends
  them, rows being claimed elsewhere skipped (``SKIP LOCKED``); a worker that dies leaves items
  that come due again when the lease ends, and a worker restarted releases its own claims;
- the ``receipt`` key is unique, so two workers receiving one MessageID agree on one answer.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, cast

from mspcim.exceptions import StoreError
from mspcim.gateway.store_interface import (
    SCHEMA,
    DuplicateKeyError,
    LoggedMessage,
    OutboxItem,
    OutboxState,
    Purpose,
    ReadTransaction,
    StoreConnection,
    StoreEngine,
    StoreRow,
    TransactionState,
    Write,
    outbox_from,
    transaction_from,
)
from mspcim.gateway.unit_of_work import hold_back, unit_of_work

if TYPE_CHECKING:
    from mspcim.gateway.config import GatewaySettings

__all__ = [
    "ENTERED_FROM",
    "DuplicateKeyError",
    "LoggedMessage",
    "MessageStore",
    "OutboxItem",
    "OutboxState",
    "Purpose",
    "ReadTransaction",
    "SqliteEngine",
    "TransactionState",
    "Write",
]

log = logging.getLogger("mspcim.gateway.store")

_WAITING = (TransactionState.ACCEPTED, TransactionState.REQUESTED)
_OPEN = (*_WAITING, TransactionState.REPLIED)

ENTERED_FROM: dict[TransactionState, tuple[TransactionState, ...]] = {
    TransactionState.ACCEPTED: (),  # only by accept()
    TransactionState.REQUESTED: (*_WAITING,),
    TransactionState.REPLIED: _WAITING,
    TransactionState.DELIVERED: (*_OPEN, TransactionState.DELIVERED),
    TransactionState.FAILED: (*_OPEN, TransactionState.FAILED),
    TransactionState.EXPIRED: (*_WAITING, TransactionState.EXPIRED),
}
"""The states a conversation may be in when it enters each state: it never moves back, and one
final state never becomes another (an operator's replay of a dead letter is the one exception, in
``store_admin``). A state may be entered again (its detail updated), except REPLIED: a second
reply must not queue a second notification. A change the table refuses changes nothing: another
worker got there first."""


def _marks(states: Sequence[object]) -> str:
    return ",".join("?" for _ in states)


class SqliteEngine:
    """SQLite in WAL mode: one connection, one lock; writers serialized by ``BEGIN IMMEDIATE``."""

    skip_locked = ""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.location = str(path)
        try:
            if str(path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(outbox)")}
            for column, kind in (("lease_until", "REAL"), ("claimed_by", "TEXT")):
                if column not in columns:  # a store written before workers shared the outbox
                    self._db.execute(f"ALTER TABLE outbox ADD COLUMN {column} {kind}")
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open the message store at {path}: {exc}") from None
        self._db.row_factory = sqlite3.Row
        self._lock = threading.RLock()

    def run(self, writes: Sequence[Write]) -> None:
        """Run ``writes`` in one ``BEGIN IMMEDIATE`` transaction."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    for write in writes:
                        write(self._db)
                    self._db.execute("COMMIT")
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
            except sqlite3.IntegrityError as exc:
                raise DuplicateKeyError(f"the message store refused a duplicate: {exc}") from exc
            except sqlite3.Error as exc:
                raise StoreError(f"the message store at {self.path} failed: {exc}") from exc

    def query(self, sql: str, parameters: Sequence[object] = ()) -> list[StoreRow]:
        """Rows of one query."""
        with self._lock:
            try:
                return list(self._db.execute(sql, parameters).fetchall())
            except sqlite3.Error as exc:
                raise StoreError(f"the message store at {self.path} failed: {exc}") from exc

    def insert(self, db: StoreConnection, sql: str, parameters: Sequence[object]) -> int:
        """Run an INSERT; the new row's id is the cursor's ``lastrowid``."""
        cursor = cast(sqlite3.Cursor, db.execute(sql, parameters))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def size_bytes(self) -> int:
        """The database file and its write-ahead log, in bytes."""
        if str(self.path) == ":memory:":
            return 0
        files = (self.path, Path(f"{self.path}-wal"))
        return sum(candidate.stat().st_size for candidate in files if candidate.exists())

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()


class MessageStore:
    """The gateway's store over one engine (SQLite at ``path`` unless ``engine`` is given).

    ``worker_id`` names this process among the workers sharing the store; ``lease`` is how long
    an outbox item claimed by ``claim`` stays this worker's (0: no claims, one process alone).
    """

    def __init__(
        self,
        path: Path | str = ":memory:",
        *,
        engine: StoreEngine | None = None,
        worker_id: str = "1",
        lease: float = 0.0,
    ) -> None:
        self.engine: StoreEngine = engine if engine is not None else SqliteEngine(path)
        self.path = self.engine.path
        self.worker_id = worker_id
        self.lease = lease

    @classmethod
    def from_settings(cls, settings: GatewaySettings) -> MessageStore:
        """The store the settings name: SQLite at ``db_path``, or PostgreSQL at ``store_url``."""
        if settings.store == "postgresql":
            from mspcim.gateway.store_postgres import PostgresEngine

            assert settings.store_url is not None
            return cls(
                engine=PostgresEngine(settings.store_url),
                worker_id=settings.worker_id,
                lease=settings.outbox_lease,
            )
        return cls(settings.db_path, worker_id=settings.worker_id)

    @property
    def location(self) -> str:
        """Where the data lives (a path, or a URL without its password)."""
        return self.engine.location

    def size_bytes(self) -> int:
        """The space the store takes, in bytes."""
        return self.engine.size_bytes()

    def close(self) -> None:
        """Close the database."""
        self.engine.close()

    # --- unit of work

    def unit(self) -> AbstractContextManager[None]:
        """Commit every write this task makes inside in one transaction at the end.

        Nothing is written when the block raises, except wire-tap copies (a message that came in
        stays on record); reads inside see what is committed, not the writes held back. A unit
        inside a unit joins it. Writes of other tasks and threads are not held back.
        """
        return unit_of_work(self, self._commit)

    def _commit(self, writes: Sequence[Write]) -> None:
        if writes:
            self.engine.run(writes)

    def write(self, write: Write, *, tap: bool = False) -> None:
        """Run ``write`` in a transaction now, or at the end of the task's ``unit`` if one is open.

        ``tap``: a wire-tap copy, kept even when the unit fails.
        """
        if not hold_back(self, write, tap):
            self._commit([write])

    def read(self, sql: str, parameters: Sequence[object] = ()) -> list[StoreRow]:
        """Rows of one query (portable SQL, ``?`` placeholders) over what is committed."""
        return self.engine.query(sql, parameters)

    # --- read transactions

    def accept(self, transaction: ReadTransaction, request: OutboxItem) -> None:
        """Store a new read transaction and its CIM request atomically."""

        def write(db: StoreConnection) -> None:
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
        rows = self.read(
            "SELECT * FROM read_transaction WHERE correlation_id = ?", [correlation_id]
        )
        return transaction_from(rows[0]) if rows else None

    def transactions(self, state: TransactionState | None = None) -> list[ReadTransaction]:
        """All read transactions (of one state), oldest first."""
        if state is None:
            rows = self.read("SELECT * FROM read_transaction ORDER BY created_at")
        else:
            rows = self.read(
                "SELECT * FROM read_transaction WHERE state = ? ORDER BY created_at",
                [state.value],
            )
        return [transaction_from(row) for row in rows]

    @staticmethod
    def _move(
        db: StoreConnection,
        correlation_id: str,
        state: TransactionState,
        now: float,
        detail: str | None,
        *,
        replace_detail: bool = False,
    ) -> bool:
        """Move one conversation to ``state`` if ``ENTERED_FROM`` allows it; True when it moved."""
        allowed = [entered.value for entered in ENTERED_FROM[state]]
        if not allowed:
            return False
        keep = "?" if replace_detail else "COALESCE(?, detail)"
        cursor = db.execute(
            f"UPDATE read_transaction SET state = ?, updated_at = ?, detail = {keep}"
            f" WHERE correlation_id = ? AND state IN ({_marks(allowed)})",
            (state.value, now, detail, correlation_id, *allowed),
        )
        if cursor.rowcount > 0:
            return True
        found = db.execute(
            "SELECT state FROM read_transaction WHERE correlation_id = ?", (correlation_id,)
        ).fetchone()
        log.info(
            "%s not moved to %s: it is %s (changed by another worker first)",
            correlation_id,
            state.value,
            found[0] if found else "unknown",
            extra={"correlation_id": correlation_id, "event": "state-kept"},
        )
        return False

    def set_state(
        self, correlation_id: str, state: TransactionState, now: float, detail: str | None = None
    ) -> None:
        """Move a transaction to ``state`` (as ``ENTERED_FROM`` allows; else nothing changes)."""
        self.write(lambda db: self._move(db, correlation_id, state, now, detail))

    def reply_received(
        self,
        correlation_id: str,
        now: float,
        notification: OutboxItem | None,
        detail: str | None = None,
    ) -> None:
        """Record a reply: REPLIED plus its notification, atomically (no notification: EXPIRED).

        When the conversation is no longer waiting (another worker recorded a reply, or expired
        it, first), nothing is queued and the reply is kept as a stray, with the reason.
        """
        state = TransactionState.REPLIED if notification is not None else TransactionState.EXPIRED

        def write(db: StoreConnection) -> None:
            if not self._move(db, correlation_id, state, now, detail):
                self._keep_overtaken(db, correlation_id, now)
                return
            db.execute(  # requests still waiting to be sent are moot once the reply is in
                "UPDATE outbox SET state = ? WHERE correlation_id = ? AND state = ?",
                (OutboxState.CANCELLED.value, correlation_id, OutboxState.PENDING.value),
            )
            if notification is not None:
                self._insert_outbox(db, notification)

        self.write(write)

    @staticmethod
    def _keep_overtaken(db: StoreConnection, correlation_id: str, now: float) -> None:
        """A reply overtaken by another worker's: kept as a stray (``strays.StrayReason``)."""
        found = db.execute(
            "SELECT state FROM read_transaction WHERE correlation_id = ?", (correlation_id,)
        ).fetchone()
        state = found[0] if found else "unknown"
        reason = "late" if state == TransactionState.EXPIRED.value else "repeated"
        db.execute(
            "INSERT INTO stray (at, reason, correlation_id, noun, peer, detail, body)"
            " VALUES (?,?,?,?,?,?,?)",
            (
                now,
                reason,
                correlation_id,
                None,
                None,
                f"reply recorded after the conversation became {state} (another reply or the "
                "expiry scan came first): no notification queued",
                b"",
            ),
        )

    def expire_due(self, now: float) -> list[str]:
        """Mark waiting transactions past their expiry as EXPIRED; return their correlation ids.

        Safe in every worker at once: each conversation is expired by exactly one of them.
        """
        waiting = [state.value for state in _WAITING]
        expired: list[str] = []

        def write(db: StoreConnection) -> None:
            expired.clear()
            rows = db.execute(
                f"SELECT correlation_id FROM read_transaction WHERE state IN ({_marks(waiting)})"
                " AND expires_at <= ? ORDER BY correlation_id",
                (*waiting, now),
            ).fetchall()
            for (correlation_id,) in ((row[0],) for row in rows):
                moved = db.execute(
                    "UPDATE read_transaction SET state = ?, updated_at = ?, detail = ?"
                    f" WHERE correlation_id = ? AND state IN ({_marks(waiting)})",
                    (
                        TransactionState.EXPIRED.value,
                        now,
                        "no reply before expTime",
                        correlation_id,
                        *waiting,
                    ),
                )
                if moved.rowcount == 0:
                    continue  # another worker expired it, or a reply came in meanwhile
                db.execute(
                    "UPDATE outbox SET state = ? WHERE correlation_id = ? AND state = ?",
                    (OutboxState.CANCELLED.value, correlation_id, OutboxState.PENDING.value),
                )
                expired.append(correlation_id)

        self.engine.run([write])
        return list(expired)

    # --- outbox

    def _insert_outbox(self, db: StoreConnection, item: OutboxItem) -> None:
        item.id = self.engine.insert(
            db,
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

    def enqueue(self, item: OutboxItem) -> None:
        """Add one item to the outbox."""
        self.write(lambda db: self._insert_outbox(db, item))

    def due(self, now: float, limit: int = 50) -> list[OutboxItem]:
        """Pending items whose next attempt is due and that no worker holds, oldest first."""
        rows = self.read(
            "SELECT * FROM outbox WHERE state = ? AND next_attempt_at <= ?"
            " AND (lease_until IS NULL OR lease_until <= ?) ORDER BY id LIMIT ?",
            [OutboxState.PENDING.value, now, now, limit],
        )
        return [outbox_from(row) for row in rows]

    def claim(self, now: float, limit: int = 50) -> list[OutboxItem]:
        """Due items, now held by this worker for ``lease`` seconds (no lease: ``due``)."""
        if self.lease <= 0:
            return self.due(now, limit)
        claimed: list[OutboxItem] = []

        def write(db: StoreConnection) -> None:
            claimed.clear()
            rows = db.execute(
                "UPDATE outbox SET lease_until = ?, claimed_by = ? WHERE id IN (SELECT id FROM"
                " outbox WHERE state = ? AND next_attempt_at <= ?"
                " AND (lease_until IS NULL OR lease_until <= ?)"
                f" ORDER BY id LIMIT ?{self.engine.skip_locked}) RETURNING *",
                (
                    now + self.lease,
                    self.worker_id,
                    OutboxState.PENDING.value,
                    now,
                    now,
                    limit,
                ),
            ).fetchall()
            claimed.extend(outbox_from(row) for row in rows)

        self.engine.run([write])
        return sorted(claimed, key=lambda item: item.id or 0)

    def release_claims(self) -> int:
        """Give back the pending items this worker holds (after a restart, or a cut-short drain)."""
        released: list[int] = []

        def write(db: StoreConnection) -> None:
            released[:] = [
                db.execute(
                    "UPDATE outbox SET lease_until = NULL, claimed_by = NULL"
                    " WHERE claimed_by = ? AND state = ?",
                    (self.worker_id, OutboxState.PENDING.value),
                ).rowcount
            ]

        self.engine.run([write])
        return released[0]

    def next_due_at(self) -> float | None:
        """When the earliest pending item is due, or its claim ends (None: the outbox is empty)."""
        rows = self.read(
            "SELECT MIN(CASE WHEN lease_until > next_attempt_at THEN lease_until"
            " ELSE next_attempt_at END) FROM outbox WHERE state = ?",
            [OutboxState.PENDING.value],
        )
        return float(rows[0][0]) if rows and rows[0][0] is not None else None

    def outbox_item(self, item_id: int) -> OutboxItem | None:
        """One outbox item by id."""
        rows = self.read("SELECT * FROM outbox WHERE id = ?", [item_id])
        return outbox_from(rows[0]) if rows else None

    def outbox(self, states: Sequence[OutboxState] = ()) -> list[OutboxItem]:
        """Outbox items (of the given states), oldest first."""
        if states:
            rows = self.read(
                f"SELECT * FROM outbox WHERE state IN ({_marks(states)}) ORDER BY id",
                [state.value for state in states],
            )
        else:
            rows = self.read("SELECT * FROM outbox ORDER BY id")
        return [outbox_from(row) for row in rows]

    def mark_sent(self, item_id: int, attempts: int) -> None:
        """The peer took the item."""
        self.write(
            lambda db: db.execute(
                "UPDATE outbox SET state = ?, attempts = ?, last_error = NULL,"
                " lease_until = NULL, claimed_by = NULL WHERE id = ?",
                (OutboxState.SENT.value, attempts, item_id),
            )
        )

    def mark_retry(self, item_id: int, attempts: int, next_attempt_at: float, error: str) -> None:
        """The attempt failed; try again at ``next_attempt_at`` (any worker may)."""
        self.write(
            lambda db: db.execute(
                "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ?,"
                " lease_until = NULL, claimed_by = NULL WHERE id = ?",
                (attempts, next_attempt_at, error, item_id),
            )
        )

    def mark_dead(self, item_id: int, attempts: int, error: str) -> None:
        """The retry budget is spent: keep the item as a dead letter."""
        self.write(
            lambda db: db.execute(
                "UPDATE outbox SET state = ?, attempts = ?, last_error = ?,"
                " lease_until = NULL, claimed_by = NULL WHERE id = ?",
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
        if correlation_id is None:
            rows = self.read("SELECT * FROM message_log ORDER BY id")
        else:
            rows = self.read(
                "SELECT * FROM message_log WHERE correlation_id = ? ORDER BY id", [correlation_id]
            )
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
        transactions = self.read("SELECT state, COUNT(*) FROM read_transaction GROUP BY state")
        outbox = self.read("SELECT state, COUNT(*) FROM outbox GROUP BY state")
        return {
            "transactions": {row[0]: row[1] for row in transactions},
            "outbox": {row[0]: row[1] for row in outbox},
        }
