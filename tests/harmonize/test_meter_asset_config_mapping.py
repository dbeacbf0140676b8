"""Profile 8.15 MeterAssetConfig: MultiSpeak meter operations ⇄ CIM MeterConfig, both ways.

Values asserted on both sides; MultiSpeak output validated against the official 4.1.6 WSDL
schemas, CIM output against Message.xsd and the XSD the project declares for the profile.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from meter_strategies import KWH, cim_meters, electric_meters, unordered_names
from typer.testing import CliRunner

from mspcim import ns, xmlsafe
from mspcim.cim.catalogue import Edition
from mspcim.cim.envelope import build_message, read_message
from mspcim.cim.message import EnvelopeForm, Header, Message, MessageKind, ObjectID, Request, Verb
from mspcim.cim.meter_asset_config import CODEC_2009, CODEC_2013, Meter, MeterConfig
from mspcim.cli import app
from mspcim.exceptions import MappingError, MessageFormatError, UnknownOperationError
from mspcim.harmonize.gaps import GapKind, GapReport
from mspcim.harmonize.meter_asset_config_messages import (
    NOTIFICATION_VERBS,
    OPERATION_PROPERTY,
    VERB_NOTIFICATIONS,
)
from mspcim.harmonize.profiles import meter_asset_config
from mspcim.harmonize.translator import translate_document
from mspcim.multispeak.catalogue import operation
from mspcim.multispeak.header import MultiSpeakMsgHeader, build_header
from mspcim.multispeak.v41 import msp_binding
from mspcim.multispeak.v41.meter import ElectricMeter, MeterConnectionStatus, Meters
from mspcim.multispeak.v41.meter_operations import (
    METER_LISTS,
    GetAllMeters,
    GetMeterByMeterID,
    GetMeterByMeterIDResponse,
    MeterAddNotification,
    MeterInstalledNotification,
)
from mspcim.soap import SoapVersion, build_envelope, read_envelope
from mspcim.validation import SchemaSet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "meter_asset_config"
ADD = FIXTURES / "meter_add_notification.soap11.xml"
CREATED = FIXTURES / "meter_config_created.xml"
M2013 = "{http://iec.ch/TC57/2011/MeterConfig#}"


def soap(body: etree._Element, **header: object) -> etree._Element:
    """``body`` in a SOAP 1.1 envelope with a MultiSpeakMsgHeader."""
    msp_header = MultiSpeakMsgHeader(app_name="CIS", message_id="M-1", **header).stamped()
    return build_envelope(SoapVersion.SOAP11, [body], [build_header(msp_header)])


def meters_in(message: Message) -> list[Meter]:
    document: MeterConfig = CODEC_2013.read(message.payload[0])
    return document.meters


def names_of(meter: Meter) -> dict[str, str]:
    return {name.type_name or "": name.name for name in meter.end_device_names}


# --- MultiSpeak → CIM


def test_meter_add_notification_becomes_a_created_meter_config(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(ADD.read_bytes()), "cim", new_id=lambda: "NEW")
    assert declared.validate(result.document) == []
    message = read_message(result.document)
    assert message.kind is MessageKind.EVENT
    assert message.header is not None
    assert (message.header.verb, message.header.noun) == (Verb.CREATED, "MeterConfig")
    assert message.header.message_id == "MSG-2026-0312-0001"
    assert message.header.source == "NorthwindCIS"
    assert message.header.property(OPERATION_PROPERTY) is None
    first, second = meters_in(message)
    assert first.mrid == "5d1f3c2a-8b7e-4c11-9a0e-2f6d1b7c9e01"
    assert names_of(first)["meterID"] == "40017721"
    assert names_of(first)["utility"] == "NWEC"
    assert first.serial_number == "IT-88120457"
    assert first.amr_system == "Itron OpenWay"
    assert first.end_device_info is not None and first.end_device_info.asset_model is not None
    model = first.end_device_info.asset_model
    assert (model.model_number, model.manufacturer.name if model.manufacturer else None) == (
        "C2SOD-CL200",
        "Itron",
    )
    assert (first.form_number, first.k_h, first.k_r, first.phase_count) == (
        "2S",
        Decimal("7.2"),
        Decimal(1),
        1,
    )
    function = first.electric_metering_function
    assert function is not None
    assert (function.billing_multiplier, function.demand_multiplier) == (Decimal(1), Decimal(1))
    assert (function.current_rating, function.voltage_rating) == (Decimal(200), Decimal(240))
    assert first.lifecycle is not None
    assert first.lifecycle.installation_date == datetime(2026, 3, 10, 14, 30, tzinfo=UTC)
    assert first.status is not None and first.status.value == "Active"
    assert [seal.seal_number for seal in first.seals] == ["SEAL-991203"]
    assert first.connect_disconnect_function is not None
    assert first.connect_disconnect_function.is_connected is True
    rcd = first.connect_disconnect_function.rcd_info
    assert rcd is not None and (rcd.is_arm_connect, rcd.use_pushbutton) == (True, True)
    (module,) = first.com_functions
    assert (module.mrid, module.amr_address, module.firmware_id) == (
        "0b6e2d4c-1f3a-4e55-8c21-7d9a3e5f1b22",
        "00:13:50:05:00:4a:71:c2",
        "3.11.2",
    )
    module_names = {name.type_name: name.name for name in module.com_function_names}
    assert module_names["serialNumber"] == "RF-5521078"
    assert module_names["moduleType"] == "RF mesh"
    total, demand = first.registers
    assert total.reading_type is not None and demand.reading_type is not None
    assert total.reading_type.mrid == KWH
    assert [n.name for n in total.reading_type.reading_type_names] == ["Total kWh"]
    assert demand.reading_type.mrid.split(".")[6] == "8"  # demand
    assert first.customer is not None and first.customer.mrid == "CU-77810"
    assert first.service_location is not None and first.service_location.mrid == "SL-0042-117"
    assert first.usage_point is not None
    assert first.usage_point.mrid == "7a2c9e1f-3b4d-4f6a-8e0c-1d2b3c4d5e6f"
    assert first.usage_point.service_category is not None
    assert first.usage_point.service_category.kind.value == "electricity"
    assert names_of(first)["electricNameplate.dials"] == "5"
    assert names_of(first)["electricLocationFields.feederCode"] == "F-0712"
    assert names_of(first)["utilityInfo.accountNumber"] == "100-4521-07"
    assert names_of(second)["meterConnectionStatus"] == "DisconnectedNonPay"
    assert second.connect_disconnect_function is not None
    assert second.connect_disconnect_function.is_connected is False
    entries = {entry.path: entry for entry in result.gaps}
    vendor = "/MeterAddNotification/addedMeters/electricMeters/electricMeter[1]/extensionsList[1]"
    assert entries[vendor].kind is GapKind.LOST
    assert entries[vendor].value == "vendor.batchNumber=B-2026-03"
    assert entries["/MultiSpeakMsgHeader/@Pwd"].value == "********"
    dials = (
        "/MeterAddNotification/addedMeters/electricMeters/electricMeter[1]/electricNameplate/dials"
    )
    assert entries[dials].kind is GapKind.CARRIED
    assert entries[dials].carried_in == "EndDevice/Names[NameType/name='electricNameplate.dials']"
    assert b"s3cret-Pwd" not in etree.tostring(result.document)


def test_the_2009_edition_names_the_profile_meter_asset_config(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(ADD.read_bytes()), "cim2009")
    assert declared.validate(result.document, edition="2009") == []
    message = read_message(result.document)
    assert message.header is not None and message.header.noun == "MeterAssetConfig"
    payload = message.payload[0]
    assert payload.tag == "{http://iec.ch/TC57/2009/MeterAssetConfig#}MeterAssetConfig"
    document = CODEC_2009.read(payload)
    assert document.meters[0].serial_number == "IT-88120457"


@pytest.mark.parametrize(("name", "verb"), sorted(NOTIFICATION_VERBS.items()))
def test_each_notification_has_its_verb_and_comes_back_as_itself(name: str, verb: Verb):
    meter = ElectricMeter(object_id="g-1", meter_no="M-1", serial_number="S-1")
    call = METER_LISTS[name](meters=Meters(electric_meters=[meter]))
    if isinstance(call, MeterInstalledNotification):
        call.transaction_id = "TX-9"
    result = translate_document(soap(msp_binding.write(call, name)), "cim")
    message = read_message(result.document)
    assert message.header is not None and message.header.verb is verb
    expected_property = None if VERB_NOTIFICATIONS.get(verb) == name else name
    assert message.header.property(OPERATION_PROPERTY) == expected_property
    if name == "MeterInstalledNotification":
        assert message.header.correlation_id == "TX-9"
    back = translate_document(result.document, "msp41")
    body = read_envelope(back.document).first_body
    assert ns.local_name(body.tag) == name
    again = msp_binding.read(body, METER_LISTS[name])
    assert again.meters is not None and again.meters.electric_meters == [meter]
    if isinstance(again, MeterInstalledNotification):
        assert again.transaction_id == "TX-9"
    assert [entry for entry in back.gaps if entry.kind is GapKind.LOST] == []


def test_elements_no_mapping_reads_are_reported():
    body = msp_binding.write(
        MeterAddNotification(meters=Meters(electric_meters=[ElectricMeter(meter_no="M-1")])),
        "MeterAddNotification",
    )
    meters = body[0]
    water = etree.SubElement(meters, f"{{{ns.MSP41}}}waterMeters")
    etree.SubElement(water, f"{{{ns.MSP41}}}waterMeter").set("objectID", "w-1")
    result = translate_document(soap(body), "cim")
    paths = [entry.path for entry in result.gaps.lost]
    assert "/MeterAddNotification/addedMeters/waterMeters" in paths


def test_an_unknown_connection_status_is_refused_clearly():
    body = msp_binding.write(
        MeterAddNotification(meters=Meters(electric_meters=[ElectricMeter(meter_no="M-1")])),
        "MeterAddNotification",
    )
    status = etree.SubElement(body[0][0][0], f"{{{ns.MSP41}}}meterConnectionStatus")
    status.text = "HalfOn"
    with pytest.raises(MappingError) as caught:
        translate_document(soap(body), "cim")
    assert "'HalfOn' is not one of" in str(caught.value)
    assert caught.value.xpath is not None and caught.value.xpath.endswith(
        "meterConnectionStatus[1]"
    )


def test_get_meter_by_meter_id_is_a_get_request_naming_the_meter(assert_schema_valid):
    query = GetMeterByMeterID(meter_id=msp_binding.MeterID(value="40017721", utility="NWEC"))
    result = translate_document(soap(msp_binding.write(query, "GetMeterByMeterID")), "cim")
    assert_schema_valid(result.document)
    message = read_message(result.document)
    assert message.header is not None and message.header.verb is Verb.GET
    assert message.request is not None
    (meter,) = message.request.ids
    assert (meter.value, meter.id_type, meter.object_type) == ("40017721", "meterID", "Meter")
    assert [entry.value for entry in result.gaps.lost] == ["NWEC"]
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    again = msp_binding.read(read_envelope(back.document).first_body, GetMeterByMeterID)
    assert again.meter_id == msp_binding.MeterID(value="40017721")


def test_get_all_meters_keeps_last_received_as_a_request_option(assert_schema_valid):
    body = msp_binding.write(GetAllMeters(last_received="40017700"), "GetAllMeters")
    result = translate_document(soap(body), "cim")
    message = read_message(result.document)
    assert message.request is not None and message.request.ids == []
    assert [(o.name, o.value) for o in message.request.options] == [("lastReceived", "40017700")]
    back = translate_document(result.document, "msp41")
    assert_schema_valid(back.document)
    body_back = read_envelope(back.document).first_body
    assert msp_binding.read(body_back, GetAllMeters).last_received == "40017700"


def test_a_response_with_meters_round_trips_as_the_same_response(declared: SchemaSet):
    meter = ElectricMeter(object_id="g-1", meter_no="M-1", manufacturer="Itron")
    body = msp_binding.write(
        GetMeterByMeterIDResponse(result=Meters(electric_meters=[meter])),
        "GetMeterByMeterIDResponse",
    )
    result = translate_document(soap(body), "cim")
    assert declared.validate(result.document) == []
    message = read_message(result.document)
    assert message.kind is MessageKind.RESPONSE and message.reply is not None
    assert message.header is not None
    assert message.header.property(OPERATION_PROPERTY) == "GetMeterByMeterIDResponse"
    back = translate_document(result.document, "msp41")
    assert declared.validate(back.document) == []
    found = msp_binding.read(read_envelope(back.document).first_body, GetMeterByMeterIDResponse)
    assert found.result is not None and found.result.electric_meters == [meter]


# --- CIM → MultiSpeak


def test_a_created_meter_config_event_becomes_a_meter_add_notification(declared: SchemaSet):
    result = translate_document(xmlsafe.parse(CREATED.read_bytes()), "msp41")
    assert declared.validate(result.document) == []
    envelope = read_envelope(result.document)
    call = msp_binding.read(envelope.first_body, MeterAddNotification)
    assert call.meters is not None
    (meter,) = call.meters.electric_meters
    assert (meter.object_id, meter.meter_no, meter.serial_number) == (
        "b7f0c1d2-0000-4000-8000-000000000001",
        "40020001",
        "LG-40020001",
    )
    assert (meter.manufacturer, meter.catalog_number) == ("Landis+Gyr", "E330-FOCUS-AXe")
    assert meter.electric_nameplate is not None
    assert (meter.electric_nameplate.form, meter.electric_nameplate.kh) == ("2S", Decimal("1.0"))
    assert meter.meter_connection_status is MeterConnectionStatus.CONNECTED
    assert meter.meter_comm_address == "10.44.0.17"
    carried = {item.ext_name: item.ext_value for item in meter.extensions_list}
    assert carried["CIM.AssetModel.modelVersion"] == "AXe-2"
    assert carried["CIM.Status.dateTime"] == "2026-04-02T09:00:00Z"
    entries = {entry.path: entry for entry in result.gaps}
    version = "/MeterConfig/Meter[1]/EndDeviceInfo/AssetModel/modelVersion"
    assert entries[version].kind is GapKind.CARRIED
    lost = [entry for entry in result.gaps if entry.kind is GapKind.LOST]
    assert [entry.path for entry in lost] == ["/MeterConfig/Meter[1]/Names[3]"]
    assert lost[0].value == "assetTag=AT-2026-0017"


def test_a_verb_with_no_operation_is_refused():
    message = Message(
        MessageKind.REQUEST,
        Header(Verb.CLOSE, "MeterConfig", message_id="X"),
        payload=[CODEC_2013.write(MeterConfig())],
    )
    with pytest.raises(MessageFormatError) as caught:
        translate_document(build_message(message), "msp41")
    assert "no MultiSpeak operation for close MeterConfig" in str(caught.value)


def test_a_get_meter_config_request_for_several_meters_asks_for_the_first():
    request = Request(ids=[ObjectID("M-1", "name", "meterID"), ObjectID("M-2", "name", "meterID")])
    message = Message(MessageKind.REQUEST, Header(Verb.GET, "MeterConfig"), request=request)
    result = translate_document(build_message(message), "msp41")
    body = read_envelope(result.document).first_body
    assert msp_binding.read(body, GetMeterByMeterID).meter_id == msp_binding.MeterID(value="M-1")
    assert [(entry.value, entry.kind) for entry in result.gaps if entry.path == "/Request/ID"] == [
        ("M-2", GapKind.LOST)
    ]


def test_operations_are_in_the_catalogue():
    assert operation("MR_Server", "MeterAddNotification").cim_noun == "MeterConfig"
    assert operation("MDM_Server", "MeterRetireNotification").cim_verb == "deleted"
    assert operation("CB_Server", "GetMeterByMeterID").cim_verb == "get"
    with pytest.raises(UnknownOperationError):
        operation("CB_Server", "MeterAddNotification")


# --- round trips


@settings(max_examples=60, deadline=None)
@given(st.lists(electric_meters(), min_size=1, max_size=2))
def test_multispeak_to_cim_to_multispeak_property(meters: list[ElectricMeter]):
    report = GapReport()
    document = meter_asset_config.to_cim(meters, report)
    assert report.lost == []
    element = CODEC_2013.write(document)
    back = meter_asset_config.to_msp(CODEC_2013.read(element), GapReport())
    assert back == meters


@settings(max_examples=60, deadline=None)
@given(st.lists(cim_meters(), min_size=1, max_size=2), st.sampled_from(list(Edition)))
def test_cim_to_multispeak_to_cim_property(meters: list[Meter], edition: Edition):
    report = GapReport()
    electric = meter_asset_config.to_msp(MeterConfig(meters=meters), report)
    assert report.lost == []
    body = msp_binding.write(
        MeterAddNotification(meters=Meters(electric_meters=electric)), "MeterAddNotification"
    )
    again = msp_binding.read(body, MeterAddNotification)
    assert again.meters is not None
    back = meter_asset_config.to_cim(again.meters.electric_meters, GapReport())
    codec = CODEC_2013 if edition is Edition.CIM2013 else CODEC_2009
    back = codec.read(codec.write(back))
    assert unordered_names(back) == unordered_names(MeterConfig(meters=meters))


@settings(max_examples=25, deadline=None)
@given(st.lists(electric_meters(), min_size=1, max_size=2))
def test_multispeak_output_is_schema_valid_property(schemas: SchemaSet, meters):
    body = msp_binding.write(
        MeterAddNotification(meters=Meters(electric_meters=meters)), "MeterAddNotification"
    )
    assert schemas.validate(body) == []


# --- the command line


@pytest.mark.parametrize(
    ("source", "to", "root"),
    [
        (ADD, "cim", "EventMessage"),
        (ADD, "cim2009", "EventMessage"),
        (CREATED, "msp41", "Envelope"),
    ],
)
def test_mspcim_translate_on_the_fixtures(declared: SchemaSet, source: Path, to: str, root: str):
    result = CliRunner().invoke(app, ["translate", str(source), "--to", to, "--gaps", "json"])
    assert result.exit_code == 0, result.stderr
    document = xmlsafe.parse(result.stdout_bytes)
    assert ns.local_name(document.tag) == root
    assert declared.validate(document) == []
    assert '"kind": "carried"' in result.stderr


def test_the_noun_wrapper_form_is_refused_clearly():
    with pytest.raises(MessageFormatError) as caught:
        translate_document(xmlsafe.parse(ADD.read_bytes()), "cim", form=EnvelopeForm.NOUN_WRAPPER)
    assert "no noun-wrapper message for MeterConfig" in str(caught.value)


def test_edition_conversion_names_the_noun_of_the_target_edition():
    result = translate_document(xmlsafe.parse(CREATED.read_bytes()), "cim2009")
    message = read_message(result.document)
    assert message.payload[0].tag == "{http://iec.ch/TC57/2009/MeterAssetConfig#}MeterAssetConfig"
    assert message.header is not None and message.header.noun == "MeterAssetConfig"
