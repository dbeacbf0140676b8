"""An on-demand read through the in-process gateway, its CIM reply, and keyed MultiSpeak calls.

Shared by the idempotency and exactly-once tests (``gateway`` fixture of ``conftest.py``).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

from lxml import etree

from mspcim import xmlsafe
from mspcim.cim.envelope import build_message
from mspcim.cim.message import Header, Message, MessageKind, Reply, ReplyResult, Verb
from mspcim.cim.meter_readings_2013 import build_meter_readings
from mspcim.gateway.store import ReadTransaction
from mspcim.multispeak.header import MultiSpeakMsgHeader
from mspcim.multispeak.v41.meter_reading import MeterID
from mspcim.multispeak.v41.operations import (
    ExpirationTime,
    InitiateMeterReadingsByMeterID,
    build_initiate_meter_readings_by_meter_id,
)
from mspcim.sim.readings import simulate_meter_readings
from mspcim.soap import SoapVersion, build_envelope

CB_URL = "http://cb.test/CB_Server"
T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def reply_bytes(
    correlation_id: str, meters: tuple[str, ...] = ("M1", "M2"), message_id: str = "REPLY-1"
) -> bytes:
    """The head-end's reply with readings of ``meters``, in SOAP 1.1."""
    document = build_meter_readings(simulate_meter_readings(list(meters), T0, random.Random(5)))
    message = Message(
        MessageKind.RESPONSE,
        Header(
            verb=Verb.REPLY,
            noun="MeterReadings",
            timestamp=T0,
            source="test-headend",
            message_id=message_id,
            correlation_id=correlation_id,
        ),
        reply=Reply(ReplyResult.OK),
        payload=[document],
    )
    return xmlsafe.serialize(build_envelope(SoapVersion.SOAP11, [build_message(message)]))


async def open_read(gateway, exp: ExpirationTime | None = None) -> ReadTransaction:
    call = InitiateMeterReadingsByMeterID(
        [MeterID("M1"), MeterID("M2")], CB_URL, "TX-REPLY", exp or ExpirationTime(1, "Hours")
    )
    response = await gateway.soap(build_initiate_meter_readings_by_meter_id(call))
    assert response.status_code == 200, response.text
    return gateway.only_transaction()


async def post_reply(gateway, content: bytes):
    return await gateway.post("/cim/reply", content, SoapVersion.SOAP11.content_type())


def initiate(meters: list[str], transaction_id: str = "TX-IDEM") -> etree._Element:
    return build_initiate_meter_readings_by_meter_id(
        InitiateMeterReadingsByMeterID(
            [MeterID(meter) for meter in meters],
            CB_URL,
            transaction_id,
            ExpirationTime(1, "Hours"),
        )
    )


def header(message_id: str | None, app_name: str = "TestCIS") -> MultiSpeakMsgHeader:
    return MultiSpeakMsgHeader(app_name=app_name, user_id="tester", message_id=message_id)
