"""The stored v5 metering samples (tests/fixtures/msp50): valid, and translated value by value."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from mspcim import ns, xmlsafe
from mspcim.cim.catalogue import Edition, payload_codec
from mspcim.cim.envelope import build_message
from mspcim.cim.message import Message, MessageKind, ReplyResult, Verb
from mspcim.harmonize import end_device_control_v5_messages as _controls  # noqa: F401  (routes)
from mspcim.harmonize import end_device_event_v5_messages as _events  # noqa: F401  (routes)
from mspcim.harmonize import meter_reading_v5_messages as _readings  # noqa: F401  (routes)
from mspcim.harmonize.gaps import GapReport
from mspcim.harmonize.meter_reading_messages import cim_readings
from mspcim.harmonize.routes import TranslateOptions
from mspcim.harmonize.routes50 import find_msp50_route
from mspcim.multispeak.v50.header import read_request_header
from mspcim.soap import read_envelope

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "msp50"
T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
G1 = "6f1d2a50-0c39-4b7e-a3a6-1c1f1e3a0001"
G2 = "6f1d2a50-0c39-4b7e-a3a6-1c1f1e3a0002"


def translated(name: str, assert_schema_valid: Any, release: str = "5.0.7") -> Message:
    root = xmlsafe.parse((FIXTURES / name).read_bytes())
    assert_schema_valid(root, release=release)
    envelope = read_envelope(root)
    (block,) = envelope.headers
    (body,) = envelope.body
    header = read_request_header(block)
    message = find_msp50_route(ns.local_name(body.tag))(
        body, header, GapReport(), TranslateOptions(new_id=lambda: "NEW")
    )
    assert_schema_valid(build_message(message))
    return message


@pytest.mark.parametrize(
    ("name", "release"),
    [
        ("initiate_meter_readings_by_meter_ids.soap11.xml", "5.0.7"),
        ("initiate_meter_readings_by_meter_ids.5.0.4.soap11.xml", "5.0.4"),
    ],
)
def test_initiate_fixture(assert_schema_valid: Any, name: str, release: str) -> None:
    message = translated(name, assert_schema_valid, release)
    assert message.header is not None and message.request is not None
    assert (message.header.verb, message.header.correlation_id) == (
        Verb.GET,
        "TX-2026-0501-0042",
    )
    assert message.header.reply_address == "http://mdm.riverside.example/multispeak/v50/NOT_Server"
    assert [object_id.value for object_id in message.request.ids] == [G1, G2]


def test_readings_notification_fixture(assert_schema_valid: Any) -> None:
    message = translated("meter_readings_notification.soap11.xml", assert_schema_valid)
    assert message.kind is MessageKind.EVENT
    readings = cim_readings(message)
    (meter,) = readings.document.meter_readings
    assert meter.meter_mrid == G1
    assert [(r.value, r.time_stamp) for r in meter.readings] == [
        (Decimal("12345.67"), T0),
        (Decimal("8.250"), T0),
    ]
    assert message.reply is not None and message.reply.result is ReplyResult.PARTIAL
    assert [error.reason for error in message.reply.errors] == ["meter not responding"]


def test_connect_disconnect_fixtures(assert_schema_valid: Any) -> None:
    request = translated("initiate_connect_disconnect.soap11.xml", assert_schema_valid)
    assert request.header is not None and request.header.correlation_id == "TX-CD-7"
    controls = payload_codec("EndDeviceControls", Edition.CIM2013).read(request.payload[0])
    (control,) = controls.end_device_controls
    assert (control.end_device_control_type.ref, control.reason) == ("3.31.0.23", "NonPayment")
    outcome = translated("cd_states_changed_notification.soap11.xml", assert_schema_valid)
    events = payload_codec("EndDeviceEvents", Edition.CIM2013).read(outcome.payload[0])
    assert [
        (e.event_type, e.assets.mrid if e.assets else None) for e in events.end_device_events
    ] == [("3.31.0.68", G1)]


def test_end_device_events_fixture(assert_schema_valid: Any) -> None:
    message = translated("end_device_events_notification.soap11.xml", assert_schema_valid)
    assert message.header is not None and message.header.correlation_id == "TX-EV-1"
    events = payload_codec("EndDeviceEvents", Edition.CIM2013).read(message.payload[0])
    (event,) = events.end_device_events
    assert (event.event_type, event.severity, event.reason) == ("3.26.0.85", "high", "feeder trip")
