"""Idempotent receiver: a repeated MessageID or transactionID is answered as before, done once.

MultiSpeak calls are keyed by the header's MessageID and the body's transactionID, CIM replies
by their Header/MessageID, per caller; the answer bytes are kept with what the request changed.
"""

from __future__ import annotations

import asyncio

import pytest
from _reads_support import header, initiate, open_read, post_reply, reply_bytes

from mspcim import ns, xmlsafe
from mspcim.cim.envelope import read_message
from mspcim.cim.message import ReplyResult
from mspcim.gateway.config import GatewaySettings
from mspcim.gateway.idempotency import changes_state
from mspcim.gateway.store import Purpose, TransactionState
from mspcim.gateway.strays import StrayReason, strays
from mspcim.multispeak.v41.meter_reading import MeterID
from mspcim.multispeak.v41.operations import (
    ExpirationTime,
    GetLatestReadingByMeterID,
    build_get_latest_reading_by_meter_id,
    read_array_of_error_object_response,
)
from mspcim.soap import read_envelope

pytestmark = pytest.mark.anyio


def fault_reason(response) -> str:
    envelope = read_envelope(xmlsafe.parse(response.content))
    assert envelope.fault is not None, response.text
    return envelope.fault.reason


def test_only_operations_that_change_something_are_keyed():
    assert changes_state("MR_Server", "InitiateMeterReadingsByMeterID")
    assert changes_state("CD_Server", "InitiateConnectDisconnect")
    assert changes_state("CB_Server", "MeterEventNotification")
    assert not changes_state("MR_Server", "GetLatestReadingByMeterID")
    assert not changes_state("MR_Server", "PingURL")
    assert not changes_state("CD_Server", "GetMethods")


async def test_repeated_message_id_gets_the_same_answer_and_opens_one_read(gateway):
    first = await gateway.soap(initiate(["M1", "", "M2"]), header=header("MSG-1"))
    second = await gateway.soap(initiate(["M1", "", "M2"]), header=header("MSG-1"))

    assert first.status_code == second.status_code == 200
    assert second.content == first.content, "answered as before, byte for byte"
    [refused] = read_array_of_error_object_response(
        read_envelope(xmlsafe.parse(second.content)).first_body
    )
    assert refused.error_string == "empty meterID"
    [transaction] = gateway.store.transactions()
    assert transaction.meter_ids == ["M1", "M2"]
    assert [item.purpose for item in gateway.store.outbox()] == [Purpose.CIM_REQUEST]
    kinds = [m.kind for m in gateway.store.messages() if m.direction == "in"]
    assert kinds == ["InitiateMeterReadingsByMeterID", "InitiateMeterReadingsByMeterID (repeated)"]


async def test_repeated_transaction_id_with_a_new_message_id_is_answered_as_before(gateway):
    first = await gateway.soap(initiate(["M1"]), header=header("MSG-1"))
    second = await gateway.soap(initiate(["M1"]), header=header("MSG-2"))
    third = await gateway.soap(initiate(["M1"]), header=header(None))

    assert second.content == first.content == third.content
    assert len(gateway.store.transactions()) == 1


async def test_an_id_reused_for_another_request_is_refused_and_changes_nothing(gateway):
    await gateway.soap(initiate(["M1"]), header=header("MSG-1"))
    before = gateway.snapshot()[0]

    reused_message_id = await gateway.soap(initiate(["M9"], "TX-OTHER"), header=header("MSG-1"))
    reused_transaction_id = await gateway.soap(initiate(["M9"]), header=header("MSG-3"))

    assert reused_message_id.status_code == 500
    assert "MessageID MSG-1 was already used by this caller" in fault_reason(reused_message_id)
    assert "transactionID TX-IDEM was already used" in fault_reason(reused_transaction_id)
    assert gateway.snapshot()[0] == before
    assert [t.transaction_id for t in gateway.store.transactions()] == ["TX-IDEM"]


async def test_the_same_ids_from_another_caller_are_another_request(gateway):
    await gateway.soap(initiate(["M1"]), header=header("MSG-1", app_name="CIS-A"))
    await gateway.soap(initiate(["M1"]), header=header("MSG-1", app_name="CIS-B"))

    assert sorted(t.caller for t in gateway.store.transactions()) == ["CIS-A", "CIS-B"]


async def test_a_refused_request_is_not_remembered_and_may_be_sent_again_corrected(gateway):
    bad = initiate(["M1"])
    bad.remove(bad.find(ns.qname(ns.MSP41, "responseURL")))
    fault = await gateway.soap(bad, header=header("MSG-1"))
    assert "responseURL" in fault_reason(fault)

    accepted = await gateway.soap(initiate(["M1"]), header=header("MSG-1"))

    assert accepted.status_code == 200
    assert [t.meter_ids for t in gateway.store.transactions()] == [["M1"]]


async def test_an_answer_is_kept_for_the_retention_time_only(gateway):
    retention = gateway.runtime.settings.idempotency_retention
    await gateway.soap(initiate(["M1"]), header=header("MSG-1"))
    gateway.peers.offset = retention - 60
    await gateway.soap(initiate(["M1"]), header=header("MSG-1"))
    assert len(gateway.store.transactions()) == 1

    gateway.peers.offset = retention + 1
    await gateway.soap(initiate(["M1"]), header=header("MSG-1"))

    assert len(gateway.store.transactions()) == 2, "a key past its retention is forgotten"
    assert len(gateway.store.read("SELECT * FROM receipt")) == 2, "the expired ones purged"


async def test_copies_sent_at_once_are_processed_once(gateway):
    """Twins that both pass the check before either commits: the first commit wins."""
    server = next(
        route.endpoint.__self__
        for route in gateway.app.routes
        if getattr(route, "path", "") == "/multispeak/v41/MR_Server"
    )
    original = server._operations["InitiateMeterReadingsByMeterID"]

    async def slow(call):
        await asyncio.sleep(0.05)  # every twin is inside its unit of work now
        return await original(call)

    server._operations["InitiateMeterReadingsByMeterID"] = slow
    answers = await asyncio.gather(
        *(gateway.soap(initiate(["M1", "M2"]), header=header("MSG-1")) for _ in range(4))
    )

    assert {answer.status_code for answer in answers} == {200}
    assert len({answer.content for answer in answers}) == 1
    [transaction] = gateway.store.transactions()
    assert len(gateway.store.outbox()) == 1
    assert [m.kind for m in gateway.store.messages(transaction.correlation_id)].count(
        "InitiateMeterReadingsByMeterID"
    ) == 1, "the losers' work was discarded with their unit"


async def test_queries_are_answered_afresh_even_with_the_same_message_id(gateway):
    call = build_get_latest_reading_by_meter_id(GetLatestReadingByMeterID(MeterID("M1")))
    await gateway.soap(call, header=header("Q-1"))
    await gateway.soap(call, header=header("Q-1"))

    assert len(gateway.transport.sent) == 2, "both asked the CIM side"


async def test_repeated_cim_reply_is_answered_as_before_and_delivered_once(
    gateway, assert_schema_valid
):
    transaction = await open_read(gateway)
    reply = reply_bytes(transaction.correlation_id)

    first = await post_reply(gateway, reply)
    second = await post_reply(gateway, reply)

    assert second.content == first.content
    assert_schema_valid(second.content)
    items = [i for i in gateway.store.outbox() if i.purpose == Purpose.MSP_NOTIFICATION]
    assert len(items) == 1
    assert gateway.store.transaction(transaction.correlation_id).state is TransactionState.REPLIED
    kinds = [m.kind for m in gateway.store.messages(transaction.correlation_id)]
    assert kinds.count("ResponseMessage") == 2, "the repetition is in the wire tap"


async def test_cim_message_id_reused_for_other_content_is_refused(gateway, assert_schema_valid):
    transaction = await open_read(gateway)
    await post_reply(gateway, reply_bytes(transaction.correlation_id))

    other = await post_reply(gateway, reply_bytes(transaction.correlation_id, ("M1",)))

    answer = read_message(read_envelope(xmlsafe.parse(other.content)).first_body)
    assert_schema_valid(other.content)
    assert answer.reply.result is ReplyResult.FAILED
    assert "MessageID REPLY-1 was already used by this caller" in answer.reply.errors[0].reason


async def test_replies_for_no_one_and_too_late_are_kept_as_strays(gateway):
    unknown = await post_reply(gateway, reply_bytes("NO-SUCH-CORRELATION"))
    assert unknown.status_code == 200
    [kept] = strays(gateway.store, (StrayReason.UNKNOWN,))
    assert kept.correlation_id == "NO-SUCH-CORRELATION"
    assert kept.noun == "MeterReadings" and b"NO-SUCH-CORRELATION" in kept.body

    transaction = await open_read(gateway, ExpirationTime(1, "Minutes"))
    gateway.peers.offset = 120
    await post_reply(gateway, reply_bytes(transaction.correlation_id, message_id="REPLY-LATE"))

    [late] = strays(gateway.store, (StrayReason.LATE,))
    assert late.correlation_id == transaction.correlation_id
    assert "past its expTime" in late.detail
    assert gateway.store.transaction(transaction.correlation_id).state is TransactionState.EXPIRED
    assert not [i for i in gateway.store.outbox() if i.purpose == Purpose.MSP_NOTIFICATION]


async def test_a_repeated_reply_after_the_notification_is_kept_as_repeated(gateway):
    transaction = await open_read(gateway)
    await post_reply(gateway, reply_bytes(transaction.correlation_id))
    again = reply_bytes(transaction.correlation_id, message_id="REPLY-2")

    await post_reply(gateway, again)

    [repeated] = strays(gateway.store, (StrayReason.REPEATED,))
    assert repeated.correlation_id == transaction.correlation_id
    assert "REPLY-2" in repeated.detail
    purposes = [item.purpose for item in gateway.store.outbox()]
    assert purposes.count(Purpose.MSP_NOTIFICATION) == 1


def test_retention_is_a_setting_validated_at_start():
    from mspcim.exceptions import ConfigurationError

    assert GatewaySettings().idempotency_retention == 7 * 24 * 3600
    with pytest.raises(ConfigurationError, match="idempotency_retention"):
        GatewaySettings(idempotency_retention=0).validate()
    with pytest.raises(ConfigurationError, match="drain_timeout"):
        GatewaySettings(drain_timeout=-1).validate()
