"""Secrets never reach the store or a log line; the gateway's own credentials exist only on the wire.

The proof greps the SQLite files of the message store (database and write-ahead log) and the
captured log output after real traffic carrying every kind of secret.
"""

from __future__ import annotations

import base64
import json
import logging

import pytest
from _security_support import (
    SECRETS,
    basic,
    call,
    header,
    initiate,
    rebuild,
    reply_to,
    wait_for,
)
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from mspcim import xmlsafe
from mspcim.gateway.config import OutboundCredentials, Secret
from mspcim.gateway.logs import configure_logging
from mspcim.gateway.security.masking import mask_headers, mask_secrets, mask_text
from mspcim.gateway.security.outbound import OutboundCredentialsTransport, covers
from mspcim.gateway.store import MessageStore, OutboxState, Purpose, TransactionState
from mspcim.gateway.transport import HttpResponse, MockTransport
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header, read_header
from mspcim.soap import SoapVersion

pytestmark = pytest.mark.anyio

AUDIT = "audit-Pass-3141"
OUTBOUND_CB = "gateway-to-CB-2718"
OUTBOUND_CIM = "gateway-to-CIM-1618"
# XML-safe secrets without the characters the patterns stop at, and long enough to be unique
SECRET = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_characters="<>&\"'\r\n\t ", exclude_categories=("Cs", "Cc")
    ),
    min_size=6,
    max_size=30,
)


@given(pwd=SECRET, audit=SECRET, encoding=st.sampled_from(["utf-8", "utf-16", "utf-32"]))
@settings(max_examples=80, deadline=None)
def test_header_secrets_are_masked_in_any_encoding(pwd, audit, encoding):
    masked_header = MultiSpeakMsgHeader(user_id="cis", pwd="***", audit_password="***")
    template = etree.tostring(build_header(masked_header), encoding="unicode")
    assume(pwd not in template and audit not in template)
    element = build_header(MultiSpeakMsgHeader(user_id="cis", pwd=pwd, audit_password=audit))
    body = etree.tostring(element, encoding="unicode").encode(encoding)

    masked = mask_secrets(body)

    text = masked.decode(encoding)
    assert pwd not in text and audit not in text
    header = read_header(xmlsafe.parse(masked))
    assert (header.user_id, header.pwd, header.audit_password) == ("cis", "***", "***")


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (
            '<h UserID="u" Pwd="pw" AuditPassword=\'ap\'/>',
            '<h UserID="u" Pwd="***" AuditPassword=\'***\'/>',
        ),
        (
            "<c:Caller><c:Password>pw</c:Password></c:Caller>",
            "<c:Caller><c:Password>***</c:Password></c:Caller>",
        ),
        ("<Password><![CDATA[p<w]]></Password>", "<Password>***</Password>"),
        ("<Pwd>truncated", "<Pwd>***"),
        ("Authorization: Basic dXNlcjpwdw==", "Authorization: ***"),
        ("{'authorization': 'Bearer t0k'}", "{'authorization': '***'}"),
        ("see https://gw:pw@host/x", "see https://gw:***@host/x"),
        ("<PasswordHint>kept</PasswordHint> pwdless", "<PasswordHint>kept</PasswordHint> pwdless"),
    ],
)
def test_what_is_masked(text, masked):
    assert mask_text(text) == masked
    assert mask_secrets(text.encode()) == masked.encode()


def test_headers_and_unmaskable_bodies():
    assert mask_headers({"Authorization": "Basic x", "SOAPAction": '"a"'}) == {
        "Authorization": "***",
        "SOAPAction": '"a"',
    }
    assert b"pw" not in mask_secrets(b'<a x="\x00" Pwd="pw"/>')  # NULs, no BOM: withheld


def test_outbound_credentials_cover_their_destination_only():
    assert covers("https://cb.example/", "https://cb.example/CB_Server") == 0
    assert covers("https://cb.example:443/ms", "https://CB.example/ms/CB_Server") == 3
    assert covers("https://cb.example/ms", "https://cb.example/msx") is None
    assert covers("https://cb.example", "https://cb.example.evil.test/") is None
    assert covers("https://cb.example", "http://cb.example/") is None
    assert covers("https://cb.example", "https://cb.example:8443/") is None


async def test_outbound_credentials_are_added_on_the_wire_only():
    seen: list[tuple[str, bytes, dict[str, str]]] = []

    def peer(url, body, headers):
        seen.append((url, body, dict(headers)))
        return HttpResponse(200, b"")

    transport = OutboundCredentialsTransport(
        MockTransport(peer),
        [
            OutboundCredentials("http://cb.test/", "gw", Secret(OUTBOUND_CB)),
            OutboundCredentials("http://cb.test/v2", "gw2", Secret("two"), http_basic=True),
            OutboundCredentials("http://headend.test/", "gw", Secret(OUTBOUND_CIM), True),
        ],
    )
    message = xmlsafe.serialize(build_header(MultiSpeakMsgHeader(app_name="mspcim")))

    await transport.send("http://cb.test/CB_Server", message, {})
    await transport.send("http://cb.test/v2/CB_Server", message, {"X": "1"})
    await transport.send("http://headend.test/", b"<cim/>", {})
    await transport.send("http://elsewhere.test/", message, {})

    first = read_header(xmlsafe.parse(seen[0][1]))
    assert (first.user_id, first.pwd, seen[0][2]) == ("gw", OUTBOUND_CB, {})
    assert read_header(xmlsafe.parse(seen[1][1])).user_id == "gw2"
    assert seen[1][2] == {"X": "1", "Authorization": basic("gw2", "two")}
    assert seen[2][1:] == (b"<cim/>", {"Authorization": basic("gw", OUTBOUND_CIM)})
    assert seen[3][1:] == (message, {})
    assert "two" not in repr(transport.credentials)


def stored_bytes(store: MessageStore) -> bytes:
    """Everything the store holds: its SQLite files, or every row of every table (PostgreSQL)."""
    if str(store.path) != ":memory:":
        return b"".join(path.read_bytes() for path in store.path.parent.glob(store.path.name + "*"))
    tables = ("read_transaction", "outbox", "message_log", "receipt", "stray")
    return b"".join(
        value if isinstance(value, bytes) else str(value).encode()
        for table in tables
        for row in store.read(f"SELECT * FROM {table}")
        for value in row
    )


async def test_no_secret_reaches_the_store_or_the_logs(
    gateway, credentials_file, caplog, capsys, restore_logging
):
    configure_logging("DEBUG", "json")
    logging.getLogger("mspcim").addHandler(caplog.handler)
    outbound = (
        OutboundCredentials("http://cb.test/", "gateway", Secret(OUTBOUND_CB)),
        OutboundCredentials("http://headend.test/", "gateway", Secret(OUTBOUND_CIM), True),
    )
    async with (
        rebuild(gateway, credentials_file=credentials_file, outbound_credentials=outbound) as gw,
        gw.running(),
    ):
        caller = header("cis", SECRETS["cis"], audit_id="clerk", audit_password=AUDIT)
        refused = await call(gw, "MR_Server", initiate("TX-WRONG"), header("cis", "wrong-Pwd-99"))
        assert refused.status_code == 500
        response = await call(gw, "MR_Server", initiate("TX-MASK"), caller, SoapVersion.SOAP12)
        assert response.status_code == 200, response.text
        transaction = gw.only_transaction()
        await wait_for(
            lambda: (
                gw.store.transaction(transaction.correlation_id).state is TransactionState.REQUESTED
            ),
            "the CIM side's acknowledgement",
        )
        answer = await gw.post(
            "/cim/reply",
            reply_to(transaction.correlation_id),
            SoapVersion.SOAP11.content_type(),
            authorization=basic("headend", SECRETS["headend"]),
        )
        assert answer.status_code == 200, answer.text
        await wait_for(
            lambda: (
                gw.store.transaction(transaction.correlation_id).state is TransactionState.DELIVERED
            ),
            "the notification to be delivered",
        )
        [notification] = gw.cb_app.state.notifications
        await wait_for(
            lambda: (
                Purpose.MSP_NOTIFICATION
                in [item.purpose for item in gw.store.outbox([OutboxState.SENT])]
            ),
            "the notification to be marked sent",
        )
        outbox = gw.store.outbox()
        messages = gw.store.messages()
        stored = stored_bytes(gw.store)

    # the CB got the gateway's own credentials; the outbox and wire tap never held them
    assert (notification.header.user_id, notification.header.pwd) == ("gateway", OUTBOUND_CB)
    assert [(item.purpose, item.state) for item in outbox] == [
        (Purpose.CIM_REQUEST, OutboxState.SENT),
        (Purpose.MSP_NOTIFICATION, OutboxState.SENT),
    ]
    for item in outbox:
        assert b"Pwd=" not in item.body
        assert "authorization" not in {name.lower() for name in item.headers}
    [logged_request] = [m for m in messages if m.kind == "InitiateMeterReadingsByMeterID"]
    assert b'Pwd="***"' in logged_request.body and b'AuditPassword="***"' in logged_request.body
    secrets = [*SECRETS.values(), AUDIT, OUTBOUND_CB, OUTBOUND_CIM, "wrong-Pwd-99"]
    assert len(stored) > 10_000 and b"TX-MASK" in stored
    logs = capsys.readouterr().err
    lines = [json.loads(line) for line in logs.splitlines()]
    assert {"authentication-failed", "accepted", "delivered"} <= {
        line.get("event") for line in lines
    }
    for secret in secrets:
        assert secret.encode() not in stored, secret
        assert secret not in logs, secret
        assert secret not in caplog.text, secret
    assert base64.b64encode(f"headend:{SECRETS['headend']}".encode()).decode() not in logs


async def test_log_lines_are_masked_whatever_they_quote(capsys, restore_logging):
    configure_logging("INFO", "text")
    log = logging.getLogger("mspcim.gateway.test")
    log.warning('peer sent <h Pwd="leak-1"/> with Authorization: Basic bGVhazoy')
    try:
        raise ValueError("bad <Password>leak-3</Password> at https://u:leak-4@host/")
    except ValueError:
        log.exception("failed", extra={"url": "https://u:leak-5@host/"})
    configure_logging("INFO", "json")
    log.info("AuditPassword='leak-6'", extra={"correlation_id": "C-1"})

    err = capsys.readouterr().err
    for number in range(1, 7):
        assert f"leak-{number}" not in err
    assert "bGVhazoy" not in err and err.count("***") >= 6
