"""``mspcim store``: stats, list, show, dlq, replay and purge over a prepared message store."""

from __future__ import annotations

import json
import time

import pytest
from typer.testing import CliRunner

from mspcim.cli import app
from mspcim.console.store_cli import parse_duration
from mspcim.gateway.store import (
    MessageStore,
    OutboxItem,
    OutboxState,
    Purpose,
    ReadTransaction,
    TransactionState,
)

NOW = time.time()
DAY = 86400.0
OLD = NOW - 40 * DAY


def conversation(
    correlation_id: str, state: TransactionState, at: float, flow: str = "on-demand-read"
) -> ReadTransaction:
    return ReadTransaction(
        correlation_id=correlation_id,
        transaction_id=f"TX-{correlation_id}",
        response_url="http://cb.test/CB_Server",
        caller="TestCIS",
        meter_ids=["M1", "M2"],
        soap_version="SOAP11",
        state=state,
        created_at=at,
        expires_at=at + 3600,
        flow=flow,
    )


def item(correlation_id: str, purpose: str, at: float) -> OutboxItem:
    return OutboxItem(
        purpose=purpose,
        url="http://cb.test/CB_Server",
        body=b"<notification/>",
        headers={},
        correlation_id=correlation_id,
        created_at=at,
        next_attempt_at=at,
    )


@pytest.fixture
def db(tmp_path):
    """A store with old and new work: delivered, dead, waiting, a c/d with parts, strays."""
    path = tmp_path / "gateway.db"
    store = MessageStore(path)
    for name, state, at in [
        ("OLD-DONE", TransactionState.DELIVERED, OLD),
        ("OLD-WAITING", TransactionState.REQUESTED, OLD),
        ("OLD-DEAD", TransactionState.FAILED, OLD),
        ("NEW-DONE", TransactionState.DELIVERED, NOW),
    ]:
        store.accept(conversation(name, state, at), item(name, Purpose.CIM_REQUEST, at))
        store.log_message(
            at=at, direction="in", side="multispeak", kind="Initiate", body=b"<i/>",
            correlation_id=name,
        )  # fmt: skip
    for outbox in store.outbox():
        if outbox.correlation_id in ("OLD-DONE", "NEW-DONE"):
            store.mark_sent(outbox.id, 1)
        if outbox.correlation_id == "OLD-DEAD":
            store.mark_dead(outbox.id, 5, "cannot reach http://cb.test/: ConnectError")
    store.set_state("OLD-DONE", TransactionState.DELIVERED, OLD)
    store.set_state("OLD-WAITING", TransactionState.REQUESTED, OLD)
    store.set_state("OLD-DEAD", TransactionState.FAILED, OLD, "notification given up")
    parent = conversation("CD-1", TransactionState.REPLIED, NOW, flow="connect-disconnect")
    store.accept(parent, item("CD-1", "connect_disconnect_request", NOW))
    store.accept(
        conversation("CD-1/1", TransactionState.REPLIED, NOW, flow="connect-disconnect-meter"),
        item("CD-1/1", "connect_disconnect_notification", NOW),
    )
    store.write(
        lambda connection: connection.executemany(
            "INSERT INTO stray (at, reason, correlation_id, noun, detail, body)"
            " VALUES (?,?,?,?,?,?)",
            [
                (OLD, "late", "OLD-DONE", "MeterReadings", "ResponseMessage after expTime", b""),
                (NOW, "unknown-correlation", "NOPE", "MeterReadings", "who?", b"<x/>"),
            ],
        )
    )
    store.close()
    return path


@pytest.fixture
def run(db):
    runner = CliRunner()

    def invoke(*args: str, code: int = 0):
        result = runner.invoke(app, ["store", *args, "--db", str(db)])
        assert result.exit_code == code, result.output
        return result

    return invoke


def reopened(db) -> MessageStore:
    return MessageStore(db)


def test_durations_read_as_seconds():
    assert parse_duration("90") == 90
    assert parse_duration("15m") == 900
    assert parse_duration("12h") == 43200
    assert parse_duration("30d") == 30 * DAY
    assert parse_duration("2w") == 14 * DAY
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration("soon")


def test_stats_counts_by_flow_purpose_and_state(run):
    data = json.loads(run("stats", "--json").stdout)
    assert data["conversations"]["on-demand-read"] == {
        "delivered": 2,
        "requested": 1,
        "failed": 1,
    }
    assert data["conversations"]["connect-disconnect-meter"] == {"replied": 1}
    assert data["outbox"]["cim_request"] == {"sent": 2, "pending": 1, "dead": 1}
    assert data["pending"] == 3 and data["dead_letters"] == 1
    assert data["strays"] == {"late": 1, "unknown-correlation": 1}
    assert data["messages"] == 4 and data["size_bytes"] > 0

    text = run("stats").stdout
    assert "on-demand-read" in text and "dead letters 1 (mspcim store dlq)" in text
    assert "late 1, unknown-correlation 1" in text


def test_list_filters_by_state_and_flow_and_shows_strays(run):
    rows = json.loads(run("list", "--json").stdout)
    assert rows[0]["correlation_id"] in ("NEW-DONE", "CD-1", "CD-1/1")
    assert {row["correlation_id"] for row in rows} >= {"OLD-DONE", "OLD-WAITING", "CD-1"}
    failed = json.loads(run("list", "--state", "failed", "--json").stdout)
    assert [(row["correlation_id"], row["detail"]) for row in failed] == [
        ("OLD-DEAD", "notification given up")
    ]
    flows = json.loads(run("list", "--flow", "connect-disconnect", "--json").stdout)
    assert [row["correlation_id"] for row in flows] == ["CD-1"]

    late = json.loads(run("list", "--late", "--json").stdout)
    assert [(s["reason"], s["correlation_id"]) for s in late] == [("late", "OLD-DONE")]
    unknown = json.loads(run("list", "--unknown", "--json").stdout)
    assert [(s["reason"], s["correlation_id"], s["body"]) for s in unknown] == [
        ("unknown-correlation", "NOPE", {"bytes": 4})
    ]
    text = run("list", "--late").stdout
    assert "ResponseMessage after expTime" in text and "OLD-DONE" in text


def test_show_finds_a_conversation_by_correlation_transaction_or_outbox_id(run, db):
    by_correlation = json.loads(run("show", "CD-1", "--json").stdout)
    [found] = by_correlation
    assert found["transaction"]["flow"] == "connect-disconnect"
    assert [part["correlation_id"] for part in found["parts"]] == ["CD-1/1"]
    assert {entry["purpose"] for entry in found["outbox"]} == {
        "connect_disconnect_request",
        "connect_disconnect_notification",
    }
    [by_transaction] = json.loads(run("show", "TX-OLD-DONE", "--json", "--bodies").stdout)
    assert by_transaction["transaction"]["correlation_id"] == "OLD-DONE"
    assert by_transaction["messages"][0]["body"] == "<i/>"
    assert [s["reason"] for s in by_transaction["strays"]] == ["late"]
    store = reopened(db)
    dead = store.outbox([OutboxState.DEAD])[0].id
    store.close()
    [by_item] = json.loads(run("show", str(dead), "--json").stdout)
    assert by_item["transaction"]["correlation_id"] == "OLD-DEAD"

    text = run("show", "OLD-DONE", "--bodies").stdout
    assert "delivered" in text and "wire tap" in text and "<i/>" in text
    missing = run("show", "NOTHING", code=2)
    assert "no conversation, transactionID or outbox item 'NOTHING'" in missing.output


def test_dlq_lists_dead_letters_and_replay_sends_them_again(run, db):
    [dead] = json.loads(run("dlq", "--json").stdout)
    assert dead["correlation_id"] == "OLD-DEAD" and dead["attempts"] == 5
    assert "ConnectError" in dead["last_error"]
    assert "OLD-DEAD" in run("dlq").stdout

    replayed = json.loads(run("replay", str(dead["id"]), "--json").stdout)
    assert replayed == [
        {
            "id": dead["id"],
            "replayed": True,
            "reason": "pending again; conversation OLD-DEAD was failed, waits again (replied)",
        }
    ]
    store = reopened(db)
    again = store.outbox_item(dead["id"])
    conversation_now = store.transaction("OLD-DEAD")
    store.close()
    assert again.state is OutboxState.PENDING and again.attempts == 0
    assert again.next_attempt_at <= time.time()
    assert again.last_error.startswith("replayed by an operator after: cannot reach")
    assert conversation_now.state is TransactionState.REPLIED
    assert "no dead letters" in run("dlq").stdout

    skipped = run("replay", str(dead["id"]), "999", code=1).stdout
    assert f"skipped #{dead['id']}: not a dead letter (pending)" in skipped
    assert "skipped #999: no such outbox item" in skipped


def test_purge_deletes_old_finished_work_and_keeps_unfinished_work(run, db):
    dry = json.loads(run("purge", "--older-than", "30d", "--dry-run", "--json").stdout)
    assert dry["dry_run"] is True
    assert dry["deleted"] == {
        "wire-tap copies": 1,
        "strays": 1,
        "outbox items": 1,
        "expired receipts": 0,
        "conversations": 1,
    }
    assert dry["kept"] == {
        "unfinished conversations": 1,
        "pending outbox items": 1,
        "dead letters": 1,
    }
    store = reopened(db)
    assert len(store.transactions()) == 6, "a dry run deletes nothing"
    store.close()

    text = run("purge", "--older-than", "30d").stdout
    assert "deleted: 1 wire-tap copies, 1 strays, 1 outbox items" in text
    assert "kept although older (unfinished work): 1 unfinished conversations" in text
    store = reopened(db)
    remaining = {t.correlation_id for t in store.transactions()}
    logs = {m.correlation_id for m in store.messages()}
    store.close()
    assert remaining == {"OLD-WAITING", "OLD-DEAD", "NEW-DONE", "CD-1", "CD-1/1"}
    assert logs == {"OLD-WAITING", "OLD-DEAD", "NEW-DONE"}

    with_dead = json.loads(
        run("purge", "--older-than", "30d", "--include-dead-letters", "--json").stdout
    )
    assert with_dead["deleted"]["conversations"] == 1 and "dead letters" not in with_dead["kept"]
    store = reopened(db)
    assert "OLD-DEAD" not in {t.correlation_id for t in store.transactions()}
    assert store.transaction("OLD-WAITING") is not None, "unfinished work is never purged"
    store.close()


def test_bad_arguments_get_one_clear_line(run, tmp_path):
    assert "not a duration" in run("purge", "--older-than", "soon", code=2).output
    assert "must be more than 0" in run("purge", "--older-than", "0", code=2).output
    result = CliRunner().invoke(app, ["store", "stats", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert f"no message store at {tmp_path / 'none.db'}" in result.output


def test_the_store_of_a_configuration_file_is_used(db, tmp_path):
    config = tmp_path / "gateway.toml"
    config.write_text(f'[gateway]\ndb_path = "{db}"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["store", "stats", "--json", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["path"] == str(db)
