"""v5 notifications to the CIM side: ``/multispeak/v50/NOT_Server`` relays them as EventMessages.

A v5 MR posts ``MeterReadingsNotification`` (5.0.7) or ``ReadingsChangedNotification`` (5.0.4)
to the gateway's NOT_Server; the head-end receives ``created MeterReadings`` with the same meter
(GUID as mRID), value, time stamp and ReadingType code; the conversation ends DELIVERED. The
stack validates what the head-end received; this module validates the v5 answers.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from _v50_support import V5Caller, guid
from lxml import etree

from mspcim import xmlsafe
from mspcim.cim.envelope import read_message
from mspcim.cim.message import MessageKind, Verb
from mspcim.gateway.flows.notification_relay50 import FLOW
from mspcim.gateway.store import TransactionState
from mspcim.harmonize.editions import read_payload
from mspcim.harmonize.gaps import GapReport
from mspcim.multispeak.v50.identity import MeterID
from mspcim.multispeak.v50.meter_reading import (
    MeterReading,
    MeterReadingsNotification,
    ReadingTypeCode,
    ReadingValue,
    build_readings_notification,
)
from mspcim.multispeak.v50.msp_binding import Release
from mspcim.sim.headend import HeadEndSettings
from mspcim.sim.readings import ENERGY_KWH

pytestmark = pytest.mark.e2e

METER = guid("NOTIFY-1")
WHEN = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def notification(release: Release, transaction_id: str = "TX-NOTIFY") -> etree._Element:
    reading = MeterReading(
        meter_id=MeterID(object_guid=METER, meter_name="N-1"),
        reading_values=[
            ReadingValue(
                value="4711.25",
                time_stamp=WHEN,
                reading_type_code=ReadingTypeCode(value=ENERGY_KWH.text),
            )
        ],
    )
    return build_readings_notification(
        MeterReadingsNotification([reading], transaction_id), release
    )


@pytest.mark.parametrize("release", [Release.V507, Release.V504])
def test_a_readings_notification_becomes_a_created_meter_readings_event(stack, release: Release):
    stack.start(HeadEndSettings(seed=12))
    caller = V5Caller(stack).start()

    answer = caller.post(notification(release), "NOT_Server", release=release)

    assert answer.response.status_code == 200, answer.response.text
    assert caller.response_header(answer).result.result_identifier.code == "0.0"
    transaction = stack.wait_state("TX-NOTIFY", TransactionState.DELIVERED)
    assert transaction.flow == FLOW
    assert transaction.caller == "TestMDM5"
    events = [
        read_message(xmlsafe.parse(request.body)) for request in stack.headend_app.state.requests
    ]
    [event] = [message for message in events if message.kind is MessageKind.EVENT]
    assert event.header is not None
    assert (event.header.verb, event.noun) == (Verb.CREATED, "MeterReadings")
    assert event.header.correlation_id == "TX-NOTIFY"
    assert event.header.source == "TestMDM5"
    _, document = read_payload(event.payload[0], GapReport())
    [reading] = document.meter_readings
    assert reading.meter_mrid == METER
    [value] = reading.readings
    assert value.value == Decimal("4711.25")
    assert value.time_stamp == WHEN
    assert value.reading_type == ENERGY_KWH.text


def test_an_untranslatable_notification_is_an_error_and_stores_nothing(stack):
    stack.start(HeadEndSettings(seed=13))
    caller = V5Caller(stack).start()
    body = notification(Release.V507)
    body.find(".//{*}readingValue/{*}value").text = "not a number"

    answer = caller.post(body, "NOT_Server")

    result = caller.response_header(answer).result
    [error] = result.error_objects
    assert error.noun_type == "MeterReadingsNotification"
    assert (error.display_string or "").startswith("not translated to CIM")
    assert result.level is not None and result.level.value == "Fatal"
    assert stack.store.transactions() == []
    assert stack.store.outbox() == []
