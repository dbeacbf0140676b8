"""Several workers on one store: claims, forward-only conversations, one expiry, one receipt.

Each test opens two or more ``MessageStore`` objects on the same database, as separate worker
processes do, and runs on SQLite and on PostgreSQL (marked services; skipped with the reason
when the server cannot start). The thread test makes the workers really race.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest

from mspcim.exceptions import StoreError
from mspcim.gateway import store_admin
from mspcim.gateway.store import (
    DuplicateKeyError,
    MessageStore,
    OutboxItem,
    OutboxState,
    Purpose,
    ReadTransaction,
    TransactionState,
)
from mspcim.gateway.store_postgres import (
    PostgresEngine,
    PostgresRow,
    portable_to_psycopg,
    postgres_schema,
)
from services import STORES, postgres, store_opener  # noqa: F401 - fixture

T0 = 1_800_000_000.0
LEASE = 30.0


@pytest.fixture(params=STORES)
def open_store(request, tmp_path):
    return store_opener(request, tmp_path)


@pytest.fixture
def workers(open_store):
    """Two workers (ids w1, w2) sharing one store, holding claims for ``LEASE`` seconds."""
    opened = [open_store(worker_id=f"w{n}", lease=LEASE) for n in (1, 2)]
    yield opened
    for store in opened:
        store.close()


def conversation(correlation_id: str, lifetime: float = 60.0) -> ReadTransaction:
    return ReadTransaction(
        correlation_id=correlation_id,
        transaction_id=f"TX-{correlation_id}",
        response_url="http://cb.test/CB_Server",
        caller="TestCIS",
        meter_ids=["M1"],
        soap_version="SOAP11",
        state=TransactionState.ACCEPTED,
        created_at=T0,
        expires_at=T0 + lifetime,
    )


def item(
    correlation_id: str | None, purpose: str = Purpose.CIM_REQUEST, body: bytes = b"<r/>"
) -> OutboxItem:
    return OutboxItem(
        purpose=purpose,
        url="http://headend.test/",
        body=body,
        headers={"SOAPAction": '"get"'},
        correlation_id=correlation_id,
        next_attempt_at=T0,
        created_at=T0,
    )


def stray_rows(store: MessageStore) -> list[tuple[str, str]]:
    return [(row["reason"], row["correlation_id"]) for row in store.read("SELECT * FROM stray")]


def test_an_item_claimed_by_one_worker_is_not_given_to_another(workers):
    one, two = workers
    queued = [item(f"C-{n}") for n in range(3)]
    for each in queued:
        one.enqueue(each)

    claimed = one.claim(T0 + 1, limit=2)

    assert [each.id for each in claimed] == [queued[0].id, queued[1].id]
    assert [each.id for each in two.claim(T0 + 1)] == [queued[2].id], "the rest, not the held"
    assert two.claim(T0 + 1) == []
    assert one.due(T0 + 1) == [], "held items are not due for anyone"
    assert one.next_due_at() == pytest.approx(T0 + 1 + LEASE)
    rows = one.read("SELECT id, claimed_by, lease_until FROM outbox ORDER BY id")
    assert [(row[1], row[2]) for row in rows] == [("w1", T0 + 1 + LEASE)] * 2 + [
        ("w2", T0 + 1 + LEASE)
    ]


def test_a_dead_workers_claims_come_due_when_the_lease_ends(workers):
    one, two = workers
    queued = item("C-1")
    one.enqueue(queued)
    [held] = one.claim(T0)

    assert two.claim(T0 + LEASE - 1) == []
    [taken] = two.claim(T0 + LEASE)

    assert taken.id == held.id
    [row] = two.read("SELECT claimed_by FROM outbox")
    assert row["claimed_by"] == "w2"


def test_a_restarted_worker_gives_its_claims_back_at_once(open_store, workers):
    one, two = workers
    for n in range(2):
        one.enqueue(item(f"C-{n}"))
    one.claim(T0)
    two.enqueue(item("C-2"))
    two.claim(T0)
    one.close()

    restarted = open_store(worker_id="w1", lease=LEASE)
    try:
        assert restarted.release_claims() == 2, "only its own pending items"
        assert [each.correlation_id for each in two.claim(T0 + 1)] == ["C-0", "C-1"]
    finally:
        restarted.close()


def test_sent_retried_and_dead_items_are_no_longer_held(workers):
    one, two = workers
    sent, retried, dead = item("S"), item("R"), item("D")
    for each in (sent, retried, dead):
        one.enqueue(each)
    one.claim(T0)

    one.mark_sent(sent.id, 1)
    one.mark_retry(retried.id, 1, T0 + 2, "down")
    one.mark_dead(dead.id, 5, "gone")

    rows = two.read("SELECT correlation_id, state, claimed_by, lease_until FROM outbox")
    assert {row[0]: (row[1], row[2], row[3]) for row in rows} == {
        "S": ("sent", None, None),
        "R": ("pending", None, None),
        "D": ("dead", None, None),
    }
    assert [each.correlation_id for each in two.claim(T0 + 2)] == ["R"], "any worker retries"


def test_workers_racing_for_the_outbox_never_share_an_item(open_store):
    stores = [open_store(worker_id=f"w{n}", lease=LEASE) for n in range(4)]
    try:
        for n in range(120):
            stores[0].enqueue(item(f"C-{n}"))
        taken: list[tuple[str, int]] = []
        lock = threading.Lock()

        def work(store: MessageStore) -> None:
            while claimed := store.claim(T0, limit=7):
                with lock:
                    taken.extend((store.worker_id, each.id or 0) for each in claimed)

        threads = [threading.Thread(target=work, args=(store,)) for store in stores]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        times = Counter(item_id for _, item_id in taken)
        assert len(times) == 120 and set(times.values()) == {1}, "each item claimed exactly once"
        rows = stores[0].read("SELECT id, claimed_by FROM outbox")
        assert {row[0]: row[1] for row in rows} == {item_id: who for who, item_id in taken}
    finally:
        for store in stores:
            store.close()


def test_a_conversation_never_moves_back(workers):
    one, two = workers
    one.accept(conversation("C-1"), item("C-1"))
    two.set_state("C-1", TransactionState.REPLIED, T0 + 2, "replied on worker 2")

    one.set_state("C-1", TransactionState.REQUESTED, T0 + 3)  # worker 1's late acknowledgement

    kept = one.transaction("C-1")
    assert (kept.state, kept.updated_at, kept.detail) == (
        TransactionState.REPLIED,
        T0 + 2,
        "replied on worker 2",
    )
    two.set_state("C-1", TransactionState.DELIVERED, T0 + 4)
    one.set_state("C-1", TransactionState.FAILED, T0 + 5, "a stale dead letter")
    assert two.transaction("C-1").state is TransactionState.DELIVERED, "final stays final"


def test_two_replies_on_two_workers_queue_one_notification(workers):
    one, two = workers
    one.accept(conversation("C-1"), item("C-1"))
    first = item("C-1", Purpose.MSP_NOTIFICATION, b"<first/>")
    second = item("C-1", Purpose.MSP_NOTIFICATION, b"<second/>")

    one.reply_received("C-1", T0 + 1, first, "reply on worker 1")
    two.reply_received("C-1", T0 + 1.5, second, "reply on worker 2")

    notifications = one.outbox([OutboxState.PENDING])
    assert [each.body for each in notifications] == [b"<first/>"]
    assert one.transaction("C-1").detail == "reply on worker 1"
    assert stray_rows(two) == [("repeated", "C-1")]


def test_a_reply_after_another_workers_expiry_scan_is_kept_late(workers):
    one, two = workers
    one.accept(conversation("C-1", lifetime=10), item("C-1"))

    assert one.expire_due(T0 + 10) == ["C-1"]
    two.reply_received("C-1", T0 + 9, item("C-1", Purpose.MSP_NOTIFICATION), "just too late")

    assert one.transaction("C-1").state is TransactionState.EXPIRED
    assert one.outbox([OutboxState.PENDING]) == []
    assert stray_rows(one) == [("late", "C-1")]


def test_expiry_scans_in_every_worker_expire_each_conversation_once(open_store):
    stores = [open_store(worker_id=f"w{n}") for n in range(3)]
    try:
        for n in range(30):
            stores[0].accept(conversation(f"C-{n:02}", lifetime=5), item(f"C-{n:02}"))
        found: list[str] = []
        lock = threading.Lock()

        def scan(store: MessageStore) -> None:
            expired = store.expire_due(T0 + 5)
            with lock:
                found.extend(expired)

        threads = [threading.Thread(target=scan, args=(store,)) for store in stores]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert sorted(found) == [f"C-{n:02}" for n in range(30)], "each once, by one worker"
        assert stores[1].counts() == {
            "transactions": {"expired": 30},
            "outbox": {"cancelled": 30},
        }
    finally:
        for store in stores:
            store.close()


def test_one_receipt_key_for_two_workers(workers):
    one, two = workers

    def remember(answer: bytes):
        def write(db):
            db.execute(
                "INSERT INTO receipt VALUES (?,?,?,?,?,?,?,?)",
                ("cim head-end", "MessageID M-1", "digest", 200, "text/xml", answer, T0, T0 + 60),
            )

        return write

    one.write(remember(b"<first/>"))
    with pytest.raises(DuplicateKeyError):
        two.write(remember(b"<second/>"))

    [row] = two.read("SELECT answer FROM receipt")
    assert bytes(row["answer"]) == b"<first/>"


def test_the_postgresql_schema_is_the_sqlite_schema_in_its_types():
    statements = postgres_schema()

    [outbox] = [each for each in statements if each.startswith("CREATE TABLE IF NOT EXISTS outbox")]
    assert "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" in outbox
    assert "body BYTEA NOT NULL" in outbox
    assert "next_attempt_at DOUBLE PRECISION NOT NULL" in outbox
    assert "attempts BIGINT NOT NULL DEFAULT 0" in outbox
    assert "lease_until DOUBLE PRECISION" in outbox
    assert "PRIMARY KEY (caller, key)" in next(s for s in statements if "receipt (" in s)
    assert len([s for s in statements if s.startswith("CREATE TABLE")]) == 5


def test_portable_sql_becomes_psycopg_sql():
    assert portable_to_psycopg("SELECT * FROM t WHERE a = ? AND b LIKE ?") == (
        "SELECT * FROM t WHERE a = %s AND b LIKE %s"
    )
    assert portable_to_psycopg("UPDATE t SET d = 'why? 100%' WHERE id = ?") == (
        "UPDATE t SET d = 'why? 100%%' WHERE id = %s"
    )


def test_rows_read_by_position_and_by_name():
    row = PostgresRow({"state": 0, "count": 1}, ("pending", 3))

    assert (row[0], row["state"], row[1], row["count"]) == ("pending", "pending", 3, 3)
    assert list(row) == ["pending", 3] and len(row) == 2


def test_an_unreachable_server_is_a_store_error_without_the_password():
    with pytest.raises(StoreError, match="cannot open the message store") as raised:
        PostgresEngine("postgresql://mspcim:s3cret@127.0.0.1:1/mspcim", connect_timeout=1)

    assert "s3cret" not in str(raised.value)
    assert "postgresql://mspcim:***@127.0.0.1:1/mspcim" in str(raised.value)


def test_operators_commands_work_on_either_engine(workers):
    one, two = workers
    one.accept(conversation("OLD"), item("OLD"))
    one.reply_received("OLD", T0 + 1, item("OLD", Purpose.MSP_NOTIFICATION))
    [request, notification] = one.outbox()
    one.mark_dead(notification.id, 5, "CB down")
    one.set_state("OLD", TransactionState.FAILED, T0 + 2, "notification given up")
    one.log_message(
        at=T0, direction="in", side="cim", kind="Reply", body=b"<r/>", correlation_id="OLD"
    )

    counted = store_admin.stats(two)
    assert counted.conversations == {"on-demand-read": {"failed": 1}}
    assert counted.dead_letters == 1 and counted.messages == 1 and counted.size_bytes > 0
    assert counted.path == two.location
    [found] = store_admin.find(two, "TX-OLD")
    assert [each.id for each in found.outbox] == [request.id, notification.id]

    [replayed] = store_admin.replay(two, [notification.id], T0 + 3)
    assert replayed.replayed and "waits again (replied)" in replayed.reason
    assert one.transaction("OLD").state is TransactionState.REPLIED
    assert [each.id for each in one.claim(T0 + 3)] == [notification.id]
    one.mark_sent(notification.id, 1)
    one.set_state("OLD", TransactionState.DELIVERED, T0 + 4)

    report = store_admin.purge(two, cutoff=T0 + 100, now=T0 + 100)
    assert report.deleted == {
        "wire-tap copies": 1,
        "strays": 0,
        "outbox items": 2,
        "expired receipts": 0,
        "conversations": 1,
    }
    assert one.counts() == {"transactions": {}, "outbox": {}}
