"""Replies that came too late, twice, or for no one: kept in the store and reported, never dropped.

A flow that receives a reply for a conversation already over (after ``expTime``, or after its
reply was in) keeps it here with ``keep_after_end``; ``/cim/reply`` keeps a reply that no open
conversation takes with ``keep_unknown``. The wire tap has the full message either way; a stray
row says why it changed nothing. Operators read them with ``mspcim store list --late`` and
``--unknown``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from mspcim.cim.message import Message
from mspcim.gateway.runtime import Runtime
from mspcim.gateway.store import MessageStore, ReadTransaction, TransactionState

__all__ = ["Stray", "StrayReason", "keep_after_end", "keep_unknown", "strays"]


class StrayReason(StrEnum):
    """Why a reply changed nothing."""

    LATE = "late"
    """It came after the conversation's expTime."""
    REPEATED = "repeated"
    """The conversation already had its reply (a repetition, or a second answer)."""
    UNKNOWN = "unknown-correlation"
    """No open conversation has its CorrelationID."""


@dataclass(frozen=True, slots=True)
class Stray:
    """One kept stray reply."""

    id: int
    at: float
    reason: StrayReason
    correlation_id: str | None
    noun: str | None
    peer: str | None
    detail: str | None
    body: bytes


def _keep(
    store: MessageStore,
    at: float,
    reason: StrayReason,
    correlation_id: str | None,
    noun: str | None,
    peer: str | None,
    detail: str,
    body: bytes,
) -> None:
    store.write(
        lambda db: db.execute(
            "INSERT INTO stray (at, reason, correlation_id, noun, peer, detail, body)"
            " VALUES (?,?,?,?,?,?,?)",
            (at, reason.value, correlation_id, noun, peer, detail, body),
        ),
        tap=True,
    )


def keep_after_end(
    runtime: Runtime, conversation: ReadTransaction, message: Message, now: float
) -> StrayReason:
    """Record that ``message`` arrived when ``conversation`` was over; late or repeated."""
    late = now > conversation.expires_at or conversation.state is TransactionState.EXPIRED
    reason = StrayReason.LATE if late else StrayReason.REPEATED
    header = message.header
    detail = (
        f"{message.kind.value} {message.noun or ''} after the conversation was "
        f"{conversation.state.value}"
        f"{' and past its expTime' if now > conversation.expires_at else ''}; "
        f"MessageID {header.message_id if header else None!r}"
    )
    _keep(
        runtime.store,
        now,
        reason,
        conversation.correlation_id,
        message.noun,
        header.source if header else None,
        detail,
        b"",
    )
    return reason


def keep_unknown(runtime: Runtime, message: Message, body: bytes, peer: str | None) -> None:
    """Record a reply whose CorrelationID no open conversation has, with its bytes."""
    header = message.header
    correlation = header.correlation_id if header else None
    detail = (
        f"{message.kind.value} {message.noun or ''} with CorrelationID {correlation!r} "
        f"from {(header.source if header else None) or peer or '?'}"
    )
    _keep(
        runtime.store,
        runtime.clock(),
        StrayReason.UNKNOWN,
        correlation,
        message.noun,
        peer,
        detail,
        body,
    )


def strays(
    store: MessageStore,
    reasons: tuple[StrayReason, ...] = (),
    *,
    correlation_id: str | None = None,
    limit: int = 1000,
) -> list[Stray]:
    """Kept strays (of ``reasons``, of one conversation), newest first."""
    where: list[str] = []
    parameters: list[object] = []
    if reasons:
        where.append(f"reason IN ({','.join('?' for _ in reasons)})")
        parameters.extend(reason.value for reason in reasons)
    if correlation_id is not None:
        where.append("(correlation_id = ? OR correlation_id LIKE ?)")
        parameters.extend([correlation_id, f"{correlation_id}/%"])
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    rows = store.read(f"SELECT * FROM stray{clause} ORDER BY id DESC LIMIT ?", [*parameters, limit])
    return [
        Stray(
            id=row["id"],
            at=row["at"],
            reason=StrayReason(row["reason"]),
            correlation_id=row["correlation_id"],
            noun=row["noun"],
            peer=row["peer"],
            detail=row["detail"],
            body=bytes(row["body"] or b""),
        )
        for row in rows
    ]
