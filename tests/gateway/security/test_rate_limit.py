"""Rate limits: a token bucket per client address and per authenticated caller.

Over the limit a MultiSpeak caller gets HTTP 429 with a SOAP Fault of its request's version and
a Retry-After; a CIM peer gets 429 with a 61968-100 Reply FAILED. Nothing is stored.
"""

from __future__ import annotations

import pytest
from _security_support import SECRETS, basic, call, header, initiate, ping, rebuild

from mspcim import reply_codes, xmlsafe
from mspcim.cim.envelope import read_message
from mspcim.cim.message import MessageKind, ReplyResult
from mspcim.gateway.config import RateLimit
from mspcim.gateway.security.rate_limit import RateLimiter
from mspcim.soap import SoapVersion, read_envelope

pytestmark = pytest.mark.anyio


def test_bucket_grants_a_burst_then_the_sustained_rate():
    now = [100.0]
    limiter = RateLimiter(per_second=2.0, burst=3, clock=lambda: now[0])

    assert [limiter.take("a") for _ in range(3)] == [None, None, None]
    assert limiter.take("a") == pytest.approx(0.5)
    assert limiter.take("b") is None  # buckets are per key
    now[0] += 0.5
    assert limiter.take("a") is None
    assert limiter.take("a") == pytest.approx(0.5)
    now[0] += 60
    assert [limiter.take("a") for _ in range(4)][-1] == pytest.approx(0.5)  # never above burst


def test_memory_stays_bounded_whatever_the_number_of_keys():
    limiter = RateLimiter(per_second=1.0, burst=1, max_keys=100)
    for number in range(10_000):
        limiter.take(f"address {number}")
    assert len(limiter._buckets) == 100


@pytest.mark.parametrize("version", list(SoapVersion), ids=["soap11", "soap12"])
async def test_over_the_limit_is_429_with_a_fault_of_the_request_version(
    gateway, assert_schema_valid, version
):
    async with rebuild(gateway, rate_limit=RateLimit(per_second=0.01, burst=2)) as limited:
        before = limited.snapshot()
        served = [await call(limited, "MR_Server", ping(), header(), version) for _ in range(2)]
        refused = await call(limited, "MR_Server", initiate("TX-FLOOD"), header(), version)

    assert [response.status_code for response in served] == [200, 200]
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 99
    assert refused.headers["content-type"].startswith(version.content_type().split(";")[0])
    assert_schema_valid(refused.content)
    envelope = read_envelope(xmlsafe.parse(refused.content))
    assert envelope.version is version
    assert envelope.fault.code == version.client_fault_code
    assert envelope.fault.reason.startswith("too many requests: at most 0.01 per second")
    assert limited.snapshot() == before


async def test_each_authenticated_caller_has_its_own_bucket(gateway, credentials_file):
    async with rebuild(
        gateway, credentials_file=credentials_file, rate_limit=RateLimit(per_second=0.01, burst=2)
    ) as limited:
        cis = [
            await call(limited, "MR_Server", ping(), header("cis", SECRETS["cis"])) for _ in "123"
        ]
        operator = [
            await call(limited, "MR_Server", ping(), header("operator", SECRETS["operator"]))
            for _ in "12"
        ]  # from the same address as cis: callers behind one proxy do not throttle each other

    assert [r.status_code for r in cis] == [200, 200, 429]
    assert "retry in 100.0 s" in cis[2].text
    assert [r.status_code for r in operator] == [200, 200]
    counted = limited.runtime.metrics.messages_in.labels
    assert counted("multispeak", "MR_Server:PingURL", "rate-limited")._value.get() == 1
    assert counted("multispeak", "MR_Server:PingURL", "ok")._value.get() == 4


async def test_failed_attempts_spend_the_address_bucket(gateway, credentials_file, caplog):
    async with rebuild(
        gateway, credentials_file=credentials_file, rate_limit=RateLimit(per_second=0.01, burst=2)
    ) as limited:
        before = limited.snapshot()
        wrong = [await call(limited, "MR_Server", ping(), header("cis", "guess")) for _ in "123"]
        right = await call(limited, "MR_Server", ping(), header("cis", SECRETS["cis"]))
        after = limited.snapshot()

    assert [r.status_code for r in wrong] == [500, 500, 429]
    assert "authentication failed" in wrong[0].text and "too many requests" in wrong[2].text
    assert right.status_code == 429  # no secret is checked for an address out of tokens
    assert after == before
    assert [r.event for r in caplog.records if r.name == "mspcim.gateway.security"][-3:] == [
        "authentication-failed",
        "rate-limited",
        "rate-limited",
    ]


async def test_cim_peer_over_the_limit_gets_429_with_reply_failed(
    gateway, assert_schema_valid, credentials_file
):
    async with rebuild(
        gateway, credentials_file=credentials_file, rate_limit=RateLimit(per_second=0.01, burst=1)
    ) as limited:
        auth = {"authorization": basic("headend", "wrong")}
        first = await limited.post("/cim/reply", b"<x/>", "application/xml", **auth)
        second = await limited.post("/cim/reply", b"<x/>", "application/xml", **auth)

    assert first.status_code == 401
    assert second.status_code == 429 and second.headers["retry-after"] == "100"
    assert_schema_valid(second.content)
    answer = read_message(xmlsafe.parse(second.content))
    assert answer.kind is MessageKind.FAULT and answer.reply.result is ReplyResult.FAILED
    [error] = answer.reply.errors
    assert error.code == reply_codes.RATE_LIMITED
    assert "too many requests" in error.reason
