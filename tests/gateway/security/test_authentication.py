"""Authentication and authorisation of MultiSpeak callers and CIM peers.

A refused call gets the standard error of its side (a client SOAP Fault of the request's
version; a 61968-100 Reply FAILED with an Error), stores nothing, and is logged with the name it
gave but never its secret.
"""

from __future__ import annotations

import logging

import pytest
from _security_support import (
    SECRETS,
    basic,
    call,
    connect_disconnect,
    header,
    initiate,
    ping,
    rebuild,
)
from lxml import etree

from mspcim import reply_codes, xmlsafe
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import Header, Message, MessageKind, ReplyResult, User, Verb
from mspcim.gateway.security.gatekeeper import presented_basic, presented_v5, presented_v41
from mspcim.gateway.store import TransactionState
from mspcim.multispeak.v41.operations import read_array_of_error_object_response
from mspcim.soap import SoapVersion, build_envelope, read_envelope

pytestmark = pytest.mark.anyio

CT11 = SoapVersion.SOAP11.content_type()


def fault_of(response, assert_schema_valid, version=SoapVersion.SOAP11):
    """The client SOAP Fault of ``version`` the gateway answered (schema-valid)."""
    assert_schema_valid(response.content)
    envelope = read_envelope(xmlsafe.parse(response.content))
    assert envelope.version is version
    assert envelope.fault is not None, response.text
    if version is SoapVersion.SOAP11:
        assert (response.status_code, envelope.fault.code) == (500, "soap:Client")
    else:
        assert (response.status_code, envelope.fault.code) == (400, "soap:Sender")
    return envelope.fault


# --- MultiSpeak callers


@pytest.mark.parametrize(
    ("caller", "words"),
    [
        (None, "authentication required: send MultiSpeakMsgHeader UserID/Pwd"),
        (header(), "authentication required"),
        (header("cis"), "authentication required"),
        (header("cis", "wrong-secret"), "authentication failed: unknown user or wrong secret"),
        (header("mallory", "cis-Secret-0451"), "authentication failed: unknown user or wrong"),
        (header("headend", SECRETS["headend"]), "authentication failed"),  # a CIM peer's entry
    ],
    ids=["no-header", "no-user", "no-pwd", "wrong-pwd", "unknown-user", "cim-peer-as-caller"],
)
@pytest.mark.parametrize("version", list(SoapVersion), ids=["soap11", "soap12"])
async def test_missing_or_wrong_credentials_get_a_client_fault_and_store_nothing(
    secure, assert_schema_valid, security_logs, caller, words, version
):
    before = secure.snapshot()

    response = await call(secure, "MR_Server", initiate("TX-BAD"), caller, version)

    fault = fault_of(response, assert_schema_valid, version)
    assert words in fault.reason
    assert "0451" not in fault.reason and "wrong-secret" not in fault.reason
    assert secure.snapshot() == before
    [line] = [
        r for r in security_logs.records if getattr(r, "event", "") == "authentication-failed"
    ]
    assert "MR_Server:InitiateMeterReadingsByMeterID" in line.getMessage()
    assert line.transaction_id == "TX-BAD"
    assert line.caller == (caller.user_id if caller else None)
    for secret in (*SECRETS.values(), "wrong-secret"):
        assert secret not in security_logs.text


@pytest.fixture
def security_logs(caplog):
    caplog.set_level(logging.INFO, logger="mspcim")
    return caplog


async def test_right_credentials_are_served_and_the_read_is_stored(secure, assert_schema_valid):
    response = await call(
        secure, "MR_Server", initiate("TX-OK"), header("cis", SECRETS["cis"]), SoapVersion.SOAP12
    )

    assert response.status_code == 200, response.text
    assert_schema_valid(response.content)
    envelope = read_envelope(xmlsafe.parse(response.content))
    assert read_array_of_error_object_response(envelope.first_body) == []
    transaction = secure.only_transaction()
    assert (transaction.transaction_id, transaction.state) == ("TX-OK", TransactionState.ACCEPTED)
    [logged] = secure.store.messages(transaction.correlation_id)[:1]
    assert b'Pwd="***"' in logged.body and SECRETS["cis"].encode() not in logged.body


async def test_a_secret_once_verified_is_not_hashed_again(secure, monkeypatch):
    calls = []
    from mspcim.gateway.security import hashing

    original = hashing.SecretHash.matches
    monkeypatch.setattr(
        hashing.SecretHash, "matches", lambda self, s: calls.append(s) or original(self, s)
    )
    for number in range(3):
        response = await call(
            secure, "MR_Server", initiate(f"TX-{number}"), header("cis", SECRETS["cis"])
        )
        assert response.status_code == 200
    assert len(calls) == 1
    response = await call(secure, "MR_Server", initiate("TX-X"), header("cis", "other"))
    assert response.status_code == 500 and len(calls) == 2


async def test_caller_without_the_role_is_refused_naming_the_operation(
    secure, assert_schema_valid, security_logs
):
    before = secure.snapshot()

    response = await call(
        secure, "CD_Server", connect_disconnect("TX-CUT"), header("cis", SECRETS["cis"])
    )

    fault = fault_of(response, assert_schema_valid)
    assert fault.reason == (
        "operation CD_Server:InitiateConnectDisconnect is not permitted for this caller"
    )
    assert "connect-disconnect" not in fault.reason and "meter-reading" not in fault.reason
    assert secure.snapshot() == before
    [line] = [r for r in security_logs.records if getattr(r, "event", "") == "not-authorised"]
    assert (line.caller, line.transaction_id) == ("cis", "TX-CUT")


async def test_caller_with_the_role_may_disconnect(secure, assert_schema_valid):
    response = await call(
        secure, "CD_Server", connect_disconnect("TX-CUT"), header("operator", SECRETS["operator"])
    )

    assert response.status_code == 200, response.text
    assert_schema_valid(response.content)
    [transaction] = secure.store.transactions()
    assert (transaction.transaction_id, transaction.flow) == ("TX-CUT", "connect-disconnect")


async def test_ping_needs_authentication_but_no_role(secure, assert_schema_valid):
    refused = await call(secure, "CD_Server", ping(), None)
    served = await call(secure, "CD_Server", ping(), header("cis", SECRETS["cis"]))

    assert "authentication required" in fault_of(refused, assert_schema_valid).reason
    assert served.status_code == 200
    assert_schema_valid(served.content)


async def test_authentication_is_off_without_a_credentials_file(gateway, caplog):
    caplog.set_level(logging.WARNING, logger="mspcim")
    async with rebuild(gateway, credentials_file=None) as open_gateway:
        response = await call(open_gateway, "CD_Server", connect_disconnect(), None)

    assert response.status_code == 200
    [warning] = [r for r in caplog.records if getattr(r, "event", "") == "authentication-off"]
    assert warning.levelno == logging.WARNING
    assert "authentication is OFF" in warning.getMessage()


# --- CIM peers on /cim/reply


def cim_event(user: str | None = None, noun: str = "EndDeviceEvents") -> bytes:
    message = Message(
        MessageKind.EVENT,
        Header(
            verb=Verb.CREATED,
            noun=noun,
            message_id="EV-1",
            correlation_id="NO-SUCH",
            user=User(user) if user else None,
        ),
        payload=[],
    )
    return xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [build_message(message)]))


def reply_of(response, assert_schema_valid):
    assert_schema_valid(response.content)
    return read_message(read_envelope(xmlsafe.parse(response.content)).first_body)


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer abc", basic("headend", "wrong"), basic("cis", SECRETS["cis"]), "Basic %%%"],
    ids=["none", "not-basic", "wrong-secret", "multispeak-caller", "garbage"],
)
async def test_cim_peer_without_valid_basic_auth_gets_401_and_reply_failed(
    secure, assert_schema_valid, security_logs, authorization
):
    before = secure.snapshot()
    headers = {"authorization": authorization} if authorization else {}

    response = await secure.post("/cim/reply", cim_event("headend"), CT11, **headers)

    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith('Basic realm="mspcim"')
    answer = reply_of(response, assert_schema_valid)
    assert answer.kind is MessageKind.FAULT and answer.reply.result is ReplyResult.FAILED
    [error] = answer.reply.errors
    assert error.code == reply_codes.UNAUTHENTICATED == "6.6"
    assert "HTTP basic authentication" in error.reason
    assert secure.snapshot() == before
    assert any(getattr(r, "event", "") == "authentication-failed" for r in security_logs.records)
    for secret in SECRETS.values():
        assert secret not in security_logs.text


async def test_cim_peer_with_basic_auth_is_served(secure, assert_schema_valid):
    response = await secure.post(
        "/cim/reply",
        cim_event("headend"),
        CT11,
        authorization=basic("headend", SECRETS["headend"]),
    )

    assert response.status_code == 200
    answer = reply_of(response, assert_schema_valid)
    assert answer.kind is MessageKind.RESPONSE and answer.header.correlation_id == "EV-1"
    assert answer.reply.result is ReplyResult.OK
    [kept] = secure.store.messages("NO-SUCH")
    assert kept.kind == "EventMessage"


@pytest.mark.parametrize(
    ("peer", "user", "noun", "words", "code"),
    [
        ("headend", "someone-else", "EndDeviceEvents", "Header/User/UserID", "6.6"),
        ("eventsource", None, "MeterReadings", "operation cim:MeterReadings", "6.7"),
    ],
    ids=["user-mismatch", "noun-not-granted"],
)
async def test_cim_peer_refused_after_authentication_gets_403(
    secure, assert_schema_valid, peer, user, noun, words, code
):
    before = secure.snapshot()

    response = await secure.post(
        "/cim/reply", cim_event(user, noun), CT11, authorization=basic(peer, SECRETS[peer])
    )

    assert response.status_code == 403
    answer = reply_of(response, assert_schema_valid)
    assert answer.kind is MessageKind.RESPONSE and answer.header.correlation_id == "EV-1"
    [error] = answer.reply.errors
    assert (error.code, answer.reply.result) == (code, ReplyResult.FAILED)
    assert words in error.reason
    assert secure.snapshot() == before


# --- how credentials are presented


def test_presented_credentials_of_each_form():
    v41 = presented_v41(header("cis", "s3cret"))
    assert (v41.user_id, v41.secret) == ("cis", "s3cret")
    assert "s3cret" not in repr(v41)
    v5 = etree.fromstring(
        "<h:MultiSpeakRequestMsgHeader xmlns:h='http://www.multispeak.org/V5.0/ws/request'"
        " xmlns:c='http://www.multispeak.org/V5.0/commonTypes'><h:MultiSpeakVersion/>"
        "<h:Caller><c:AppName>CIS</c:AppName><c:Company>Co-op</c:Company>"
        "<c:SystemID>cis-5</c:SystemID><c:Password>pw5</c:Password></h:Caller>"
        "</h:MultiSpeakRequestMsgHeader>"
    )
    assert (presented_v5(v5).user_id, presented_v5(v5).secret) == ("cis-5", "pw5")
    assert presented_v5(etree.Element("x")).user_id is None
    assert presented_basic(basic("a", "b:c")).secret == "b:c"
    assert presented_basic("Basic " + "bm9jb2xvbg==").secret is None  # "nocolon"
