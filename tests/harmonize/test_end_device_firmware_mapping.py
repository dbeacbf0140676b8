"""Profile 8.14 EndDeviceFirmware: MultiSpeak 4.1 configuration groups ⇄ EndDevices whose
EndDeviceFunction runs that configuration; the firmware part of the profile has no MultiSpeak 4.1
counterpart and is reported as such (the password without its value)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from typer.testing import CliRunner

from mspcim import ns, xmlsafe
from mspcim.cim.end_device_firmware import (
    BINDING_2009,
    CODEC_2013,
    EndDevice,
    EndDeviceFirmware,
    EndDeviceFunction,
)
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.identified_object import Name, Status
from mspcim.cim.message import Header, Message, MessageKind, Verb
from mspcim.cli import app
from mspcim.exceptions import MappingError, MessageFormatError
from mspcim.harmonize.engine import SECRET
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.profiles import end_device_firmware as profile
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.meter_configuration import (
    ConfigurationStatusItem,
    InsertMeterInConfigurationGroup,
    MeterConfigurationNotification,
    MeterConfigurationStatus,
    RemoveMetersFromConfigurationGroup,
)
from mspcim.multispeak.v41.msp_binding import MeterID
from mspcim.soap import read_envelope
from mspcim.validation import SchemaSet

FIXTURE = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "end_device_firmware"
    / "meter_configuration_notification.soap11.xml"
)
WHEN = datetime(2026, 5, 4, 10, 12, 41, tzinfo=UTC)


def ids() -> str:
    return "msg-1"


def body_of(document: etree._Element) -> etree._Element:
    return read_envelope(document).first_body


def firmware_of(document: etree._Element) -> tuple[Message, EndDeviceFirmware]:
    message = read_message(document)
    return message, CODEC_2013.read(message.payload[0])


def test_notification_becomes_changed_devices_with_status_and_configuration(
    declared: SchemaSet,
) -> None:
    result = translate_document(xmlsafe.parse(FIXTURE.read_bytes()), "cim", new_id=ids)
    assert declared.validate(result.document) == []
    message, document = firmware_of(result.document)
    assert message.kind is MessageKind.EVENT
    assert message.header is not None
    assert (message.header.verb, message.header.noun) == (Verb.CHANGED, "EndDeviceFirmware")
    assert message.header.correlation_id == "CFG-2026-0504-01"
    configured, failed = document.end_devices
    assert configured.mrid == "6f1d2a50-0c39-4b7e-a3a6-1c1f1e3a0001"
    assert configured.status == Status(
        value="Configured", date_time=datetime(2026, 5, 4, 10, 12, 41, tzinfo=UTC)
    )
    assert configured.end_device_functions == [EndDeviceFunction(config_id="TOU-RES-2026")]
    assert failed.mrid == "10002"
    assert failed.status is not None
    assert (failed.status.value, failed.status.reason) == (
        "Failed",
        "no response from meter; retry limit reached",
    )
    assert [(entry.path, entry.value) for entry in result.gaps.lost] == [
        ("/MeterConfigurationNotification/extensionsList[1]", "vendorJobID=JOB-5521")
    ]


def test_the_outcome_comes_back_with_its_transaction(assert_schema_valid) -> None:
    source = xmlsafe.parse(FIXTURE.read_bytes())
    cim = translate_document(source, "cim", new_id=ids)
    back = translate_document(cim.document, "msp41")
    assert_schema_valid(back.document)
    original = msp_binding.read(body_of(source), MeterConfigurationNotification)
    assert original.config_status is not None
    original.config_status.extensions_list = []
    assert msp_binding.read(body_of(back.document), MeterConfigurationNotification) == original
    carried = {entry.path: entry for entry in back.gaps}["/Header/CorrelationID"]
    assert (carried.kind, carried.carried_in) == (
        GapKind.CARRIED,
        "MeterConfigurationNotification/transactionID",
    )


def test_the_2009_edition_is_valid_against_its_declared_schema(declared: SchemaSet) -> None:
    result = translate_document(xmlsafe.parse(FIXTURE.read_bytes()), "cim2009", new_id=ids)
    assert declared.validate(result.document) == []
    payload = read_message(result.document).payload[0]
    q = {"m": BINDING_2009.namespace}
    assert payload.xpath("m:EndDeviceAsset/m:DeviceFunctions/m:configID/text()", namespaces=q) == [
        "TOU-RES-2026",
        "TOU-RES-2026",
    ]


def test_insert_asks_for_an_asynchronous_configuration(declared: SchemaSet) -> None:
    call = InsertMeterInConfigurationGroup(
        meter_ids=[MeterID(value="10001", service_type="Electric"), MeterID(value="10002")],
        meter_group_id="TOU-RES-2026",
        transaction_id="CFG-1",
        response_url="http://mdm.example/cb",
    )
    result = translate_document(
        msp_binding.write(call, "InsertMeterInConfigurationGroup"), "cim", new_id=ids
    )
    assert declared.validate(result.document) == []
    message, document = firmware_of(result.document)
    assert message.header is not None
    assert (message.header.verb, message.header.correlation_id) == (Verb.CREATE, "CFG-1")
    assert (message.header.reply_address, message.header.async_reply_flag) == (
        "http://mdm.example/cb",
        True,
    )
    assert [device.mrid for device in document.end_devices] == ["10001", "10002"]
    assert all(d.end_device_functions[0].config_id == "TOU-RES-2026" for d in document.end_devices)
    assert all(device.status is None for device in document.end_devices)
    back = translate_document(result.document, "msp41")
    assert declared.validate(back.document) == []
    assert msp_binding.read(body_of(back.document), InsertMeterInConfigurationGroup) == call
    assert back.gaps.lost == []


def test_remove_is_delete(declared: SchemaSet) -> None:
    call = RemoveMetersFromConfigurationGroup(
        meter_ids=[MeterID(value="10002")], meter_group_id="G"
    )
    result = translate_document(
        msp_binding.write(call, "RemoveMetersFromConfigurationGroup"), "cim", new_id=ids
    )
    assert declared.validate(result.document) == []
    message, _ = firmware_of(result.document)
    assert message.header is not None and message.header.verb is Verb.DELETE
    back = translate_document(result.document, "msp41")
    assert msp_binding.read(body_of(back.document), RemoveMetersFromConfigurationGroup) == call


def test_firmware_values_are_gaps_and_the_password_is_never_shown(assert_schema_valid) -> None:
    device = EndDevice(
        mrid="g1",
        names=[Name.typed("10001", "meterID", "MultiSpeak")],
        end_device_functions=[
            EndDeviceFunction(
                config_id="TOU",
                firmware_id="FW-4.2.1",
                program_id="PRG-7",
                hardware_id="HW-B",
                password="m3ter-pw",
                enabled=True,
            )
        ],
    )
    message = Message(
        MessageKind.EVENT,
        Header(Verb.CHANGED, "EndDeviceFirmware", message_id="cim-1", timestamp=WHEN),
        payload=[CODEC_2013.write(EndDeviceFirmware(end_devices=[device]))],
    )
    result = translate_document(build_message(message), "msp41")
    assert_schema_valid(result.document)
    assert b"m3ter-pw" not in etree.tostring(result.document)
    by_field = {entry.path.rpartition("/")[2]: entry for entry in result.gaps.lost}
    assert by_field["password"].value == SECRET
    assert "m3ter-pw" not in result.gaps.to_json()
    assert by_field["firmwareID"].value == "FW-4.2.1"
    assert by_field["firmwareID"].reason.startswith("MultiSpeak 4.1 has no firmware operation")
    assert {"programID", "hardwareID", "enabled"} <= set(by_field)
    status = msp_binding.read(
        body_of(result.document), MeterConfigurationNotification
    ).config_status
    assert status is not None and status.configuration_group_id == "TOU"
    assert status.configuration_status_list[0].time_stamp == WHEN
    stood_in = [entry for entry in result.gaps if entry.kind is GapKind.CHANGED]
    assert [(entry.path, entry.reason) for entry in stood_in] == [
        ("/EndDeviceFirmware/EndDevice[1]/status/dateTime", "the message's Timestamp stands in")
    ]


def test_an_outcome_without_any_time_is_refused() -> None:
    message = Message(
        MessageKind.EVENT,
        Header(Verb.CHANGED, "EndDeviceFirmware"),
        payload=[CODEC_2013.write(EndDeviceFirmware(end_devices=[EndDevice(mrid="g1")]))],
    )
    with pytest.raises(MappingError, match="needs a timeStamp") as caught:
        translate_document(build_message(message), "msp41")
    assert caught.value.xpath == "/EndDeviceFirmware/EndDevice[1]/status/dateTime"


def test_two_configurations_in_one_document_keep_the_first() -> None:
    document = EndDeviceFirmware(
        end_devices=[
            EndDevice(mrid="a", end_device_functions=[EndDeviceFunction(config_id="C1")]),
            EndDevice(mrid="b", end_device_functions=[EndDeviceFunction(config_id="C2")]),
        ]
    )
    report = GapReport()
    status = profile.to_msp(document, report)
    assert status.configuration_group_id == "C1"
    assert [(entry.value, entry.kind) for entry in report] == [("C2", GapKind.LOST)]


def test_error_strings_holding_the_separator_are_reported_changed() -> None:
    item = ConfigurationStatusItem(
        meter_id=MeterID(value="1"), error_string_list=["a; b"], time_stamp=WHEN
    )
    report = GapReport()
    document = profile.to_cim(MeterConfigurationStatus(configuration_status_list=[item]), report)
    assert document.end_devices[0].status == Status(value="", date_time=WHEN, reason="a; b")
    assert [(entry.value, entry.kind) for entry in report] == [("a; b", GapKind.CHANGED)]


def test_a_change_request_has_no_multispeak_operation() -> None:
    message = Message(
        MessageKind.REQUEST,
        Header(Verb.CHANGE, "EndDeviceFirmware"),
        payload=[CODEC_2013.write(EndDeviceFirmware())],
    )
    with pytest.raises(
        MessageFormatError, match=r"no MultiSpeak 4\.1 operation for change EndDeviceFirmware"
    ):
        translate_document(build_message(message), "msp41")


def test_error_objects_of_insert_become_a_reply_and_back(assert_schema_valid) -> None:
    body = etree.fromstring(
        f'<InsertMeterInConfigurationGroupResponse xmlns="{ns.MSP41}">'
        "<InsertMeterInConfigurationGroupResult>"
        '<errorObject objectID="10009" errorString="unknown meter"/>'
        "</InsertMeterInConfigurationGroupResult></InsertMeterInConfigurationGroupResponse>"
    )
    result = translate_document(body, "cim", new_id=ids)
    assert_schema_valid(result.document)
    reply = read_message(result.document).reply
    assert reply is not None and [e.reason for e in reply.errors] == ["unknown meter"]
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    assert (
        etree.QName(body_of(back.document)).localname == "InsertMeterInConfigurationGroupResponse"
    )


def test_translate_command_on_the_fixture(declared: SchemaSet) -> None:
    result = CliRunner().invoke(app, ["translate", str(FIXTURE), "--to", "cim", "--gaps", "json"])
    assert result.exit_code == 0, result.stderr
    assert declared.validate(xmlsafe.parse(result.stdout_bytes)) == []
    assert '"value": "vendorJobID=JOB-5521"' in result.stderr


# --- round trips with generated data

_TEXT = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=10)
_WHEN = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
).map(lambda value: value.replace(microsecond=0))
_ITEMS = st.builds(
    ConfigurationStatusItem,
    meter_id=st.builds(
        MeterID, value=_TEXT, object_id=st.none() | _TEXT.map(lambda text: f"g-{text}")
    ),
    configuration_status=st.none() | _TEXT,
    error_string_list=st.lists(_TEXT, max_size=2),
    time_stamp=_WHEN,
)


@settings(max_examples=60, deadline=None)
@given(
    group=st.none() | _TEXT,
    items=st.lists(_ITEMS, min_size=1, max_size=3),
    transaction=st.none() | _TEXT,
)
def test_multispeak_to_cim_to_multispeak_keeps_every_status(
    declared: SchemaSet, group, items, transaction
) -> None:
    call = MeterConfigurationNotification(
        config_status=MeterConfigurationStatus(
            configuration_group_id=group, configuration_status_list=items
        ),
        transaction_id=transaction,
    )
    body = msp_binding.write(call, "MeterConfigurationNotification")
    assert declared.validate(body) == []
    cim = translate_document(body, "cim", new_id=ids)
    assert declared.validate(cim.document) == []
    assert cim.gaps.lost == []
    back = translate_document(cim.document, "msp41")
    assert declared.validate(back.document) == []
    assert msp_binding.read(body_of(back.document), MeterConfigurationNotification) == call


_DEVICES = st.builds(
    lambda meter, mrid, status, config: EndDevice(
        mrid=mrid or meter,
        names=[Name.typed(meter, "meterID", "MultiSpeak")],
        status=status,
        end_device_functions=[EndDeviceFunction(config_id=config)],
    ),
    _TEXT,
    st.none() | _TEXT.map(lambda text: f"g-{text}"),
    st.builds(
        Status,
        value=_TEXT,
        date_time=_WHEN,
        reason=st.none() | st.lists(_TEXT, min_size=1, max_size=2).map("; ".join),
    ),
    st.just("TOU-1"),
)


@settings(max_examples=60, deadline=None)
@given(devices=st.lists(_DEVICES, min_size=1, max_size=3))
def test_cim_to_multispeak_to_cim_keeps_devices_status_and_configuration(
    declared: SchemaSet, devices
) -> None:
    message = Message(
        MessageKind.EVENT,
        Header(Verb.CHANGED, "EndDeviceFirmware", message_id="cim-1", correlation_id="T-1"),
        payload=[CODEC_2013.write(EndDeviceFirmware(end_devices=devices))],
    )
    msp = translate_document(build_message(message), "msp41")
    assert declared.validate(msp.document) == []
    assert msp.gaps.lost == []
    back = translate_document(msp.document, "cim", new_id=ids)
    assert declared.validate(back.document) == []
    returned, document = firmware_of(back.document)
    assert document.end_devices == devices
    assert returned.header is not None and returned.header.correlation_id == "T-1"
