"""``mspcim store``: the operator's view of the gateway's message store.

``stats`` counts, ``list`` shows conversations (or, with ``--late`` / ``--unknown``, the replies
that came too late or for no one), ``show`` one conversation with its outbox items and wire tap,
``dlq`` the dead letters, ``replay`` moves dead letters back to pending, ``purge`` deletes old
finished work (never unfinished work). Every command prints a readable table, or JSON with
``--json``; it may run beside a live gateway (the store is SQLite in WAL mode).
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from mspcim.exceptions import MspcimError
from mspcim.gateway import store_admin
from mspcim.gateway.config import default_db_path, load_settings
from mspcim.gateway.store import MessageStore, OutboxItem, ReadTransaction, TransactionState
from mspcim.gateway.strays import Stray, strays

__all__ = ["parse_duration", "register", "store_app"]

store_app = typer.Typer(
    help="The gateway's message store: counts, conversations, dead letters, replay, purge.",
    no_args_is_help=True,
)

out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)
"""Tables as wide as the terminal; piped output is not folded at 80 columns."""

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="SQLite message store (default: the gateway's, gateway.db in the user data dir).",
    ),
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="Gateway configuration whose db_path to use.")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_duration(text: str) -> float:
    """Seconds in ``text``: a number with an optional unit s, m, h, d or w (``30d``, ``12h``)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*", text)
    if match is None:
        raise ValueError(f"{text!r} is not a duration such as 90s, 15m, 12h, 30d or 2w")
    return float(match.group(1)) * _UNITS[match.group(2) or "s"]


def _fail(message: str) -> typer.Exit:
    sys.stderr.write(f"error: {message}\n")
    return typer.Exit(2)


def _open(db: Path | None, config: Path | None) -> MessageStore:
    """The store of ``--db``, else the one ``--config`` names, else the default SQLite file."""
    path = db
    if path is None and config is not None:
        try:
            settings = load_settings(config)
            if settings.store == "postgresql":
                return MessageStore.from_settings(settings)
        except MspcimError as exc:
            raise _fail(str(exc)) from None
        path = settings.db_path
    path = path or default_db_path()
    if not path.is_file():
        raise _fail(f"no message store at {path}")
    try:
        return MessageStore(path)
    except MspcimError as exc:
        raise _fail(str(exc)) from None


def _when(at: float | None) -> str:
    if at is None:
        return "-"
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d %H:%M:%SZ")


def _plain(value: Any) -> Any:
    """``value`` made JSON-ready: enums by value, bytes by size, times as ISO 8601 too."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bytes):
        return {"bytes": len(value)}
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(_plain(value), indent=2, ensure_ascii=False) + "\n")


def _table(title: str, columns: Iterable[str]) -> Table:
    table = Table(title=title, title_justify="left", box=None, pad_edge=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


# --- stats


@store_app.command("stats")
def stats(db: DbOption = None, config: ConfigOption = None, as_json: JsonOption = False) -> None:
    """Counts: conversations by flow and state, outbox by purpose and state, dead letters."""
    store = _open(db, config)
    try:
        found = store_admin.stats(store)
    finally:
        store.close()
    if as_json:
        _print_json(asdict(found))
        return
    out.print(f"message store {escape(found.path)} ({found.size_bytes / 1024:.0f} KiB)\n")
    states = [state.value for state in TransactionState]
    table = _table("conversations", ["flow", *states, "total"])
    for flow, counts in sorted(found.conversations.items()):
        table.add_row(flow, *(str(counts.get(s, 0)) for s in states), str(sum(counts.values())))
    out.print(table)
    outbox_states = ["pending", "sent", "dead", "cancelled"]
    table = _table("\noutbox", ["purpose", *outbox_states, "total"])
    for purpose, counts in sorted(found.outbox.items()):
        table.add_row(
            purpose, *(str(counts.get(s, 0)) for s in outbox_states), str(sum(counts.values()))
        )
    out.print(table)
    oldest = f", oldest queued {_when(found.oldest_pending_at)}" if found.oldest_pending_at else ""
    late = ", ".join(f"{reason} {count}" for reason, count in sorted(found.strays.items()))
    out.print(
        f"\npending {found.pending}{oldest}; dead letters {found.dead_letters}"
        f"{' (mspcim store dlq)' if found.dead_letters else ''}\n"
        f"stray replies: {late or 'none'}; kept answers (idempotency) {found.receipts}; "
        f"wire-tap copies {found.messages}"
    )


# --- list


def _transaction_row(transaction: ReadTransaction) -> list[str]:
    return [
        transaction.correlation_id,
        transaction.flow,
        transaction.transaction_id or "-",
        transaction.state.value,
        str(len(transaction.meter_ids)),
        _when(transaction.updated_at),
        transaction.detail or "",
    ]


def _print_strays(found: list[Stray]) -> None:
    table = _table("stray replies", ["#", "at", "reason", "CorrelationID", "noun", "detail"])
    for stray in found:
        table.add_row(
            str(stray.id),
            _when(stray.at),
            stray.reason.value,
            stray.correlation_id or "-",
            stray.noun or "-",
            escape(stray.detail or ""),
        )
    out.print(table if found else "no stray replies")


@store_app.command("list")
def list_conversations(
    flow: Annotated[str | None, typer.Option(help="Only this flow (on-demand-read …).")] = None,
    state: Annotated[TransactionState | None, typer.Option(help="Only this state.")] = None,
    late: Annotated[
        bool, typer.Option("--late", help="Replies after expTime or after the reply was in.")
    ] = False,
    unknown: Annotated[
        bool, typer.Option("--unknown", help="Replies whose CorrelationID no one had.")
    ] = False,
    limit: Annotated[int, typer.Option(min=1, help="Most rows shown.")] = 50,
    db: DbOption = None,
    config: ConfigOption = None,
    as_json: JsonOption = False,
) -> None:
    """Conversations, most recent first; or the stray replies with --late / --unknown."""
    store = _open(db, config)
    try:
        if late or unknown:
            found_strays = strays(store, store_admin.stray_reasons(late, unknown), limit=limit)
            if as_json:
                _print_json([asdict(stray) for stray in found_strays])
            else:
                _print_strays(found_strays)
            return
        found = store_admin.conversations(store, flow=flow, state=state, limit=limit)
    finally:
        store.close()
    if as_json:
        _print_json([asdict(transaction) for transaction in found])
        return
    table = _table(
        "conversations",
        ["CorrelationID", "flow", "transactionID", "state", "meters", "changed", "detail"],
    )
    for transaction in found:
        table.add_row(*(escape(cell) for cell in _transaction_row(transaction)))
    out.print(table if found else "no conversations")


# --- show


def _item_row(item: OutboxItem) -> list[str]:
    return [
        str(item.id),
        item.purpose,
        item.state.value,
        str(item.attempts),
        _when(item.next_attempt_at) if item.state.value == "pending" else "-",
        item.url,
        item.last_error or "",
    ]


ITEM_COLUMNS = ["#", "purpose", "state", "attempts", "next attempt", "url", "last error"]


@store_app.command("show")
def show(
    key: Annotated[
        str, typer.Argument(help="CorrelationID, the caller's transactionID, or an outbox #.")
    ],
    bodies: Annotated[bool, typer.Option(help="Print the wire tap's messages in full.")] = False,
    db: DbOption = None,
    config: ConfigOption = None,
    as_json: JsonOption = False,
) -> None:
    """One conversation: its state, parts, outbox items, wire tap and stray replies."""
    store = _open(db, config)
    try:
        found = store_admin.find(store, key)
    finally:
        store.close()
    if not found:
        raise _fail(f"no conversation, transactionID or outbox item {key!r} in the store")
    if as_json:
        documents = [asdict(conversation) for conversation in found]
        if bodies:
            for document, conversation in zip(documents, found, strict=True):
                for logged, message in zip(
                    document["messages"], conversation.messages, strict=True
                ):
                    logged["body"] = message.body.decode("utf-8", "replace")
        _print_json(documents)
        return
    for conversation in found:
        _print_conversation(conversation, bodies)


def _print_conversation(conversation: store_admin.Conversation, bodies: bool) -> None:
    transaction = conversation.transaction
    out.print(f"[bold]{escape(transaction.correlation_id)}[/] ({transaction.flow})")
    for label, value in (
        ("state", ": ".join(filter(None, (transaction.state.value, transaction.detail)))),
        ("transactionID", transaction.transaction_id or "-"),
        ("caller", transaction.caller or "-"),
        ("responseURL", transaction.response_url or "-"),
        ("meters", ", ".join(transaction.meter_ids)),
        ("created", _when(transaction.created_at)),
        ("changed", _when(transaction.updated_at)),
        ("expires", _when(transaction.expires_at)),
    ):
        out.print(f"  {label:14} {escape(value)}")
    if conversation.parts:
        table = _table("\nparts", ["CorrelationID", "meter", "state", "changed", "detail"])
        for part in conversation.parts:
            table.add_row(
                *(
                    escape(cell)
                    for cell in (
                        part.correlation_id,
                        ", ".join(part.meter_ids),
                        part.state.value,
                        _when(part.updated_at),
                        part.detail or "",
                    )
                )
            )
        out.print(table)
    table = _table("\noutbox", ITEM_COLUMNS)
    for item in conversation.outbox:
        table.add_row(*(escape(cell) for cell in _item_row(item)))
    out.print(table)
    table = _table("\nwire tap", ["at", "", "side", "message", "peer", "bytes"])
    for message in conversation.messages:
        arrow = "→" if message.direction == "out" else "←"
        row = [_when(message.at), arrow, message.side, message.kind, message.peer or ""]
        table.add_row(*(escape(cell) for cell in row), str(len(message.body)))
    out.print(table)
    if conversation.strays:
        _print_strays(conversation.strays)
    if bodies:
        for message in conversation.messages:
            out.print(f"\n[bold]{escape(message.direction)} {escape(message.kind)}[/]")
            out.print(message.body.decode("utf-8", "replace"), markup=False)
    out.print()


# --- dead letters


@store_app.command("dlq")
def dlq(db: DbOption = None, config: ConfigOption = None, as_json: JsonOption = False) -> None:
    """The dead letters: outbox items given up, with their last error (replay with ``replay``)."""
    store = _open(db, config)
    try:
        found = store_admin.dead_letters(store)
    finally:
        store.close()
    if as_json:
        _print_json([asdict(item) for item in found])
        return
    table = _table("dead letters", ["#", "purpose", "CorrelationID", "attempts", "url", "error"])
    for item in found:
        row = [
            str(item.id),
            item.purpose,
            item.correlation_id or "-",
            str(item.attempts),
            item.url,
            item.last_error or "",
        ]
        table.add_row(*(escape(cell) for cell in row))
    out.print(table if found else "no dead letters")


@store_app.command("replay")
def replay(
    ids: Annotated[list[int], typer.Argument(help="Outbox numbers of dead letters (see dlq).")],
    db: DbOption = None,
    config: ConfigOption = None,
    as_json: JsonOption = False,
) -> None:
    """Move dead letters back to pending, with a fresh retry budget; the gateway sends them."""
    store = _open(db, config)
    try:
        results = store_admin.replay(store, ids, time.time())
    finally:
        store.close()
    if as_json:
        _print_json([asdict(result) for result in results])
    else:
        for result in results:
            verdict = "replayed" if result.replayed else "skipped"
            out.print(f"{verdict} #{result.id}: {escape(result.reason)}")
    if not all(result.replayed for result in results):
        raise typer.Exit(1)


@store_app.command("purge")
def purge(
    older_than: Annotated[
        str,
        typer.Option(
            "--older-than", help="Age of finished work to delete: 90s, 15m, 12h, 30d, 2w."
        ),
    ],
    include_dead_letters: Annotated[
        bool, typer.Option(help="Delete old dead letters too (they are kept by default).")
    ] = False,
    dry_run: Annotated[bool, typer.Option(help="Count only; delete nothing.")] = False,
    db: DbOption = None,
    config: ConfigOption = None,
    as_json: JsonOption = False,
) -> None:
    """Delete finished work older than a duration, with its messages; never unfinished work."""
    try:
        age = parse_duration(older_than)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    if age <= 0:
        raise _fail("--older-than must be more than 0")
    store = _open(db, config)
    now = time.time()
    try:
        report = store_admin.purge(
            store,
            now - age,
            now,
            include_dead_letters=include_dead_letters,
            dry_run=dry_run,
        )
    finally:
        store.close()
    if as_json:
        _print_json(asdict(report))
        return
    verb = "would delete" if dry_run else "deleted"
    deleted = ", ".join(f"{count} {name}" for name, count in report.deleted.items())
    out.print(f"{verb}: {deleted}")
    kept = ", ".join(f"{count} {name}" for name, count in report.kept.items() if count)
    if kept:
        out.print(f"kept although older (unfinished work): {kept}")


def register(app: typer.Typer) -> None:
    """Add ``store`` to the ``mspcim`` command line."""
    app.add_typer(store_app, name="store")
