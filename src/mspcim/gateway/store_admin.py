"""What operators do with the message store: count, look, replay dead letters, purge old work.

Plain functions over a ``MessageStore``, used by ``mspcim store`` (``console/store_cli.py``).
They work beside running gateways (SQLite WAL, or PostgreSQL shared by several workers: readers
never block them, each write is one short transaction); a replayed dead letter is picked up by the
next outbox scan of any worker.

Purging never deletes unfinished work: conversations that are not final, outbox items still
pending, and (unless asked) dead letters are kept, whatever their age.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mspcim.gateway.store import (
    LoggedMessage,
    MessageStore,
    OutboxItem,
    OutboxState,
    ReadTransaction,
    TransactionState,
    Write,
)
from mspcim.gateway.store_interface import StoreConnection, StoreRow
from mspcim.gateway.strays import Stray, StrayReason, strays

__all__ = [
    "Conversation",
    "PurgeReport",
    "Replayed",
    "StoreStats",
    "conversations",
    "dead_letters",
    "find",
    "purge",
    "replay",
    "stats",
    "stray_reasons",
]

FINAL = tuple(state.value for state in TransactionState if state.final)
UNFINISHED = tuple(state.value for state in TransactionState if not state.final)


@dataclass(slots=True)
class StoreStats:
    """Counts that tell an operator how the gateway is doing."""

    path: str
    size_bytes: int
    conversations: dict[str, dict[str, int]]
    """Flow → state → count."""
    outbox: dict[str, dict[str, int]]
    """Purpose → state → count."""
    pending: int
    dead_letters: int
    oldest_pending_at: float | None
    strays: dict[str, int]
    """Reason (late, repeated, unknown-correlation) → count."""
    receipts: int
    """Answers kept for callers that may repeat a MessageID or transactionID."""
    messages: int
    """Copies in the wire tap."""


def _nested(rows: list[StoreRow]) -> dict[str, dict[str, int]]:
    nested: dict[str, dict[str, int]] = {}
    for row in rows:
        nested.setdefault(row[0], {})[row[1]] = row[2]
    return nested


def stats(store: MessageStore) -> StoreStats:
    """The store's counts, by flow, purpose and state."""
    pending = OutboxState.PENDING.value
    outbox = _nested(
        store.read("SELECT purpose, state, COUNT(*) FROM outbox GROUP BY purpose, state")
    )
    [oldest] = store.read("SELECT MIN(created_at) FROM outbox WHERE state = ?", [pending])
    return StoreStats(
        path=store.location,
        size_bytes=store.size_bytes(),
        conversations=_nested(
            store.read("SELECT flow, state, COUNT(*) FROM read_transaction GROUP BY flow, state")
        ),
        outbox=outbox,
        pending=sum(states.get(pending, 0) for states in outbox.values()),
        dead_letters=sum(states.get(OutboxState.DEAD.value, 0) for states in outbox.values()),
        oldest_pending_at=oldest[0],
        strays={
            row[0]: row[1]
            for row in store.read("SELECT reason, COUNT(*) FROM stray GROUP BY reason")
        },
        receipts=store.read("SELECT COUNT(*) FROM receipt")[0][0],
        messages=store.read("SELECT COUNT(*) FROM message_log")[0][0],
    )


def conversations(
    store: MessageStore,
    *,
    flow: str | None = None,
    state: TransactionState | None = None,
    limit: int = 50,
) -> list[ReadTransaction]:
    """Conversations (of one flow, in one state), most recently changed first."""
    chosen = [
        transaction
        for transaction in store.transactions(state)
        if flow is None or transaction.flow == flow
    ]
    chosen.sort(key=lambda transaction: transaction.updated_at, reverse=True)
    return chosen[:limit]


def dead_letters(store: MessageStore) -> list[OutboxItem]:
    """Outbox items given up (retry budget spent, or refused by the peer), oldest first."""
    return store.outbox([OutboxState.DEAD])


@dataclass(slots=True)
class Conversation:
    """Everything the store knows about one conversation."""

    transaction: ReadTransaction
    parts: list[ReadTransaction]
    """Transactions of its own parts (a connect/disconnect's per-meter outcomes)."""
    outbox: list[OutboxItem]
    messages: list[LoggedMessage]
    strays: list[Stray]


def find(store: MessageStore, key: str) -> list[Conversation]:
    """The conversations ``key`` names: a CorrelationID, a caller's transactionID, an outbox id."""
    found: ReadTransaction | None = None
    if key.isdigit():
        item = store.outbox_item(int(key))
        if item is not None and item.correlation_id is not None:
            found = store.transaction(item.correlation_id)
    found = found or store.transaction(key)
    chosen = (
        [found]
        if found is not None
        else [
            transaction
            for transaction in store.transactions()
            if transaction.transaction_id == key and "/" not in transaction.correlation_id
        ]
    )
    return [_conversation(store, transaction) for transaction in chosen]


def _conversation(store: MessageStore, transaction: ReadTransaction) -> Conversation:
    prefix = f"{transaction.correlation_id}/"
    parts = [part for part in store.transactions() if part.correlation_id.startswith(prefix)]
    ids = {transaction.correlation_id, *(part.correlation_id for part in parts)}
    return Conversation(
        transaction=transaction,
        parts=parts,
        outbox=[item for item in store.outbox() if item.correlation_id in ids],
        messages=store.messages(transaction.correlation_id),
        strays=strays(store, correlation_id=transaction.correlation_id),
    )


@dataclass(frozen=True, slots=True)
class Replayed:
    """What ``replay`` did with one outbox id."""

    id: int
    replayed: bool
    reason: str
    """Why not, or what the conversation was (and becomes)."""


def replay(store: MessageStore, ids: list[int], now: float) -> list[Replayed]:
    """Move dead letters back to pending, with a fresh retry budget, due at once.

    A conversation that failed because of the dead letter waits again (``replied``), so the
    flow records the delivery when it comes. Ids that are not dead letters are left alone.
    """
    results = []
    for item_id in ids:
        item = store.outbox_item(item_id)
        if item is None:
            results.append(Replayed(item_id, False, "no such outbox item"))
            continue
        if item.state is not OutboxState.DEAD:
            results.append(Replayed(item_id, False, f"not a dead letter ({item.state.value})"))
            continue
        conversation = store.transaction(item.correlation_id) if item.correlation_id else None
        reason = "pending again"
        if conversation is not None:
            reason += f"; conversation {conversation.correlation_id} was {conversation.state}"
            if conversation.state is TransactionState.FAILED:
                reason += ", waits again (replied)"
        store.write(_replay_write(item, now))
        results.append(Replayed(item_id, True, reason))
    return results


def _replay_write(item: OutboxItem, now: float) -> Write:
    def write(db: StoreConnection) -> None:
        db.execute(
            "UPDATE outbox SET state = ?, attempts = 0, next_attempt_at = ?, last_error = ?"
            " WHERE id = ? AND state = ?",
            (
                OutboxState.PENDING.value,
                now,
                f"replayed by an operator after: {item.last_error or 'no error recorded'}",
                item.id,
                OutboxState.DEAD.value,
            ),
        )
        db.execute(
            "UPDATE read_transaction SET state = ?, updated_at = ?,"
            " detail = 'dead letter replayed by an operator'"
            " WHERE correlation_id = ? AND state = ?",
            (
                TransactionState.REPLIED.value,
                now,
                item.correlation_id,
                TransactionState.FAILED.value,
            ),
        )

    return write


@dataclass(slots=True)
class PurgeReport:
    """What ``purge`` deleted (or would delete) and what it kept although old."""

    deleted: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False


def purge(
    store: MessageStore,
    cutoff: float,
    now: float,
    *,
    include_dead_letters: bool = False,
    dry_run: bool = False,
) -> PurgeReport:
    """Delete finished work last changed before ``cutoff``, and answers past their retention.

    Kept whatever their age: unfinished conversations, pending outbox items, dead letters
    (unless ``include_dead_letters``), and what belongs to a kept conversation.
    """
    report = PurgeReport(dry_run=dry_run)
    dead = OutboxState.DEAD.value
    pending = OutboxState.PENDING.value
    finished_outbox = (OutboxState.SENT.value, OutboxState.CANCELLED.value) + (
        (dead,) if include_dead_letters else ()
    )
    waiting = (pending,) if include_dead_letters else (pending, dead)
    final = ",".join("?" for _ in FINAL)
    # the conversations purged: final, old, and with no outbox item still waiting
    purged = (
        f"SELECT correlation_id FROM read_transaction WHERE updated_at < ? AND state IN ({final})"
        f" AND correlation_id NOT IN (SELECT correlation_id FROM outbox"
        f" WHERE correlation_id IS NOT NULL AND state IN ({','.join('?' for _ in waiting)}))"
    )
    purged_parameters: list[object] = [cutoff, *FINAL, *waiting]
    orphan = (
        "(correlation_id IS NULL"
        " OR correlation_id NOT IN (SELECT correlation_id FROM read_transaction))"
    )
    # deleted in this order, conversations last: each statement sees the same purged set
    statements: dict[str, tuple[str, list[object]]] = {
        "wire-tap copies": (
            f"FROM message_log WHERE correlation_id IN ({purged}) OR (at < ? AND {orphan})",
            [*purged_parameters, cutoff],
        ),
        "strays": (
            f"FROM stray WHERE correlation_id IN ({purged}) OR (at < ? AND {orphan})",
            [*purged_parameters, cutoff],
        ),
        "outbox items": (
            f"FROM outbox WHERE state IN ({','.join('?' for _ in finished_outbox)})"
            f" AND (correlation_id IN ({purged}) OR (created_at < ? AND {orphan}))",
            [*finished_outbox, *purged_parameters, cutoff],
        ),
        "expired receipts": ("FROM receipt WHERE expires_at <= ?", [now]),
        "conversations": (
            f"FROM read_transaction WHERE correlation_id IN ({purged})",
            purged_parameters,
        ),
    }
    for name, (clause, parameters) in statements.items():
        report.deleted[name] = store.read(f"SELECT COUNT(*) {clause}", parameters)[0][0]
    unfinished = ",".join("?" for _ in UNFINISHED)
    report.kept["unfinished conversations"] = store.read(
        f"SELECT COUNT(*) FROM read_transaction WHERE updated_at < ? AND state IN ({unfinished})",
        [cutoff, *UNFINISHED],
    )[0][0]
    report.kept["pending outbox items"] = store.read(
        "SELECT COUNT(*) FROM outbox WHERE created_at < ? AND state = ?", [cutoff, pending]
    )[0][0]
    if not include_dead_letters:
        report.kept["dead letters"] = store.read(
            "SELECT COUNT(*) FROM outbox WHERE created_at < ? AND state = ?", [cutoff, dead]
        )[0][0]
    if not dry_run:

        def write(db: StoreConnection) -> None:
            for clause, parameters in statements.values():
                db.execute(f"DELETE {clause}", parameters)

        store.write(write)
    return report


def stray_reasons(late: bool, unknown: bool) -> tuple[StrayReason, ...]:
    """The stray reasons ``mspcim store list --late`` / ``--unknown`` ask for."""
    reasons: tuple[StrayReason, ...] = ()
    if late:
        reasons += (StrayReason.LATE, StrayReason.REPEATED)
    if unknown:
        reasons += (StrayReason.UNKNOWN,)
    return reasons
