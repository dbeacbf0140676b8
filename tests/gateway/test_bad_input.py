"""Bad MultiSpeak input: every refusal is a schema-valid SOAP Fault of the request's version.

For each case the gateway answers a Fault blaming the sender (SOAP 1.1: HTTP 500, faultcode
soap:Client; SOAP 1.2: HTTP 400, Code soap:Sender) whose reason says what is wrong, stores
nothing, and then still serves a good request.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from mspcim import ns, xmlsafe
from mspcim.multispeak.v41.meter_reading import MeterID
from mspcim.multispeak.v41.operations import (
    ExpirationTime,
    InitiateMeterReadingsByMeterID,
    build_initiate_meter_readings_by_meter_id,
    read_array_of_error_object_response,
)
from mspcim.soap import SoapVersion, read_envelope

pytestmark = pytest.mark.anyio

S11, S12, MSP = ns.SOAP11, ns.SOAP12, ns.MSP41
CT11 = SoapVersion.SOAP11.content_type()
CT12 = SoapVersion.SOAP12.content_type()
ACTION = ns.MSP41_ACTION_PREFIX
HEADER = f'<MultiSpeakMsgHeader xmlns="{MSP}" BuildString="Release" AppName="TestCIS"/>'
URL = "http://cb.test/CB_Server"


def envelope(body: str, soap: str = S11, header: str = HEADER) -> bytes:
    head = f"<s:Header>{header}</s:Header>" if header else ""
    return f'<s:Envelope xmlns:s="{soap}">{head}<s:Body>{body}</s:Body></s:Envelope>'.encode()


def initiate(
    meters: str = "<meterID>M1</meterID>",
    url: str | None = URL,
    transaction: str | None = "TX-1",
    exp: str = "",
) -> str:
    """An InitiateMeterReadingsByMeterID body; None leaves the element out."""
    parts = [f"<meterIDs>{meters}</meterIDs>" if meters is not None else ""]
    parts.append(f"<responseURL>{url}</responseURL>" if url is not None else "")
    parts.append(f"<transactionID>{transaction}</transactionID>" if transaction is not None else "")
    parts.append(exp)
    return f'<InitiateMeterReadingsByMeterID xmlns="{MSP}">{"".join(parts)}</InitiateMeterReadingsByMeterID>'


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'.encode()
        for i in range(1, 10)
    )
    + b"]>"
    + envelope("<x>&lol9;</x>")
)
XXE = b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + envelope(
    initiate(transaction="&xxe;")
)
LATE_DOCTYPE = (
    b'<?xml version="1.0"?><!--' + b" " * 5000 + b"--><!DOCTYPE s [<!ENTITY xxe SYSTEM "
    b'"file:///etc/passwd">]>' + envelope(initiate(transaction="&xxe;"))
)
"""The DOCTYPE past the first 4 KiB, where a quick look at the head would not see it."""
DEEP = b"".join([b"<a>"] * 10_000) + b"".join([b"</a>"] * 10_000)
SIX_METERS = "".join(f"<meterID>M{i}</meterID>" for i in range(6))


def case(name, content, content_type, version, *words, **headers):
    return pytest.param(content, content_type, headers, version, words, id=name)


CASES = [
    case("malformed", envelope(initiate())[:-20], CT11, S11, "malformed XML"),
    case("malformed-soap12", envelope(initiate(), S12)[:-20], CT12, S12, "malformed XML"),
    case("billion-laughs", BILLION_LAUGHS, CT11, S11, "DTDs", "not accepted"),
    case("xxe", XXE, CT11, S11, "DTDs", "not accepted"),
    case("late-doctype", LATE_DOCTYPE, CT11, S11, "DTDs", "not accepted"),
    case("deep-nesting", DEEP, CT11, S11, "nested too deeply"),
    case(
        "nesting-over-64",
        envelope("<a>" * 70 + "</a>" * 70),
        CT11,
        S11,
        "nested deeper than 64 elements",
    ),
    case("empty", b"", CT11, S11, "empty document"),
    case(
        "not-soap",
        f'<InitiateMeterReadingsByMeterID xmlns="{MSP}"/>'.encode(),
        CT11,
        S11,
        "not a SOAP envelope",
    ),
    case(
        "wrong-content-type",
        envelope(initiate()),
        "application/json",
        S11,
        "Content-Type",
        "application/json",
        "not SOAP",
    ),
    case(
        "soap11-as-soap12",
        envelope(initiate()),
        CT12,
        S12,
        "SOAP version mismatch",
        "Content-Type says SOAP12",
        "envelope is SOAP11",
    ),
    case(
        "soap12-as-soap11",
        envelope(initiate(), S12),
        CT11,
        S11,
        "SOAP version mismatch",
        "Content-Type says SOAP11",
        "envelope is SOAP12",
    ),
    case("empty-body", envelope(""), CT11, S11, "SOAP Body is empty"),
    case(
        "wrong-namespace",
        envelope('<InitiateMeterReadingsByMeterID xmlns="urn:other"/>'),
        CT11,
        S11,
        "not in the MultiSpeak 4.1 namespace",
    ),
    case(
        "unknown-operation",
        envelope(f'<GetAllMeters xmlns="{MSP}"/>'),
        CT11,
        S11,
        "MR_Server does not offer operation 'GetAllMeters'",
    ),
    case(
        "missing-meterIDs", envelope(initiate(meters=None)), CT11, S11, "meterIDs holds no meterID"
    ),
    case("empty-meterIDs", envelope(initiate(meters="")), CT11, S11, "meterIDs holds no meterID"),
    case(
        "too-many-meters",
        envelope(initiate(meters=SIX_METERS)),
        CT11,
        S11,
        "6 meterIDs exceed the limit of 5",
    ),
    case(
        "missing-transactionID",
        envelope(initiate(transaction=None)),
        CT11,
        S11,
        "transactionID is required",
    ),
    case(
        "missing-responseURL",
        envelope(initiate(url=None)),
        CT11,
        S11,
        "responseURL must be an http(s) URL",
    ),
    case(
        "ftp-responseURL",
        envelope(initiate(url="ftp://x")),
        CT11,
        S11,
        "responseURL must be an http(s) URL",
        "ftp://x",
    ),
    case(
        "not-a-url",
        envelope(initiate(url="not a url"), S12),
        CT12,
        S12,
        "responseURL must be an http(s) URL",
        "not a url",
    ),
    case(
        "exptime-zero",
        envelope(initiate(exp='<expTime units="Minutes">0</expTime>')),
        CT11,
        S11,
        "expTime must be positive",
    ),
    case(
        "exptime-units-other",
        envelope(initiate(exp='<expTime units="Other">5</expTime>')),
        CT11,
        S11,
        "expTime units 'Other'",
    ),
    case(
        "exptime-not-a-number",
        envelope(initiate(exp="<expTime>soon</expTime>")),
        CT11,
        S11,
        "expTime is not a number",
    ),
    case(
        "bad-header-integer",
        envelope(
            initiate(),
            header=(
                f'<MultiSpeakMsgHeader xmlns="{MSP}" BuildString="Release" MajorVersion="four"/>'
            ),
        ),
        CT11,
        S11,
        "not an integer",
        "MajorVersion",
    ),
    case(
        "latest-without-meterID",
        envelope(f'<GetLatestReadingByMeterID xmlns="{MSP}"/>'),
        CT11,
        S11,
        "GetLatestReadingByMeterID needs a meterID",
    ),
    case(
        "soapaction-other-operation",
        envelope(initiate()),
        CT11,
        S11,
        "SOAPAction names 'PingURL'",
        "InitiateMeterReadingsByMeterID",
        soapaction=f'"{ACTION}PingURL"',
    ),
    case(
        "soap12-action-other-operation",
        envelope(initiate(), S12),
        SoapVersion.SOAP12.content_type(f"{ACTION}GetMethods"),
        S12,
        "SOAPAction names 'GetMethods'",
    ),
]


def assert_client_fault(response, soap: str, words, assert_schema_valid) -> str:
    """A schema-valid Fault of version ``soap`` blaming the sender; returns its reason."""
    assert_schema_valid(response.content)
    fault = read_envelope(xmlsafe.parse(response.content)).fault
    assert fault is not None, response.text
    if soap == S11:
        assert response.status_code == 500
        assert response.headers["content-type"].startswith("text/xml")
        assert fault.code == "soap:Client"
    else:
        assert response.status_code == 400
        assert response.headers["content-type"].startswith("application/soap+xml")
        assert fault.code == "soap:Sender"
    assert ns.namespace_of(xmlsafe.parse(response.content).tag) == soap
    for word in words:
        assert word in fault.reason, f"{word!r} not in {fault.reason!r}"
    return fault.reason


async def assert_still_serves(gateway, assert_schema_valid, before) -> None:
    """A good request after the bad one is accepted and stored (exactly one more transaction)."""
    call = InitiateMeterReadingsByMeterID(
        [MeterID("M-OK")], URL, "TX-GOOD", ExpirationTime(1, "Hours")
    )
    response = await gateway.soap(build_initiate_meter_readings_by_meter_id(call))
    assert response.status_code == 200, response.text
    assert_schema_valid(response.content)
    body = read_envelope(xmlsafe.parse(response.content)).first_body
    assert read_array_of_error_object_response(body) == []
    [transaction] = gateway.store.transactions()
    assert transaction.transaction_id == "TX-GOOD"
    assert transaction.meter_ids == ["M-OK"]
    assert sum(gateway.store.counts()["transactions"].values()) == (
        sum(before[0]["transactions"].values()) + 1
    )


@pytest.mark.parametrize(("content", "content_type", "headers", "soap", "words"), CASES)
async def test_bad_request_gets_a_sender_fault_and_changes_nothing(
    gateway, assert_schema_valid, content, content_type, headers, soap, words
):
    before = gateway.snapshot()

    response = await gateway.post("/multispeak/v41/MR_Server", content, content_type, **headers)

    reason = assert_client_fault(response, soap, words, assert_schema_valid)
    assert "Traceback" not in reason
    assert gateway.snapshot() == before
    assert gateway.transport.sent == []
    await assert_still_serves(gateway, assert_schema_valid, before)


@pytest.mark.parametrize("content", [XXE, LATE_DOCTYPE], ids=["xxe", "late-doctype"])
async def test_xxe_never_reads_the_file(gateway, assert_schema_valid, content):
    response = await gateway.post("/multispeak/v41/MR_Server", content, CT11)

    assert_client_fault(response, S11, ["DTDs"], assert_schema_valid)
    assert b"root:" not in response.content
    assert gateway.store.transactions() == []
    assert gateway.store.messages() == []


async def test_body_declared_larger_than_the_limit_is_refused_unread(gateway, assert_schema_valid):
    before = gateway.snapshot()

    response = await gateway.post(
        "/multispeak/v41/MR_Server",
        envelope(initiate()),
        CT11,
        content_length=str(100 * 1024 * 1024),
    )

    assert_client_fault(
        response, S11, ["104857600 bytes exceeds the limit of"], assert_schema_valid
    )
    assert gateway.snapshot() == before
    await assert_still_serves(gateway, assert_schema_valid, before)


async def test_streamed_body_over_the_limit_is_refused(gateway, assert_schema_valid, monkeypatch):
    monkeypatch.setattr(
        gateway.runtime, "settings", replace(gateway.runtime.settings, max_request_bytes=4096)
    )
    before = gateway.snapshot()
    padding = "".join(f"<meterID>M{i:05d}</meterID>" for i in range(400))

    async def chunks():
        content = envelope(initiate(meters=padding))
        for start in range(0, len(content), 1000):
            yield content[start : start + 1000]

    response = await gateway.client.post(
        "/multispeak/v41/MR_Server", content=chunks(), headers={"content-type": CT11}
    )

    assert_client_fault(response, S11, ["exceeds the limit of 4096 bytes"], assert_schema_valid)
    assert gateway.snapshot() == before
    await assert_still_serves(gateway, assert_schema_valid, before)


async def test_missing_multispeak_header_is_served(gateway, assert_schema_valid):
    response = await gateway.post(
        "/multispeak/v41/MR_Server", envelope(initiate(), S12, header=""), CT12
    )

    assert response.status_code == 200
    assert_schema_valid(response.content)
    answer = read_envelope(xmlsafe.parse(response.content))
    assert answer.version is SoapVersion.SOAP12
    assert read_array_of_error_object_response(answer.first_body) == []
    assert answer.header(f"{{{MSP}}}MultiSpeakMsgHeader") is not None, "answers carry a header"
    transaction = gateway.only_transaction()
    assert transaction.transaction_id == "TX-1"
    assert transaction.caller is None
    assert transaction.soap_version == "SOAP12"


async def test_soap12_envelope_with_a_non_soap_content_type_gets_a_soap12_fault(
    gateway, assert_schema_valid
):
    response = await gateway.post(
        "/multispeak/v41/MR_Server", envelope(initiate(), S12), "application/json"
    )

    assert_client_fault(response, S12, ["not SOAP"], assert_schema_valid)
