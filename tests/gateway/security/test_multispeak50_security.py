"""Security of the v5 endpoints: Caller/SystemID and Password, per-operation roles, masking.

With a credentials file, a v5 caller authenticates by ``Caller/SystemID`` and ``Password``; its
roles decide which ``<Endpoint>:<Operation>`` it may call (a meter-reading caller may read, not
switch meters); refusals are client SOAP Faults (HTTP 500 in SOAP 1.1) and store nothing;
the password never reaches the store.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from _security_support import SECRETS
from lxml import etree

from mspcim import ns, xmlsafe
from mspcim.multispeak.v50.header import (
    Caller,
    MultiSpeakVersion,
    RequestHeader,
    build_request_header,
)
from mspcim.soap import SoapVersion, build_envelope, read_envelope
from mspcim.xsdtypes import utc_now

pytestmark = pytest.mark.anyio

GUID = "0b7f3c2e-5d1a-4e8b-9f6a-1c2d3e4f5a6b"


def v5_header(user: str | None, secret: str | None) -> RequestHeader:
    return RequestHeader(
        multi_speak_version=MultiSpeakVersion(),
        caller=Caller(app_name="TestCIS5", company="Co-op", system_id=user, password=secret),
        message_id=f"MSG-{user}-{secret and len(secret)}",
        time_stamp=utc_now().replace(microsecond=0),
    )


def ping(endpoint: str) -> etree._Element:
    return etree.Element(ns.qname(ns.MSP50_WSDL.format(endpoint=endpoint), "PingURL"))


def switch() -> etree._Element:
    namespace = ns.MSP50_WSDL.format(endpoint="CD_Server")
    return xmlsafe.parse(
        f"""<InitiateConnectDisconnect xmlns="{namespace}"
              xmlns:arr="{ns.MSP50_ARRAYS}" xmlns:msp="{ns.MSP50}" xmlns:enum="{ns.MSP50_ENUMS}">
          <ArrayOfConnectDisconnectEvent><arr:connectDisconnectEvent>
            <msp:timeStamp>2026-05-01T12:00:00Z</msp:timeStamp>
            <msp:CDDeviceIdentifier><msp:meterID>{GUID}</msp:meterID></msp:CDDeviceIdentifier>
            <msp:loadActionCode>Disconnect</msp:loadActionCode>
          </arr:connectDisconnectEvent></ArrayOfConnectDisconnectEvent>
          <responseURL>http://cb.test/NOT_Server</responseURL>
          <transactionID>TX-SEC-5</transactionID>
        </InitiateConnectDisconnect>""".encode()
    )


async def call(
    gateway: Any, endpoint: str, body: etree._Element, user: str | None, secret: str | None
) -> httpx.Response:
    content = xmlsafe.serialize(
        build_envelope(SoapVersion.SOAP11, [body], [build_request_header(v5_header(user, secret))])
    )
    return await gateway.client.post(
        f"/multispeak/v50/{endpoint}",
        content=content,
        headers=SoapVersion.SOAP11.headers(
            f"{ns.MSP50_WSDL.format(endpoint=endpoint)}/{ns.local_name(body.tag)}"
        ),
    )


def fault_reason(response: httpx.Response) -> str:
    """The reason of a client Fault (the caller's, not the gateway's)."""
    envelope = read_envelope(xmlsafe.parse(response.content))
    assert envelope.fault is not None and envelope.fault.sender
    return envelope.fault.reason


async def test_a_known_caller_is_served(secure, assert_schema_valid):
    response = await call(secure, "MR_Server", ping("MR_Server"), "cis", SECRETS["cis"])

    assert response.status_code == 200, response.text
    assert_schema_valid(response.content)


@pytest.mark.parametrize(
    ("user", "secret"),
    [(None, None), ("cis", "wrong"), ("nobody", "x")],
    ids=["anonymous", "wrong-password", "unknown"],
)
async def test_unauthenticated_callers_are_refused(secure, user, secret):
    before = secure.snapshot()

    response = await call(secure, "CD_Server", switch(), user, secret)

    assert response.status_code == 500  # a SOAP 1.1 Fault, as for 4.1 callers
    assert "authentication" in fault_reason(response)
    assert secure.snapshot() == before


async def test_a_caller_without_the_role_may_not_switch_meters(secure):
    before = secure.snapshot()

    response = await call(secure, "CD_Server", switch(), "cis", SECRETS["cis"])

    assert response.status_code == 500
    assert "CD_Server:InitiateConnectDisconnect is not permitted" in fault_reason(response)
    assert secure.snapshot() == before


async def test_a_caller_with_the_role_switches_and_its_password_is_not_stored(secure):
    response = await call(secure, "CD_Server", switch(), "operator", SECRETS["operator"])

    assert response.status_code == 200, response.text
    [conversation] = secure.store.transactions()
    assert conversation.transaction_id == "TX-SEC-5"
    secret = SECRETS["operator"].encode()
    assert all(secret not in message.body for message in secure.store.messages())
    assert all(secret not in item.body for item in secure.store.outbox())
